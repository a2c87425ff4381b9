#!/usr/bin/env node
// `npm run bench [-- browser|receiver|all] [--runs N] [--widgets cachet,klaro] [--no-throttle] [--docs]`
//
// browser (default): Cachet vs the open-source peers in real Chromium, then the Cachet-only rows
//   (form injection, record signing, outbox drain); prints the tables and writes
//   bench/results/browser-<date>.json. A full default run also refreshes docs/performance.md.
// receiver: the receiver load benchmark (bench/receiver.mjs, autocannon on SQLite and PostgreSQL).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runBrowserBench } from './browser.mjs';
import { browserTables, cachetOnlyTable, goalsTable, headline } from './lib/report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const argv = process.argv.slice(2);

function flag(name) {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  argv.splice(i, 1);
  return true;
}
function option(name) {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
}

const HELP = `Usage: npm run bench [-- <target>] [options]
targets:
  browser        Cachet vs peers in Chromium + Cachet-only rows (default)
  receiver       receiver load benchmark (bench/receiver.mjs), other options passed through
  all            both
options (browser):
  --runs N       cold loads per widget and CPU rate (default 20; --runs 5 for a quick look)
  --widgets L    comma list among page,cachet,orestbida,klaro,tarteaucitron,osano
  --no-throttle  skip the 4x CPU throttling series
  --no-extras    skip the Cachet-only rows
  --docs         write the tables into docs/performance.md (default only for a full run)
  --no-docs      never touch docs/performance.md`;

/**
 * Rows of a `console.table` of label → value, with "<what>, median … (unit)", "<what>, min
 * (unit)" and "<what>, max (unit)" merged into one row.
 */
export function tableRows(text) {
  const rows = new Map();
  for (const line of text.split('\n')) {
    const m = /^[│|]\s*'?(.+?)'?\s*[│|]\s*(-?[0-9][0-9.]*)\s*[│|]$/.exec(line.trim());
    if (!m) continue;
    const unit = /\(([^)]+)\)$/.exec(m[1])?.[1] ?? '';
    const base = m[1].replace(/\s*\([^)]*\)$/, '');
    const k = /^(.*), (median|min|max)\b/.exec(base);
    const key = k ? k[1] : base;
    const row = rows.get(key) ?? { label: key, unit };
    row[!k || k[2] === 'median' ? 'median' : k[2]] = Number(m[2]);
    const n = /median of (\d+)/.exec(base);
    if (n) row.n = Number(n[1]);
    rows.set(key, row);
  }
  return [...rows.values()].filter((r) => typeof r.median === 'number');
}

/** Runs another engineer's bench script; its last stdout line may be JSON rows (see bench/README.md). */
function runScript(file, label, args = []) {
  const path = join(here, file);
  if (!existsSync(path))
    return [{ label, script: `bench/${file}`, error: 'script not written yet' }];
  process.stdout.write(`\n== ${label}: node bench/${file} ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [path, ...args], {
    cwd: root,
    env: { ...process.env, BENCH_JSON: '1' },
    encoding: 'utf8',
    timeout: 10 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  const lines = (r.stdout ?? '').trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const j = JSON.parse(line);
      const rows = Array.isArray(j) ? j : (j.rows ?? [j]);
      if (rows.every((x) => typeof x?.median === 'number'))
        return rows.map((x) => ({ label: x.label ?? label, script: `bench/${file}`, ...x }));
    } catch {}
  }
  const rows = tableRows(r.stdout ?? '');
  if (rows.length) return rows.map((x) => ({ script: `bench/${file}`, ...x }));
  const m = /median[^0-9]{0,40}([0-9][0-9.,]*)\s*(ms|µs|us|s)\b/i.exec(r.stdout ?? '');
  if (m)
    return [{ label, script: `bench/${file}`, median: Number(m[1].replace(/,/g, '')), unit: m[2] }];
  return [
    {
      label,
      script: `bench/${file}`,
      error: r.status ? `exit ${r.status}` : 'no median found in its output',
    },
  ];
}

/** Replaces the text between two markers (`<!-- bench:<section>:start/end -->`) of a file. */
function writeBetween(rel, section, body) {
  const file = join(root, rel);
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const a = `<!-- bench:${section}:start -->`;
  const b = `<!-- bench:${section}:end -->`;
  const i = text.indexOf(a);
  const j = text.indexOf(b);
  if (i < 0 || j < i) return false;
  writeFileSync(file, `${text.slice(0, i + a.length)}\n${body}\n${text.slice(j)}`);
  return true;
}

function saveResults(name, data) {
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${data.date.slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 1)}\n`);
  return file;
}

