// The contenders: Cachet and four open-source consent widgets, each loaded as its own docs say,
// with the same two purposes (analytics with Matomo, marketing) and the same French wording.
// Every widget gets an external, deferred config script (/config/<id>.js) so no one pays for
// inline parsing the others avoid; config bytes are reported apart from the library bytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { matomoSnippet, TEXTS as T, testPage } from './page.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');

/** Installed version of a dev dependency, for the results file. */
function version(pkg) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8'))
      .version;
  } catch {
    return '?';
  }
}

/** Absolute path of a file of an installed package (served under /vendor/<pkg>/). */
export function vendorFile(pkg, file) {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

const js = (o) => JSON.stringify(o, null, 1);
const purposeTexts = (k) => ({ label: T[k].label, description: T[k].description });

/** Cachet's config on the test page: the same purposes and wording as every peer. */
export const CACHET_CONFIG = {
  lang: 'fr',
  notice: { version: '2024-01-01', policyUrl: T.policyUrl },
  purposes: [
    { id: 'analytics', services: ['matomo'], ...purposeTexts('analytics') },
    { id: 'marketing', ...purposeTexts('marketing') },
  ],
  texts: { fr: { 'banner.title': T.title, 'banner.text': T.description } },
  forms: { profiles: { default: { purposes: ['marketing'], text: T.formConsent } } },
  matomo: { mode: 'consent', purpose: 'analytics', url: '/matomo/', siteId: 1 },
};

/**
 * A widget: `files` maps URL paths to files on disk; `find` (source of a page-side function)
 * returns the first-layer element whose visibility is measured; `refuse(page)` is the
 * "refuse all" button as a Playwright locator.
 */
export const WIDGETS = [
  {
    id: 'cachet',
    name: 'Cachet',
    pkg: 'cachet (dist/cachet.js)',
    version: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version,
    // The files it loads on demand are served too: a load that fetched one would count its bytes.
    files: {
      '/cachet.js': join(root, 'dist', 'cachet.js'),
      '/cachet-records.js': join(root, 'dist', 'cachet-records.js'),
      '/cachet-prefs.js': join(root, 'dist', 'cachet-prefs.js'),
    },
    config: `window.cachetConfig = ${js(CACHET_CONFIG)};`,
    head: '<script defer src="/config/cachet.js"></script><script defer src="/cachet.js"></script>',
    formAttrs: 'data-cachet',
    find: `() => document.getElementById('cachet')?.shadowRoot?.querySelector('.b')`,
    refuse: (page) =>
      page.locator('#cachet').getByRole('button', { name: T.rejectAll, exact: true }),
  },
  {
    id: 'orestbida',
    name: 'orestbida/cookieconsent',
    pkg: 'vanilla-cookieconsent',
    version: version('vanilla-cookieconsent'),
    files: {
      '/vendor/cc/cookieconsent.umd.js': vendorFile(
        'vanilla-cookieconsent',
        'dist/cookieconsent.umd.js',
      ),
      '/vendor/cc/cookieconsent.css': vendorFile('vanilla-cookieconsent', 'dist/cookieconsent.css'),
    },
    // cookieconsent.orestbida.com "Getting started": stylesheet + UMD script + CookieConsent.run().
    // hideFromBots: false, else the library hides itself from any browser driven by automation
    // (navigator.webdriver), which this benchmark is.
    config: `CookieConsent.run(${js({
      hideFromBots: false,
      categories: {
        necessary: { enabled: true, readOnly: true },
        analytics: { autoClear: { cookies: [{ name: '^_pk_' }] } },
        marketing: {},
      },
      language: {
        default: 'fr',
        translations: {
          fr: {
            consentModal: {
              title: T.title,
              description: T.description,
              acceptAllBtn: T.acceptAll,
              acceptNecessaryBtn: T.rejectAll,
              showPreferencesBtn: T.customize,
              footer: `<a href="${T.policyUrl}">${T.policy}</a>`,
            },
            preferencesModal: {
              title: T.prefsTitle,
              acceptAllBtn: T.acceptAll,
              acceptNecessaryBtn: T.rejectAll,
              savePreferencesBtn: T.save,
              closeIconLabel: T.close,
              sections: [
                { description: T.prefsText },
                {
                  title: T.analytics.label,
                  description: T.analytics.description,
                  linkedCategory: 'analytics',
                },
                {
                  title: T.marketing.label,
                  description: T.marketing.description,
                  linkedCategory: 'marketing',
                },
              ],
            },
          },
        },
      },
    })});`,
    head: '<link rel="stylesheet" href="/vendor/cc/cookieconsent.css"><script defer src="/vendor/cc/cookieconsent.umd.js"></script><script defer src="/config/orestbida.js"></script>',
    // The documented blocking of a tracker: type="text/plain" + data-category.
    end: `<script type="text/plain" data-category="analytics">${matomoSnippet()}</script>`,
    find: `() => document.querySelector('#cc-main .cm')`,
    refuse: (page) => page.locator('#cc-main .cm [data-role="necessary"]'),
  },
  {
    id: 'klaro',
    name: 'Klaro',
    pkg: 'klaro',
    version: version('klaro'),
    files: { '/vendor/klaro/klaro.js': vendorFile('klaro', 'dist/klaro.js') },
    // klaro.org docs: a global `klaroConfig` read by klaro.js (which bundles its CSS and translations).
    config: `var klaroConfig = ${js({
      version: 1,
      elementID: 'klaro',
      storageMethod: 'cookie',
      cookieName: 'klaro',
      cookieExpiresAfterDays: 180,
      privacyPolicy: T.policyUrl,
      default: false,
      mustConsent: false,
      acceptAll: true,
      hideDeclineAll: false,
      hideLearnMore: false,
      lang: 'fr',
      translations: {
        fr: {
          consentNotice: { title: T.title, description: T.description, learnMore: T.customize },
          consentModal: { title: T.prefsTitle, description: T.prefsText },
          ok: T.acceptAll,
          acceptAll: T.acceptAll,
          decline: T.rejectAll,
          save: T.save,
          close: T.close,
          purposes: {
            analytics: { title: T.analytics.label, description: T.analytics.description },
            marketing: { title: T.marketing.label, description: T.marketing.description },
          },
        },
      },
      showNoticeTitle: true,
      services: [
        { name: 'matomo', title: 'Matomo', purposes: ['analytics'], cookies: ['^_pk_.*$'] },
        { name: 'newsletter', title: 'Communication personnalisée', purposes: ['marketing'] },
      ],
    })};`,
    head: '<script defer src="/config/klaro.js"></script><script defer src="/vendor/klaro/klaro.js"></script>',
    end: `<script type="text/plain" data-type="application/javascript" data-name="matomo">${matomoSnippet()}</script>`,
    find: `() => document.querySelector('#klaro .cookie-notice')`,
    refuse: (page) => page.locator('#klaro .cookie-notice .cn-decline'),
  },
  {
    id: 'tarteaucitron',
    name: 'tarteaucitron',
    pkg: 'tarteaucitronjs',
    version: version('tarteaucitronjs'),
    // tarteaucitron.min.js fetches its .min language file, services file and stylesheet from
    // its own folder (useExternalCss/useExternalJs false): all of them are counted.
    dir: { '/vendor/tac/': vendorFile('tarteaucitronjs', '') },
    files: {},
    config: `var tarteaucitronForceLanguage = 'fr';
var tarteaucitronCustomText = ${js({ alertBigPrivacy: `${T.title}. ${T.description}`, acceptAll: T.acceptAll, denyAll: T.rejectAll, personalize: T.customize })};
tarteaucitron.init(${js({
      privacyUrl: T.policyUrl,
      bodyPosition: 'bottom',
      hashtag: '#tarteaucitron',
      cookieName: 'tarteaucitron',
      orientation: 'bottom',
      groupServices: true,
      showDetailsOnClick: true,
      serviceDefaultState: 'wait',
      showAlertSmall: false,
      cookieslist: false,
      showIcon: true,
      iconPosition: 'BottomLeft',
      adblocker: false,
      DenyAllCta: true,
      AcceptAllCta: true,
      highPrivacy: true,
      handleBrowserDNTRequest: false,
      removeCredit: false,
      moreInfoLink: true,
      useExternalCss: false,
      useExternalJs: false,
      mandatory: true,
    })});
tarteaucitron.user.matomoId = 1;
tarteaucitron.user.matomoHost = '/matomo/';
tarteaucitron.user.matomoCustomJSPath = '/matomo/matomo.js';
(tarteaucitron.job = tarteaucitron.job || []).push('matomocloud');
(tarteaucitron.job = tarteaucitron.job || []).push('facebookpixel');`,
    head: '<script defer src="/vendor/tac/tarteaucitron.min.js"></script><script defer src="/config/tarteaucitron.js"></script>',
    find: `() => document.getElementById('tarteaucitronAlertBig')`,
    // tarteaucitron.js binds its buttons in a 500 ms timeout after building the banner ("add a
    // little timeout to be sure everything is accessible"): a click before that does nothing.
    clickableAfterMs: 750,
    refuse: (page) => page.locator('#tarteaucitronAllDenied2'),
  },
  {
    id: 'osano',
    name: 'Osano cookieconsent',
    pkg: 'cookieconsent',
    version: version('cookieconsent'),
    files: {
      '/vendor/osano/cookieconsent.min.js': vendorFile(
        'cookieconsent',
        'build/cookieconsent.min.js',
      ),
      '/vendor/osano/cookieconsent.min.css': vendorFile(
        'cookieconsent',
        'build/cookieconsent.min.css',
      ),
    },
    // Osano's documented snippet initialises on window "load"; opt-in mode asks before any cookie.
    config: `function loadMatomo(){${matomoSnippet()}}
window.addEventListener('load', function () {
  window.cookieconsent.initialise(Object.assign(${js({
    type: 'opt-in',
    position: 'bottom',
    // Osano's configurator always sets colours; without them the banner has no background.
    palette: {
      popup: { background: '#14305a', text: '#ffffff' },
      button: { background: '#ffffff', text: '#14305a' },
    },
    revokable: true,
    content: {
      header: T.title,
      message: T.description,
      allow: T.acceptAll,
      deny: T.rejectAll,
      dismiss: T.close,
      link: T.policy,
      href: T.policyUrl,
    },
  })}, {
    onInitialise: function (s) { if (s === 'allow') loadMatomo(); },
    onStatusChange: function (s) { if (s === 'allow') loadMatomo(); }
  }));
});`,
    head: '<link rel="stylesheet" href="/vendor/osano/cookieconsent.min.css"><script defer src="/vendor/osano/cookieconsent.min.js"></script><script defer src="/config/osano.js"></script>',
    find: `() => document.querySelector('.cc-window')`,
    refuse: (page) => page.locator('.cc-window .cc-deny'),
  },
];

// A/B of two Cachet builds, for development: `CACHET_B=/path/to/dir npm run bench -- --widgets
// cachet,cachet-b` runs the build in that directory (its cachet.js and the files it loads) as a
// peer, so the ratio rows compare the two builds pair by pair.
if (process.env.CACHET_B) {
  const [cachet] = WIDGETS;
  WIDGETS.push({
    ...cachet,
    id: 'cachet-b',
    name: 'Cachet (B)',
    pkg: `cachet (${process.env.CACHET_B})`,
    files: Object.fromEntries(
      Object.keys(cachet.files).map((f) => [`/b${f}`, join(process.env.CACHET_B, f.slice(1))]),
    ),
    head: '<script defer src="/config/cachet-b.js"></script><script defer src="/b/cachet.js"></script>',
  });
}

/** The same page without any widget: the floor every row is read against. */
export const BASELINE = {
  id: 'page',
  name: 'page only',
  pkg: '',
  version: '',
  files: {},
  config: '',
  head: '',
  find: null,
  refuse: null,
};

/** The page HTML for one widget. */
export function widgetPage(w) {
  return testPage({ head: w.head ?? '', end: w.end ?? '', formAttrs: w.formAttrs ?? '' });
}
