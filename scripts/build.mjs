// Builds dist/: cachet.js (script tag, IIFE) with cachet-records.js and cachet-prefs.js (its
// on-demand record pipeline and preferences dialog), cachet.mjs (ESM), cachet.d.ts, cachet.js.sri.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'vite';
import { asciiOnly, scriptTagFile } from './script-tag.mjs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
const sri = (f, alg = 'sha384') =>
  `${alg}-${createHash(alg).update(readFileSync(f)).digest('base64')}`;
const finish = (f) => {
  const src = readFileSync(f, 'utf8');
  writeFileSync(f, f.endsWith('.js') ? scriptTagFile(src) : asciiOnly(src));
};
// cachet.js carries the hashes of the files it loads on demand, so pinning cachet.js with SRI
// pins them too. SHA-256, which every browser must support as SHA-384 (W3C SRI §3.2), and 21
// characters shorter: that hash is in every page view's bytes, and no one types or checks it.
for (const mode of ['records', 'prefs']) {
  await build({ mode, logLevel: 'warn', configFile: 'vite.config.ts' });
  finish(`dist/cachet-${mode}.js`);
  process.env[`CACHET_${mode.toUpperCase()}_SRI`] = sri(`dist/cachet-${mode}.js`, 'sha256');
}
for (const mode of ['auto', 'esm']) {
  await build({ mode, logLevel: 'warn', configFile: 'vite.config.ts' });
}
for (const f of ['dist/cachet.js', 'dist/cachet.mjs']) finish(f);
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
writeFileSync('dist/cachet.d.ts', "export * from './types/index';\n");
// W3C Subresource Integrity: sha384 is the algorithm browsers must support.
const integrity = sri('dist/cachet.js');
writeFileSync('dist/cachet.js.sri', `${integrity}\n`);
console.log(
  `dist/cachet.js  ${readFileSync('dist/cachet.js').length} bytes  integrity="${integrity}"`,
);
for (const f of ['dist/cachet-records.js', 'dist/cachet-prefs.js'])
  console.log(`${f}  ${readFileSync(f).length} bytes (loaded on demand)`);
// The receiver for Node (bin/cachet-receiver.mjs): dist/receiver/, see scripts/build-receiver.mjs.
await (await import('./build-receiver.mjs')).buildReceiver();
