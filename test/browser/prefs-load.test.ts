/**
 * The preferences dialog, dist/cachet-prefs.js, is loaded by the built cachet.js when the visitor
 * first asks for it, in real Chromium: never on a page view, once however often it opens, with
 * focus in the dialog once it is there; without it, the banner shows instead, so refusing stays
 * one click away; a decision taken while it loads is not overridden by it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distFile, launchBrowser, newContext, page, serve, type TestServer } from './harness';

let browser: Browser;
let site: TestServer;

const CHUNK = '/cachet-prefs.js';
const good = () => distFile('cachet-prefs.js');
const fetched = (path = CHUNK) => site.requests.filter((r) => r.path === path).length;
const ready = (p: Page) => p.waitForFunction(() => window.Cachet?.ready);
const button = (p: Page, name: string) => p.getByRole('button', { name, exact: true });
const prefs = (p: Page) => p.getByRole('dialog', { name: 'Préférences de confidentialité' });
const inShadow = (p: Page) =>
  p.evaluate(() => document.getElementById('cachet')!.shadowRoot!.activeElement?.textContent);

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serve();
  site.route('/favicon.ico', { body: '', type: 'image/x-icon' });
  // The strict CSP of docs/csp.md: the file goes through the `cachet` policy, with SRI; where
  // no policy is allowed, through a dynamic import().
  for (const [path, tt] of [
    ['/', 'cachet'],
    ['/strict', "'none'"],
  ])
    site.route(path, {
      body: page(),
      headers: {
        'content-security-policy': `default-src 'self'; script-src 'self'; require-trusted-types-for 'script'; trusted-types ${tt}`,
      },
    });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('cachet-prefs.js, loaded when the preferences are asked for', () => {
  it('is not fetched on a page view, is on « Personnaliser », and only once', async () => {
    const { ctx, page: p, consoleErrors } = await newContext(browser);
    const before = fetched();
    await p.goto(site.url);
    await ready(p);
    await button(p, 'Tout accepter').waitFor();
    await p.waitForTimeout(300);
    expect(fetched()).toBe(before);
    // A double click asks twice before the file is there: it is still fetched once.
    await button(p, 'Personnaliser').dblclick();
    await prefs(p).waitFor();
    expect(fetched()).toBe(before + 1);
    // Focus went into the dialog once it was there.
    expect(await inShadow(p)).toBe('Fermer');
    await button(p, 'Fermer').click();
    await prefs(p).waitFor({ state: 'detached' });
    expect(await inShadow(p)).toBe('Personnaliser');
    await button(p, 'Personnaliser').click();
    await prefs(p).waitFor();
    expect(fetched()).toBe(before + 1);
    await p.getByRole('switch', { name: 'Communication personnalisée' }).check();
    await button(p, 'Enregistrer').click();
    await prefs(p).waitFor({ state: 'detached' });
    expect(await p.evaluate(() => window.Cachet!.hasConsent('marketing'))).toBe(true);
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
    await ctx.close();
  });

  it('is fetched as soon as focus is on « Personnaliser », or a pointer on a button that opens it', async () => {
    const { ctx, page: p } = await newContext(browser);
    let before = fetched();
    await p.goto(site.url);
    await ready(p);
    await button(p, 'Personnaliser').focus();
    await expect.poll(() => fetched()).toBe(before + 1);
    expect(await prefs(p).count()).toBe(0);
    await p.keyboard.press('Enter');
    await prefs(p).waitFor();
    expect(fetched()).toBe(before + 1);
    await button(p, 'Tout refuser').click();
    await p.reload();
    await ready(p);
    before = fetched();
    await button(p, 'Gérer mes cookies').hover();
    await expect.poll(() => fetched()).toBe(before + 1);
    expect(await prefs(p).count()).toBe(0);
    await ctx.close();
  });

  it('is not fetched by a decision in the banner, which puts focus on the reopen button', async () => {
    const { ctx, page: p } = await newContext(browser);
    const before = fetched();
    await p.goto(site.url);
    await ready(p);
    // The page has the focus, as a visitor's would: focus events fire.
    await p.bringToFront();
    expect(await p.evaluate(() => document.hasFocus())).toBe(true);
    await button(p, 'Tout refuser').click();
    await expect
      .poll(() =>
        p.evaluate(() => document.getElementById('cachet')!.shadowRoot!.activeElement?.className),
      )
      .toBe('re');
    await p.waitForTimeout(300);
    expect(fetched()).toBe(before);
    await ctx.close();
  });

  it('opens where Trusted Types allow no policy', async () => {
    const { ctx, page: p } = await newContext(browser);
    await p.goto(`${site.origin}/strict`);
    await ready(p);
    await button(p, 'Personnaliser').click();
    await prefs(p).waitFor();
    expect(await inShadow(p)).toBe('Fermer');
    await ctx.close();
  });

  it('without it, shows the banner instead, whose « Tout refuser » withdraws consent', async () => {
    const { ctx, page: p, consoleErrors } = await newContext(browser);
    site.route(CHUNK, (_q, res) => {
      res.writeHead(404);
      res.end();
    });
    try {
      await p.goto(site.url);
      await ready(p);
      await p.evaluate(() => {
        const w = window as any;
        w.codes = [];
        window.Cachet!.on('error', (e) => w.codes.push(e.code));
      });
      await button(p, 'Tout accepter').click();
      await button(p, 'Gérer mes cookies').click();
      await button(p, 'Tout refuser').waitFor();
      expect(await prefs(p).count()).toBe(0);
      expect(await p.evaluate(() => (window as any).codes)).toEqual(['prefs-load']);
      expect(consoleErrors.join('\n')).toContain('could not load the preferences dialog');
      await button(p, 'Tout refuser').click();
      await button(p, 'Tout refuser').waitFor({ state: 'detached' });
      expect(await p.evaluate(() => window.Cachet!.hasConsent('marketing'))).toBe(false);
      // Asked for again once the file is back: the dialog opens.
      site.route(CHUNK, { body: good() });
      await button(p, 'Gérer mes cookies').click();
      await prefs(p).waitFor();
    } finally {
      site.route(CHUNK, { body: good() });
    }
    await ctx.close();
  });

  it('does not open over a decision the visitor took in the banner while it loaded', async () => {
    const { ctx, page: p } = await newContext(browser);
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    site.route(CHUNK, async (_q, res) => {
      await held;
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(good());
    });
    try {
      await p.goto(site.url);
      await ready(p);
      const before = fetched();
      await button(p, 'Personnaliser').click();
      await expect.poll(() => fetched()).toBe(before + 1);
      await button(p, 'Tout refuser').click();
      await button(p, 'Gérer mes cookies').waitFor();
      // The file arrives and runs: the dialog must still not open.
      await p.evaluate(() => {
        (window as any).arrived = new Promise((ok) =>
          document.addEventListener('cachet:prefs', ok, { once: true }),
        );
      });
      release();
      await p.evaluate(() => (window as any).arrived);
      await p.waitForTimeout(100);
      expect(await prefs(p).count()).toBe(0);
      expect(await p.evaluate(() => window.Cachet!.hasConsent('marketing'))).toBe(false);
    } finally {
      release();
      site.route(CHUNK, { body: good() });
    }
    await ctx.close();
  });
});
