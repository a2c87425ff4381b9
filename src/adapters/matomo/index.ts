import type { Module } from '../../api/context';
import { cookies, setCookie } from '../../consent/cookie-storage';
import type { ConsentState } from '../../consent/types';
import { allowed, scriptFor } from '../shared';

/** Matomo's command queue: an array until matomo.js loads, then an object with `push` only. */
type Paq = { push(command: unknown[]): unknown };
declare global {
  interface Window {
    _paq?: Paq;
  }
}

/**
 * Cookies a refusal removes: the visitor cookies and the remembered consents. `mtm_consent_removed`
 * stays: it is the tracker's own memory of the refusal.
 */
const TRACKING = /^(_pk_|mtm_(cookie_)?consent$)/;

/** Deletes the matching cookies on every parent domain and every path of this page. */
function sweep() {
  const host = location.hostname.split('.');
  const segs = location.pathname.split('/');
  const paths = segs.map((_, i) => segs.slice(0, i + 1).join('/') || '/');
  for (const c of cookies().split('; ')) {
    const name = c.split('=')[0];
    if (TRACKING.test(name))
      for (let i = -1; i < host.length; i++)
        // RFC 6265 §5.3: a cookie is replaced (here expired) only with the same name, path and domain.
        for (const path of paths)
          setCookie(
            `${name}=;path=${path}${i < 0 ? '' : `;domain=${host.slice(i).join('.')}`};expires=Thu, 01 Jan 1970 00:00:00 GMT`,
          );
  }
}

/**
 * Drives the real Matomo JavaScript tracker through its consent API
 * (developer.matomo.org/guides/tracking-consent) only by `_paq.push`, so it works whether the
 * site loads matomo.js before Cachet, after it, or lets Cachet load it (`matomo.url`).
 */
export const matomo: Module = (ctx) => {
  const m = ctx.config.matomo;
  if (!m) return;
  const { mode, purpose } = m;
  const url = m.url?.replace(/\/?$/, '/');
  const exempt = mode === 'exempt';
  // The cookie-consent commands (requireCookieConsent…) or the tracking-consent ones (requireConsent…).
  const c = mode === 'cookie' ? 'Cookie' : '';
  const w = window;
  w._paq ||= [] as unknown[] as Paq;
  const queue = w._paq;
  const push = (...cmd: unknown[]) => w._paq!.push(cmd);
  // Before matomo.js loads, the tracker warns about setup calls queued twice: skip the site's own.
  const once = (cmd: string) =>
    !(Array.isArray(queue) && queue.some((x) => x[0] === cmd)) && push(cmd);
  // Always the hours left of our decision (Matomo's own default is 30 years). With no decision
  // (an exempt or required purpose), the lifetime of a new one.
  const hours = (s: ConsentState | null) =>
    s ? (s.exp - Math.max(s.ts, (Date.now() / 1e3) | 0)) / 3600 : ctx.config.cookie.days * 24;
  let loaded = !url;

  /** Tells Matomo the decision whose state is `s`, then loads matomo.js once it may run. */
  const sync = (s: ConsentState | null) => {
    if (!allowed(ctx, purpose)) {
      // optUserOut is forgetConsentGiven: it also drops cookie consent and requires consent again.
      if (c) push('forgetCookieConsentGiven');
      else push(exempt ? 'optUserOut' : 'forgetConsentGiven', hours(s));
      sweep();
    } else if (exempt) {
      push('forgetUserOptOut');
      // forgetUserOptOut leaves cookies off until the next page; exempt tracking may use them now.
      push('setCookieConsentGiven');
    } else push(`remember${c}ConsentGiven`, hours(s));
    load();
  };
  const load = () => {
    if (loaded || !(c || allowed(ctx, purpose))) return;
    loaded = true;
    // A strict CSP's nonce: any nonced script on the page carries the page's nonce.
    const s = scriptFor(
      `${url}matomo.js`,
      document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce,
    );
    s.async = true;
    document.head.append(s);
  };

  const state = ctx.consent.get();
  const on = allowed(ctx, purpose);
  if (exempt) {
    // CNIL: audience-measurement cookies live 13 months at most (Matomo's default, made explicit;
    // _pk_id's expiry counts from its creation, so visits do not extend it).
    push('setVisitorCookieTimeout', 33955200);
    if (location.protocol === 'https:') push('setSecureCookie', true);
    // An objection (or GPC): requireConsent is replayed before the site's queued page view, which
    // optUserOut, queued after it, would come too late to hold.
    if (!on) once('requireConsent');
  } else {
    // A consent remembered by Matomo but not (or no longer) by Cachet must not count.
    if (!on) sweep();
    once(`require${c}Consent`);
  }
  if (url) {
    push('setTrackerUrl', `${url}matomo.php`);
    push('setSiteId', m.siteId);
    push('trackPageView');
    push('enableLinkTracking');
  }
  // At start, only a stored decision is told (exempt mode), or a consent (the others).
  if (exempt ? state : on) sync(state);
  else load();
  return ctx.consent.subscribe((d) => sync(d.state));
};
