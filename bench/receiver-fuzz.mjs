#!/usr/bin/env node
// Fuzz benchmark: posts N malformed bodies (fast-check, receiver/testing/malformed.ts: random
// text and bytes, JWS look-alikes, one-character mutations of valid records, bad headers,
// schema-invalid payloads, foreign sites, stale iat, batches of those) to the receiver app
// in-process, and counts statuses, server errors, exceptions and records stored.
//
//   node bench/receiver-fuzz.mjs [--runs 100000] [--seed N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fc from 'fast-check';
import { buildReceiver } from '../scripts/build-receiver.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, d) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : d);
const runs = opt('--runs', 100_000);
const seed = opt('--seed', Date.now() % 2 ** 31);
const SITE = 'https://www.example.com';

const build = join(root, 'node_modules', '.cache', 'cachet-receiver-fuzz');
await buildReceiver(build);
const { createApp, createReceiptKey, openSqliteStore } = await import(join(build, 'index.mjs'));
const { malformedBodies } = await import(join(build, 'malformed.mjs'));

const dir = mkdtempSync(join(tmpdir(), 'cachet-fuzz-'));
const store = openSqliteStore(join(dir, 'db.sqlite'));
const app = createApp({
  store,
  keys: createReceiptKey(),
  config: { sites: [SITE], rateLimit: { perSecond: 0, burst: 0 } },
  log: false,
});
const statuses = {};
let exceptions = 0;
let badBodies = 0;
const t0 = performance.now();
await fc.assert(
  fc.asyncProperty(malformedBodies(fc, SITE), async (body) => {
    try {
      const res = await app.request('/v1/records', {
        method: 'POST',
        body,
        headers: { 'content-type': 'text/plain', origin: SITE },
      });
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const json = await res.json();
      const ok =
        res.status === 200
          ? json.results.every((r) => r.status >= 400 && r.error)
          : typeof json.error?.code === 'string';
      if (!ok) badBodies++;
    } catch {
      exceptions++;
    }
    return true;
  }),
  { numRuns: runs, seed },
);
const seconds = (performance.now() - t0) / 1000;
const stored = (await store.stats()).total;
await store.close();
rmSync(dir, { recursive: true, force: true });
rmSync(build, { recursive: true, force: true });

const fivexx = Object.entries(statuses)
  .filter(([s]) => Number(s) >= 500)
  .reduce((a, [, n]) => a + n, 0);
console.log(
  `\nfuzz: ${runs.toLocaleString('en')} malformed bodies, seed ${seed}, ${seconds.toFixed(1)} s (${Math.round(runs / seconds)} bodies/s)\n`,
);
console.log('| status | bodies |\n|---|---:|');
for (const [s, n] of Object.entries(statuses).sort())
  console.log(
    `| ${s === '200' ? '200 (batch, every item refused)' : s} | ${n.toLocaleString('en')} |`,
  );
console.log(
  `\nserver errors (5xx): ${fivexx} · exceptions: ${exceptions} · answers without a JSON error: ${badBodies} · records stored: ${stored}`,
);
process.exitCode = fivexx || exceptions || badBodies || stored ? 1 : 0;
