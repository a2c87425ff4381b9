/**
 * The consent banner in real Chromium, against the built dist/cachet.js: languages, the three
 * first-layer choices and the cookie they write, the way back, events, config sources, invalid
 * configs, marketer wording and a 320 px screen.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, page, serve, type TestServer } from './harness';

let browser: Browser;
let site: TestServer;

const CONFIG = { notice: { version: 'v1' } }; // default purposes: analytics, marketing
const DAY = 86400;
const FR = {
  title: 'Respect de votre vie privée',
  accept: 'Tout accepter',
  reject: 'Tout refuser',
  customize: 'Personnaliser',
  close: 'Continuer sans accepter',
  prefs: 'Préférences de confidentialité',
  reopen: 'Gérer mes cookies',
};

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serve({
    '/c.json': { body: JSON.stringify(CONFIG) },
    '/v2.json': { body: JSON.stringify({ notice: { version: 'v2' } }) },
    '/favicon.ico': { body: '', type: 'image/x-icon' },
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

let pages = 0;
/** Serves a page on a new path of the test server and returns its URL. */
function at(html: string, type?: string): string {
  const path = `/p${++pages}`;
  site.route(path, { body: html, type });
  return site.origin + path;
}

/** A fresh context and page; short timeouts so a missing element fails fast. */
async function fresh(ctxOpts: Parameters<typeof newContext>[1] = {}) {
  const c = await newContext(browser, ctxOpts);
  c.ctx.setDefaultTimeout(8000);
  return c;
}

/** A fresh context on a page loading cachet.js with the given tag attributes. */
async function open(
  opts: Parameters<typeof page>[0] = {},
  ctxOpts: Parameters<typeof newContext>[1] = {},
) {
  const c = await fresh(ctxOpts);
  const url = at(page({ attrs: 'data-config="/c.json"', ...opts }));
  await c.page.goto(url);
  return { ...c, url };
}

const ready = (p: Page) => p.waitForFunction(() => window.Cachet !== undefined);
const banner = (p: Page, name = FR.title) => p.getByRole('dialog', { name });
const prefs = (p: Page, name = FR.prefs) => p.getByRole('dialog', { name });
const button = (p: Page, name: string) => p.getByRole('button', { name, exact: true });
const consentCookie = async (ctx: BrowserContext) =>
  (await ctx.cookies()).find((c) => c.name === 'cachet');
/** The cookie value as the widget wrote it (js-cookie percent-encodes what RFC 6265 forbids). */
const cookieValue = async (ctx: BrowserContext) => {
  const c = await consentCookie(ctx);
  return c && JSON.parse(decodeURIComponent(c.value));
};
const hasConsent = (p: Page, purpose: string) =>
  p.evaluate((x) => window.Cachet!.hasConsent(x), purpose);

describe('language', () => {
  it('is French when the page declares no language', async () => {
    const { ctx, page: p } = await open({ lang: '' });
    await banner(p).waitFor();
    for (const name of [FR.accept, FR.reject, FR.customize, FR.close])
      expect(await button(p, name).isVisible(), name).toBe(true);
    await ctx.close();
  });

  it('is English on a page in <html lang="en">', async () => {
    const { ctx, page: p } = await open({ lang: 'en' });
    await banner(p, 'Your privacy').waitFor();
    for (const name of ['Accept all', 'Refuse all', 'Customise', 'Continue without accepting'])
      expect(await button(p, name).isVisible(), name).toBe(true);
    await ctx.close();
  });

  it('follows data-lang over the page language', async () => {
    const { ctx, page: p } = await open({
      lang: 'fr',
      attrs: 'data-config="/c.json" data-lang="en"',
    });
    await banner(p, 'Your privacy').waitFor();
    expect(await button(p, 'Accept all').isVisible()).toBe(true);
    await ctx.close();
  });
});

