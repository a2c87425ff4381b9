/**
 * Form consent in real Chromium, on the built dist/cachet.js, under a strict CSP with Trusted
 * Types: native, novalidate, fetch-driven and late forms, French and English wording at phone
 * widths, keyboard-only completion, axe, and the record reaching the endpoint.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, page, serve, type TestServer } from './harness';
import { type Endpoint, startEndpoint } from './record-endpoint';

const SOCIATEX = {
  fr: 'J’autorise SOCIATEX à me contacter de façon personnalisée à propos de ses services. Vos données personnelles ne seront jamais communiquées à des tiers sans votre consentement préalable.',
  en: 'I authorise SOCIATEX to contact me personally about its services. Your personal data will never be passed on to third parties without your prior consent.',
};
const ALTERNATIVE = {
  fr: 'Vous ne souhaitez pas donner votre consentement ? Appelez-nous directement au +33 1 83 64 64 04.',
  en: 'Would rather not consent? Call us directly on +33 1 83 64 64 04.',
};
const SHOTS = process.env.CACHET_SHOTS; // a folder: write screenshots there to look at them

let browser: Browser;
let site: TestServer;
let ep: Endpoint;
/** Bodies POSTed to the site's own routes, by path. */
const posted: Record<string, URLSearchParams[]> = {};

const config = () => ({
  site: site.origin,
  endpoint: ep.url,
  notice: { version: '2022-01-24', policyUrl: `${site.origin}/confidentialite` },
  purposes: [
    { id: 'contact', label: { fr: 'Prise de contact', en: 'Contact' } },
    { id: 'marketing', label: { fr: 'Marketing', en: 'Marketing' } },
    { id: 'analytics', label: { fr: 'Mesure d’audience', en: 'Analytics' } },
  ],
  forms: {
    profiles: {
      default: {
        purposes: ['contact', 'marketing', 'analytics'],
        text: {
          fr: SOCIATEX.fr.replace('Vos données', 'Vos [données](/confidentialite)'),
          en: SOCIATEX.en,
        },
        alternative: ALTERNATIVE,
      },
      narrow: {
        purposes: ['contact'],
        text: 'J’accepte d’être recontacté. Détails : https://www.sociatex.com/politique-de-confidentialite-et-gestion-des-donnees-personnelles',
      },
    },
  },
  ui: { banner: false },
});

