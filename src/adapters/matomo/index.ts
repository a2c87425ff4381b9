import Cookies from 'js-cookie';
import type { Module } from '../../api/context';
import type { ConsentState } from '../../consent/types';
import { allowed, trusted } from '../shared';

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
  for (const name of Object.keys(Cookies.get()))
    if (TRACKING.test(name))
      for (let i = -1; i < host.length; i++)
        for (const path of paths)
          Cookies.remove(name, { path, domain: i < 0 ? undefined : host.slice(i).join('.') });
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
  const w = window;
  w._paq ||= [] as unknown[] as Paq;
  const queue = w._paq;
  const push = (...c: unknown[]) => w._paq!.push(c);
  // Before matomo.js loads, the tracker warns about setup calls queued twice: skip the site's own.
  const once = (c: string) => !(Array.isArray(queue) && queue.some((x) => x[0] === c)) && push(c);
  // Always the hours left of our decision (Matomo's own default is 30 years). With no decision
  // (an exempt or required purpose), the lifetime of a new one.
  const hours = (s: ConsentState | null) =>
    s ? (s.exp - Math.max(s.ts, (Date.now() / 1e3) | 0)) / 3600 : ctx.config.cookie.days * 24;

  const grant = (s: ConsentState | null) => {
    if (mode !== 'exempt')
      push(mode === 'cookie' ? 'rememberCookieConsentGiven' : 'rememberConsentGiven', hours(s));
    else {
      push('forgetUserOptOut');
      // forgetUserOptOut leaves cookies off until the next page; exempt tracking may use them now.
      push('setCookieConsentGiven');
    }
  };
  const refuse = (s: ConsentState) => {
    // optUserOut is forgetConsentGiven: it also drops cookie consent and requires consent again.
    if (mode === 'cookie') push('forgetCookieConsentGiven');
    else push(mode === 'exempt' ? 'optUserOut' : 'forgetConsentGiven', hours(s));
    sweep();
  };
  let loaded = !url;
  const load = () => {
    if (loaded || !(mode === 'cookie' || allowed(ctx, purpose))) return;
    loaded = true;
    const s = document.createElement('script');
    s.async = true;
    s.src = trusted().createScriptURL(`${url}matomo.js`) as string;
    // A strict CSP's nonce: any nonced script on the page carries the page's nonce.
    s.nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
    document.head.append(s);
  };

  const state = ctx.consent.get();
  const on = allowed(ctx, purpose);
  if (mode === 'exempt') {
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
    once(mode === 'cookie' ? 'requireCookieConsent' : 'requireConsent');
  }
  if (url) {
    push('setTrackerUrl', `${url}matomo.php`);
    push('setSiteId', m.siteId);
    push('trackPageView');
    push('enableLinkTracking');
  }
  if (mode !== 'exempt' ? on : state) on ? grant(state) : refuse(state!);
  load();
  return ctx.consent.subscribe((d) => {
    allowed(ctx, purpose) ? grant(d.state) : refuse(d.state);
    load();
  });
};
