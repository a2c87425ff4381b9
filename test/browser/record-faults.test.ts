import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Fault, useRecordRig } from './record-endpoint';

/**
 * The delivery guarantee under fire: Chromium pages make decisions in bursts while the endpoint
 * drops, resets, stalls and fails requests, the network goes offline, and pages are reloaded or
 * closed mid-send. Every decision must end up stored exactly once.
 */
const DECISIONS = 1000;
const FAULTS = 1000;
const WORKERS = 5;
/** Share of requests that get a fault, and the mix of faults. */
const FAULT_RATE = 0.55;
const MIX: [Fault, number][] = [
  ['drop', 0.2],
  ['reset', 0.2],
  ['ack-lost', 0.15],
  ['500', 0.22],
  ['503', 0.2],
  ['stall', 0.03],
];
/** A quick backoff so the test takes a minute, not hours; the defaults stay 1 s / 5 min / 15 s. */
const DELIVERY = { retryBaseMs: 50, retryMaxMs: 1000, timeoutMs: 500 };

/** mulberry32: a seeded PRNG, so a failing run can be replayed with its seed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = Number(process.env.CACHET_FAULT_SEED ?? Date.now() % 100000);
const rand = prng(SEED);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const rig = useRecordRig();

describe('delivery under faults', () => {
  it(`stores every one of ${DECISIONS}+ decisions despite ${FAULTS}+ injected faults`, async () => {
    const { ep, browser, site } = rig;
    const t0 = Date.now();
    ep.fault = () => {
      if (rand() >= FAULT_RATE) return null;
      let r = rand();
      for (const [f, w] of MIX) {
        r -= w;
        if (r < 0) return f;
      }
      return 'drop';
    };
    const made: string[] = [];
    const disruptions = { reloads: 0, closes: 0, offline: 0 };
    const open = async (ctx: BrowserContext) => {
      const p = await ctx.newPage();
      await p.goto(site.url);
      await p.waitForFunction(() => window.Cachet?.ready, null, { polling: 100 });
      return p;
    };
    /** One browser profile making bursts of decisions and being disrupted between them. */
    const worker = async () => {
      const ctx = await browser.newContext();
      await ctx.addInitScript((delivery) => {
        window.cachetConfig = { delivery };
      }, DELIVERY);
      let p: Page = await open(ctx);
      const mine: string[] = [];
      while (made.length < DECISIONS || faultCount() < FAULTS) {
        const n = 5 + Math.floor(rand() * 30);
        // Decisions are persisted before decide() returns: once evaluate() answers, they count.
        const ids = await p.evaluate((n) => {
          const ids: string[] = [];
          const off = window.Cachet!.on('change', (d) => ids.push(d.id));
          for (let i = 0; i < n; i++) {
            const c = window.Cachet!;
            [
              () => c.acceptAll(),
              () => c.rejectAll(),
              () => c.accept(['analytics']),
              () => c.withdraw(),
            ][i % 4]();
          }
          off();
          return ids;
        }, n);
        made.push(...ids);
        mine.push(...ids);
        await sleep(rand() * 150);
        const r = rand();
        if (r < 0.25) {
          disruptions.reloads++;
          await p.reload();
          await p.waitForFunction(() => window.Cachet?.ready, null, { polling: 100 });
        } else if (r < 0.4) {
          disruptions.closes++;
          await p.close();
          p = await open(ctx);
        } else if (r < 0.55) {
          disruptions.offline++;
          await ctx.setOffline(true);
          await sleep(200 + rand() * 600);
          await ctx.setOffline(false);
        }
        // People do not decide hundreds of times a second: let the backlog come down (still
        // under faults) before the next burst.
        const end = Date.now() + 20_000;
        while (mine.filter((id) => !ep.stored.has(id)).length > 40 && Date.now() < end)
          await sleep(50);
      }
      return ctx;
    };
    const faultCount = () => Object.values(ep.faults).reduce((a, b) => a + b, 0);

    const contexts = await Promise.all(Array.from({ length: WORKERS }, worker));
    // Everything made is durable; let the open pages drain under the same faults.
    const deadline = Date.now() + 90_000;
    while (made.some((id) => !ep.stored.has(id)) && Date.now() < deadline) await sleep(250);
    const lost = made.filter((id) => !ep.stored.has(id));

    // Every stored record is a valid signature over its bytes.
    let badSignatures = 0;
    for (const jws of ep.stored.values()) {
      const key = await importJWK(decodeProtectedHeader(jws).jwk as JWK, 'ES256');
      await compactVerify(jws, key).catch(() => badSignatures++);
    }
    const table = {
      seed: SEED,
      'decisions made': made.length,
      'records stored (unique ids)': ep.stored.size,
      lost: lost.length,
      'copies received (incl. duplicates)': ep.received,
      'duplicates (deduplicated by id)': ep.duplicates,
      'conflicts (same id, other bytes)': ep.conflicts,
      'bad signatures': badSignatures,
      requests: ep.requests,
      'beacon batches': ep.batches,
      ...Object.fromEntries(Object.entries(ep.faults).map(([k, v]) => [`fault: ${k}`, v])),
      'injected faults (endpoint)': faultCount(),
      'offline periods': disruptions.offline,
      'reloads mid-send': disruptions.reloads,
      'pages closed mid-send': disruptions.closes,
      seconds: Math.round((Date.now() - t0) / 1000),
    };
    console.table(table);
    await Promise.all(contexts.map((c) => c.close()));

    expect(made.length).toBeGreaterThanOrEqual(DECISIONS);
    expect(faultCount()).toBeGreaterThanOrEqual(FAULTS);
    expect(lost).toEqual([]);
    expect(ep.conflicts).toBe(0);
    expect(badSignatures).toBe(0);
    expect(new Set(made).size).toBe(made.length);
  }, 240_000);
});