// A plain site: system font, fields full width, a submit button (what most brochure sites have).
const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1rem;color:#1a1a1a}
main{max-width:40rem;margin:auto}label.f{display:block;margin:.75rem 0 .25rem;font-weight:600}
input[type=email],input[type=text],textarea{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #767676;border-radius:4px}
button{font:inherit;padding:.6rem 1.4rem;background:#0b57d0;color:#fff;border:0;border-radius:4px}`;

const fields = `<label class="f" for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="email">
<label class="f" for="msg">Message</label><textarea id="msg" name="msg" rows="3"></textarea>`;

const html = (body: string, lang = 'fr') =>
  page({
    lang,
    head: '<link rel="stylesheet" href="/site.css"><script src="/site.js" defer></script>',
    attrs: `data-config="/cachet.config.json" data-lang="${lang}"`,
    body,
  });

// A site script: one form sent with fetch() by its own submit handler, one form added later.
const SITE_JS = `
document.addEventListener('DOMContentLoaded', () => {
  const f = document.getElementById('ajax');
  if (f) f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await fetch('/api/lead', { method: 'POST', body: new URLSearchParams(new FormData(f)) });
    document.getElementById('status').textContent = 'sent ' + r.status;
  });
  if (document.getElementById('later')) setTimeout(() => {
    const form = document.createElement('form');
    form.id = 'late'; form.method = 'post'; form.action = '/lead'; form.setAttribute('data-cachet', '');
    const b = document.createElement('button'); b.textContent = 'Envoyer';
    form.append(b); document.getElementById('later').append(form);
  }, 200);
});`;

// Strict CSP (DESIGN.md): no inline script or style, Trusted Types enforced with the one policy
// docs/csp.md asks for (it loads cachet-records.js; record-load.test.ts covers a page without it).
const csp = () =>
  `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${new URL(ep.url).origin}; require-trusted-types-for 'script'; trusted-types cachet`;

beforeAll(async () => {
  ep = await startEndpoint();
  browser = await launchBrowser();
  site = await serve();
  const headers = () => ({ 'content-security-policy': csp() });
  const route = (path: string, body: string, lang?: string) =>
    site.route(path, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers() });
      res.end(lang ? html(body, lang) : body);
    });
  site.route('/cachet.config.json', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(config()));
  });
  site.route('/site.js', { body: SITE_JS, type: 'text/javascript' });
  site.route('/site.css', { body: STYLE, type: 'text/css' });
  site.route('/favicon.ico', { body: '', type: 'image/x-icon' });
  // The thank-you page is a page of the site like any other: it loads Cachet too.
  for (const p of ['/lead', '/api/lead'])
    site.route(p, (_req, res, body) => {
      posted[p] = [...(posted[p] ?? []), new URLSearchParams(body.toString())];
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers() });
      res.end(html('<p>Merci, nous vous rappelons très vite.</p>'));
    });
  const contact = `<h2>Contact</h2><form id="contact" data-cachet method="post" action="/lead?src=contact">${fields}<button>Envoyer</button></form>`;
  route('/', contact, 'fr');
  route('/en', contact.replace('Envoyer', 'Send'), 'en');
  route(
    '/novalidate',
    `<form id="nv" data-cachet novalidate method="post" action="/lead">${fields}<button>Envoyer</button></form>`,
    'fr',
  );
  route(
    '/ajax',
    `<form id="ajax" data-cachet action="/api/lead">${fields}<button>Envoyer</button></form><p id="status"></p>`,
    'fr',
  );
  route('/later', '<div id="later"></div>', 'fr');
  // A sidebar newsletter form, 200 px wide.
  route(
    '/narrow',
    '<aside id="side"><form data-cachet="narrow" method="post" action="/lead"><input name="email" type="email" aria-label="E-mail"><button>OK</button></form></aside>',
    'fr',
  );
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await ep?.close();
});

