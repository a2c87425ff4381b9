/**
 * Matomo under Cachet in real Chromium: the stand-in matomo.js (test/fixtures/matomo) and a
 * matomo.php that logs every hit, served from 127.0.0.1 with the built dist/cachet.js.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Hit, matomoEndpoint, matomoJs } from '../fixtures/matomo/matomo-php';
import { launchBrowser, newContext, page, serve, type TestServer } from './harness';

let browser: Browser;
let site: TestServer;
let hits: Hit[];

const DAY = 86400;
/** The site's own Matomo snippet (developer.matomo.org tracking code), with requireConsent on top. */
const SNIPPET = `<script>var _paq = window._paq = window._paq || [];
_paq.push(['requireConsent']); _paq.push(['trackPageView']); _paq.push(['enableLinkTracking']);
_paq.push(['setTrackerUrl', '/matomo.php']); _paq.push(['setSiteId', '1']);</script>`;
const LINKS =
  '<p><a id="pdf" href="/brochure.pdf">Brochure (PDF)</a> <a id="in" href="/other">Suite</a></p>';
const config = (matomo: object) => ({
  body: JSON.stringify({ notice: { version: 'v1' }, ui: { banner: false }, matomo }),
});

const ready = (p: Page) => p.waitForFunction(() => window.Cachet?.ready);
const matomoReady = (p: Page) => p.waitForFunction(() => (window as any).Matomo?.initialized);
const call = (p: Page, fn: 'acceptAll' | 'rejectAll' | 'withdraw') =>
  p.evaluate((fn) => window.Cachet![fn](), fn);
const trackerCookies = async (c: BrowserContext) =>
  (await c.cookies()).filter((k) => /^(_pk_|mtm_)/.test(k.name));
const pageViews = () => hits.filter((h) => h.action_name !== undefined && !h.ping);
/**
 * Waits until the tracker has handled everything queued so far (a function pushed to `_paq` runs
 * after it), then lets any beacon it sent reach the server.
 */
async function settle(p: Page) {
  await p.evaluate(
    () => new Promise<void>((done) => (window as any)._paq.push([() => setTimeout(done, 50)])),
  );
  await p.evaluate(() => fetch('/sentinel'));
  await new Promise((r) => setTimeout(r, 200));
}

