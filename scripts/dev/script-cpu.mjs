// Main-thread CPU time spent in script during a cold load of the benchmark page, next to the
// bench's ScriptDuration (wall time). On this shared 2-core machine ScriptDuration swings 3-4x
// between loads because the renderer is descheduled or waits on a synchronous IPC (the first
// document.cookie read) in the middle of a script; the thread time of V8's own trace events
// (`tdur` of v8.run / v8.callFunction / v8.compile) is what the script itself costs, and varies
// much less. Only V8's categories are traced: Blink's timeline events capture JS stacks, which
// make V8 reparse functions for source positions and would inflate what is measured.
// Usage: node scripts/dev/script-cpu.mjs [widget] [--runs 20] [--file a.js] [--b b.js]
//   --file: serve this file as /cachet.js; --b: a second cachet.js, loaded in turn (A B A B…).
import { chromium } from 'playwright-core';
import { startServer } from '../../bench/lib/server.mjs';
import { widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';
import { traceLoad, widget } from './trace-load.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : process.argv[i + 1];
};
const id = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'cachet';
const runs = Number(arg('runs', 20));
const variants = [arg('file'), arg('b')].filter((f, i) => f || i === 0);
const widgets = variants.map((file, i) => {
  const w = widget(id, file);
  return i ? { ...w, id: `${w.id}-b` } : w;
});
const server = await startServer(widgets, widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const results = widgets.map(() => ({ wall: [], cpu: [] }));

for (let r = 0; r < runs; r++)
  for (const [i, v] of widgets.entries()) {
    const { main, scriptMs } = await traceLoad(browser, server.origin, v, {
      categories: ['v8', 'v8.execute', 'toplevel'],
      metrics: true,
    });
    let end = 0;
    let cpu = 0;
    for (const e of main) {
      if (!/^v8\.(run|callFunction|compile|compileModule|evaluateModule)$/.test(e.name)) continue;
      if (e.ts < end) continue; // outermost events only
      end = e.ts + e.dur;
      cpu += (e.tdur ?? e.dur) / 1000;
    }
    results[i].wall.push(scriptMs);
    results[i].cpu.push(cpu);
  }
await browser.close();
await server.close();

const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const range = (a) =>
  `${med(a).toFixed(1)} (${Math.min(...a).toFixed(1)}–${Math.max(...a).toFixed(1)})`;
for (const [i, v] of widgets.entries())
  console.log(
    `${v.id.padEnd(12)} ScriptDuration ${range(results[i].wall)} ms · main-thread CPU in script ${range(results[i].cpu)} ms`,
  );
if (widgets.length === 2) {
  const ratio = (k) => med(results[0][k].map((a, j) => a / results[1][k][j])).toFixed(2);
  console.log(
    `A / B, median of per-pair ratios: ScriptDuration ${ratio('wall')}, CPU ${ratio('cpu')}`,
  );
}
