// Browser benchmark: Cachet against four open-source consent widgets in real Chromium.
// Every load is cold (a fresh browser context: empty cache, cookies and storage). Runs are
// interleaved pair by pair (Cachet, peer, Cachet, peer … alternating which goes first) so
// machine noise hits both sides of each ratio alike. See docs/performance.md for the method.
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/chromium.mjs';
import { probeScript } from './lib/probe.mjs';
import { startServer } from './lib/server.mjs';
import { compressedSizes, summary } from './lib/stats.mjs';
import { BASELINE, WIDGETS, widgetPage } from './lib/widgets.mjs';

export { CHROMIUM, CHROMIUM_ARGS };

/** Metrics measured on every run, and those repeated under CPU throttling. */
export const FULL_METRICS = [
  'br',
  'brDecided',
  'gzip',
  'raw',
  'files',
  'scriptMs',
  'scriptCpuMs',
  'shownMs',
  'longTasks',
  'tbtMs',
  'cls',
  'nodesAdded',
  'heapKB',
  'heapAddedKB',
  'refuseMs',
];
export const TIMING_METRICS = ['scriptMs', 'shownMs', 'longTasks', 'tbtMs', 'refuseMs'];

const VIEWPORT = { width: 1280, height: 800 };

/** Counts every node of a CDP DOM tree, through shadow roots, iframes and templates. */
function countNodes(n) {
  let c = 1;
  for (const k of n.children ?? []) c += countNodes(k);
  for (const k of n.shadowRoots ?? []) c += countNodes(k);
  if (n.contentDocument) c += countNodes(n.contentDocument);
  if (n.templateContent) c += countNodes(n.templateContent);
  return c;
}

async function domNodes(cdp) {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  return countNodes(root);
}

/** Nodes the HTML parser alone creates for a widget's page (JavaScript disabled). */
async function parsedNodes(browser, url) {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORT });
  try {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await page.goto(url, { waitUntil: 'load' });
    return await domNodes(cdp);
  } finally {
    await ctx.close();
  }
}

function waitConsole(page, text, timeout) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      page.off('console', on);
      reject(new Error(`no "${text}" within ${timeout} ms`));
    }, timeout);
    const on = (m) => {
      if (m.type() === 'debug' && m.text() === text) {
        clearTimeout(t);
        page.off('console', on);
        resolve();
      }
    };
    page.on('console', on);
  });
}

const metric = (list, name) => list.metrics.find((m) => m.name === name)?.value ?? null;

function isAsset(path) {
  return !/^\/(config|matomo|v1)\//.test(path) && path !== '/favicon.ico';
}

/** The widget's files among `responses` (JS, CSS, language files), with their sizes. */
async function assetsOf(responses) {
  const files = [];
  for (const r of responses) {
    const path = new URL(r.url()).pathname;
    if (r.request().resourceType() === 'document' || !isAsset(path) || r.status() !== 200) continue;
    const type = /\/lang\//.test(path) ? 'lang' : r.request().resourceType();
    files.push({ path, type, ...compressedSizes(await r.body()) });
  }
  return files;
}

/**
 * One cold load of one widget: navigation → first layer rendered → load + settle → metrics →
 * click "refuse all" → first layer gone. `full` adds bytes, DOM nodes and heap (1x runs only).
 */
