// One cold load of a benchmark widget under a Chromium trace, as the benchmark loads it (fresh
// context, bench/lib/probe.mjs, until "__bench:ready"): shared by the scripts/dev tools that
// read where main-thread time goes.
import { probeScript } from '../../bench/lib/probe.mjs';
import { WIDGETS } from '../../bench/lib/widgets.mjs';

/** The benchmark widget `id`, serving `file` as its /cachet.js when given. */
export function widget(id = 'cachet', file) {
  const w = WIDGETS.find((x) => x.id === id);
  if (!w) throw new Error(`no widget "${id}" (${WIDGETS.map((x) => x.id).join(', ')})`);
  return file ? { ...w, files: { ...w.files, '/cachet.js': file } } : w;
}

/**
 * One cold load of `${origin}/${w.id}` as the benchmark makes it: a fresh context (1280×800,
 * fr-FR, plus `context` options), the probe, `before(page, ctx)` just before navigating, then
 * until the probe says "__bench:ready". The caller closes `ctx`.
 */
export async function settledLoad(browser, origin, w, { context = {}, before } = {}) {
  const ctx = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'fr-FR',
    ...context,
  });
  await ctx.addInitScript({ content: probeScript(w.find, 300) });
  const page = await ctx.newPage();
  const ready = new Promise((ok) =>
    page.on('console', (m) => m.text() === '__bench:ready' && ok()),
  );
  await before?.(page, ctx);
  await page.goto(`${origin}/${w.id}`, { waitUntil: 'commit' });
  await ready;
  return { ctx, page };
}

/** Whether trace event `e` lies within event `t`. */
export const inside = (e, t) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur;

/**
 * Loads `${origin}/${w.id}` traced with `categories`, at CPU `rate`. Returns every trace event,
 * the renderer main thread's complete events sorted by start (`main`), the probe's record
 * (`bench`) and, with `metrics`, Chromium's ScriptDuration in ms (`scriptMs`).
 */
export async function traceLoad(browser, origin, w, { categories, rate = 1, metrics = false }) {
  let cdp;
  const { ctx, page } = await settledLoad(browser, origin, w, {
    before: async (page, ctx) => {
      cdp = await ctx.newCDPSession(page);
      if (metrics) await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
      if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await browser.startTracing(page, { categories });
    },
  });
  try {
    const scriptMs = metrics
      ? (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')
          .value * 1000
      : null;
    const bench = await page.evaluate(() => window.__bench);
    const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    const thread = events.find(
      (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
    );
    const main = events
      .filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && e.dur)
      .sort((a, b) => a.ts - b.ts);
    return { events, thread, main, bench, scriptMs };
  } finally {
    await ctx.close();
  }
}
