#!/usr/bin/env node
// Receiver load benchmark: autocannon posts pre-signed, valid, all-new records (a mix of sites,
// events, methods, purposes and browser keys) to the built receiver running in its own process,
// for 30 s on SQLite and on PostgreSQL, then runs `cachet-receiver verify` on what was stored.
//
//   node bench/receiver.mjs [--duration 30] [--connections 16] [--stores sqlite,postgres]
//                           [--batch N] [--no-verify] [--docs]
//
// PostgreSQL: DATABASE_URL or CACHET_TEST_DATABASE_URL, else `source scripts/ci-postgres.sh` is
// tried; without one the PostgreSQL row says "skipped". --docs writes the table into
// docs/receiver.md between <!-- bench:receiver:start/end --> markers.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildReceiver } from '../scripts/build-receiver.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SITES = ['https://www.example.com', 'https://shop.example.org'];

function args(argv) {
  const o = {
    duration: 30,
    connections: 16,
    stores: ['sqlite', 'postgres'],
    batch: 0,
    verify: true,
    docs: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--duration') o.duration = Number(argv[++i]);
    else if (a === '--connections') o.connections = Number(argv[++i]);
    else if (a === '--stores') o.stores = argv[++i].split(',');
    else if (a === '--batch') o.batch = Number(argv[++i]);
    else if (a === '--no-verify') o.verify = false;
    else if (a === '--docs') o.docs = true;
    else if (a === '--help' || a === '-h') {
      console.log(
        readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')
          .slice(1, 11)
          .join('\n'),
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** Signs `n` valid records (imported from the build, signed like the widget). */
async function makeRecords(build, n) {
  const { createRecordSigner, sampleRecord } = await import(join(build, 'testing.mjs'));
  const signers = Array.from({ length: 200 }, () => createRecordSigner());
  const events = [
    ['given', 'banner:accept-all', { analytics: true, marketing: true }],
    ['refused', 'banner:reject-all', { analytics: false, marketing: false }],
    ['updated', 'prefs:save', { analytics: true, marketing: false }],
    ['withdrawn', 'api', { analytics: false }],
    ['given', 'form:checkbox', { contact: true, marketing: true }],
  ];
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const [event, method, purposes] = events[i % events.length];
    const site = SITES[i % 7 === 0 ? 1 : 0];
    const p = sampleRecord({
      site,
      event,
      method,
      purposes,
      ...(method === 'form:checkbox'
        ? {
            notice: { ...sampleRecord().notice, id: 'form:contact' },
            form: { id: 'contact', action: '/contact' },
          }
        : {}),
    });
    out[i] = signers[i % signers.length].sign(p);
  }
  return out;
}

function pgUrl() {
  const env = process.env.DATABASE_URL?.startsWith('postgres')
    ? process.env.DATABASE_URL
    : process.env.CACHET_TEST_DATABASE_URL;
  if (env) return env;
  const r = spawnSync(
    'bash',
    ['-c', 'source scripts/ci-postgres.sh >/dev/null 2>&1 && echo "$CACHET_TEST_DATABASE_URL"'],
    { cwd: root, encoding: 'utf8' },
  );
  return r.stdout.trim() || null;
}

function startReceiver(build, dataDir, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(build, 'cli.mjs'), 'serve', '--port', '0', '--data-dir', dataDir, '--quiet'],
      {
        env: {
          ...process.env,
          CACHET_SITES: SITES.join(','),
          CACHET_RATE_LIMIT: '0',
          DATABASE_URL: '',
          ...env,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`receiver exited (${code}): ${err}`)));
  });
}

