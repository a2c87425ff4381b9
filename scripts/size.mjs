// Size budget, in brotli bytes: dist/cachet.js, what every page view loads (banner, forms,
// Matomo, script blocking, Consent Mode, CSS, fr + en texts, the pending-record store), and what
// it loads on demand: dist/cachet-records.js, the signing and delivery part, once there is a
// record to sign or deliver, and dist/cachet-prefs.js, the preferences dialog, once asked for.
// Issue 8's bytes goal is to stay well below the full load of the closest peer,
// orestbida/cookieconsent 3.1, 13,782 B brotli (docs/performance.md). The budget stops growth.
// Like nanostores, the figures in the README and docs/records.md are checked too: they must be
// the real sizes.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const BUDGET = { 'cachet.js': 13300, 'cachet-records.js': 2560, 'cachet-prefs.js': 1900 };
const sizes = {};
let ok = true;
for (const [name, budget] of Object.entries(BUDGET)) {
  const js = readFileSync(`dist/${name}`);
  const br = brotliCompressSync(js, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const gz = gzipSync(js, { level: 9 }).length;
  sizes[name] = br;
  console.log(
    `dist/${name}: ${js.length} B raw, ${gz} B gzip, ${br} B brotli (budget ${budget} B)`,
  );
  if (br > budget) {
    console.error(`Size budget of ${name} exceeded by ${br - budget} B brotli.`);
    ok = false;
  }
}
// Where the docs state a size, and which file each figure is: they must say what dist/ ships.
const FIGURES = [
  [
    'README.md',
    /\((\d+\.\d) KB brotli; its record signer, (\d+\.\d) KB, and preferences dialog, (\d+\.\d) KB, load only when needed\)/,
    ['cachet.js', 'cachet-records.js', 'cachet-prefs.js'],
    '"(N.N KB brotli; its record signer, N.N KB, and preferences dialog, N.N KB, load only when needed)"',
  ],
  [
    'docs/records.md',
    /`cachet-records\.js` \((\d+\.\d) KB brotli\)/,
    ['cachet-records.js'],
    '"`cachet-records.js` (N.N KB brotli)"',
  ],
];
for (const [doc, re, names, form] of FIGURES) {
  const claimed = re.exec(readFileSync(doc, 'utf8'));
  if (!claimed) {
    console.error(`${doc} must state the sizes as ${form}.`);
    ok = false;
    continue;
  }
  names.forEach((name, i) => {
    // KB = 1,000 bytes, as in the benchmark tables; the figure is the size rounded to 0.1 KB.
    const real = (sizes[name] / 1000).toFixed(1);
    if (claimed[i + 1] !== real) {
      console.error(`${doc} says ${claimed[i + 1]} KB brotli but dist/${name} is ${real} KB.`);
      ok = false;
    }
  });
}
process.exit(ok ? 0 : 1);