describe('first-layer choices', () => {
  it.each([
    [FR.accept, { analytics: true, marketing: true }],
    [FR.reject, { analytics: false, marketing: false }],
    [FR.close, { analytics: false, marketing: false }],
  ])('"%s" writes the cachet cookie and hides the banner', async (name, p) => {
    const { ctx, page: pg, consoleErrors } = await open();
    await banner(pg).waitFor();
    expect(await consentCookie(ctx)).toBeUndefined();
    const before = Math.floor(Date.now() / 1000);
    await button(pg, name).click();
    await banner(pg).waitFor({ state: 'detached' });

    const cookie = (await consentCookie(ctx))!;
    expect(cookie).toMatchObject({ path: '/', sameSite: 'Lax', secure: false, httpOnly: false });
    // DESIGN.md: 180 days by default (CNIL: ask again after 6 months).
    expect(Math.abs(cookie.expires - (before + 180 * DAY))).toBeLessThan(120);
    const v = await cookieValue(ctx);
    expect(Object.keys(v).sort()).toEqual(['exp', 'nv', 'p', 'sub', 'ts', 'v']);
    expect(v).toMatchObject({ v: 1, nv: 'v1', p });
    expect(v.sub).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Math.abs(v.ts - before)).toBeLessThan(60);
    expect(v.exp - v.ts).toBe(180 * DAY);
    expect(consoleErrors).toEqual([]);
    await ctx.close();
  });

  it('is not asked again after a reload; the reopen button and [data-cachet-open] open the preferences', async () => {
    const { ctx, page: p } = await open({
      body: '<footer><a href="#" data-cachet-open>Cookies</a></footer>',
    });
    await button(p, FR.reject).click();
    await p.reload();
    await ready(p);
    const reopen = button(p, FR.reopen);
    await reopen.waitFor();
    expect(await banner(p).count()).toBe(0);

    await reopen.click();
    await prefs(p).waitFor();
    await button(p, 'Fermer').click();
    await prefs(p).waitFor({ state: 'detached' });

    await p.getByRole('link', { name: 'Cookies' }).click();
    await prefs(p).waitFor();
    expect(p.url()).not.toContain('#'); // the site's link did not navigate
    await ctx.close();
  });
});

describe('preferences', () => {
  it('start with no switch on, and save a partial choice that hasConsent() reports', async () => {
    const { ctx, page: p } = await open();
    await button(p, FR.customize).click();
    await prefs(p).waitFor();
    const switches = p.getByRole('switch');
    expect(await switches.count()).toBe(2);
    for (const s of await switches.all()) expect(await s.isChecked()).toBe(false);

    await p.getByRole('switch', { name: 'Mesure d’audience' }).check();
    await button(p, 'Enregistrer').click();
    await prefs(p).waitFor({ state: 'detached' });
    expect(await hasConsent(p, 'analytics')).toBe(true);
    expect(await hasConsent(p, 'marketing')).toBe(false);
    expect((await cookieValue(ctx)).p).toEqual({ analytics: true, marketing: false });

    // Reopened, the switches show the decision.
    await button(p, FR.reopen).click();
    expect(await p.getByRole('switch', { name: 'Mesure d’audience' }).isChecked()).toBe(true);
    expect(await p.getByRole('switch', { name: 'Communication personnalisée' }).isChecked()).toBe(
      false,
    );
    await ctx.close();
  });

  it('are styled from a second stylesheet that the banner alone does not load', async () => {
    const { ctx, page: p } = await open();
    await banner(p).waitFor();
    const sheets = () =>
      p.evaluate(() => document.getElementById('cachet')!.shadowRoot!.adoptedStyleSheets.length);
    expect(await sheets()).toBe(1);
    await button(p, FR.customize).click();
    await prefs(p).waitFor();
    expect(await sheets()).toBe(2);
    // The dialog's own rules apply: its width, and the switches drawn by CSS (appearance: none).
    const look = await p.evaluate(() => {
      const r = document.getElementById('cachet')!.shadowRoot!;
      const d = getComputedStyle(r.querySelector('dialog')!);
      const s = getComputedStyle(r.querySelector('input[role=switch]')!);
      return { width: d.width, appearance: s.appearance, switchWidth: s.width };
    });
    expect(look).toEqual({ width: '600px', appearance: 'none', switchWidth: '46px' });
    // Closed and reopened: the same two sheets, not one more per draw.
    await button(p, 'Fermer').click();
    await button(p, FR.customize).click();
    await prefs(p).waitFor();
    expect(await sheets()).toBe(2);
    await ctx.close();
  });
});

