// Size budget: dist/cachet.js, everything included (CSS, fr + en texts), in brotli bytes.
// The closest peer, orestbida/cookieconsent 3.1, ships 13.8 KB brotli; our budget is 14 KB and we aim below.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const BUDGET = 14 * 1024;
const js = readFileSync('dist/cachet.js');
const br = brotliCompressSync(js, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const gz = gzipSync(js, { level: 9 }).length;
console.log(
  `dist/cachet.js: ${js.length} B raw, ${gz} B gzip, ${br} B brotli (budget ${BUDGET} B brotli)`,
);
if (br > BUDGET) {
  console.error(`Size budget exceeded by ${br - BUDGET} B brotli.`);
  process.exit(1);
}