export async function measureOnce(
  browser,
  server,
  w,
  { rate = 1, full = true, settleMs = 300, baseNodes = 0 },
) {
  const t0 = Date.now();
  const ctx = await browser.newContext({ viewport: VIEWPORT, locale: 'fr-FR' });
  const run = { widget: w.id, rate, ok: false };
  const errors = [];
  try {
    await ctx.addInitScript({ content: probeScript(w.find, settleMs) });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    // At 1x, a second session counts the same script time on the main thread's CPU clock
    // (Chromium's InspectorPerformanceAgent, threadTicks domain): what ScriptDuration has beyond
    // it is time inside script spent off the CPU (docs/performance.md).
    const thread = rate === 1 ? await ctx.newCDPSession(page) : null;
    await thread?.send('Performance.enable', { timeDomain: 'threadTicks' });
    if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const responses = [];
    page.on('response', (r) => responses.push(r));
    const tracker0 = server.counts.matomo;
    const ready = waitConsole(page, '__bench:ready', 10_000 + 5_000 * rate);
    await page.goto(`${server.origin}/${w.id}`, { waitUntil: 'commit' });
    await ready;
    // Read Chromium's counters before any evaluation of ours adds to them.
    const m = await cdp.send('Performance.getMetrics');
    const cpu = await thread?.send('Performance.getMetrics');
    const b = await page.evaluate(() => window.__bench);
    run.shownMs = w.find ? b.shown : null;
    run.scriptMs = metric(m, 'ScriptDuration') * 1000;
    if (cpu) run.scriptCpuMs = metric(cpu, 'ScriptDuration') * 1000;
    run.taskMs = metric(m, 'TaskDuration') * 1000;
    run.layoutMs = metric(m, 'LayoutDuration') * 1000;
    run.styleMs = metric(m, 'RecalcStyleDuration') * 1000;
    const loadTasks = b.lt.filter(([start]) => start < b.ready);
    run.longTasks = loadTasks.length;
    run.tbtMs = loadTasks.reduce((s, [, d]) => s + Math.max(0, d - 50), 0);
    run.cls = b.cls;
    let sized = 0;
    if (full) {
      sized = responses.length;
      const files = await assetsOf(responses);
      run.assets = files;
      run.files = files.length;
      for (const k of ['raw', 'gzip', 'br']) run[k] = files.reduce((s, f) => s + f[k], 0);
      run.nodesAdded = (await domNodes(cdp)) - baseNodes;
      await cdp.send('HeapProfiler.collectGarbage');
      run.heapKB = metric(await cdp.send('Performance.getMetrics'), 'JSHeapUsedSize') / 1024;
    }
    if (w.refuse) {
      if (w.clickableAfterMs)
        await page.waitForFunction(
          (t) => performance.now() >= window.__bench.shown + t,
          w.clickableAfterMs,
        );
      const gone = waitConsole(page, '__bench:gone', 10_000 * rate);
      await w.refuse(page).click({ timeout: 10_000 });
      await gone;
      const a = await page.evaluate(() => window.__bench);
      run.refuseMs = a.gone - a.click;
      run.refuseLongTasks = a.lt.filter(([start]) => start >= a.click).length;
      run.stored =
        (await ctx.cookies()).length > 0 || (await page.evaluate(() => localStorage.length)) > 0;
      if (full) {
        // What the decision itself makes the page fetch (Cachet: its record signer).
        await page.waitForTimeout(500);
        const more = await assetsOf(responses.slice(sized));
        run.brDecided = more.reduce((sum, f) => sum + f.br, run.br);
        run.assetsDecided = more.map((f) => f.path);
      }
    }
    run.trackerRequests = server.counts.matomo - tracker0;
    run.ok = true;
  } catch (e) {
    run.error = String(e?.message ?? e).split('\n')[0];
  } finally {
    if (errors.length) run.pageErrors = errors.slice(0, 5);
    await ctx.close().catch(() => {});
    run.wallMs = Date.now() - t0;
  }
  return run;
}

/** Order of the loads: per round, each peer paired with Cachet, alternating who goes first. */
export function schedule(ids, rounds, rates) {
  const peers = ids.filter((id) => id !== 'cachet' && id !== 'page');
  const hasCachet = ids.includes('cachet');
  const out = [];
  for (let r = 0; r < rounds; r++) {
    if (ids.includes('page')) for (const rate of rates) out.push({ round: r, id: 'page', rate });
    const order = peers.map((_, i) => peers[(i + r) % peers.length]);
    if (!hasCachet) {
      for (const p of order) for (const rate of rates) out.push({ round: r, id: p, rate });
      continue;
    }
    if (!peers.length) for (const rate of rates) out.push({ round: r, id: 'cachet', rate });
    order.forEach((p, i) => {
      const pair = (r + i) % 2 ? [p, 'cachet'] : ['cachet', p];
      for (const rate of rates)
        for (const id of pair) out.push({ round: r, id, rate, pair: `${p}:${r}:${rate}` });
    });
  }
  return out;
}

function ratioOf(a, b) {
  if (a == null || b == null) return null;
  if (b === 0) return a === 0 ? 1 : null;
  return a / b;
}

/** `o[k]`, created with `init()` when missing. */
function slot(o, k, init) {
  if (!(k in o)) o[k] = init();
  return o[k];
}

