// What the "refuse all" click costs the page, per widget: the time in the click's handlers (from
// a capturing listener on window, the first to run, to a bubbling one, the last: what the click
// adds to Interaction to Next Paint), the click's Event Timing `duration` (to the next paint,
// rounded to 8 ms; reported only from 16 ms, so n says for how many loads), and the benchmark's
// "refuse → gone". Loads are interleaved (A B A B …), each a fresh context with the benchmark's
// probe. `cachet-b` is the build in $CACHET_B (bench/lib/widgets.mjs).
// Usage: [CACHET_B=dir] [RATE=4] node scripts/dev/click-time.mjs [widget…] [--runs 20]
import { chromium } from 'playwright-core';
import { startServer } from '../../bench/lib/server.mjs';
import { cell, summary } from '../../bench/lib/stats.mjs';
import { WIDGETS, widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';
import { settledLoad, widget } from './trace-load.mjs';

const args = process.argv.slice(2);
const i = args.indexOf('--runs');
const runs = i < 0 ? 20 : Number(args[i + 1]);
const ids = args.filter((a, k) => !a.startsWith('--') && args[k - 1] !== '--runs');
const ws = (ids.length ? ids : WIDGETS.map((w) => w.id)).map((id) => widget(id));
const rate = Number(process.env.RATE ?? 1);
const server = await startServer(ws, widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const out = new Map(ws.map((w) => [w.id, { handlers: [], duration: [], gone: [] }]));
for (let r = 0; r < runs; r++)
  for (const w of ws) {
    const { ctx, page } = await settledLoad(browser, server.origin, w, {
      before: async (p, c) => {
        const cdp = await c.newCDPSession(p);
        if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
        await p.addInitScript(() => {
          window.__clicks = [];
          window.__handlers = [];
          new PerformanceObserver((l) => {
            for (const e of l.getEntries())
              if (e.name === 'click') window.__clicks.push(e.toJSON());
          }).observe({ type: 'event', durationThreshold: 16, buffered: true });
          let t0 = 0;
          addEventListener('click', () => (t0 = performance.now()), true);
          addEventListener('click', () => window.__handlers.push(performance.now() - t0));
        });
      },
    });
    try {
      // tarteaucitron binds its buttons 500 ms after showing them (bench/lib/widgets.mjs).
      if (w.clickableAfterMs) await page.waitForTimeout(w.clickableAfterMs);
      const gone = new Promise((ok) =>
        page.on('console', (m) => m.text() === '__bench:gone' && ok()),
      );
      await w.refuse(page).click();
      await gone;
      // The event entry is queued after the next paint.
      await page.waitForTimeout(100);
      const { b, clicks, handlers } = await page.evaluate(() => ({
        b: window.__bench,
        clicks: window.__clicks,
        handlers: window.__handlers,
      }));
      const o = out.get(w.id);
      o.gone.push(b.gone - b.click);
      // A widget that stops the click's propagation leaves no figure for that load.
      if (handlers.length) o.handlers.push(handlers[0]);
      if (clicks[0]) o.duration.push(clicks[0].duration);
    } finally {
      await ctx.close();
    }
  }
await browser.close();
await server.close();
const fmt = (v) => `${cell(summary(v), 1)} ms (n ${v.length})`;
console.log(`"Refuse all" click, ${rate}x CPU, ${runs} loads each: median (min–max)`);
for (const [id, o] of out)
  console.log(
    `${id.padEnd(14)} handlers ${fmt(o.handlers)} · duration ${fmt(o.duration)} · gone ${fmt(o.gone)}`,
  );
