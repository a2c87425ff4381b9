#!/usr/bin/env node
// Where a widget's start-up time goes: CDP CPU profiles (100 µs sampling) of N cold loads of
// the benchmark page, from navigation to the end of the load phase, as average self time per
// function. Forced style/layout counts as self time of the script that forced it.
// Run: node bench/profile.mjs [cachet|orestbida|klaro|tarteaucitron|osano] [--runs 5]
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './browser.mjs';
import { probeScript } from './lib/probe.mjs';
import { startServer } from './lib/server.mjs';
import { WIDGETS, widgetPage } from './lib/widgets.mjs';

const id = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : 'cachet';
const i = process.argv.indexOf('--runs');
const runs = i < 0 ? 5 : Number(process.argv[i + 1]);
const w = WIDGETS.find((x) => x.id === id);
if (!w) throw new Error(`unknown widget "${id}"`);
const server = await startServer([w], widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const self = new Map();
try {
  for (let r = 0; r < runs; r++) {
    const ctx = await browser.newContext();
    await ctx.addInitScript({ content: probeScript(w.find, 300) });
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const ready = new Promise((ok) =>
      page.on('console', (m) => m.text() === '__bench:ready' && ok()),
    );
    await page.goto(`${server.origin}/${id}`);
    await ready;
    const { profile } = await cdp.send('Profiler.stop');
    const time = new Map();
    for (const [k, s] of profile.samples.entries())
      time.set(s, (time.get(s) ?? 0) + (profile.timeDeltas[k] ?? 0));
    for (const n of profile.nodes) {
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'}  ${f.url.split('/').pop() || '-'}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (time.get(n.id) ?? 0) / 1000 / runs);
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`${w.name}: average self time over ${runs} cold load(s), top 25`);
for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${ms.toFixed(2).padStart(8)} ms  ${k}`);
