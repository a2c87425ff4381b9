// The record module's share of dist/cachet.js (the pending-record store and the loader of
// cachet-records.js): builds the script-tag bundle with the module and with it stubbed out, and
// prints both sizes and the difference in brotli bytes.
// Run: node bench/record-size.mjs
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'vite';

const tmp = mkdtempSync(join(tmpdir(), 'cachet-size-'));
const size = (f) => {
  const js = readFileSync(f);
  const br = brotliCompressSync(js, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  return { raw: js.length, brotli: br.length };
};
const rows = {};
for (const name of ['with record', 'without record']) {
  const outDir = join(tmp, name.replace(' ', '-'));
  const stub = {
    name: 'stub-record',
    enforce: 'pre',
    load: (id) => (id.endsWith('/src/record/index.ts') ? 'export const record = () => {};' : null),
  };
  await build({
    mode: 'auto',
    logLevel: 'warn',
    configFile: 'vite.config.ts',
    build: { outDir, emptyOutDir: true },
    plugins: name === 'without record' ? [stub] : [],
  });
  rows[name] = size(join(outDir, 'cachet.js'));
}
rows['record share'] = {
  raw: rows['with record'].raw - rows['without record'].raw,
  brotli: rows['with record'].brotli - rows['without record'].brotli,
};
console.table(rows);
rmSync(tmp, { recursive: true, force: true });
