/**
 * The marketers' configurator in real Chromium: a text edited in the form appears in the live
 * preview (the real widget), the change asks for a new notice version, the draft survives a
 * reload, an imported file's errors show next to the field, and the exported file, loaded by
 * the built dist/cachet.js on another page, shows the new text.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfigurator } from '../../demo/build.mjs';
import { type Demo, startDemo } from '../../demo/server';
import { launchBrowser, newContext, page, serve } from './harness';

const NEW_TITLE = 'Vos données, vos choix';

let browser: Browser;
let demo: Demo;
let outDir: string;

beforeAll(async () => {
  // Its own build folder: other builds may empty dist/ meanwhile.
  outDir = mkdtempSync(join(tmpdir(), 'cachet-configurator-'));
  await buildConfigurator(outDir);
  demo = await startDemo({ port: 0, receiverUrl: 'http://127.0.0.1:9', configuratorDir: outDir });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(outDir, { recursive: true, force: true });
});

describe('the configurator', () => {
  it('previews an edited text live, exports it, and the exported file shows it on a site', async () => {
    const { ctx, page: p, consoleErrors } = await newContext(browser, { acceptDownloads: true });
    try {
      await p.goto(`${demo.origin}/configurator/`);
      const preview = p.frameLocator('iframe[title^="Preview"]');
      await expect
        .poll(() =>
          preview.getByRole('heading', { name: 'SOCIATEX respecte votre vie privée' }).count(),
        )
        .toBe(1);

      const title = p.getByLabel('Title', { exact: true });
      await title.fill(NEW_TITLE);
      // Typing never pulls the focus into the preview.
      await title.press('End');
      await title.pressSequentially(' !');
      expect(await p.evaluate(() => document.activeElement?.id)).toBe('f-texts-fr-banner-title');
      await expect
        .poll(() => preview.getByRole('heading', { name: `${NEW_TITLE} !` }).count())
        .toBe(1);
      await title.fill(NEW_TITLE);

      // A new wording under the old version would not be asked again: the configurator says so.
      const warning = p.getByText('New wording, same notice version.');
      expect(await warning.count()).toBe(1);
      await p.getByRole('button', { name: /^Set the version to / }).click();
      expect(await warning.count()).toBe(0);

      // The draft is kept across reloads.
      await p.reload();
      await expect.poll(() => p.getByLabel('Title', { exact: true }).inputValue()).toBe(NEW_TITLE);

      // Light/dark and desktop/mobile previews.
      await p.getByRole('button', { name: 'Dark', exact: true }).click();
      await p.getByRole('button', { name: 'Mobile', exact: true }).click();
      await expect
        .poll(() => p.locator('iframe[title^="Preview"]').getAttribute('width'))
        .toBe('375');
      await expect.poll(() => preview.locator('html').getAttribute('data-scheme')).toBe('dark');

      await p.getByRole('tab', { name: 'Export' }).click();
      const sri = readFileSync(join(process.cwd(), 'dist', 'cachet.js.sri'), 'utf8').trim();
      // The hash is fetched from /cachet.js.sri when the tab opens: wait for it.
      await expect.poll(() => p.locator('pre.code').textContent()).toContain(`integrity="${sri}"`);
      const [download] = await Promise.all([
        p.waitForEvent('download'),
        p.getByRole('button', { name: 'Download cachet.config.json' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('cachet.config.json');
      const exported = readFileSync((await download.path())!, 'utf8');
      const config = JSON.parse(exported);
      expect(config.texts.fr['banner.title']).toBe(NEW_TITLE);
      expect(config.notice.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(config.notice.version).not.toBe('2022-01-24');
      expect(
        consoleErrors.filter((e) => /Content Security Policy|Trusted Type|pageerror/.test(e)),
      ).toEqual([]);

      // The exported file, as a site would use it.
      const site = await serve({
        '/cachet.config.json': { body: exported, type: 'application/json' },
        '/': { body: page({ attrs: 'data-config="/cachet.config.json"' }) },
      });
      try {
        const visitor = await ctx.newPage();
        await visitor.goto(site.url);
        await expect
          .poll(() => visitor.locator('#cachet').getByRole('heading', { name: NEW_TITLE }).count())
          .toBe(1);
      } finally {
        await site.close();
      }
    } finally {
      await ctx.close();
    }
  });

  it('shows the validator’s error next to the field of an imported file', async () => {
    const { ctx, page: p } = await newContext(browser);
    try {
      await p.goto(`${demo.origin}/configurator/`);
      await p.getByRole('tab', { name: 'Export' }).click();
      await p.locator('#import-file').setInputFiles({
        name: 'broken.json',
        mimeType: 'application/json',
        buffer: Buffer.from(
          JSON.stringify({ theme: { accent: 'blue' }, notice: { version: '3' } }),
        ),
      });
      await expect.poll(() => p.getByText('Imported broken.json.').count()).toBe(1);
      expect(await p.getByText('1 problem', { exact: true }).count()).toBe(1);
      await p.getByRole('tab', { name: /Notice & look/ }).click();
      const accent = p.getByLabel('Accent', { exact: true });
      expect(await accent.inputValue()).toBe('blue');
      expect(await accent.getAttribute('aria-invalid')).toBe('true');
      const described = await accent.getAttribute('aria-describedby');
      expect(await p.locator(`[id="${described}"]`).textContent()).toContain('hex colour');
      // Fixing it clears the error everywhere.
      await accent.fill('#0f766e');
      await expect.poll(() => p.getByText('Config valid').count()).toBe(1);

      await p.getByRole('tab', { name: 'Export' }).click();
      await p.locator('#import-file').setInputFiles({
        name: 'notjson.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{ nope'),
      });
      await expect.poll(() => p.getByRole('alert').textContent()).toContain('not valid JSON');
    } finally {
      await ctx.close();
    }
  });
});
