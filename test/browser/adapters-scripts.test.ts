/**
 * Blocked scripts and iframes, Google Consent Mode and GPC in real Chromium, against the built
 * dist/cachet.js; one page under a strict CSP with Trusted Types enforced.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matomoJs } from '../fixtures/matomo/matomo-php';
import { launchBrowser, newContext, page, serve, type TestServer } from './harness';

let browser: Browser;
let site: TestServer;

const NONCE = 'cachet-test-nonce';
const CSP = `script-src 'self' 'nonce-${NONCE}'; require-trusted-types-for 'script'; trusted-types cachet`;
const run = (name: string) => `(window.__ran = window.__ran || []).push(${JSON.stringify(name)});`;
/** Blocked scripts in document order: external, inline, external, a refusal script, a marketing one. */
const BLOCKED = (nonce = '') => {
  const n = nonce && ` nonce="${nonce}"`;
  return `<script type="text/plain" data-cachet="analytics" src="/ext1.js"${n}></script>
<script type="text/plain" data-cachet="analytics"${n}>${run('inline')}</script>
<script type="text/plain" data-cachet="analytics" src="/ext2.js"${n}></script>
<script type="text/plain" data-cachet-refused="analytics"${n}>${run('refused')}</script>
<script type="text/plain" data-cachet="marketing"${n}>${run('marketing')}</script>
<iframe data-cachet="marketing" data-src="/frame.html" width="320" height="180" title="Vidéo"></iframe>`;
};
const CONFIG = {
  notice: { version: 'v1' },
  ui: { banner: false },
  gcm: { analytics_storage: 'analytics', ad_storage: 'marketing' },
};

