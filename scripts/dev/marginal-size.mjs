// Marginal brotli bytes of each module in dist/cachet.js: build the script-tag entry without it.
// Usage: node scripts/dev/marginal-size.mjs
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'vite';

const all = {
  record: './record',
  gcm: './adapters/gcm',
  matomo: './adapters/matomo',
  scripts: './adapters/scripts',
  ui: './ui',
  forms: './forms',
};
async function size(names) {
  const file = 'src/__modules_variant.ts';
  writeFileSync(
    file,
    `${names.map((n) => `import { ${n} } from '${all[n]}';`).join('\n')}\nexport const modules = [${names.join(', ')}];\n`,
  );
  await build({
    logLevel: 'silent',
    configFile: false,
    define: { __CACHET_VERSION__: '"0.0.0"' },
    plugins: [
      {
        name: 'variant',
        enforce: 'pre',
        resolveId: (id, importer) =>
          id === './modules' && importer?.endsWith('src/index.ts')
            ? `${process.cwd()}/${file}`
            : null,
      },
    ],
    build: {
      outDir: '/tmp/cachet-marginal',
      emptyOutDir: true,
      minify: true,
      lib: { entry: 'src/auto.ts', name: 'C', formats: ['iife'], fileName: () => 'x.js' },
    },
  });
  rmSync(file);
  return brotliCompressSync(readFileSync('/tmp/cachet-marginal/x.js'), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
}
const names = Object.keys(all);
const full = await size(names);
console.log(`all modules: ${full} B brotli`);
console.log(`no module:   ${await size([])} B brotli`);
for (const n of names)
  console.log(`${n.padEnd(8)} +${full - (await size(names.filter((x) => x !== n)))} B`);
