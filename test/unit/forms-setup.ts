import { afterEach, vi } from 'vitest';
import type { CachetError } from '../../src/api/context';
import type { Decision } from '../../src/consent/types';
import { forms } from '../../src/forms';
import { type Cachet, init } from '../../src/index';
import { memoryStorage } from './helpers/memory-storage';

/** The customer's own wording (privacy policy §5), kept byte for byte. */
export const SOCIATEX = {
  fr: 'J’autorise SOCIATEX à me contacter de façon personnalisée à propos de ses services. Vos données personnelles ne seront jamais communiquées à des tiers sans votre consentement préalable.',
  en: 'I authorise SOCIATEX to contact me personally about its services. Your personal data will never be passed on to third parties without your prior consent.',
};
export const ALTERNATIVE = {
  fr: 'Vous ne souhaitez pas donner votre consentement ? Appelez-nous directement au +33 1 83 64 64 04.',
  en: 'Would rather not consent? Call us directly on +33 1 83 64 64 04.',
};
export const POLICY = 'https://www.sociatex.com/confidentialite';

export const PURPOSES = [
  { id: 'contact', label: { fr: 'Prise de contact', en: 'Contact' } },
  { id: 'marketing', label: { fr: 'Marketing', en: 'Marketing' } },
  { id: 'analytics', label: { fr: 'Mesure d’audience', en: 'Analytics' } },
];

/** The customer's profile: all three purposes, mandatory, with the phone alternative. */
export const customerProfile = {
  purposes: ['contact', 'marketing', 'analytics'],
  text: SOCIATEX,
  alternative: ALTERNATIVE,
};

/** Starts Cachet with only the forms module, on a page whose body is `html`. */
export function start(
  html: string,
  formsConfig: object = { profiles: { default: customerProfile } },
  extra: object = {},
) {
  document.body.innerHTML = html;
  const errors: CachetError[] = [];
  const onError = (e: Event) => errors.push((e as CustomEvent<CachetError>).detail);
  document.addEventListener('cachet:error', onError);
  const storage = memoryStorage();
  const cachet: Cachet = init(
    {
      site: 'https://www.sociatex.com',
      notice: { version: '2022-01-24', policyUrl: POLICY },
      purposes: PURPOSES,
      forms: formsConfig,
      ...extra,
    },
    { modules: [forms], storage, signals: () => ({ gpc: false, dnt: false }) },
  );
  const decisions: Decision[] = [];
  cachet.on('change', (d) => decisions.push(d));
  return {
    cachet,
    errors,
    decisions,
    storage,
    stop() {
      cachet.destroy();
      document.removeEventListener('cachet:error', onError);
      document.body.innerHTML = '';
    },
  };
}

/** Lets MutationObserver callbacks and promise jobs run. */
export const tick = () => new Promise((r) => setTimeout(r, 0));

/** Records the submissions that reach the site's own (bubbling) handler, and stops navigation. */
export function siteHandler() {
  const seen: FormData[] = [];
  const fn = (e: Event) => {
    e.preventDefault();
    seen.push(new FormData(e.target as HTMLFormElement));
  };
  document.addEventListener('submit', fn);
  return { seen, off: () => document.removeEventListener('submit', fn) };
}

/**
 * One page per test, torn down after it: `open()` starts Cachet on some HTML (and, unless told
 * otherwise, a site handler that records what reaches it); `seen()` lists those submissions.
 */
export function usePage(withSite = true) {
  let page: ReturnType<typeof start> | null = null;
  let site: ReturnType<typeof siteHandler> | null = null;
  afterEach(() => {
    site?.off();
    page?.stop();
    page = site = null;
    vi.restoreAllMocks();
  });
  return {
    open(...a: Parameters<typeof start>) {
      page = start(...a);
      if (withSite) site = siteHandler();
      return page;
    },
    seen: () => site!.seen,
    /** Removes the site handler (the test installs its own). */
    off: () => site?.off(),
  };
}
