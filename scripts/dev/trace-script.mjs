// Where a widget's ScriptDuration goes on the benchmark page: a Chromium trace of N cold loads,
// summing the renderer main thread's top-level script events (compile, evaluate, callbacks) by
// kind and by source. Usage: node scripts/dev/trace-script.mjs [widget] [--runs 5]
import { chromium } from 'playwright-core';
import { probeScript } from '../../bench/lib/probe.mjs';
import { startServer } from '../../bench/lib/server.mjs';
import { WIDGETS, widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';

const id = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : 'cachet';
const i = process.argv.indexOf('--runs');
const runs = i < 0 ? 5 : Number(process.argv[i + 1]);
const w = WIDGETS.find((x) => x.id === id);
const server = await startServer([w], widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const sums = new Map();
const add = (k, d) => sums.set(k, (sums.get(k) ?? 0) + d / 1000 / runs);
for (let r = 0; r < runs; r++) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  await ctx.addInitScript({ content: probeScript(w.find, 300) });
  const page = await ctx.newPage();
  const ready = new Promise((ok) =>
    page.on('console', (m) => m.text() === '__bench:ready' && ok()),
  );
  await browser.startTracing(page, {
    // CATEGORIES=v8,v8.execute leaves out Blink's timeline events, whose JS stack traces make
    // V8 collect source positions (reparsing) and so inflate the script time being measured.
    categories: process.env.CATEGORIES?.split(',') ?? [
      'devtools.timeline',
      'v8',
      'v8.execute',
      'blink',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-v8.compile',
    ],
  });
  await page.goto(`${server.origin}/${id}`);
  await ready;
  const buf = await browser.stopTracing();
  const ev = JSON.parse(buf.toString()).traceEvents;
  const main = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mine = ev.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur);
  // nested: keep only script events not inside another script event
  const kinds = new Set([
    'EvaluateScript',
    'FunctionCall',
    'v8.compile',
    'v8.compileModule',
    'RunMicrotasks',
    'TimerFire',
    'FireAnimationFrame',
    'EventDispatch',
    'v8.run',
    'V8.ScriptCompiler',
  ]);
  mine.sort((a, b) => a.ts - b.ts);
  let end = 0;
  for (const e of mine) {
    if (!kinds.has(e.name)) continue;
    if (e.ts < end) continue;
    end = e.ts + e.dur;
    const d = e.args?.data ?? {};
    const src = (d.url || d.scriptName || '').split('/').pop() || '-';
    add(`${e.name} ${src} ${d.functionName ?? ''}`.trim(), e.dur);
    add('TOTAL', e.dur);
    let forced = 0;
    for (const c of mine)
      if (c.ts >= e.ts && c.ts + c.dur <= end && ['Layout', 'UpdateLayoutTree'].includes(c.name))
        forced += c.dur;
    add('TOTAL minus forced style/layout', e.dur - forced);
    add(`${e.name} ${src} minus forced`, e.dur - forced);
    for (const c of mine)
      if (c !== e && c.ts >= e.ts && c.ts + c.dur <= end && !kinds.has(c.name))
        add(`   in ${e.name} ${src}: ${c.name}`, c.dur);
  }
  // Where V8 parses and compiles: the main thread, or the thread streaming the script.
  for (const e of ev)
    if (/compile|parse|stream/i.test(e.name) && e.ph === 'X' && e.dur && e.pid === main.pid)
      add(`[${e.tid === main.tid ? 'main' : 'other'} thread] ${e.name}`, e.dur);
  for (const e of mine)
    if (
      [
        'Layout',
        'UpdateLayoutTree',
        'ParseAuthorStyleSheet',
        'v8.compile',
        'V8.GCScavenger',
        'MinorGC',
        'MajorGC',
        'ParseHTML',
        'Paint',
      ].includes(e.name)
    )
      add(`[all] ${e.name}`, e.dur);
  await ctx.close();
}
await browser.close();
await server.close();
for (const [k, ms] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30)))
  console.log(`${ms.toFixed(2).padStart(8)} ms  ${k}`);
