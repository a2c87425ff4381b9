// Start-up time of cachet.js with no DevTools client attached: the bench drives Chromium over
// CDP, and some costs (stack traces captured for inspector issues) might exist only then. Each
// load is a fresh `chromium --headless=new --dump-dom` process on the benchmark page, whose
// deferred scripts are: a marker, cachet.js, a marker. The page writes the time between the two
// markers (cachet.js run + its microtasks) into the DOM, which --dump-dom prints.
// Usage: node scripts/dev/no-devtools-time.mjs a/cachet.js b/cachet.js [--runs 20]
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer } from '../../bench/lib/server.mjs';
import { WIDGETS, widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';

const run = promisify(execFile);
const files = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--runs');
const i = process.argv.indexOf('--runs');
const runs = i < 0 ? 20 : Number(process.argv[i + 1]);
const [cachet] = WIDGETS;
const mark = (k) => `window.__t${k}=performance.now();`;
const end = `${mark(1)}document.documentElement.dataset.ms=(window.__t1-window.__t0).toFixed(2);`;
// The two markers, as files: an inline script would run before the deferred ones.
const markers = mkdtempSync(join(tmpdir(), 'cachet-marks-'));
writeFileSync(join(markers, 'm0.js'), mark(0));
writeFileSync(join(markers, 'm1.js'), end);
const widgets = files.map((file, k) => ({
  ...cachet,
  id: `v${k}`,
  config: cachet.config,
  files: {
    [`/x${k}/cachet.js`]: file,
    '/m0.js': join(markers, 'm0.js'),
    '/m1.js': join(markers, 'm1.js'),
  },
  head: `<script defer src="/config/v${k}.js"></script><script defer src="/m0.js"></script><script defer src="/x${k}/cachet.js"></script><script defer src="/m1.js"></script>`,
}));
const server = await startServer(widgets, widgetPage);
const origin = server.origin;
const times = widgets.map(() => []);
for (let r = 0; r < runs; r++)
  for (const [k] of widgets.entries()) {
    const dir = mkdtempSync(join(tmpdir(), 'cachet-nodt-'));
    try {
      const { stdout } = await run(CHROMIUM, [
        ...CHROMIUM_ARGS,
        `--user-data-dir=${dir}`,
        '--dump-dom',
        `${origin}/v${k}`,
      ]);
      const ms = stdout.match(/data-ms="([\d.]+)"/)?.[1];
      if (ms) times[k].push(Number(ms));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
await server.close();
rmSync(markers, { recursive: true, force: true });
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const [k, f] of files.entries())
  console.log(`${f}: median ${med(times[k])?.toFixed(1)} ms (${times[k].length} loads)`);
if (files.length === 2) {
  const ratios = times[0].map((a, j) => a / times[1][j]).filter(Number.isFinite);
  const q = (p) =>
    [...ratios].sort((x, y) => x - y)[Math.floor(p * (ratios.length - 1))].toFixed(2);
  console.log(`first / second, per-pair ratios: median ${q(0.5)}, quartiles ${q(0.25)}–${q(0.75)}`);
}
