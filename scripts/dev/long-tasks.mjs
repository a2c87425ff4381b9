// The long tasks of a cold load at 4x CPU throttling (what total blocking time sums), and what
// each main-thread task over 40 ms holds: script, style, layout, paint. Layout and style events
// of over 5 ms are listed with the script event they sit in, if any (none: not forced by a
// script, e.g. Blink's layout after the load event). Shows whose work a long task is.
// Usage: RUNS=3 [FILE=other/cachet.js] node scripts/dev/long-tasks.mjs [widget]
import { chromium } from 'playwright-core';
import { startServer } from '../../bench/lib/server.mjs';
import { widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';
import { inside, traceLoad, widget } from './trace-load.mjs';

/** What a long task is made of, summed by event name (and script file). */
const PARTS = [
  'ParseHTML',
  'EvaluateScript',
  'FunctionCall',
  'RunMicrotasks',
  'TimerFire',
  'FireAnimationFrame',
  'EventDispatch',
  'v8.compile',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
];
/** Script events a forced style or layout would sit in. */
const SCRIPT = ['EvaluateScript', 'FunctionCall', 'RunMicrotasks', 'EventDispatch', 'TimerFire'];
const label = (e, sep = ' ') =>
  e.name +
  (e.args?.data?.url ? `${sep}${e.args.data.url.split('/').pop()}` : '') +
  (e.args?.data?.type ? `${sep}${e.args.data.type}` : '');

const w = widget(process.argv[2], process.env.FILE);
const server = await startServer([w], widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
for (let r = 0; r < Number(process.env.RUNS ?? 3); r++) {
  const { main, bench: b } = await traceLoad(browser, server.origin, w, {
    categories: ['toplevel', 'devtools.timeline', 'v8.execute'],
    rate: 4,
  });
  const tbt = b.lt.filter(([s]) => s < b.ready).reduce((t, [, d]) => t + Math.max(0, d - 50), 0);
  console.log(
    `run ${r}: lt ${JSON.stringify(b.lt.map(([, d]) => Math.round(d)))} tbt ${tbt.toFixed(0)}`,
  );
  for (const t of main.filter(
    (e) => /^(ThreadControllerImpl::)?RunTask$/.test(e.name) && e.dur > 40000,
  )) {
    const within = main.filter((e) => e !== t && inside(e, t));
    const parts = new Map();
    for (const e of within.filter((e) => PARTS.includes(e.name)))
      parts.set(label(e), (parts.get(label(e)) ?? 0) + e.dur / 1000);
    for (const e of within.filter(
      (e) => /^(Layout|UpdateLayoutTree)$/.test(e.name) && e.dur > 5000,
    )) {
      const by = within.filter((x) => x !== e && SCRIPT.includes(x.name) && inside(e, x));
      console.log(
        `    ${e.name} ${(e.dur / 1000).toFixed(0)} ms in [${by.map((x) => label(x, ':')).join(' > ')}]`,
      );
    }
    console.log(
      `  task ${(t.dur / 1000).toFixed(0)} ms:`,
      [...parts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', '),
    );
  }
}
await browser.close();
await server.close();