describe('asking again', () => {
  it('asks again when notice.version changes', async () => {
    const { ctx, page: p } = await open();
    await button(p, FR.accept).click();
    await banner(p).waitFor({ state: 'detached' });
    await p.goto(at(page({ attrs: 'data-config="/v2.json"' })));
    await banner(p).waitFor();
    expect(await p.evaluate(() => window.Cachet!.getConsent())).toBeNull();
    expect(await hasConsent(p, 'analytics')).toBe(false);
    await ctx.close();
  });

  const valid = {
    v: 1,
    sub: 'AAAAAAAAAAAAAAAAAAAAAA',
    ts: 1,
    exp: 4e9,
    nv: 'v1',
    // Every purpose decided: a partial decision would (rightly) bring the banner back.
    p: { analytics: true, marketing: false },
  };
  it('counts a malformed cookie (garbage, wrong types, huge, expired) as no decision', async () => {
    const malformed = {
      garbage: 'not json {',
      'wrong types': JSON.stringify({ ...valid, ts: '1', p: { analytics: 'yes' } }),
      'an array': '[1,2,3]',
      'an expired decision': JSON.stringify({ ...valid, exp: 2 }),
      'a huge value': JSON.stringify({ ...valid, sub: 'A'.repeat(3800) }),
    };
    // One context for the five cases (the page is reloaded with each cookie): fewer browsers to start.
    const { ctx, page: p, consoleErrors } = await fresh();
    const url = at(page({ attrs: 'data-config="/c.json"' }));
    for (const [name, value] of Object.entries(malformed)) {
      await ctx.clearCookies();
      await ctx.addCookies([{ name: 'cachet', value: encodeURIComponent(value), url: site.url }]);
      await p.goto(url);
      await banner(p).waitFor();
      expect(await hasConsent(p, 'analytics'), name).toBe(false);
    }
    expect(consoleErrors).toEqual([]);

    // Control: the same page keeps a well-formed decision.
    await ctx.clearCookies();
    await ctx.addCookies([
      { name: 'cachet', value: encodeURIComponent(JSON.stringify(valid)), url: site.url },
    ]);
    await p.goto(url);
    await button(p, FR.reopen).waitFor();
    expect(await banner(p).count()).toBe(0);
    expect(await hasConsent(p, 'analytics')).toBe(true);
    await ctx.close();
  });
});