function cannon(opts) {
  return new Promise((resolve, reject) => {
    const statuses = {};
    const inst = autocannon(opts, (err, res) => (err ? reject(err) : resolve({ res, statuses })));
    inst.on('response', (_client, status) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

/** Runs the benchmark for one store; returns a result row. */
async function benchStore(kind, build, records, o, log) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cachet-bench-'));
  const env = {};
  let url = null;
  let schema = null;
  if (kind === 'postgres') {
    url = pgUrl();
    if (!url) return { store: 'PostgreSQL', skipped: 'no PostgreSQL (set DATABASE_URL)' };
    schema = `cachet_bench_${Date.now().toString(36)}`;
    Object.assign(env, { DATABASE_URL: url, CACHET_PG_SCHEMA: schema });
  }
  const rx = await startReceiver(build, dataDir, env);
  let i = 0;
  const per = Math.max(1, o.batch);
  const next = () => {
    if (o.batch) {
      const list = [];
      for (let k = 0; k < o.batch; k++) list.push(records[i++ % records.length]);
      return JSON.stringify({ records: list });
    }
    return records[i++ % records.length];
  };
  const base = {
    url: `${rx.url}/v1/records`,
    method: 'POST',
    connections: o.connections,
    headers: { 'content-type': 'text/plain' },
    requests: [{ setupRequest: (req) => ({ ...req, body: next() }) }],
  };
  log(`${kind}: warm-up 3 s…`);
  await cannon({ ...base, duration: 3 });
  const before = i;
  log(`${kind}: ${o.duration} s with ${o.connections} connections…`);
  const { res, statuses } = await cannon({ ...base, duration: o.duration });
  const sent = (i - before) * per;
  rx.child.kill('SIGTERM');
  await new Promise((r) => rx.child.once('exit', r));

  let verify = 'not run';
  if (o.verify) {
    log(`${kind}: cachet-receiver verify…`);
    const t = Date.now();
    const v = spawnSync(
      process.execPath,
      [join(build, 'cli.mjs'), 'verify', '--data-dir', dataDir],
      { env: { ...process.env, DATABASE_URL: '', ...env }, encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    const ok = /verify: OK: (\d+) records/.exec(v.stdout);
    verify = ok
      ? `clean (${ok[1]} records, ${((Date.now() - t) / 1000).toFixed(0)} s)`
      : `FAILED: ${v.stdout.split('\n').slice(-2).join(' ')}`;
  }
  if (schema) spawnSync('psql', [url, '-qc', `DROP SCHEMA ${schema} CASCADE`], { stdio: 'ignore' });
  rmSync(dataDir, { recursive: true, force: true });

  const ok = (statuses[201] ?? 0) + (statuses[200] ?? 0);
  const errors = res.errors + res.timeouts + res.non2xx;
  return {
    store: kind === 'sqlite' ? 'SQLite' : 'PostgreSQL',
    reqPerSec: Math.round(res.requests.average),
    recordsPerSec: Math.round(((statuses[201] ?? 0) * per) / o.duration),
    p50: res.latency.p50,
    p99: res.latency.p99,
    errors,
    requests: res.requests.total,
    created: statuses[201] ?? 0,
    ok,
    sent,
    statuses,
    verify,
  };
}

/** The results table (Markdown). */
export function receiverTable(rows) {
  const head =
    '| store | requests/s | records/s | p50 | p99 | errors | verify |\n|---|---:|---:|---:|---:|---:|---|';
  const lines = rows.map((r) =>
    r.skipped
      ? `| ${r.store} | — | — | — | — | — | skipped: ${r.skipped} |`
      : `| ${r.store} | ${r.reqPerSec.toLocaleString('en')} | ${r.recordsPerSec.toLocaleString('en')} | ${r.p50} ms | ${r.p99} ms | ${r.errors} | ${r.verify} |`,
  );
  return [head, ...lines].join('\n');
}

/** Runs the whole benchmark; returns {date, machine, options, rows, table}. */
export async function runReceiverBench(options = {}, log = (l) => console.error(l)) {
  const o = { ...args([]), ...options };
  const build = join(root, 'node_modules', '.cache', 'cachet-receiver-bench');
  log('building the receiver…');
  await buildReceiver(build);
  const rate = o.batch ? 4000 * o.batch : 4000;
  const n = Math.min(Math.round((o.duration + 3) * rate * 1.1), 400_000);
  log(`signing ${n.toLocaleString('en')} records…`);
  const records = await makeRecords(build, n);
  const rows = [];
  for (const kind of o.stores) rows.push(await benchStore(kind, build, records, o, log));
  const machine = { cores: cpus().length, cpu: cpus()[0]?.model.trim(), node: process.version };
  return { date: new Date().toISOString(), machine, options: o, rows, table: receiverTable(rows) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const o = args(process.argv.slice(2));
  const result = await runReceiverBench(o);
  const { machine: m } = result;
  const header = `${result.date.slice(0, 10)} · ${m.cores} cores (${m.cpu}) · Node ${m.node} · autocannon ${o.connections} connections × ${o.duration} s${o.batch ? ` · batches of ${o.batch}` : ''} · receiver and load generator on the same machine`;
  console.log(`\n${header}\n\n${result.table}\n`);
  for (const r of result.rows)
    if (!r.skipped)
      console.log(`${r.store}: ${r.requests} requests, statuses ${JSON.stringify(r.statuses)}`);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const file = join(root, 'bench', 'results', `receiver-${result.date.slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 1)}\n`);
  console.log(`Results: ${file}`);
  if (o.docs) {
    const doc = join(root, 'docs', 'receiver.md');
    const text = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
    const a = '<!-- bench:receiver:start -->';
    const b = '<!-- bench:receiver:end -->';
    if (text.includes(a) && text.includes(b)) {
      writeFileSync(
        doc,
        `${text.slice(0, text.indexOf(a) + a.length)}\n${header}\n\n${result.table}\n${text.slice(text.indexOf(b))}`,
      );
      console.log('Updated docs/receiver.md');
    }
  }
  if (process.env.BENCH_JSON) {
    console.log(
      JSON.stringify({
        rows: result.rows
          .filter((r) => !r.skipped)
          .map((r) => ({
            label: `Receiver ${r.store}: p50 per record (${r.recordsPerSec} records/s)`,
            median: r.p50,
            unit: 'ms',
            n: r.requests,
          })),
      }),
    );
  }
  const bad = result.rows.some(
    (r) =>
      !r.skipped && (r.errors > 0 || (!r.verify.startsWith('clean') && r.verify !== 'not run')),
  );
  process.exitCode = bad ? 1 : 0;
}
