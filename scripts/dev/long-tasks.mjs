// The long tasks of a cold load at 4x CPU throttling (what total blocking time sums), and what
// each main-thread task over 40 ms holds: script, style, layout, paint. Layout and style events
// of over 5 ms are listed with the script event they sit in, if any (none: not forced by a
// script, e.g. Blink's layout after the load event). Shows whose work a long task is.
// Usage: RUNS=3 [FILE=other/cachet.js] node scripts/dev/long-tasks.mjs [widget]
import { chromium } from 'playwright-core';
import { probeScript } from '../../bench/lib/probe.mjs';
import { startServer } from '../../bench/lib/server.mjs';
import { WIDGETS, widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';

const w = WIDGETS.find((x) => x.id === (process.argv[2] ?? 'cachet'));
const server = await startServer(
  [process.env.FILE ? { ...w, files: { ...w.files, '/cachet.js': process.env.FILE } } : w],
  widgetPage,
);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
for (let r = 0; r < Number(process.env.RUNS ?? 3); r++) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  await ctx.addInitScript({ content: probeScript(w.find, 300) });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const ready = new Promise((ok) =>
    page.on('console', (m) => m.text() === '__bench:ready' && ok()),
  );
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'v8.execute'] });
  await page.goto(`${server.origin}/${w.id}`);
  await ready;
  const b = await page.evaluate(() => window.__bench);
  const ev = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const main = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mine = ev
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur)
    .sort((a, b) => a.ts - b.ts);
  const tasks = mine
    .filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')
    .filter((e) => e.dur > 40000);
  console.log(
    `run ${r}: lt ${JSON.stringify(b.lt.map(([_s, d]) => Math.round(d)))} tbt ${b.lt
      .filter(([s]) => s < b.ready)
      .reduce((t, [, d]) => t + Math.max(0, d - 50), 0)
      .toFixed(0)}`,
  );
  for (const t of tasks) {
    const kids = new Map();
    for (const e of mine)
      if (
        e !== t &&
        e.ts >= t.ts &&
        e.ts + e.dur <= t.ts + t.dur &&
        [
          'ParseHTML',
          'EvaluateScript',
          'v8.callFunction',
          'UpdateLayoutTree',
          'Layout',
          'Paint',
          'FunctionCall',
          'TimerFire',
          'FireAnimationFrame',
          'RunMicrotasks',
          'PrePaint',
          'Commit',
          'Document::updateStyle',
          'v8.compile',
          'ParseAuthorStyleSheet',
          'EventDispatch',
        ].includes(e.name)
      ) {
        const k = e.name + (e.args?.data?.url ? ` ${e.args.data.url.split('/').pop()}` : '');
        kids.set(k, (kids.get(k) ?? 0) + e.dur / 1000);
      }
    for (const e of mine)
      if (
        e.ts >= t.ts &&
        e.ts + e.dur <= t.ts + t.dur &&
        (e.name === 'Layout' || e.name === 'UpdateLayoutTree') &&
        e.dur > 5000
      ) {
        const parent = mine
          .filter(
            (x) =>
              x !== e &&
              [
                'EvaluateScript',
                'FunctionCall',
                'RunMicrotasks',
                'EventDispatch',
                'TimerFire',
              ].includes(x.name) &&
              x.ts <= e.ts &&
              x.ts + x.dur >= e.ts + e.dur,
          )
          .map(
            (x) =>
              x.name +
              (x.args?.data?.url ? `:${x.args.data.url.split('/').pop()}` : '') +
              (x.args?.data?.type ? `:${x.args.data.type}` : ''),
          );
        const st = (e.args?.beginData?.stackTrace ?? e.args?.data?.stackTrace ?? [])
          .slice(0, 4)
          .map(
            (f) => `${f.functionName}@${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`,
          );
        console.log(
          `    ${e.name} ${(e.dur / 1000).toFixed(0)} ms in [${parent.join(' > ')}] ${st.join(' < ')}`,
        );
      }
    console.log(
      `  task ${(t.dur / 1000).toFixed(0)} ms:`,
      [...kids]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', '),
    );
  }
  await ctx.close();
}
await browser.close();
await server.close();