/** Summaries per widget and rate, and Cachet/peer ratios from the interleaved pairs. */
export function summarize(runs) {
  const by = {};
  for (const r of runs.filter((x) => x.ok)) {
    slot(slot(by, r.widget, Object), r.rate, Array).push(r);
  }
  const stats = {};
  for (const [id, rates] of Object.entries(by)) {
    stats[id] = {};
    for (const [rate, rs] of Object.entries(rates)) {
      const keys =
        Number(rate) === 1 ? [...FULL_METRICS, 'taskMs', 'layoutMs', 'styleMs'] : TIMING_METRICS;
      stats[id][rate] = Object.fromEntries(keys.map((k) => [k, summary(rs.map((x) => x[k]))]));
    }
  }
  const pairs = {};
  for (const r of runs) if (r.pair) slot(pairs, r.pair, Array).push(r);
  const ratios = {};
  for (const [key, [x, y]] of Object.entries(pairs)) {
    if (!x?.ok || !y?.ok) continue;
    const [peer, , rate] = key.split(':');
    const c = x.widget === 'cachet' ? x : y;
    const p = x.widget === 'cachet' ? y : x;
    const keys =
      Number(rate) === 1
        ? [
            'br',
            'brDecided',
            'scriptMs',
            'scriptCpuMs',
            'shownMs',
            'tbtMs',
            'nodesAdded',
            'heapAddedKB',
            'refuseMs',
          ]
        : ['scriptMs', 'shownMs', 'tbtMs', 'refuseMs'];
    const dst = slot(slot(ratios, peer, Object), rate, Object);
    for (const k of keys) slot(dst, k, Array).push(ratioOf(c[k], p[k]));
  }
  for (const rates of Object.values(ratios))
    for (const [rate, ks] of Object.entries(rates))
      rates[rate] = Object.fromEntries(
        Object.entries(ks).map(([k, v]) => [k, summary(v.filter((n) => n !== null))]),
      );
  return { stats, ratios };
}

/**
 * Runs the browser benchmark. `widgets`: ids among cachet, orestbida, klaro, tarteaucitron,
 * osano, page (the page alone); `rates`: CPU throttling rates (1 = none).
 */
export async function runBrowserBench({
  runs = 20,
  widgets = ['page', ...WIDGETS.map((w) => w.id)],
  rates = [1, 4],
  settleMs = 300,
  log = () => {},
} = {}) {
  const all = [BASELINE, ...WIDGETS].filter((w) => widgets.includes(w.id));
  const server = await startServer(all, widgetPage);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const started = Date.now();
  const out = [];
  try {
    const baseNodes = {};
    for (const w of all) baseNodes[w.id] = await parsedNodes(browser, `${server.origin}/${w.id}`);
    const plan = schedule(
      all.map((w) => w.id),
      runs,
      rates,
    );
    const failures = {};
    for (const [i, step] of plan.entries()) {
      const w = all.find((x) => x.id === step.id);
      // A widget that failed 3 times in a row (e.g. a broken build) is not retried all run long.
      if ((failures[w.id] ?? 0) >= 3) {
        out.push({ ...step, widget: w.id, ok: false, error: 'skipped after 3 failures' });
        continue;
      }
      const r = await measureOnce(browser, server, w, {
        rate: step.rate,
        full: step.rate === 1,
        settleMs,
        baseNodes: baseNodes[w.id],
      });
      Object.assign(r, { round: step.round, pair: step.pair });
      failures[w.id] = r.ok ? 0 : (failures[w.id] ?? 0) + 1;
      out.push(r);
      log(
        `[${i + 1}/${plan.length}] ${w.id} ${step.rate}x ${r.ok ? `visible ${r.shownMs?.toFixed(0) ?? '-'} ms, script ${r.scriptMs.toFixed(1)} ms` : `FAILED: ${r.error}`}`,
      );
    }
    // The page's own heap (Playwright's init script included) is the floor every widget adds to.
    const floor = summary(
      out.filter((r) => r.ok && r.widget === 'page' && r.heapKB).map((r) => r.heapKB),
    );
    if (floor) for (const r of out) if (r.heapKB) r.heapAddedKB = r.heapKB - floor.median;
    const { stats, ratios } = summarize(out);
    return {
      name: 'browser',
      date: new Date().toISOString(),
      durationS: Math.round((Date.now() - started) / 1000),
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? '?',
        chromium: browser.version(),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
      },
      options: { runs, rates, settleMs, viewport: VIEWPORT },
      widgets: all.map((w) => ({
        id: w.id,
        name: w.name,
        pkg: w.pkg,
        version: w.version,
        parsedNodes: baseNodes[w.id],
        config: w.config ? compressedSizes(Buffer.from(w.config)) : null,
        assets: out.find((r) => r.widget === w.id && r.ok && r.assets)?.assets ?? [],
      })),
      stats,
      ratios,
      runs: out.map(({ assets, ...r }) => r),
    };
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }
}
