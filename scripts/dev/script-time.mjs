// ScriptDuration (CDP Performance.getMetrics) of the script-tag build with only some modules, to
// find where start-up time goes, on the benchmark's page and config (the banner must show, so
// keep `ui`). With --profile, also the inclusive time of each function of the unminified build
// (CPU profile, 50 µs sampling), averaged over the loads. Prints ScriptDuration as wall time (what
// the benchmark reports) and as the main thread's CPU time (a second DevTools session in the
// threadTicks domain): the difference is time inside script spent off the CPU.
// Usage: RUNS=15 node scripts/dev/script-time.mjs [--profile] [module…]
import { chromium } from 'playwright-core';
import { startServer } from '../../bench/lib/server.mjs';
import { WIDGETS, widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';
import { variantSize } from './variant-size.mjs';

const profile = process.argv.includes('--profile');
const mods = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const { path } = await variantSize(mods.length ? mods : ['ui'], undefined, { minify: !profile });
// The benchmark's page and config (bench/lib): a company site with a contact form.
const [cachet] = WIDGETS;
const server = await startServer([{ ...cachet, files: { '/cachet.js': path } }], widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const times = [];
const cpu = [];
const incl = new Map();
const N = Number(process.env.RUNS ?? 15);
for (let i = 0; i < N; i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  const thread = await ctx.newCDPSession(page);
  await thread.send('Performance.enable', { timeDomain: 'threadTicks' });
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
  }
  await page.goto(`${server.origin}/cachet`);
  await page.waitForTimeout(400);
  const { metrics } = await cdp.send('Performance.getMetrics');
  times.push(metrics.find((m) => m.name === 'ScriptDuration').value * 1000);
  const t = (await thread.send('Performance.getMetrics')).metrics;
  cpu.push(t.find((m) => m.name === 'ScriptDuration').value * 1000);
  if (profile) addProfile((await cdp.send('Profiler.stop')).profile);
  await ctx.close();
}
times.sort((a, b) => a - b);
console.log(times.map((t) => t.toFixed(1)).join(' '));
cpu.sort((a, b) => a - b);
console.log(`script ms median ${times[N >> 1].toFixed(1)} (min ${times[0].toFixed(1)})`);
console.log(`script CPU ms median ${cpu[N >> 1].toFixed(1)} (min ${cpu[0].toFixed(1)})`);
for (const [k, ms] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(`${(ms / N).toFixed(2).padStart(8)} ms  ${k}`);
await browser.close();
await server.close();

/** Adds each cachet.js function's inclusive time (once per stack, so recursion counts once). */
function addProfile(p) {
  const self = new Map();
  for (const [k, s] of p.samples.entries())
    self.set(s, (self.get(s) ?? 0) + (p.timeDeltas[k] ?? 0) / 1000);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const total = (n) =>
    (self.get(n.id) ?? 0) + (n.children ?? []).reduce((t, c) => t + total(byId.get(c)), 0);
  const walk = (n, seen) => {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} cachet.js:${f.lineNumber + 1}`;
    const mine = f.url.endsWith('/cachet.js') && !seen.has(key);
    if (mine) incl.set(key, (incl.get(key) ?? 0) + total(n));
    const next = mine ? new Set(seen).add(key) : seen;
    for (const c of n.children ?? []) walk(byId.get(c), next);
  };
  walk(p.nodes[0], new Set());
}