async function browser() {
  const runs = Number(option('--runs') ?? 20);
  const widgetList = option('--widgets');
  const noThrottle = flag('--no-throttle');
  const noExtras = flag('--no-extras');
  const docs = flag('--docs');
  const noDocs = flag('--no-docs');
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs: expected a positive integer, got ${runs}`);
  if (!existsSync(join(root, 'dist', 'cachet.js'))) {
    console.log('dist/cachet.js missing: building it (node scripts/build.mjs)');
    spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  }
  const widgets = widgetList ? widgetList.split(',') : undefined;
  const rates = noThrottle ? [1] : [1, 4];
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.replace(/ -- $/, '');
  console.log(
    `Browser benchmark: ${runs} cold load(s) per widget and CPU rate (${rates.join('x, ')}x)…`,
  );
  const res = await runBrowserBench({
    runs,
    widgets,
    rates,
    log: (l) => process.stdout.write(`${l}\n`),
  });
  res.command = command;
  res.extras = noExtras
    ? []
    : [
        ...runScript('forms.mjs', 'Inject the checkbox into 1,000 forms'),
        ...runScript('record.mjs', 'Build, sign and enqueue one record'),
        ...runScript('outbox.mjs', 'Outbox drain of 100 records into the reference receiver'),
      ];
  const m = res.machine;
  const header = `${res.date.slice(0, 10)} · ${m.cores} cores (${m.cpu}) · Chromium ${m.chromium} · Node ${m.node} · \`${command}\` · ${res.durationS} s`;
  const body = [
    header,
    '',
    browserTables(res),
    ...(res.extras.length ? ['', cachetOnlyTable(res.extras)] : []),
  ].join('\n');
  const head = headline(res);
  const goals = goalsTable(res);
  console.log(`\n${body}\n${head ? `\nHeadline: ${head}\n` : ''}\nGoals:\n\n${goals}\n`);
  const full = !widgets && runs >= 20 && !noThrottle && !noExtras;
  const file = saveResults(full ? 'browser' : 'browser-quick', res);
  console.log(`Results: ${file}`);
  if ((full || docs) && !noDocs && writeBetween('docs/performance.md', 'browser', body)) {
    const perf = 'docs/performance.md';
    writeBetween(perf, 'headline', head.replace(`: [${perf}](${perf}).`, '.'));
    writeBetween(perf, 'goals', goals);
    if (writeBetween('README.md', 'headline', head)) console.log('Updated the README headline');
    console.log(`Updated ${perf}`);
  }
}

function receiver() {
  const path = join(here, 'receiver.mjs');
  if (!existsSync(path)) {
    console.error('bench/receiver.mjs is not there yet (receiver issue): nothing to run.');
    return Promise.resolve(1);
  }
  return new Promise((ok) => {
    const p = spawn(process.execPath, [path, ...argv], { cwd: root, stdio: 'inherit' });
    p.on('exit', (code) => ok(code ?? 1));
  });
}

async function main() {
  if (flag('--help') || flag('-h')) return console.log(HELP);
  const target = argv[0] && !argv[0].startsWith('-') ? argv.shift() : 'browser';
  if (target === 'browser') return browser();
  if (target === 'receiver') process.exitCode = await receiver();
  else if (target === 'all') {
    await browser();
    process.exitCode = await receiver();
  } else {
    console.error(`Unknown target "${target}".\n${HELP}`);
    process.exitCode = 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
