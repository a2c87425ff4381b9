#!/usr/bin/env node
// Screenshots of each widget's banner on the benchmark page, to check by eye that every
// contender is configured as intended (same wording, visible, styled).
// Run: node bench/screenshot.mjs [widget ids…] → bench/results/screenshot-<id>.png
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './browser.mjs';
import { probeScript } from './lib/probe.mjs';
import { startServer } from './lib/server.mjs';
import { WIDGETS, widgetPage } from './lib/widgets.mjs';

const ids = process.argv.slice(2);
const list = ids.length ? WIDGETS.filter((w) => ids.includes(w.id)) : WIDGETS;
const dir = new URL('./results/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const server = await startServer(list, widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  for (const w of list) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addInitScript({ content: probeScript(w.find, 300) });
    const page = await ctx.newPage();
    const ready = new Promise((ok) =>
      page.on('console', (m) => m.text() === '__bench:ready' && ok()),
    );
    await page.goto(`${server.origin}/${w.id}`);
    await ready;
    // Let entrance animations finish (Osano fades in over a second).
    await page.waitForTimeout(1200);
    await page.screenshot({ path: `${dir}screenshot-${w.id}.png` });
    console.log(`bench/results/screenshot-${w.id}.png`);
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.close();
}
