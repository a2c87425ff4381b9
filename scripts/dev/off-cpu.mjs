// Where a widget's script time off the CPU goes: N cold loads of the benchmark page under a
// Chromium trace. For the widget's own top-level script events on the renderer's main thread
// (wall `dur` against thread time `tdur`), it sums what every other thread of every Chromium
// process ran on the CPU while that script ran: on a 2-core machine, that is who the script
// waits behind. The browser's handling of the page-text capture for translation
// (translate.mojom.ContentTranslateDriver) is counted on a line of its own.
// Usage: node scripts/dev/off-cpu.mjs [widget] [--runs 10] [--by-task]
import { chromium } from 'playwright-core';
import { startServer } from '../../bench/lib/server.mjs';
import { widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';
import { inside, traceLoad, widget } from './trace-load.mjs';

const id = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : 'cachet';
const i = process.argv.indexOf('--runs');
const runs = i < 0 ? 10 : Number(process.argv[i + 1]);
// --by-task: split each line by the widget's task it overlaps (its first script, a timer, …).
const byTask = process.argv.includes('--by-task');
const w = widget(id);
const files = Object.keys(w.files).concat(`/config/${id}.js`);
const server = await startServer([w], widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const SCRIPT = new Set(['EvaluateScript', 'FunctionCall', 'TimerFire', 'EventDispatch', 'v8.run']);
const sums = new Map();
const add = (k, ms) => sums.set(k, (sums.get(k) ?? 0) + ms / runs);

for (let r = 0; r < runs; r++) {
  const { events, main } = await traceLoad(browser, server.origin, w, {
    categories: ['toplevel', 'devtools.timeline', 'mojom'],
  });
  const thread = new Map(
    events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]),
  );
  const proc = new Map(
    events.filter((e) => e.name === 'process_name').map((e) => [e.pid, e.args.name]),
  );
  // The widget's script: top-level script events on the main thread running one of its files.
  const mine = (e) =>
    main.some(
      (c) =>
        inside(c, e) &&
        files.some((f) => (c.args?.data?.url ?? c.args?.data?.scriptName ?? '').endsWith(f)),
    );
  const windows = [];
  let end = 0;
  for (const e of main) {
    if (!SCRIPT.has(e.name) || e.ts < end || e.tdur === undefined || !mine(e)) continue;
    end = e.ts + e.dur;
    windows.push(e);
    add('script: wall', e.dur / 1000);
    add('script: main-thread CPU', e.tdur / 1000);
    if (byTask) add(`other thread: [${e.name}] its own wall, for reference`, e.dur / 1000);
  }
  const key = `${main[0].pid}:${main[0].tid}`;
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur || e.tdur === undefined || `${e.pid}:${e.tid}` === key) continue;
    // Top-level tasks only: a thread's task runner event, or the translate message itself.
    const translate =
      e.name === 'Receive mojo message' &&
      e.args?.chrome_mojo_event_info?.mojo_interface_tag ===
        'translate.mojom.ContentTranslateDriver';
    if (!translate && !/^(ThreadControllerImpl::RunTask|ThreadPool_RunTask)$/.test(e.name))
      continue;
    for (const s of windows) {
      const overlap = Math.min(s.ts + s.dur, e.ts + e.dur) - Math.max(s.ts, e.ts);
      if (overlap <= 0) continue;
      const cpu = ((overlap / e.dur) * e.tdur) / 1000;
      if (translate) add('  of which: browser main, translate page capture', cpu);
      else
        add(
          `other thread: ${byTask ? `[${s.name}] ` : ''}${proc.get(e.pid) ?? e.pid} / ${thread.get(`${e.pid}:${e.tid}`)}`,
          cpu,
        );
    }
  }
}
await browser.close();
await server.close();
console.log(`${w.name}, ${runs} traced loads, mean ms per load`);
const line = (k) => console.log((sums.get(k) ?? 0).toFixed(2).padStart(7), k);
line('script: wall');
line('script: main-thread CPU');
const others = [...sums.keys()]
  .filter((k) => k.startsWith('other'))
  .sort((a, b) => sums.get(b) - sums.get(a));
sums.set(
  'script: off the CPU (wall - CPU)',
  sums.get('script: wall') - sums.get('script: main-thread CPU'),
);
sums.set(
  'CPU of all other threads meanwhile',
  others.filter((k) => !k.endsWith('for reference')).reduce((t, k) => t + sums.get(k), 0),
);
line('script: off the CPU (wall - CPU)');
line('CPU of all other threads meanwhile');
for (const k of others) if (sums.get(k) >= 0.05) line(k);
line('  of which: browser main, translate page capture');