describe('events', () => {
  it('sends the decision to Cachet.on("change") and as a cachet:change event on document', async () => {
    const { ctx, page: p } = await open({
      head: `<script>window.__events=[];document.addEventListener('cachet:change',function(e){window.__events.push(JSON.parse(JSON.stringify(e.detail)))})</script>`,
    });
    await ready(p);
    await p.evaluate(() => {
      (window as any).__on = [];
      window.Cachet!.on('change', (d) => (window as any).__on.push(JSON.parse(JSON.stringify(d))));
    });
    await button(p, FR.accept).click();
    const [events, on] = await p.evaluate(() => [(window as any).__events, (window as any).__on]);
    expect(events).toHaveLength(1);
    expect(on).toEqual(events);
    expect(on[0]).toMatchObject({
      event: 'given',
      method: 'banner:accept-all',
      purposes: { analytics: true, marketing: true },
      state: { v: 1, nv: 'v1', p: { analytics: true, marketing: true } },
      previous: null,
      notice: { id: 'banner', version: 'v1', lang: 'fr' },
    });
    expect(on[0].notice.text).toContain(FR.title);
    await ctx.close();
  });

  it('survives a throwing on("change") listener: console error, decision kept, banner hidden', async () => {
    const { ctx, page: p, consoleErrors } = await open();
    await ready(p);
    await p.evaluate(() => {
      window.Cachet!.on('change', () => {
        throw new Error('integrator bug');
      });
    });
    await button(p, FR.reject).click();
    await banner(p).waitFor({ state: 'detached' });
    expect((await cookieValue(ctx)).p).toEqual({ analytics: false, marketing: false });
    expect(consoleErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    expect(consoleErrors.some((e) => /listener threw/.test(e))).toBe(true);
    await button(p, FR.reopen).waitFor();
    await ctx.close();
  });
});

describe('config sources', () => {
  it('reads window.cachetConfig', async () => {
    const cfg = { notice: { version: 'w1' }, texts: { fr: { 'banner.title': 'Depuis la page' } } };
    const { ctx, page: p } = await open({
      attrs: '',
      head: `<script>window.cachetConfig=${JSON.stringify(cfg)}</script>`,
    });
    await banner(p, 'Depuis la page').waitFor();
    expect(await p.evaluate(() => window.Cachet!.config!.notice.version)).toBe('w1');
    await ctx.close();
  });

  it('lets data-site, data-endpoint and data-lang override the config file', async () => {
    site.route('/full.json', {
      body: JSON.stringify({
        ...CONFIG,
        site: 'https://file.example.com',
        endpoint: 'https://file.example.com/v1/records',
        lang: 'fr',
      }),
    });
    const { ctx, page: p } = await open({
      attrs:
        'data-config="/full.json" data-site="https://www.example.com" data-endpoint="/v1/records" data-lang="en"',
    });
    await banner(p, 'Your privacy').waitFor();
    const config = await p.evaluate(() => window.Cachet!.config);
    expect(config).toMatchObject({
      site: 'https://www.example.com',
      endpoint: `${site.origin}/v1/records`,
      lang: 'en',
      notice: { version: 'v1' }, // from the file
    });
    await ctx.close();
  });

  it('reports an invalid config once per problem, naming the field, and stays out of the way', async () => {
    site.route('/bad.json', {
      body: JSON.stringify({ cookie: { days: 500 }, theme: { accent: 'blue' } }),
    });
    site.route('/after.js', { body: 'window.__after = true;' });
    const {
      ctx,
      page: p,
      consoleErrors,
    } = await open({
      attrs: 'data-config="/bad.json"',
      head: '<script src="/after.js" defer></script>',
      body: '<script>window.__inline = true</script>',
    });
    await ready(p);
    expect(consoleErrors).toHaveLength(2);
    expect(consoleErrors[0]).toMatch(/cookie\.days.*500.*395/);
    expect(consoleErrors[1]).toMatch(/theme\.accent.*"blue"/);
    expect(
      await p.evaluate(() => [
        window.Cachet!.ready,
        (window as any).__after,
        (window as any).__inline,
      ]),
    ).toEqual([false, true, true]);
    expect(await p.locator('#cachet').count()).toBe(0);
    expect(await p.getByRole('dialog').count()).toBe(0);
    await ctx.close();
  });

  it('gives a later script the API through the helper of docs/api.md', async () => {
    // Copied from docs/api.md: a deferred script of the site runs before the config file is in.
    site.route('/host.js', {
      body: `function withCachet(fn) {
  if (window.Cachet) fn(window.Cachet);
  else document.addEventListener('cachet:ready', () => fn(window.Cachet), { once: true });
}
withCachet((c) => { window.__seen = [c.ready, c.hasConsent('analytics')]; });`,
    });
    site.route('/slow.json', async (_req, res) => {
      await new Promise((r) => setTimeout(r, 200));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(CONFIG));
    });
    const {
      ctx,
      page: p,
      consoleErrors,
    } = await open({
      attrs: 'data-config="/slow.json"',
      body: '<script src="/host.js" defer></script>',
    });
    await p.waitForFunction(() => (window as any).__seen);
    expect(await p.evaluate(() => (window as any).__seen)).toEqual([true, false]);
    expect(consoleErrors).toEqual([]);
    await ctx.close();
  });

  it('starts once when the tag is on the page twice', async () => {
    const {
      ctx,
      page: p,
      consoleErrors,
    } = await open({
      head: '<script src="/cachet.js" defer data-config="/c.json"></script>',
    });
    await banner(p).waitFor();
    await p.waitForTimeout(200);
    expect(await p.locator('#cachet').count()).toBe(1);
    expect(consoleErrors).toEqual([]);
    await ctx.close();
  });

  it("runs without window.Cachet when the page's own script has that name, and says so", async () => {
    const {
      ctx,
      page: p,
      consoleErrors,
    } = await open({
      head: "<script>var Cachet = { brand: 'Cachet SARL' };</script>",
    });
    await banner(p).waitFor();
    expect(await p.evaluate(() => (window as any).Cachet.brand)).toBe('Cachet SARL');
    expect(consoleErrors).toEqual([
      'Cachet: window.Cachet is taken by the page, so the API is not set there.',
    ]);
    await button(p, FR.reject).click();
    await banner(p).waitFor({ state: 'detached' });
    expect((await cookieValue(ctx)).p).toEqual({ analytics: false, marketing: false });
    await ctx.close();
  });

  it('takes the name over from an element with id="Cachet"', async () => {
    const { ctx, page: p, consoleErrors } = await open({ body: '<p id="Cachet">Cachet</p>' });
    await banner(p).waitFor();
    expect(await p.evaluate(() => window.Cachet!.ready)).toBe(true);
    expect(consoleErrors).toEqual([]);
    await ctx.close();
  });

  it('reads data-config against the page, not against a CDN serving cachet.js', async () => {
    const cdn = await serve();
    try {
      const { ctx, page: p } = await fresh();
      const html = page({ attrs: 'data-config="/c.json"' }).replace(
        'src="/cachet.js"',
        `src="${cdn.origin}/cachet.js"`,
      );
      await p.goto(at(html));
      await banner(p).waitFor();
      expect(cdn.requests.map((r) => r.path)).toEqual(['/cachet.js']);
      await ctx.close();
    } finally {
      await cdn.close();
    }
  });

  it('reports a config file that is not a JSON object, naming it, with an inert API', async () => {
    site.route('/array.json', { body: '[]' });
    const { ctx, page: p, consoleErrors } = await open({ attrs: 'data-config="/array.json"' });
    await ready(p);
    expect(await p.evaluate(() => [window.Cachet!.ready, window.Cachet!.errors[0].path])).toEqual([
      false,
      '',
    ]);
    expect(consoleErrors).toEqual([
      'Cachet: invalid config at "(config)": got [], expected an object.',
    ]);
    expect(await p.locator('#cachet').count()).toBe(0);
    await ctx.close();
  });

  it('reports a missing data-config file clearly and shows nothing', async () => {
    const { ctx, page: p, consoleErrors } = await open({ attrs: 'data-config="/missing.json"' });
    await p.waitForFunction(() => document.readyState === 'complete');
    await expect.poll(() => consoleErrors.length).toBeGreaterThan(0);
    const mine = consoleErrors.filter((e) => e.startsWith('Cachet'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain('/missing.json');
    expect(mine[0]).toMatch(/404/);
    expect(consoleErrors.some((e) => e.startsWith('pageerror'))).toBe(false);
    expect(await p.locator('#cachet').count()).toBe(0);
    // The page's own code can still ask, and is told nothing was granted.
    expect(
      await p.evaluate(() => [window.Cachet!.ready, window.Cachet!.hasConsent('analytics')]),
    ).toEqual([false, false]);
    await ctx.close();
  });
});

describe('wording', () => {
  const title = 'Vos données, vos choix : l’essentiel « en clair »';
  const long =
    'Nous utilisons des traceurs pour **mesurer l’audience** et *personnaliser* nos communications, ' +
    'comme expliqué dans notre [politique](https://example.com). '.concat(
      'Les données collectées ne quittent jamais l’Union européenne et sont conservées treize mois au plus. '.repeat(
        4,
      ),
    ) +
    'Ceci est du texte : <img src=x onerror=alert(1)>';

  it('shows accents, apostrophes, the markup subset as elements, and HTML as text', async () => {
    site.route('/texts.json', {
      body: JSON.stringify({
        ...CONFIG,
        texts: { fr: { 'banner.title': title, 'banner.text': long } },
      }),
    });
    const { ctx, page: p, consoleErrors } = await open({ attrs: 'data-config="/texts.json"' });
    let alerted = false;
    p.on('dialog', (d) => {
      alerted = true;
      void d.dismiss();
    });
    await banner(p, title).waitFor();
    const text = p.locator('#cachet').locator('#cb-d');
    const content = (await text.textContent())!;
    expect(content).toContain('mesurer l’audience');
    expect(content).toContain('l’Union européenne');
    expect(content).toContain('<img src=x onerror=alert(1)>');
    expect(content).not.toContain('**');
    expect(await text.locator('strong').textContent()).toBe('mesurer l’audience');
    expect(await text.locator('em').textContent()).toBe('personnaliser');
    const link = text.getByRole('link', { name: 'politique' });
    expect(await link.getAttribute('href')).toBe('https://example.com');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await p.locator('#cachet img').count()).toBe(0);
    expect(site.requests.some((r) => r.path === '/x')).toBe(false);
    expect(alerted).toBe(false);
    expect(consoleErrors).toEqual([]);
    await ctx.close();
  });

  it('keeps the built-in French texts intact on a page in another charset', async () => {
    const c = await fresh();
    await c.page.goto(
      at(
        page({ attrs: 'data-config="/c.json"' }).replace('<meta charset="utf-8">', ''),
        'text/html; charset=windows-1252',
      ),
    );
    await banner(c.page).waitFor();
    await button(c.page, FR.customize).click();
    await prefs(c.page).waitFor();
    expect(await c.page.getByRole('switch', { name: 'Mesure d’audience' }).count()).toBe(1);
    await c.ctx.close();
  });
});

describe('small screens', () => {
  it('fits a 320 px wide screen: no horizontal overflow, every button fully visible', async () => {
    const { ctx, page: p } = await open({}, { viewport: { width: 320, height: 640 } });
    await banner(p).waitFor();
    const box = (await banner(p).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const overflow = await banner(p).evaluate((b) => b.scrollWidth - b.clientWidth);
    expect(overflow).toBe(0);
    for (const name of [FR.accept, FR.reject, FR.customize, FR.close]) {
      const b = (await button(p, name).boundingBox())!;
      expect(b.x, name).toBeGreaterThanOrEqual(box.x);
      expect(b.x + b.width, name).toBeLessThanOrEqual(box.x + box.width);
      expect(b.y, name).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height, name).toBeLessThanOrEqual(640);
      // The label fits its button.
      expect(await button(p, name).evaluate((e) => e.scrollWidth <= e.clientWidth), name).toBe(
        true,
      );
    }
    await ctx.close();
  });
});
