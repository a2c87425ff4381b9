import { chromium } from 'playwright-core';
import { probeScript } from '../../bench/lib/probe.mjs';
import { startServer } from '../../bench/lib/server.mjs';
import { WIDGETS, widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';

const w = WIDGETS.find((x) => x.id === (process.argv[2] ?? 'cachet'));
const server = await startServer([w], widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
for (let r = 0; r < 1; r++) {
  const ctx = await browser.newContext();
  await ctx.addInitScript({ content: probeScript(w.find, 300) });
  const page = await ctx.newPage();
  const ready = new Promise((ok) =>
    page.on('console', (m) => m.text() === '__bench:ready' && ok()),
  );
  await browser.startTracing(page, {
    categories: ['disabled-by-default-v8.compile', 'v8', 'devtools.timeline'],
  });
  await page.goto(`${server.origin}/${w.id}`);
  await ready;
  const ev = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const main = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mine = ev.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const outer = mine.filter((e) =>
    [
      'EvaluateScript',
      'FunctionCall',
      'v8.compile',
      'TimerFire',
      'FireAnimationFrame',
      'RunMicrotasks',
      'EventDispatch',
    ].includes(e.name),
  );
  for (const e of mine.filter(
    (e) =>
      /ParseProgram|PreParse|ParseFunction|CompileCode|CompileLazy/i.test(e.name) && e.dur > 200,
  )) {
    const o = outer
      .filter((x) => x.ts <= e.ts && x.ts + x.dur >= e.ts + e.dur)
      .map(
        (x) =>
          `${x.name}:${(x.args?.data?.url ?? x.args?.data?.functionName ?? '').split('/').pop()}`,
      );
    console.log(r, e.name, (e.dur / 1000).toFixed(2), o.join(' > '));
  }
  for (const e of ev.filter(
    (e) =>
      e.pid === main.pid &&
      e.tid !== main.tid &&
      e.ph === 'X' &&
      /parseOnBackground$|RunScriptStreamingTask|BackgroundCompileTask::Run/.test(e.name),
  ))
    console.log(r, '  bg', e.name, (e.dur / 1000).toFixed(2), JSON.stringify(e.args).slice(0, 120));
  for (const e of mine.filter((e) => e.name === 'EvaluateScript' || e.name === 'v8.compile'))
    console.log(
      r,
      '  main',
      e.name,
      (e.dur / 1000).toFixed(2),
      JSON.stringify(e.args).slice(0, 200),
    );
  await ctx.close();
}
await browser.close();
await server.close();
