/**
 * The record pipeline, dist/cachet-records.js, is loaded on demand by the built cachet.js, in
 * real Chromium: never on a page view with nothing to sign or deliver, at the first decision,
 * ahead of it once a consent form is in use, under Trusted Types without the `cachet` policy,
 * and only with the bytes whose SRI hash cachet.js carries; a refused chunk loses no record.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distFile, launchBrowser, newContext, page, serve, type TestServer } from './harness';
import { type Endpoint, startEndpoint } from './record-endpoint';

let ep: Endpoint;
let browser: Browser;
let site: TestServer;

const CHUNK = '/cachet-records.js';
const FORM =
  '<form data-cachet action="/sent"><label>E-mail <input name="email" type="email"></label><button>Envoyer</button></form>';
const fetched = () => site.requests.filter((r) => r.path === CHUNK).length;
const ready = (p: Page) => p.waitForFunction(() => window.Cachet?.ready);
/** Decides through the API; returns the record id (known synchronously). */
const decide = (p: Page) =>
  p.evaluate(() => {
    let id = '';
    const off = window.Cachet!.on('change', (d) => {
      id = d.id;
    });
    window.Cachet!.rejectAll();
    off();
    return id;
  });

beforeAll(async () => {
  ep = await startEndpoint();
  browser = await launchBrowser();
  site = await serve();
  const attrs = `data-endpoint="${ep.url}" data-config="/c.json"`;
  site.route('/favicon.ico', { body: '', type: 'image/x-icon' });
  site.route('/c.json', {
    body: JSON.stringify({
      forms: {
        profiles: { default: { purposes: ['marketing'], text: 'J’accepte d’être recontacté.' } },
      },
    }),
  });
  const csp = (tt: string) =>
    `default-src 'self'; script-src 'self'; connect-src 'self' ${new URL(ep.url).origin}; require-trusted-types-for 'script'; trusted-types ${tt}`;
  for (const [path, tt] of [
    ['/', 'cachet'],
    ['/strict', "'none'"],
  ])
    site.route(path, {
      body: page({ attrs, body: FORM }),
      headers: { 'content-security-policy': csp(tt) },
    });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await ep?.close();
});

describe('cachet-records.js, loaded on demand', () => {
  it('is not fetched before a decision, is at the decision, and not on the next page with nothing queued', async () => {
    const { ctx, page: p, consoleErrors } = await newContext(browser);
    const before = fetched();
    await p.goto(site.url);
    await ready(p);
    await p.waitForTimeout(300);
    expect(fetched()).toBe(before);
    const id = await decide(p);
    await expect.poll(() => ep.stored.has(id), { timeout: 15_000 }).toBe(true);
    expect(fetched()).toBe(before + 1);
    // The receipt came back and the outbox is empty: the next page view costs no pipeline.
    await expect.poll(() => p.evaluate(() => localStorage.getItem('cachet:q'))).toBeNull();
    await p.reload();
    await ready(p);
    await p.waitForTimeout(300);
    expect(fetched()).toBe(before + 1);
    expect(await p.evaluate(() => window.Cachet!.receipts())).toMatchObject([{ id }]);
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
    await ctx.close();
  });

  it('is fetched ahead once the visitor starts filling in a consent form', async () => {
    const { ctx, page: p } = await newContext(browser);
    const before = fetched();
    await p.goto(site.url);
    await ready(p);
    await p.locator('.cachet-consent').waitFor();
    expect(fetched()).toBe(before);
    await p.getByLabel('E-mail').focus();
    await expect.poll(fetched).toBe(before + 1);
    await ctx.close();
  });

  it('delivers through a dynamic import where Trusted Types allow no policy', async () => {
    const { ctx, page: p, consoleErrors } = await newContext(browser);
    await p.goto(`${site.origin}/strict`);
    await ready(p);
    const id = await decide(p);
    await expect.poll(() => ep.stored.has(id), { timeout: 15_000 }).toBe(true);
    // Chromium reports what the page's CSP refused (the policy, then the plain URL); nothing else.
    const other = consoleErrors.filter(
      (e) => !/TrustedTypePolicy named 'cachet'|requires 'TrustedScriptURL' assignment/.test(e),
    );
    expect(other, other.join('\n')).toEqual([]);
    await ctx.close();
  });

  it('refuses a chunk whose bytes are not the built ones, and keeps the record until it gets them', async () => {
    const { ctx, page: p, consoleErrors } = await newContext(browser);
    const good = distFile('cachet-records.js');
    site.route(CHUNK, { body: Buffer.concat([good, Buffer.from('\n// swapped\n')]) });
    try {
      await p.goto(site.url);
      await ready(p);
      const id = await decide(p);
      await expect
        .poll(() => consoleErrors.join('\n'))
        .toContain('could not load the consent record pipeline');
      expect(ep.stored.has(id)).toBe(false);
      expect(await p.evaluate((id) => localStorage.getItem(`cachet:p:${id}`), id)).not.toBeNull();
      site.route(CHUNK, { body: good });
      await p.reload();
      await expect.poll(() => ep.stored.has(id), { timeout: 15_000 }).toBe(true);
      await expect
        .poll(() => p.evaluate((id) => localStorage.getItem(`cachet:p:${id}`), id))
        .toBeNull();
    } finally {
      site.route(CHUNK, { body: good });
    }
    await ctx.close();
  });
});