const ready = (p: Page) => p.waitForFunction(() => window.Cachet?.ready);
const ran = (p: Page) => p.evaluate(() => (window as any).__ran ?? []);
const frames = () => site.requests.filter((r) => r.path === '/frame.html').length;
/** Lets every activated script load and run. */
const settle = (p: Page) => p.evaluate(() => new Promise((r) => setTimeout(r, 300)));

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serve({
    '/c.json': { body: JSON.stringify(CONFIG) },
    '/csp.json': { body: JSON.stringify({ ...CONFIG, matomo: { url: '/', siteId: 1 } }) },
    '/ext1.js': { body: run('ext1') },
    // A slower external script: the inline script after it must still wait for it.
    '/ext2.js': async (_req, res) => {
      await new Promise((r) => setTimeout(r, 150));
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(run('ext2'));
    },
    '/frame.html': { body: '<!doctype html><title>Cadre</title><p>Vidéo</p>' },
    '/matomo.js': { body: matomoJs() },
    '/matomo.php': (_req, res) => {
      res.writeHead(204);
      res.end();
    },
    '/favicon.ico': { body: '', type: 'image/x-icon' },
    '/': {
      body: page({
        attrs: 'data-config="/c.json"',
        body: `${BLOCKED()}<script type="text/plain" data-cachet="analytics">${run('last')}</script>`,
      }),
    },
    '/csp': {
      body: page({ attrs: `data-config="/csp.json" nonce="${NONCE}"`, body: BLOCKED(NONCE) }),
      headers: { 'content-security-policy': CSP },
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('blocked scripts', () => {
  it('run exactly once, in document order, only after consent', async () => {
    const { ctx, page: p, consoleErrors } = await newContext(browser);
    await p.goto(site.url);
    await ready(p);
    await settle(p);
    expect(await ran(p)).toEqual([]);
    await p.evaluate(() => window.Cachet!.accept(['analytics']));
    await expect.poll(() => ran(p)).toEqual(['ext1', 'inline', 'ext2', 'last']);
    await p.evaluate(() => window.Cachet!.accept(['analytics']));
    await settle(p);
    expect(await ran(p)).toEqual(['ext1', 'inline', 'ext2', 'last']);
    expect(consoleErrors).toEqual([]);
    await ctx.close();
  });

  it('never run after a refusal, where the refusal scripts run once', async () => {
    const { ctx, page: p } = await newContext(browser);
    await p.goto(site.url);
    await ready(p);
    await p.evaluate(() => window.Cachet!.rejectAll());
    await p.evaluate(() => window.Cachet!.rejectAll());
    await settle(p);
    expect(await ran(p)).toEqual(['refused']);
    await p.reload();
    await ready(p);
    await settle(p);
    expect(await ran(p)).toEqual(['refused']);
    await ctx.close();
  });

  it('run at load for a returning visitor who consented', async () => {
    const { ctx, page: p } = await newContext(browser);
    await p.goto(site.url);
    await ready(p);
    await p.evaluate(() => window.Cachet!.acceptAll());
    await p.reload();
    await ready(p);
    await expect.poll(() => ran(p)).toEqual(['ext1', 'inline', 'ext2', 'marketing', 'last']);
    await ctx.close();
  });
});

describe('blocked iframes', () => {
  it('load only after consent, from a placeholder a keyboard can use', async () => {
    const { ctx, page: p } = await newContext(browser);
    const before = frames();
    await p.goto(site.url);
    await ready(p);
    const accept = p.getByRole('button', { name: 'Accepter et afficher' });
    await expect.poll(() => accept.isVisible()).toBe(true);
    expect(await p.locator('.cachet-placeholder').textContent()).toContain(
      '«\u00a0Communication personnalisée\u00a0»',
    );
    const box = await p.locator('.cachet-placeholder').boundingBox();
    expect([box?.width, box?.height]).toEqual([320, 180]);
    await p.evaluate(() => window.Cachet!.accept(['analytics']));
    await settle(p);
    expect(frames()).toBe(before);
    await accept.focus();
    await p.keyboard.press('Enter');
    await expect.poll(frames).toBe(before + 1);
    expect(await p.locator('.cachet-placeholder').count()).toBe(0);
    expect(await p.evaluate(() => window.Cachet!.hasConsent('marketing'))).toBe(true);
    await ctx.close();
  });
});

describe('Google Consent Mode and Global Privacy Control', () => {
  it('GPC: "accept all" leaves marketing off until an explicit choice; GCM follows', async () => {
    const { ctx, page: p } = await newContext(browser);
    await p.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
    );
    await p.goto(site.url);
    await ready(p);
    const signals = await p.evaluate(
      () =>
        new Promise((done) => {
          window.Cachet!.on('change', (d) => done(d.signals));
          window.Cachet!.acceptAll();
        }),
    );
    expect(signals).toEqual({ gpc: true, dnt: false });
    await settle(p);
    expect(await ran(p)).not.toContain('marketing');
    expect(await ran(p)).toContain('inline');
    const consent = () =>
      p.evaluate(() =>
        ((window as any).dataLayer as IArguments[])
          .map((a) => [...a])
          .filter((a) => a[0] === 'consent')
          .map((a) => [a[1], a[2].analytics_storage, a[2].ad_storage]),
      );
    expect(await consent()).toEqual([
      ['default', 'denied', 'denied'],
      ['update', 'granted', 'denied'],
    ]);
    await p.evaluate(() => window.Cachet!.accept(['marketing']));
    await expect.poll(() => ran(p)).toContain('marketing');
    expect((await consent()).at(-1)).toEqual(['update', 'granted', 'granted']);
    await ctx.close();
  });
});

describe('under a strict CSP with Trusted Types', () => {
  it('activates nonced scripts, loads Matomo and iframes, with no violation', async () => {
    const { ctx, page: p, consoleErrors } = await newContext(browser);
    await p.addInitScript(() => {
      (window as any).__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await p.goto(`${site.url}csp`);
    await ready(p);
    await p.evaluate(() => window.Cachet!.acceptAll());
    await expect.poll(() => ran(p)).toEqual(['ext1', 'inline', 'ext2', 'marketing']);
    await p.waitForFunction(() => (window as any).Matomo?.initialized);
    await expect.poll(() => p.locator('iframe').getAttribute('src')).toBe('/frame.html');
    expect(await p.evaluate(() => (window as any).__violations)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await ctx.close();
  });
});
