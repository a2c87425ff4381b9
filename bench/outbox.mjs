#!/usr/bin/env node
// Outbox drain: 100 consent records are signed and queued while the receiver answers 503 (as
// during an outage); the next page load delivers them to the reference receiver (in-process,
// SQLite). Measured in the page: from `cachet:ready` to the 100th `cachet:receipt`.
// Run: node bench/outbox.mjs [--runs 5] [--count 100]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './browser.mjs';
import { startServer } from './lib/server.mjs';
import { summary } from './lib/stats.mjs';
import { CACHET_CONFIG, WIDGETS, widgetPage } from './lib/widgets.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? def : Number(process.argv[i + 1]);
};
const RUNS = arg('--runs', 5);
const COUNT = arg('--count', 100);

/** The reference receiver, or a stand-in answering 201 with an unsigned receipt when it cannot load. */
async function receiver(origin, file) {
  try {
    const { runnerImport } = await import('vite');
    const { module } = await runnerImport(
      new URL('./lib/local-receiver.ts', import.meta.url).pathname,
    );
    return {
      kind: 'reference receiver (SQLite)',
      ...module.startLocalReceiver({ sites: [origin], file }),
    };
  } catch (e) {
    console.error(`Could not start the reference receiver (${e.message}); using a stub.`);
    let n = 0;
    return {
      kind: 'stub (201, unsigned receipt)',
      listener: (req, res) => {
        req.resume();
        req.on('end', () => {
          n++;
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ receipt: 'e30.e30.' }));
        });
      },
      count: async () => n,
      close: async () => {},
    };
  }
}

const probe = (count) => {
  const O = { records: 0, receipts: 0, ready: null, drained: null, errors: [] };
  window.__ob = O;
  document.addEventListener('cachet:ready', () => {
    O.ready = performance.now();
  });
  document.addEventListener('cachet:record', () => {
    if (++O.records === count) console.debug('__ob:queued');
  });
  document.addEventListener('cachet:receipt', () => {
    if (++O.receipts === count) {
      O.drained = performance.now();
      console.debug('__ob:drained');
    }
  });
  document.addEventListener('cachet:error', (e) => O.errors.push(e.detail?.code));
};

function waitConsole(page, text, timeout) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no "${text}" within ${timeout} ms`)), timeout);
    page.on('console', (m) => {
      if (m.type() === 'debug' && m.text() === text) {
        clearTimeout(t);
        resolve();
      }
    });
  });
}

/** Benchmarks the outbox drain; returns the summary row (ms). */
export async function benchOutbox({ runs = RUNS, count = COUNT, log = console.log } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cachet-outbox-'));
  const base = WIDGETS.find((w) => w.id === 'cachet');
  const w = {
    ...base,
    id: 'outbox',
    config: `window.cachetConfig = ${JSON.stringify({ ...CACHET_CONFIG, endpoint: '/v1/records' })};`,
    head: base.head.replace('/config/cachet.js', '/config/outbox.js'),
  };
  let phase = 'down';
  let rx = null;
  const server = await startServer([w], widgetPage, {
    api: (req, res) => {
      if (phase === 'up') return rx.listener(req, res);
      req.resume();
      res.writeHead(503, { 'retry-after': '3600' });
      res.end();
    },
  });
  rx = await receiver(server.origin, join(dir, 'records.db'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const times = [];
  try {
    for (let i = 0; i < runs; i++) {
      const ctx = await browser.newContext();
      try {
        // Fill the outbox: the receiver is "down"; sendBeacon is off so nothing leaves at pagehide.
        phase = 'down';
        await ctx.addInitScript(`(${probe})(${count}); navigator.sendBeacon = () => false;`);
        const fill = await ctx.newPage();
        const queued = waitConsole(fill, '__ob:queued', 60_000);
        await fill.goto(`${server.origin}/outbox`);
        await fill.waitForFunction(() => window.Cachet?.ready);
        await fill.evaluate((n) => {
          for (let k = 0; k < n; k++) k % 2 ? window.Cachet.acceptAll() : window.Cachet.rejectAll();
        }, count);
        await queued;
        await fill.close();
        const before = await rx.count();
        // Drain: the receiver is back; a new page load of the same site delivers the outbox.
        phase = 'up';
        await ctx.addInitScript(`(${probe})(${count});`);
        const page = await ctx.newPage();
        const drained = waitConsole(page, '__ob:drained', 60_000);
        await page.goto(`${server.origin}/outbox`);
        await drained;
        const o = await page.evaluate(() => window.__ob);
        const stored = (await rx.count()) - before;
        const ms = o.drained - o.ready;
        times.push(ms);
        log(
          `run ${i + 1}/${runs}: ${count} records drained in ${ms.toFixed(0)} ms (${stored} new in the receiver${o.errors.length ? `, errors: ${o.errors.join(',')}` : ''})`,
        );
      } finally {
        await ctx.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    await rx.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    label: `Outbox drain of ${count} records into the reference receiver`,
    unit: 'ms',
    receiver: rx.kind,
    ...summary(times),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const row = await benchOutbox();
  console.log(
    `Outbox drain of ${COUNT} records (${row.receiver}): median ${row.median.toFixed(0)} ms (min ${row.min.toFixed(0)}, max ${row.max.toFixed(0)}, n ${row.n})`,
  );
  if (process.env.BENCH_JSON) console.log(JSON.stringify({ rows: [row] }));
}
