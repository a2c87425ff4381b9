// Size budget: dist/cachet.js, everything included (CSS, fr + en texts), in brotli bytes.
// The closest peer, orestbida/cookieconsent 3.1, ships 13.8 KB brotli; our budget is 14 KB.
// Like nanostores, the README's figure is checked too: it must not understate the real size.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const BUDGET = 14 * 1024;
const js = readFileSync('dist/cachet.js');
const br = brotliCompressSync(js, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const gz = gzipSync(js, { level: 9 }).length;
console.log(
  `dist/cachet.js: ${js.length} B raw, ${gz} B gzip, ${br} B brotli (budget ${BUDGET} B)`,
);
let ok = true;
if (br > BUDGET) {
  console.error(`Size budget exceeded by ${br - BUDGET} B brotli.`);
  ok = false;
}
const claimed = /\((\d+(?:\.\d+)?) KB brotli, everything included\)/.exec(
  readFileSync('README.md', 'utf8'),
);
if (!claimed) {
  console.error('README.md must state the size as "(N.N KB brotli, everything included)".');
  ok = false;
} else if (Number(claimed[1]) * 1024 < br) {
  console.error(
    `README.md says ${claimed[1]} KB brotli but dist/cachet.js is ${(br / 1024).toFixed(1)} KB.`,
  );
  ok = false;
}
process.exit(ok ? 0 : 1);
