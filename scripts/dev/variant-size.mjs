// Builds the script-tag entry (src/auto.ts) with only the given modules in place of
// src/modules.ts, and returns its size. Temp names carry the pid, so two runs never collide.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'vite';

export const MODULES = {
  record: './record',
  gcm: './adapters/gcm',
  matomo: './adapters/matomo',
  scripts: './adapters/scripts',
  ui: './ui',
  forms: './forms',
};

/** Raw and brotli bytes of dist-like cachet.js built with `names`; the file is left in `outDir`. */
export async function variantSize(
  names,
  outDir = `/tmp/cachet-variant-${process.pid}`,
  { minify = true } = {},
) {
  const file = `src/__modules_variant_${process.pid}.ts`;
  writeFileSync(
    file,
    `${names.map((n) => `import { ${n} } from '${MODULES[n]}';`).join('\n')}\nexport const modules = [${names.join(', ')}];\n`,
  );
  try {
    await build({
      logLevel: 'silent',
      configFile: false,
      define: { __CACHET_VERSION__: '"0.0.0"', __CACHET_RECORDS_SRI__: '""' },
      plugins: [
        {
          name: 'variant',
          enforce: 'pre',
          // As vite.config.ts's auto build: the record pipeline stays out (cachet-records.js).
          resolveId: (id, importer) =>
            id === './modules' && importer?.endsWith('src/index.ts')
              ? `${process.cwd()}/${file}`
              : id === './load' && importer?.endsWith('src/record/index.ts')
                ? `${process.cwd()}/src/record/load-script.ts`
                : null,
        },
      ],
      build: {
        outDir,
        emptyOutDir: true,
        minify,
        lib: { entry: 'src/auto.ts', name: 'C', formats: ['iife'], fileName: () => 'x.js' },
      },
    });
  } finally {
    rmSync(file, { force: true });
  }
  const js = readFileSync(`${outDir}/x.js`);
  const br = brotliCompressSync(js, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { raw: js.length, br, path: `${outDir}/x.js` };
}
