// Builds dist/: cachet.js (script tag, IIFE), cachet.mjs (ESM), cachet.d.ts, cachet.js.sri.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'vite';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
for (const mode of ['auto', 'esm']) {
  await build({ mode, logLevel: 'warn', configFile: 'vite.config.ts' });
}
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
writeFileSync('dist/cachet.d.ts', "export * from './types/index';\n");
// ASCII-only output: a site may serve cachet.js without a charset, and a page in another
// encoding would then garble « é » and ’ in the texts. Non-ASCII characters only occur in
// string, template and regex literals, where \uXXXX escapes mean the same.
for (const f of ['dist/cachet.js', 'dist/cachet.mjs']) {
  const src = readFileSync(f, 'utf8');
  writeFileSync(
    f,
    src.replace(/[^\p{ASCII}]/gu, (c) =>
      c
        .split('')
        .map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`)
        .join(''),
    ),
  );
}
const js = readFileSync('dist/cachet.js');
// W3C Subresource Integrity: sha384 is the algorithm browsers must support.
const sri = `sha384-${createHash('sha384').update(js).digest('base64')}`;
writeFileSync('dist/cachet.js.sri', `${sri}\n`);
console.log(`dist/cachet.js  ${js.length} bytes  integrity="${sri}"`);
// The receiver for Node (bin/cachet-receiver.mjs): dist/receiver/, see scripts/build-receiver.mjs.
await (await import('./build-receiver.mjs')).buildReceiver();
