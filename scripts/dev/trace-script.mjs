// Where a widget's ScriptDuration goes on the benchmark page: a Chromium trace of N cold loads,
// summing the renderer main thread's top-level script events (compile, evaluate, callbacks) by
// kind and by source. Usage: node scripts/dev/trace-script.mjs [widget] [--runs 5]
import { chromium } from 'playwright-core';
import { startServer } from '../../bench/lib/server.mjs';
import { widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';
import { inside, traceLoad, widget } from './trace-load.mjs';

const id = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : 'cachet';
const i = process.argv.indexOf('--runs');
const runs = i < 0 ? 5 : Number(process.argv[i + 1]);
const w = widget(id);
const server = await startServer([w], widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const sums = new Map();
const add = (k, d) => sums.set(k, (sums.get(k) ?? 0) + d / 1000 / runs);
for (let r = 0; r < runs; r++) {
  const {
    events,
    thread,
    main: mine,
  } = await traceLoad(browser, server.origin, w, {
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
      if (inside(c, e) && ['Layout', 'UpdateLayoutTree'].includes(c.name)) forced += c.dur;
    add('TOTAL minus forced style/layout', e.dur - forced);
    add(`${e.name} ${src} minus forced`, e.dur - forced);
    for (const c of mine)
      if (c !== e && inside(c, e) && !kinds.has(c.name))
        add(`   in ${e.name} ${src}: ${c.name}`, c.dur);
  }
  // Where V8 parses and compiles: the main thread, or the thread streaming the script.
  for (const e of events)
    if (/compile|parse|stream/i.test(e.name) && e.ph === 'X' && e.dur && e.pid === thread.pid)
      add(`[${e.tid === thread.tid ? 'main' : 'other'} thread] ${e.name}`, e.dur);
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
}
await browser.close();
await server.close();
for (const [k, ms] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30)))
  console.log(`${ms.toFixed(2).padStart(8)} ms  ${k}`);
