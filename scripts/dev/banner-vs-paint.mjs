// Is the banner in the page's first contentful frame? For each widget, N cold loads of the
// benchmark page: the probe's "banner visible" frame time against Chromium's first-contentful-
// paint entry (both on the page clock). shown − FCP ≤ 0 means the banner was already rendered
// in the frame that first showed the page: no widget can show it earlier on this page.
// REDUCE=1 emulates prefers-reduced-motion: reduce (no entrance animation).
// Usage: [REDUCE=1] node scripts/dev/banner-vs-paint.mjs [--runs 10] [widget…]
import { chromium } from 'playwright-core';
import { startServer } from '../../bench/lib/server.mjs';
import { summary } from '../../bench/lib/stats.mjs';
import { widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';
import { settledLoad, widget } from './trace-load.mjs';

const args = process.argv.slice(2);
const i = args.indexOf('--runs');
const runs = i < 0 ? 10 : Number(args[i + 1]);
const ids = args.filter((a, k) => !a.startsWith('--') && args[k - 1] !== '--runs');
const ws = (ids.length ? ids : ['cachet', 'orestbida', 'osano']).map((id) => widget(id));
const server = await startServer(ws, widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const out = new Map(ws.map((w) => [w.id, []]));
for (let r = 0; r < runs; r++)
  for (const w of ws) {
    const { ctx, page } = await settledLoad(browser, server.origin, w, {
      context: { reducedMotion: process.env.REDUCE ? 'reduce' : 'no-preference' },
    });
    const { shown, fcp } = await page.evaluate(() => ({
      shown: window.__bench.shown,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    }));
    out.get(w.id).push({ shown, fcp });
    await ctx.close();
  }
await browser.close();
await server.close?.();
const ms = (a) => summary(a).median.toFixed(0).padStart(6);
console.log('widget          shown    FCP  shown−FCP  banner in the FCP frame   (medians, ms)');
for (const [id, rs] of out) {
  const d = rs.map((x) => x.shown - x.fcp);
  const inFcp = d.filter((x) => x <= 0).length;
  console.log(
    `${id.padEnd(14)} ${ms(rs.map((x) => x.shown))} ${ms(rs.map((x) => x.fcp))} ${ms(d).padStart(10)}  ${inFcp}/${rs.length}`,
  );
}
process.exit(0);