beforeAll(async () => {
  browser = await launchBrowser();
  const pdf = { body: '%PDF-1.4\n%%EOF\n', type: 'application/pdf' };
  site = await serve({
    '/matomo.js': { body: matomoJs() },
    '/brochure.pdf': pdf,
    '/sentinel': { body: 'ok', type: 'text/plain' },
    '/favicon.ico': { body: '', type: 'image/x-icon' },
    '/other': { body: '<!doctype html><title>Suite</title><p>Suite</p>' },
    '/consent.json': config({}),
    '/cookie.json': config({ mode: 'cookie', url: '/', siteId: 1 }),
    '/exempt.json': config({ mode: 'exempt', url: '/', siteId: 1 }),
    '/loads.json': config({ url: '/', siteId: 1 }),
    // The site loads matomo.js itself, before Cachet (a blocking script in <head>).
    '/': {
      body: page({
        head: `${SNIPPET}<script src="/matomo.js"></script>`,
        attrs: 'data-config="/consent.json"',
        body: LINKS,
      }),
    },
    // The site loads matomo.js itself, after Cachet has started, and leaves requireConsent to Cachet.
    '/late': {
      body: page({
        head: `${SNIPPET.replace("_paq.push(['requireConsent']); ", '')}<script>document.addEventListener('cachet:ready', function () { var s = document.createElement('script'); s.src = '/matomo.js'; document.head.appendChild(s); });</script>`,
        attrs: 'data-config="/consent.json"',
      }),
    },
    // Cachet loads the tracker (matomo.url + siteId), in each mode.
    '/loads': { body: page({ attrs: 'data-config="/loads.json"', body: LINKS }) },
    '/cookie': { body: page({ attrs: 'data-config="/cookie.json"' }) },
    '/exempt': { body: page({ attrs: 'data-config="/exempt.json"' }) },
  });
  const log = matomoEndpoint();
  hits = log.hits;
  site.route('/matomo.php', log.handler);
});
beforeEach(() => {
  hits.length = 0;
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('Matomo in consent mode', () => {
  it('sends nothing and sets no cookie before a decision, then the held page view, downloads, and nothing after withdrawal', async () => {
    const { ctx, page: p, consoleErrors } = await newContext(browser);
    await p.goto(site.url);
    await ready(p);
    await matomoReady(p);
    await settle(p);
    expect(hits).toEqual([]);
    expect(await trackerCookies(ctx)).toEqual([]);

    await call(p, 'acceptAll');
    await expect.poll(() => pageViews().length).toBe(1);
    expect(pageViews()[0]).toMatchObject({ idsite: '1', rec: '1', consent: '1', url: site.url });
    const cookies = await trackerCookies(ctx);
    expect(cookies.map((c) => c.name)).toEqual(
      expect.arrayContaining(['mtm_consent', expect.stringMatching(/^_pk_id\.1\./)]),
    );
    // Matomo remembers the consent exactly as long as Cachet does (180 days), not 30 years.
    const remembered = cookies.find((c) => c.name === 'mtm_consent')!;
    expect(remembered.expires - Date.now() / 1000).toBeGreaterThan(179 * DAY);
    expect(remembered.expires - Date.now() / 1000).toBeLessThanOrEqual(180 * DAY);

    await p.click('#pdf');
    await expect
      .poll(() => hits.find((h) => h.download)?.download)
      .toBe(`${site.origin}/brochure.pdf`);

    // A returning visitor: tracked at once, and withdrawal stops everything.
    hits.length = 0;
    await p.goto(site.url);
    await ready(p);
    await expect.poll(() => pageViews().length).toBe(1);
    await call(p, 'withdraw');
    const before = hits.length;
    await p.evaluate(() => (window as any)._paq.push(['trackPageView']));
    await p.evaluate(() => {
      // Link tracking would fire on click; the link is prevented from navigating away.
      document.getElementById('pdf')!.addEventListener('click', (e) => e.preventDefault());
    });
    await p.click('#pdf');
    await settle(p);
    expect(hits.length).toBe(before);
    expect((await trackerCookies(ctx)).map((c) => c.name)).toEqual(['mtm_consent_removed']);
    expect(consoleErrors).toEqual([]);
    await ctx.close();
  });

  it('holds the page view when matomo.js loads after Cachet, and sends none on refusal', async () => {
    const { ctx, page: p } = await newContext(browser);
    await p.goto(`${site.url}late`);
    await ready(p);
    await matomoReady(p);
    await settle(p);
    expect(hits).toEqual([]);
    await call(p, 'rejectAll');
    await settle(p);
    expect(hits).toEqual([]);
    expect((await trackerCookies(ctx)).map((c) => c.name)).toEqual(['mtm_consent_removed']);
    await ctx.close();
  });

  it('does not even load matomo.js before consent when Cachet loads it', async () => {
    const { ctx, page: p } = await newContext(browser);
    const seen = () => site.requests.filter((r) => r.path === '/matomo.js').length;
    const loadsBefore = seen();
    await p.goto(`${site.url}loads`);
    await ready(p);
    await p.evaluate(() => fetch('/sentinel'));
    expect(seen()).toBe(loadsBefore);
    expect(await trackerCookies(ctx)).toEqual([]);
    await call(p, 'acceptAll');
    await expect.poll(() => pageViews().length).toBe(1);
    expect(seen()).toBe(loadsBefore + 1);
    await p.click('#pdf');
    await expect.poll(() => hits.some((h) => h.download?.endsWith('/brochure.pdf'))).toBe(true);
    await ctx.close();
  });
});

describe('Matomo in cookie mode', () => {
  it('measures without cookies before consent and sets them only after', async () => {
    const { ctx, page: p } = await newContext(browser);
    await p.goto(`${site.url}cookie`);
    await ready(p);
    await expect.poll(() => pageViews().length).toBe(1);
    expect(pageViews()[0]._id).toBe('');
    expect(await trackerCookies(ctx)).toEqual([]);
    await call(p, 'acceptAll');
    await expect
      .poll(async () => (await trackerCookies(ctx)).map((c) => c.name.split('.')[0]).sort())
      .toEqual(['_pk_id', '_pk_ses', 'mtm_cookie_consent']);
    await p.evaluate(() => (window as any)._paq.push(['trackPageView']));
    await expect.poll(() => pageViews().length).toBe(2);
    expect(pageViews()[1]._id).toMatch(/^[0-9a-f]{16}$/);
    await call(p, 'withdraw');
    expect(await trackerCookies(ctx)).toEqual([]);
    await ctx.close();
  });
});

describe('Matomo in exempt mode (CNIL)', () => {
  it('tracks with cookies of 13 months at most, and stops after the visitor objects', async () => {
    const { ctx, page: p } = await newContext(browser);
    await p.goto(`${site.url}exempt`);
    await ready(p);
    await expect.poll(() => pageViews().length).toBe(1);
    const id = (await trackerCookies(ctx)).find((c) => c.name.startsWith('_pk_id.'));
    expect(id).toBeDefined();
    expect(id!.expires - Date.now() / 1000).toBeLessThanOrEqual(395 * DAY);

    await p.evaluate(() => window.Cachet!.refuse(['analytics']));
    const before = hits.length;
    await p.evaluate(() => (window as any)._paq.push(['trackPageView']));
    await settle(p);
    expect(hits.length).toBe(before);
    expect((await trackerCookies(ctx)).map((c) => c.name)).toEqual(['mtm_consent_removed']);

    // Still opted out on the next page.
    await p.reload();
    await ready(p);
    await p.evaluate(() => fetch('/sentinel'));
    await new Promise((r) => setTimeout(r, 300));
    expect(hits.length).toBe(before);
    await ctx.close();
  });
});
