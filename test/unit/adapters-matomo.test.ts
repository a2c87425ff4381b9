// biome-ignore-all lint/suspicious/noDocumentCookie: cookies set as a site or a tracker would.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { matomo } from '../../src/adapters/matomo';
import { matomoJs, parseHits } from '../fixtures/matomo/matomo-php';
import { adapterContext, clearCookies, cookieNames, stored } from './helpers/adapters';

const paq = () => window._paq as unknown as unknown[][];
const tracker = () => [...document.querySelectorAll<HTMLScriptElement>('script[src$="matomo.js"]')];
const URL_CFG = { url: 'https://stats.example.com/', siteId: 3 };

beforeEach(() => {
  delete window._paq;
  delete (window as any).Matomo;
  clearCookies();
  for (const s of tracker()) s.remove();
});
afterEach(() => vi.restoreAllMocks());

describe('matomo adapter', () => {
  describe('consent mode (default)', () => {
    it('requires consent before any tracking call and queues nothing else before a decision', () => {
      window._paq = [['trackPageView'], ['enableLinkTracking']] as never;
      matomo(adapterContext({ matomo: {} }));
      expect(paq()).toEqual([['trackPageView'], ['enableLinkTracking'], ['requireConsent']]);
    });

    it('does not queue requireConsent twice when the site already did (the tracker would warn)', () => {
      window._paq = [['requireConsent'], ['trackPageView']] as never;
      matomo(adapterContext({ matomo: {} }));
      expect(paq().filter((c) => c[0] === 'requireConsent')).toHaveLength(1);
    });

    it('remembers the consent for exactly the lifetime of the decision, in hours', () => {
      const ctx = adapterContext({ matomo: {}, cookie: { days: 30 } });
      matomo(ctx);
      ctx.decideApi({ analytics: true });
      expect(paq().at(-1)).toEqual(['rememberConsentGiven', 30 * 24]);
    });

    it('forgets the consent on refusal and on withdrawal, with the same lifetime', () => {
      const ctx = adapterContext({ matomo: {} });
      matomo(ctx);
      ctx.decideApi({ analytics: false });
      expect(paq().at(-1)).toEqual(['forgetConsentGiven', 180 * 24]);
      ctx.decideApi({ analytics: true });
      ctx.consent.decide(
        { analytics: false, marketing: false, video: false },
        { method: 'api', notice: ctx.notice('banner'), event: 'withdrawn' },
      );
      expect(paq().at(-1)).toEqual(['forgetConsentGiven', 180 * 24]);
    });

    it('repeats the current state, idempotently, on a decision about other purposes', () => {
      const ctx = adapterContext({ matomo: {} });
      matomo(ctx);
      ctx.decideApi({ analytics: true });
      ctx.decideApi({ marketing: true });
      expect(
        paq()
          .slice(-2)
          .map((c) => c[0]),
      ).toEqual(['rememberConsentGiven', 'rememberConsentGiven']);
    });

    it('gives a returning visitor the remaining lifetime of the stored consent at load', () => {
      matomo(adapterContext({ matomo: {} }, { initial: stored({ analytics: true }, 30) }));
      expect(paq()[0]).toEqual(['requireConsent']);
      expect(paq()[1][0]).toBe('rememberConsentGiven');
      expect(paq()[1][1]).toBeCloseTo(150 * 24, 0);
    });

    it('removes a consent Matomo remembers but Cachet does not, and its visitor cookies', () => {
      document.cookie = 'mtm_consent=1700000000000; Path=/';
      document.cookie = '_pk_id.1.1fff=abc.1700000000.; Path=/';
      document.cookie = 'mtm_consent_removed=1; Path=/';
      matomo(adapterContext({ matomo: {} }));
      expect(cookieNames()).toEqual(['mtm_consent_removed']);
    });

    it('removes _pk_ cookies when consent is withdrawn', () => {
      const ctx = adapterContext({ matomo: {} }, { initial: stored({ analytics: true }) });
      matomo(ctx);
      document.cookie = '_pk_id.3.ab12=abc.1700000000.; Path=/';
      document.cookie = '_pk_ses.3.ab12=1; Path=/';
      document.cookie = 'mtm_consent=1700000000000; Path=/';
      document.cookie = 'site_pref=dark; Path=/';
      ctx.decideApi({ analytics: false });
      expect(cookieNames()).toEqual(['site_pref']);
    });

    it('when it loads the tracker itself, configures it and loads matomo.js only with consent', () => {
      const ctx = adapterContext({ matomo: URL_CFG });
      matomo(ctx);
      expect(paq()).toEqual([
        ['requireConsent'],
        ['setTrackerUrl', 'https://stats.example.com/matomo.php'],
        ['setSiteId', 3],
        ['trackPageView'],
        ['enableLinkTracking'],
      ]);
      expect(tracker()).toHaveLength(0);
      ctx.decideApi({ analytics: false });
      expect(tracker()).toHaveLength(0);
      ctx.decideApi({ analytics: true });
      ctx.decideApi({ analytics: true });
      expect(tracker().map((s) => [s.src, s.async])).toEqual([
        ['https://stats.example.com/matomo.js', true],
      ]);
    });

    it('adds the trailing slash a base URL lacks', () => {
      matomo(adapterContext({ matomo: { url: 'https://stats.example.com/m', siteId: '7' } }));
      expect(paq()[1]).toEqual(['setTrackerUrl', 'https://stats.example.com/m/matomo.php']);
    });

    it('loads the tracker at once for a returning visitor who consented, with the page nonce', () => {
      const nonced = document.createElement('script');
      // As browsers do (nonce hiding): an empty attribute, the value in the property.
      nonced.setAttribute('nonce', '');
      Object.defineProperty(nonced, 'nonce', { value: 'n0nce' });
      nonced.type = 'application/json';
      document.head.append(nonced);
      matomo(adapterContext({ matomo: URL_CFG }, { initial: stored({ analytics: true }) }));
      expect(tracker()[0]?.nonce).toBe('n0nce');
      nonced.remove();
    });
  });

  describe('cookie mode', () => {
    it('requires cookie consent, loads the tracker at once and remembers cookie consent when given', () => {
      const ctx = adapterContext({ matomo: { mode: 'cookie', ...URL_CFG } });
      matomo(ctx);
      expect(paq()[0]).toEqual(['requireCookieConsent']);
      expect(tracker()).toHaveLength(1);
      ctx.decideApi({ analytics: true });
      expect(paq().at(-1)).toEqual(['rememberCookieConsentGiven', 180 * 24]);
    });

    it('forgets cookie consent on withdrawal and removes the visitor cookies', () => {
      const ctx = adapterContext(
        { matomo: { mode: 'cookie' } },
        { initial: stored({ analytics: true }) },
      );
      matomo(ctx);
      document.cookie = '_pk_id.1.ab12=abc.1700000000.; Path=/';
      document.cookie = 'mtm_cookie_consent=1700000000000; Path=/';
      ctx.decideApi({ analytics: false });
      expect(paq().at(-1)).toEqual(['forgetCookieConsentGiven']);
      expect(cookieNames()).toEqual([]);
    });
  });

  describe('exempt mode (CNIL audience measurement)', () => {
    const EXEMPT = { matomo: { mode: 'exempt' as const, ...URL_CFG } };

    it('tracks without consent, with visitor cookies capped at 13 months', () => {
      matomo(adapterContext(EXEMPT));
      expect(paq()).toContainEqual(['setVisitorCookieTimeout', 33955200]);
      expect(33955200 / 86400).toBeLessThanOrEqual(395);
      expect(paq().map((c) => c[0])).not.toContain('requireConsent');
      expect(tracker()).toHaveLength(1);
    });

    it('opts the visitor out when they object, and back in when they change their mind', () => {
      const ctx = adapterContext(EXEMPT);
      matomo(ctx);
      ctx.decideApi({ analytics: false });
      expect(paq().at(-1)).toEqual(['optUserOut', 180 * 24]);
      ctx.decideApi({ analytics: true });
      expect(paq().slice(-2)).toEqual([['forgetUserOptOut'], ['setCookieConsentGiven']]);
    });

    it('keeps a returning visitor who objected opted out, without loading the tracker', () => {
      matomo(adapterContext(EXEMPT, { initial: stored({ analytics: false }) }));
      expect(paq().map((c) => c[0])).toContain('optUserOut');
      expect(tracker()).toHaveLength(0);
    });

    it('holds the page view the site queued before Cachet when the visitor objected', () => {
      const hits: unknown[] = [];
      vi.spyOn(navigator, 'sendBeacon').mockImplementation((u) => hits.push(u) > 0);
      window._paq = [
        ['setTrackerUrl', '/matomo.php'],
        ['setSiteId', '1'],
        ['trackPageView'],
      ] as never;
      matomo(
        adapterContext({ matomo: { mode: 'exempt' } }, { initial: stored({ analytics: false }) }),
      );
      new Function(matomoJs())();
      expect(hits).toEqual([]);
    });

    it('is no objection when the visitor only answers a form about other purposes', () => {
      const ctx = adapterContext(EXEMPT);
      matomo(ctx);
      ctx.consent.decide(
        { marketing: true },
        { method: 'form:checkbox', notice: ctx.notice('banner'), form: { id: 'f', action: '/' } },
      );
      // Undecided, not refused: exempt measurement stays on until an objection.
      expect(ctx.consent.get()?.p).not.toHaveProperty('analytics');
      expect(paq().map((c) => c[0])).not.toContain('optUserOut');
    });

    it('starts refused when Global Privacy Control refuses its purpose', () => {
      matomo(adapterContext({ ...EXEMPT, gpc: { refuse: ['analytics'] } }, { gpc: true }));
      expect(tracker()).toHaveLength(0);
    });
  });

  describe('with the stand-in matomo.js (real tracker behaviour)', () => {
    function loadTracker() {
      // The fixture stands for the file a site serves; test code only.
      new Function(matomoJs())();
    }
    function beacons() {
      const hits: ReturnType<typeof parseHits> = [];
      vi.spyOn(navigator, 'sendBeacon').mockImplementation((url) => {
        hits.push(...parseHits('POST', String(url), ''));
        return true;
      });
      return hits;
    }

    it('holds the page view until consent, then sends it and sets cookies only then', () => {
      const hits = beacons();
      window._paq = [
        ['trackPageView'],
        ['enableLinkTracking'],
        ['setTrackerUrl', '/matomo.php'],
        ['setSiteId', '1'],
      ] as never;
      const ctx = adapterContext({ matomo: {} });
      matomo(ctx);
      loadTracker();
      expect(hits).toHaveLength(0);
      expect(cookieNames()).toEqual([]);
      ctx.decideApi({ analytics: true });
      expect(hits[0]).toMatchObject({ idsite: '1', rec: '1', consent: '1' });
      expect(hits[0].action_name).toBeDefined();
      expect(cookieNames()).toEqual(expect.arrayContaining(['mtm_consent']));
      expect(cookieNames().some((n) => n.startsWith('_pk_id.1.'))).toBe(true);
      ctx.decideApi({ analytics: false });
      const sent = hits.length;
      (window._paq as { push(c: unknown[]): void }).push(['trackPageView']);
      expect(hits).toHaveLength(sent);
      expect(cookieNames().filter((n) => /^(_pk_|mtm_consent$)/.test(n))).toEqual([]);
    });

    it('sends cookieless hits in cookie mode and sets the visitor cookie only after consent', () => {
      const hits = beacons();
      window._paq = [
        ['setTrackerUrl', '/matomo.php'],
        ['setSiteId', '1'],
        ['trackPageView'],
      ] as never;
      const ctx = adapterContext({ matomo: { mode: 'cookie' } });
      matomo(ctx);
      loadTracker();
      expect(hits).toHaveLength(1);
      expect(hits[0]._id).toBe('');
      expect(cookieNames()).toEqual([]);
      ctx.decideApi({ analytics: true });
      expect(cookieNames()).toEqual(expect.arrayContaining(['mtm_cookie_consent']));
      expect(cookieNames().some((n) => n.startsWith('_pk_id.1.'))).toBe(true);
    });
  });
});
