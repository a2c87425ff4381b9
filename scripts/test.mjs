// `npm test`: lint, typecheck, unit + node tests, build, size budget, real-Chromium tests.
// Ends with one plain line "Tests: N passed, N failed" summed over every suite.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const only = process.argv[2]; // optional: unit | node | browser
let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;

function step(name, cmd, args, env = {}) {
  console.log(`\n== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`== ${name} failed (exit ${r.status})`);
    broken = true;
  }
  return r.status === 0;
}

function vitest(project) {
  const out = `.vitest-${project}.json`;
  rmSync(out, { force: true });
  step(`tests (${project})`, 'npx', [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  if (!existsSync(out)) {
    console.error(`== ${project}: no report written`);
    broken = true;
    return;
  }
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  if (r.numFailedTestSuites) broken = true;
  rmSync(out, { force: true });
}

if (!only) {
  step('lint', 'npx', ['biome', 'check', '.']);
  step('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']);
}
if (!only || only === 'unit') vitest('unit');
if (!only || only === 'node') vitest('node');
if (!only || only === 'browser') {
  if (step('build', 'node', ['scripts/build.mjs'])) {
    step('size budget', 'node', ['scripts/size.mjs']);
    vitest('browser');
  }
}
console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(broken || failed ? 1 : 0);
