// Brotli bytes of the script-tag entry with only the given modules (default: ui), for A/B work
// on the core. Usage: node scripts/dev/core-size.mjs [module…]
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'vite';

const paths = {
  record: './record',
  gcm: './adapters/gcm',
  matomo: './adapters/matomo',
  scripts: './adapters/scripts',
  ui: './ui',
  forms: './forms',
};
const names = process.argv.slice(2).length ? process.argv.slice(2) : ['ui'];
const file = 'src/__core_variant.ts';
writeFileSync(
  file,
  `${names.map((n) => `import { ${n} } from '${paths[n]}';`).join('\n')}\nexport const modules = [${names.join(', ')}];\n`,
);
await build({
  logLevel: 'silent',
  configFile: false,
  define: { __CACHET_VERSION__: '"0.0.0"' },
  plugins: [
    {
      name: 'v',
      enforce: 'pre',
      resolveId: (id, imp) =>
        id === './modules' && imp?.endsWith('src/index.ts') ? `${process.cwd()}/${file}` : null,
    },
  ],
  build: {
    outDir: '/tmp/cachet-core',
    emptyOutDir: true,
    minify: true,
    lib: { entry: 'src/auto.ts', name: 'C', formats: ['iife'], fileName: () => 'x.js' },
  },
});
rmSync(file);
const js = readFileSync('/tmp/cachet-core/x.js');
console.log(
  `${names.join('+')}: ${js.length} B raw, ${brotliCompressSync(js, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length} B brotli`,
);
