/**
 * The host page's global scope: the built cachet.js and cachet-records.js add `Cachet` and
 * nothing else (the build turns their IIFE into a strict block, where a stray `var` or function
 * would become a global of the page: scripts/unwrap-iife.mjs).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newContext, page, serve, type TestServer } from './harness';

let browser: Browser;
let site: TestServer;
beforeAll(async () => {
  browser = await launchBrowser();
  site = await serve({
    '/': { body: page() },
    '/bare': { body: page().replace(/<script src[^>]*><\/script>/, '') },
    '/favicon.ico': { body: '', type: 'image/x-icon' },
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const globals = (p: Page) => p.evaluate(() => Object.getOwnPropertyNames(window));

it('adds only `Cachet` to the page, before and after the record signer loads', async () => {
  const { ctx, page: p, consoleErrors } = await newContext(browser);
  await p.goto(`${site.origin}/bare`);
  const bare = new Set(await globals(p));
  await p.goto(site.url);
  await p.waitForFunction(() => window.Cachet?.ready);
  const added = () => globals(p).then((g) => g.filter((k) => !bare.has(k)));
  expect(await added()).toEqual(['Cachet']);
  await p.getByRole('button', { name: 'Tout refuser' }).click();
  await expect
    .poll(() => site.requests.filter((r) => r.path === '/cachet-records.js').length)
    .toBe(1);
  await p.waitForTimeout(300);
  expect(await added()).toEqual(['Cachet']);
  expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  await ctx.close();
});
