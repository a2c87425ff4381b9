/**
 * The banner under a strict Content-Security-Policy with Trusted Types enforced (no
 * unsafe-inline, no unsafe-eval), in real Chromium against the built dist/cachet.js; and what
 * the page does before any decision: no request but its own page, cachet.js and config, no cookie.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, page, serve, type TestServer } from './harness';

let browser: Browser;
let site: TestServer;

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; require-trusted-types-for 'script'; trusted-types cachet";
const CONFIG = {
  endpoint: '/v1/records',
  notice: { version: 'v1', policyUrl: '/confidentialite' },
  texts: {
    fr: { 'banner.text': 'Du **gras**, de l’*italique* et un [lien](https://example.com).' },
  },
};

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serve({
    '/c.json': { body: JSON.stringify(CONFIG) },
    '/favicon.ico': { body: '', type: 'image/x-icon' },
    '/v1/records': (_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ receipt: 'e30.e30.sig' }));
    },
    '/csp': {
      body: page({ attrs: 'data-config="/c.json"' }),
      headers: { 'content-security-policy': CSP },
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A fresh page on /csp that records every CSP violation the document sees. */
async function open() {
  const c = await newContext(browser);
  c.ctx.setDefaultTimeout(8000);
  // Init scripts run before the page's own, outside its CSP.
  await c.page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  const requested: string[] = [];
  c.page.on('request', (r) => requested.push(`${r.method()} ${r.url()}`));
  const from = site.requests.length;
  await c.page.goto(`${site.origin}/csp`);
  return { ...c, requested, served: () => site.requests.slice(from) };
}
const violations = (p: Page) => p.evaluate(() => (window as any).__violations as string[]);
const button = (p: Page, name: string) => p.getByRole('button', { name, exact: true });
const dialog = (p: Page, name: string) => p.getByRole('dialog', { name });
const cspErrors = (errors: string[]) =>
  errors.filter((e) => /Content Security Policy|Trusted Type|TrustedHTML|TrustedScript/i.test(e));

describe('under a strict CSP with Trusted Types', () => {
  it('shows the banner, opens the preferences and records a decision with 0 violations', async () => {
    const { ctx, page: p, consoleErrors, served } = await open();
    await dialog(p, 'Respect de votre vie privée').waitFor();
    // The stylesheet applies (constructable stylesheet, not a blocked <style>).
    const bg = await p.evaluate(() => {
      const b = document.getElementById('cachet')!.shadowRoot!.querySelector('.b')!;
      return getComputedStyle(b).position;
    });
    expect(bg).toBe('fixed');
    expect(await p.locator('#cachet strong').textContent()).toBe('gras');

    await button(p, 'Personnaliser').click();
    await dialog(p, 'Préférences de confidentialité').waitFor();
    await p.getByRole('switch', { name: 'Mesure d’audience' }).check();
    await button(p, 'Enregistrer').click();
    await dialog(p, 'Préférences de confidentialité').waitFor({ state: 'detached' });
    expect(await p.evaluate(() => window.Cachet!.hasConsent('analytics'))).toBe(true);
    expect(await p.evaluate(() => window.Cachet!.hasConsent('marketing'))).toBe(false);

    // The signed record reaches the same-origin endpoint (WebCrypto, IndexedDB, fetch under CSP).
    await expect.poll(() => served().filter((r) => r.path === '/v1/records').length).toBe(1);
    const jws = served()
      .find((r) => r.path === '/v1/records')!
      .body.toString();
    expect(jws).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    // The way back works too.
    await button(p, 'Gérer mes cookies').click();
    await dialog(p, 'Préférences de confidentialité').waitFor();
    await button(p, 'Tout refuser').click();
    await dialog(p, 'Préférences de confidentialité').waitFor({ state: 'detached' });
    expect(await p.evaluate(() => window.Cachet!.hasConsent('analytics'))).toBe(false);

    expect(await violations(p)).toEqual([]);
    expect(cspErrors(consoleErrors)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await ctx.close();
  });

  it('notices violations when there are some (control: the policy is enforced and heard)', async () => {
    const { ctx, page: p } = await open();
    await dialog(p, 'Respect de votre vie privée').waitFor();
    const blocked = await p.evaluate(() => {
      const s = document.createElement('img');
      s.src = 'https://example.com/pixel.gif';
      document.body.append(s);
      try {
        document.body.innerHTML += '<b>x</b>'; // a string into an HTML sink: Trusted Types refuse it
        return false;
      } catch {
        return true;
      }
    });
    expect(blocked).toBe(true);
    await expect.poll(() => violations(p)).toHaveLength(2);
    const v = await violations(p);
    expect(v.some((x) => x.startsWith('img-src'))).toBe(true);
    expect(v.some((x) => x.startsWith('require-trusted-types-for'))).toBe(true);
    await ctx.close();
  });
});

describe('before any decision', () => {
  it('requests nothing but the page, cachet.js and its config, and sets no cookie', async () => {
    const { ctx, page: p, requested, served } = await open();
    await dialog(p, 'Respect de votre vie privée').waitFor();
    // Give anything deferred (a tracker, a beacon, a font) the chance to go out.
    await p.evaluate(() => new Promise((r) => setTimeout(r, 500)));
    // /favicon.ico is the browser's own request, not the widget's.
    const own = (u: string) => !u.endsWith('/favicon.ico');
    expect(requested.filter(own)).toEqual([
      `GET ${site.origin}/csp`,
      `GET ${site.origin}/cachet.js`,
      `GET ${site.origin}/c.json`,
    ]);
    expect(
      served()
        .map((r) => `${r.method} ${r.path}`)
        .filter(own),
    ).toEqual(['GET /csp', 'GET /cachet.js', 'GET /c.json']);
    expect(await ctx.cookies()).toEqual([]);
    expect(await p.evaluate(() => document.cookie)).toBe('');
    await ctx.close();
  });
});
