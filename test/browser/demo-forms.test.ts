/**
 * The demo site end to end, as `npm start` runs it: the SOCIATEX pages (strict CSP, Trusted
 * Types) with the built dist/cachet.js, the reference receiver on SQLite, the Matomo stand-in.
 * A visitor sends each form; the thank-you page shows the record id; the consent log shows that
 * record, verified.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../../demo/server';
import { type RunningReceiver, startReceiver } from '../../receiver/server';
import { launchBrowser, newContext } from './harness';

const TOKEN = 'demo-test-admin-token-0123456789';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;
const WORDING =
  'J’autorise SOCIATEX à me contacter de façon personnalisée à propos de ses services.';

let browser: Browser;
let demo: Demo;
let receiver: RunningReceiver;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cachet-demo-'));
  demo = await startDemo({ port: 0, receiverUrl: () => receiver.url });
  receiver = await startReceiver({
    port: 0,
    dataDir,
    sites: [demo.origin],
    adminToken: TOKEN,
    log: false,
    print: null,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Problems the page reported: CSP or Trusted Types violations, script errors. */
const violations = (errors: string[]) =>
  errors.filter((e) => /Content Security Policy|Trusted Type|pageerror/i.test(e));

/** Fills the required fields of the form on the page. */
async function fill(p: Page, form: string) {
  const fields: Record<string, [string, string][]> = {
    contact: [
      ['#c-name', 'Camille Martin'],
      ['#c-email', 'camille@example.com'],
      ['#c-message', 'Bonjour, pouvez-vous me rappeler ?'],
    ],
    devis: [
      ['#d-company', 'Boulangerie Martin'],
      ['#d-name', 'Camille Martin'],
      ['#d-email', 'camille@example.com'],
      ['#d-phone', '0102030405'],
      ['#d-need', 'Sauvegarde de 8 postes.'],
    ],
    newsletter: [['#n-email', 'camille@example.com']],
  };
  for (const [sel, v] of fields[form]!) await p.fill(sel, v);
}

/**
 * Waits, on the thank-you page, until the receiver holds the record. The form page writes the
 * record down before its navigation, which on this local server usually ends before the record
 * is signed; the thank-you page then signs and sends it, 35 to 140 ms after its load event here.
 * Leaving it sooner (as the test did, reading the id and going to the log at once) leaves the
 * record in the site's storage until the visitor's next visit: delayed, not lost
 * (docs/forms.md), but then not in the log this test opens.
 */
const delivered = (id: string) =>
  expect
    .poll(
      async () =>
        (
          await fetch(`${receiver.url}/v1/records/${id}`, {
            headers: { authorization: `Bearer ${TOKEN}` },
          })
        ).status,
      {
        timeout: 10_000,
        interval: 100,
        message: `the thank-you page never delivered record ${id}`,
      },
    )
    .toBe(200);