const open = async (path: string, opts: Parameters<typeof newContext>[1] = {}) => {
  const c = await newContext(browser, opts);
  await c.page.goto(site.url.replace(/\/$/, path));
  await c.page.locator('.cachet-consent').first().waitFor();
  return c;
};
const payload = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString());
const until = async (ok: () => boolean, ms = 10_000) => {
  for (const end = Date.now() + ms; !ok() && Date.now() < end; )
    await new Promise((r) => setTimeout(r, 50));
  return ok();
};
const shot = async (p: Page, name: string) => {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

describe('form consent in Chromium', () => {
  it('sends a native form with the record id, and the endpoint gets that record though the page navigated away', async () => {
    const { ctx, page: p, consoleErrors } = await open('/');
    const before = posted['/lead']?.length ?? 0;
    await p.getByLabel('E-mail').fill('lead@example.com');
    await p.getByRole('checkbox', { name: SOCIATEX.fr }).check();
    // The browser leaves at once; what was not sent yet goes from the outbox on the next page.
    await Promise.all([
      p.waitForURL('**/lead?src=contact'),
      p.getByRole('button', { name: 'Envoyer' }).click(),
    ]);
    const form = posted['/lead'][before];
    expect(form.get('email')).toBe('lead@example.com');
    const id = form.get('cachet_record_id')!;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    expect(await until(() => ep.stored.has(id))).toBe(true);
    const record = payload(ep.stored.get(id)!);
    expect(record).toMatchObject({
      id,
      event: 'given',
      method: 'form:checkbox',
      purposes: { contact: true, marketing: true, analytics: true },
      notice: { id: 'form:contact', lang: 'fr', hash: form.get('cachet_notice_hash') },
      form: { id: 'contact', action: '/lead' },
    });
    expect(record.notice.text).toBe(
      `${SOCIATEX.fr.replace('Vos données', 'Vos [données](/confidentialite)')}\n${ALTERNATIVE.fr}`,
    );
    expect(JSON.stringify(record)).not.toContain('lead@example.com');
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
    await ctx.close();
  });

  it('blocks a native form until ticked, with the localized message of the browser', async () => {
    const { ctx, page: p } = await open('/');
    const before = posted['/lead']?.length ?? 0;
    await p.getByRole('button', { name: 'Envoyer' }).click();
    const box = p.getByRole('checkbox', { name: SOCIATEX.fr });
    expect(await box.evaluate((b: HTMLInputElement) => b.validationMessage)).toBe(
      'Cochez cette case pour envoyer le formulaire.',
    );
    await expect.poll(() => box.evaluate((b) => b === document.activeElement)).toBe(true);
    // requestSubmit() goes through the same validation.
    await p.evaluate(() => document.forms[0].requestSubmit());
    expect(p.url()).toBe(site.url);
    expect(posted['/lead']?.length ?? 0).toBe(before);
    await ctx.close();
  });

  it('blocks a novalidate form and requestSubmit(), focuses the box and says why', async () => {
    const { ctx, page: p, consoleErrors } = await open('/novalidate');
    const before = posted['/lead']?.length ?? 0;
    // The empty error line is rendered (so in the accessibility tree, where a live region must be
    // before its text arrives to be announced) but takes no room.
    const line = p.locator('.cachet-consent__error');
    await line.waitFor({ state: 'attached' });
    expect(
      await line.evaluate((e) => [getComputedStyle(e).display, e.getBoundingClientRect().height]),
    ).toEqual(['block', 0]);
    await p.getByRole('button', { name: 'Envoyer' }).click();
    await p.evaluate(() => document.forms[0].requestSubmit());
    const box = p.getByRole('checkbox', { name: SOCIATEX.fr });
    expect(await box.evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => p.getByText('Cochez cette case pour envoyer le formulaire.').isVisible())
      .toBe(true);
    expect(p.url()).toBe(site.url.replace(/\/$/, '/novalidate'));
    await box.check();
    expect(await p.getByText('Cochez cette case').count()).toBe(0);
    await Promise.all([
      p.waitForURL('**/lead'),
      p.evaluate(() => document.forms[0].requestSubmit()),
    ]);
    expect(posted['/lead'].length).toBe(before + 1);
    expect(posted['/lead'][before].get('cachet_record_id')).toBeTruthy();
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
    await ctx.close();
  });

  it('stops a form that its own script sends with fetch(), then lets it send the record id', async () => {
    const { ctx, page: p } = await open('/ajax');
    await p.getByLabel('E-mail').fill('ajax@example.com');
    await p.getByRole('button', { name: 'Envoyer' }).click();
    // The browser's validation stops it first; with novalidate semantics forced, our guard does.
    await p.evaluate(() => document.forms[0].setAttribute('novalidate', ''));
    await p.getByRole('button', { name: 'Envoyer' }).click();
    await new Promise((r) => setTimeout(r, 300));
    expect(posted['/api/lead'] ?? []).toHaveLength(0);
    await p.getByRole('checkbox').check();
    await p.getByRole('button', { name: 'Envoyer' }).click();
    await p.getByText('sent 200').waitFor();
    const sent = posted['/api/lead'][0];
    expect(sent.get('email')).toBe('ajax@example.com');
    const id = sent.get('cachet_record_id')!;
    expect(await until(() => ep.stored.has(id))).toBe(true);
    expect(payload(ep.stored.get(id)!).form).toEqual({ id: 'ajax', action: '/api/lead' });
    await ctx.close();
  });

  it('gives a form added after load its box', async () => {
    const { ctx, page: p } = await open('/later');
    const box = p.locator('#late').getByRole('checkbox', { name: SOCIATEX.fr });
    expect(await box.count()).toBe(1);
    expect(await box.isChecked()).toBe(false);
    await ctx.close();
  });

  it('can be completed with the keyboard only: Tab to the box, Space, Enter', async () => {
    const { ctx, page: p } = await open('/');
    const before = posted['/lead']?.length ?? 0;
    await p.getByLabel('Message').focus();
    await p.keyboard.press('Tab');
    const box = p.getByRole('checkbox', { name: SOCIATEX.fr });
    const focused = () =>
      p.evaluate(() => document.activeElement?.textContent || document.activeElement?.id);
    expect(await box.evaluate((b) => b === document.activeElement)).toBe(true);
    // A visible focus indicator (WCAG 2.4.7): the browser's own ring is not hidden.
    expect(await box.evaluate((b) => getComputedStyle(b).outlineStyle)).not.toBe('none');
    await p.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    // Focus order follows reading order: the box, the policy link in its wording, the button.
    await p.keyboard.press('Tab');
    expect(await focused()).toBe('données');
    await p.keyboard.press('Tab');
    expect(await focused()).toBe('Envoyer');
    await Promise.all([p.waitForURL('**/lead?src=contact'), p.keyboard.press('Enter')]);
    expect(posted['/lead'].length).toBe(before + 1);
    await ctx.close();
  });

  for (const [lang, path] of [
    ['fr', '/'],
    ['en', '/en'],
  ] as const) {
    it(`shows the ${lang} wording, accents and apostrophes intact, wrapping within 320 px`, async () => {
      for (const width of [1280, 375, 320]) {
        const { ctx, page: p } = await open(path, { viewport: { width, height: 800 } });
        const label = p.locator('.cachet-consent__label');
        expect((await label.textContent())?.replace(/\s+/g, ' ')).toBe(SOCIATEX[lang]);
        expect(await p.locator('.cachet-consent__alt').textContent()).toBe(ALTERNATIVE[lang]);
        const { overflow, lines, boxTop, labelTop } = await p.evaluate(() => {
          const l = document.querySelector('.cachet-consent__label')!;
          const i = document.querySelector('.cachet-consent__input')!;
          const lh = parseFloat(getComputedStyle(l).lineHeight) || 24;
          return {
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            lines: Math.round(l.getBoundingClientRect().height / lh),
            boxTop: i.getBoundingClientRect().top,
            labelTop: l.getBoundingClientRect().top,
          };
        });
        expect(overflow).toBe(0);
        if (width <= 375) expect(lines).toBeGreaterThan(2);
        // The box sits on the first line of its label, not centred on the paragraph.
        expect(Math.abs(boxTop - labelTop)).toBeLessThan(12);
        if (width !== 320) await shot(p, `forms-${lang}-${width}`);
        if (width === 375) {
          await p.getByRole('button').click();
          await shot(p, `forms-${lang}-${width}-error`);
        }
        await ctx.close();
      }
    });
  }

  it('wraps a long word or a bare URL of the wording inside a narrow form', async () => {
    const { ctx, page: p } = await open('/narrow');
    const [formRight, labelRight] = await p.evaluate(() => {
      document.getElementById('side')!.style.width = '200px';
      return [
        document.forms[0].getBoundingClientRect().right,
        document.querySelector('.cachet-consent__label')!.getBoundingClientRect().right,
      ];
    });
    expect(labelRight).toBeLessThanOrEqual(formRight);
    await ctx.close();
  });

  it('has no axe violations (WCAG 2.1 A/AA) on a form with the box, before and after an error', async () => {
    const { ctx, page: p } = await open('/novalidate');
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
    const run = async () => (await new AxeBuilder({ page: p }).withTags(tags).analyze()).violations;
    expect(await run()).toEqual([]);
    await p.getByRole('button', { name: 'Envoyer' }).click();
    expect(await run()).toEqual([]);
    await ctx.close();
  });
});
