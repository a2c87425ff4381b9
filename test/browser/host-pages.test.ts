/**
 * Host pages that do unusual things, in real Chromium against the built dist/cachet.js: a
 * polluted Object.prototype, a body swapped for another (Turbo, pjax), a transformed body, a site
 * layer at the highest z-index, a stylesheet that unsets everything. Cachet must neither break
 * the page nor be turned against the visitor's choice.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newContext, page, serve, type TestServer } from './harness';

let browser: Browser;
let site: TestServer;

const CONFIG = JSON.stringify({
  notice: { version: 'v1', policyUrl: '/confidentialite' },
  forms: { profiles: { default: { purposes: ['marketing'] } } },
});
const LONG = '<p>Contenu de la page.</p>'.repeat(120);

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serve({
    '/favicon.ico': { body: '', type: 'image/x-icon' },
    '/c.json': { body: CONFIG },
    '/evil.json': { body: JSON.stringify({ purposes: [] }) },
    // A prototype-pollution bug elsewhere in the page, before Cachet runs. A page served with an
    // endpoint of its own would send records there; these keys must lend Cachet nothing.
    '/polluted': {
      body: page({
        attrs: 'data-lang="de"',
        head: `<script>
          Object.prototype.config = '/evil.json';
          Object.prototype.endpoint = '/steal';
          Object.prototype.matomo = { mode: 'exempt', url: '/evil/', siteId: 1 };
          Object.prototype.de = { 'banner.acceptAll': 'Tout refuser' };
          Object.prototype.analytics = true;
        </script>`,
      }),
    },
    // Turbo Drive and pjax replace <body> on navigation.
    '/swap': {
      body: page({
        attrs: 'data-config="/c.json"',
        body: '<button type="button" id="go">Page suivante</button><script>document.getElementById("go").onclick = () => { const b = document.createElement("body"); b.innerHTML = \'<main><h1>Page 2</h1><button type="button" data-cachet-open>Cookies</button></main>\'; document.body.replaceWith(b); };</script>',
      }),
    },
    '/transform': {
      body: page({
        attrs: 'data-config="/c.json"',
        head: '<style>body { transform: translateZ(0); margin: 0 }</style>',
        body: LONG,
      }),
    },
    // A site's own layer over the bottom of the screen, at the highest z-index there is.
    '/zwar': {
      body: page({
        attrs: 'data-config="/c.json"',
        head: '<style>#chat { position: fixed; inset: auto 0 0 0; height: 60vh; z-index: 2147483647; background: #eee }</style>',
        body: '<div id="chat">Chat</div>',
      }),
    },
    '/unset': {
      body: page({
        attrs: 'data-config="/c.json"',
        head: '<style>* { all: unset }</style>',
        body: '<form data-cachet action="/envoi"><input name="email"><button>Envoyer</button></form>',
      }),
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const open = async (path: string) => {
  const c = await newContext(browser);
  c.ctx.setDefaultTimeout(8000);
  await c.page.goto(site.origin + path);
  return c;
};
const banner = (p: Page) => p.getByRole('dialog', { name: /Respect de votre vie privée/ });
const requested = (path: string) => site.requests.some((r) => r.path.startsWith(path));

it('lends a polluted Object.prototype no config, endpoint, script, text or consent', async () => {
  const { ctx, page: p } = await open('/polluted');
  await banner(p).waitFor();
  // The built-in texts are used, not a polluted language's: the accept button says so.
  const accept = p.getByRole('button', { name: 'Tout accepter', exact: true });
  expect(await accept.count()).toBe(1);
  expect(await p.evaluate(() => window.Cachet!.hasConsent('analytics'))).toBe(false);
  await p.getByRole('button', { name: 'Tout refuser', exact: true }).click();
  await banner(p).waitFor({ state: 'detached' });
  const state = JSON.parse(
    decodeURIComponent((await ctx.cookies()).find((c) => c.name === 'cachet')!.value),
  );
  expect(state.p).toEqual({ analytics: false, marketing: false });
  expect(await p.evaluate(() => window.Cachet!.hasConsent('analytics'))).toBe(false);
  await p.waitForTimeout(300);
  expect(['/evil.json', '/steal', '/evil/'].filter(requested)).toEqual([]);
  await ctx.close();
});

it('survives a page that swaps its <body>: the choice stays reachable', async () => {
  const { ctx, page: p, consoleErrors } = await open('/swap');
  await banner(p).waitFor();
  await p.locator('#go').click();
  await p.getByRole('heading', { name: 'Page 2' }).waitFor();
  // The banner is still there to answer, and the new page's link opens the preferences.
  expect(await banner(p).isVisible()).toBe(true);
  await p.getByRole('button', { name: 'Cookies', exact: true }).click();
  await p.getByRole('dialog', { name: 'Préférences de confidentialité' }).waitFor();
  expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  await ctx.close();
});

it('does not scroll the page when it focuses the banner on a transformed <body>', async () => {
  // A transform on <body> makes it the containing block of fixed layers (CSS Transforms 1 §2):
  // focusing the banner used to scroll a long page down to it (docs/getting-started.md).
  const { ctx, page: p } = await open('/transform');
  await banner(p).waitFor();
  // Focus moves into the banner in the task after its first frame.
  await p.waitForFunction(() => document.activeElement?.id === 'cachet');
  expect(await p.evaluate(() => scrollY)).toBe(0);
  await ctx.close();
});

it('is above a site layer at the highest z-index', async () => {
  const { ctx, page: p } = await open('/zwar');
  await banner(p).waitFor();
  const hit = await p.evaluate(() => {
    const b = document
      .getElementById('cachet')!
      .shadowRoot!.querySelector('.btn')!
      .getBoundingClientRect();
    return document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2)?.id;
  });
  expect(hit).toBe('cachet');
  await ctx.close();
});

it('keeps the consent box visible under a stylesheet that unsets everything', async () => {
  const { ctx, page: p } = await open('/unset');
  const box = p.getByRole('checkbox');
  await box.waitFor();
  expect(await box.evaluate((e) => getComputedStyle(e).appearance)).toBe('auto');
  await ctx.close();
});