describe('the demo site', () => {
  it('keeps Matomo silent until consent, under its strict CSP', async () => {
    const { ctx, page: p, consoleErrors } = await newContext(browser);
    try {
      const res = await p.goto(demo.url);
      expect(res?.headers()['content-security-policy']).toContain(
        "require-trusted-types-for 'script'",
      );
      const banner = p.locator('#cachet');
      await banner.getByRole('button', { name: 'Tout refuser' }).click();
      await p.goto(`${demo.origin}/devis`);
      await expect.poll(() => p.locator('#devis .cachet-consent').count()).toBe(1);
      expect(demo.hits).toHaveLength(0);
      expect(violations(consoleErrors)).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  for (const [path, form] of [
    ['/contact', 'contact'],
    ['/devis', 'devis'],
    ['/newsletter', 'newsletter'],
  ] as const) {
    it(`sends the ${form} form once the box is ticked, and the log shows the verified record`, async () => {
      const { ctx, page: p, consoleErrors } = await newContext(browser);
      try {
        await p.goto(`${demo.origin}${path}`);
        await p.locator('#cachet').getByRole('button', { name: 'Tout refuser' }).click();
        await fill(p, form);
        const box = p.getByRole('checkbox', { name: new RegExp(WORDING.slice(0, 40)) });
        await expect.poll(() => box.count()).toBe(1);
        // The alternative is offered next to the box.
        await expect
          .poll(() => p.locator(`#${form}`).getByText('+33 1 83 64 64 04').count())
          .toBe(1);

        // Not ticked: the submission is blocked.
        await p.locator(`#${form} button[type=submit]`).click();
        await p.waitForTimeout(200);
        expect(new URL(p.url()).pathname).toBe(path);

        await box.check();
        await Promise.all([
          p.waitForURL(/\/merci\?/),
          p.locator(`#${form} button[type=submit]`).click(),
        ]);
        const id = ((await p.locator('[data-record-id]').textContent()) ?? '').trim();
        expect(id).toMatch(UUID);
        const link = p.getByRole('link', { name: /journal des consentements/ });
        const href = await link.getAttribute('href');
        expect(href).toBe(`${receiver.url}/log/records/${id}`);

        await delivered(id);

        // The log: sign in with the admin token once, then the record page.
        await p.goto(`${receiver.url}/log?token=${TOKEN}`);
        expect(new URL(p.url()).search).toBe('');
        expect((await p.goto(href!))?.status()).toBe(200);
        await expect.poll(() => p.getByText(id).count()).toBeGreaterThan(0);
        await expect.poll(() => p.locator('h1 .status').textContent()).toContain('Verified');
        expect(await p.locator('.checks .bad').count()).toBe(0);
        const decision = p.locator('section', {
          has: p.getByRole('heading', { name: 'Decision', exact: true }),
        });
        expect(await decision.textContent()).toContain('form:checkbox');
        for (const purpose of ['contact', 'marketing', 'analytics'])
          expect(await decision.textContent()).toContain(`${purpose} ✓`);
        expect(await p.locator('.notice-text').textContent()).toContain(WORDING);
        expect(violations(consoleErrors)).toEqual([]);
      } finally {
        await ctx.close();
      }
    });
  }

  it('lets Matomo count the visit once the form granted analytics', async () => {
    // The form consent above covers analytics (policy §5): the thank-you pages were tracked.
    expect(demo.hits.some((h) => h.type === 'pageview' && h.url.includes('/merci'))).toBe(true);
    // The record id the site keeps with the lead never reaches Matomo (page address, referrer).
    const ids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
    for (const h of demo.hits) expect(JSON.stringify(h)).not.toMatch(ids);
  });

  it('keeps the box of a form sent unticked in view on a phone, below the sticky header', async () => {
    const { ctx, page: p } = await newContext(browser, { viewport: { width: 375, height: 740 } });
    try {
      await p.goto(`${demo.origin}/contact`);
      await p.locator('#cachet').getByRole('button', { name: 'Tout refuser' }).click();
      await fill(p, 'contact');
      await p.locator('#contact button[type=submit]').click();
      const box = p.getByRole('checkbox', { name: new RegExp(WORDING.slice(0, 40)) });
      await expect.poll(() => box.evaluate((b) => b === document.activeElement)).toBe(true);
      // What a finger would touch at the box's centre is the box, not the header over it.
      expect(
        await box.evaluate((b) => {
          const r = b.getBoundingClientRect();
          return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b;
        }),
      ).toBe(true);
    } finally {
      await ctx.close();
    }
  });

  it('switches the page and the widget to English', async () => {
    const { ctx, page: p } = await newContext(browser);
    try {
      await p.goto(`${demo.origin}/contact`);
      await expect
        .poll(() => p.locator('#cachet').getByRole('button', { name: 'Tout accepter' }).count())
        .toBe(1);
      await p.getByRole('button', { name: 'EN', exact: true }).click();
      await expect
        .poll(() => p.locator('#cachet').getByRole('button', { name: 'Accept all' }).count())
        .toBe(1);
      await expect
        .poll(() => p.getByRole('heading', { name: 'Contact us' }).isVisible())
        .toBe(true);
      await p.reload();
      await expect
        .poll(() => p.locator('#cachet').getByRole('button', { name: 'Accept all' }).count())
        .toBe(1);
    } finally {
      await ctx.close();
    }
  });

  it('renders the privacy policy from its text file and serves a real PDF brochure', async () => {
    const { ctx, page: p } = await newContext(browser);
    try {
      await p.goto(`${demo.origin}/confidentialite`);
      await expect
        .poll(() => p.getByRole('heading', { name: /^5\. Consentement/ }).count())
        .toBe(1);
      expect(await p.locator('[data-policy-toc] a').count()).toBe(9);
      const pdf = await p.request.get(`${demo.origin}/plaquette-sociatex.pdf`);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const body = await pdf.body();
      expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      expect(body.subarray(-6).toString()).toContain('%%EOF');
    } finally {
      await ctx.close();
    }
  });
});
