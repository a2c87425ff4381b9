// Wall time of each part of Cachet's start-up, measured inside the page with performance.now()
// (no profiler): a build whose module list wraps each module in a timer. The benchmark's page
// and config, a DevTools client attached as in the benchmark. Medians over the loads.
// Usage: RUNS=40 node scripts/dev/module-time.mjs
// For a finer split, push temporary marks from src/ (not `||=`: built for ES2020 it needs a
// temporary `var`, which the script-tag build refuses):
//   const g = globalThis as any; (g.__cm = g.__cm || []).push([name, performance.now() - t]);
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from '../../bench/lib/server.mjs';
import { summary } from '../../bench/lib/stats.mjs';
import { WIDGETS, widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';
import { importsOf, MODULES, variantSize } from './variant-size.mjs';

const names = Object.keys(MODULES);
// Every module, each wrapped in a timer, after a mark for the moment the modules start (config
// checked, context made).
const { path } = await variantSize(names, undefined, {
  source: `${importsOf(names)}
const T: [string, number][] = ((globalThis as any).__ct = []);
const w = (n: string, m: any) => (ctx: any) => {
  const t = performance.now();
  try { return m(ctx); } finally { T.push([n, performance.now() - t]); }
};
export const modules = [(() => { T.push(['init', performance.now()]); }) as any, ${names.map((n) => `w('${n}', ${n})`).join(', ')}];
`,
});
// Marks at the first and last statements of the file's top level.
writeFileSync(
  path,
  `${readFileSync(path, 'utf8').replace('"use strict";{', '"use strict";globalThis.__t0=performance.now();{')}\nglobalThis.__t1=performance.now();\n`,
);

const [cachet] = WIDGETS;
const server = await startServer([{ ...cachet, files: { '/cachet.js': path } }], widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const rows = new Map();
const add = (k, v) => rows.set(k, [...(rows.get(k) ?? []), v]);
for (let i = 0; i < Number(process.env.RUNS ?? 30); i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${server.origin}/cachet`);
  await page.waitForTimeout(400);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const [ct, t0, t1, cm] = await page.evaluate(() => [
    window.__ct,
    window.__t0,
    window.__t1,
    window.__cm ?? [],
  ]);
  add('ScriptDuration', metrics.find((m) => m.name === 'ScriptDuration').value * 1000);
  const init = ct.find(([k]) => k === 'init')[1];
  add('top level (module definitions)', t1 - t0);
  add('end of top level → modules (microtask, cookie, validate, context)', init - t1);
  for (const [k, v] of ct) if (k !== 'init') add(k, v);
  // Marks added by hand for one run (not committed, see the top of this file), summed per name
  // and load.
  const marks = new Map();
  for (const [k, v] of cm) marks.set(k, (marks.get(k) ?? 0) + v);
  for (const [k, v] of marks) add(`  mark: ${k}`, v);
  await ctx.close();
}
for (const [k, v] of rows) {
  const s = summary(v);
  console.log(
    `${s.median.toFixed(2).padStart(7)} ms  (${s.min.toFixed(2)}–${s.max.toFixed(2)})  ${k}`,
  );
}
await browser.close();
await server.close();
