// Builds the script-tag entry (src/auto.ts) with only the given modules in place of
// src/modules.ts, and returns its size. Temp names carry the pid, so two runs never collide.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'vite';
import { scriptTagFile } from '../script-tag.mjs';

export const MODULES = {
  record: './record',
  gcm: './adapters/gcm',
  matomo: './adapters/matomo',
  scripts: './adapters/scripts',
  ui: './ui',
  forms: './forms',
};

/** The imports of the modules `names`, as lines of src/__modules_*.ts. */
export const importsOf = (names) =>
  names.map((n) => `import { ${n} } from '${MODULES[n]}';`).join('\n');

/**
 * Raw and brotli bytes of a dist-like cachet.js built with `names`; the file is left in `outDir`.
 * `source` replaces the generated module list (a src/modules.ts of its own).
 */
export async function variantSize(
  names,
  outDir = `/tmp/cachet-variant-${process.pid}`,
  {
    minify = true,
    source = `${importsOf(names)}\nexport const modules = [${names.join(', ')}];\n`,
  } = {},
) {
  const file = `src/__modules_variant_${process.pid}.ts`;
  writeFileSync(file, source);
  try {
    // vite.config.ts's script-tag build (the record pipeline stays out, as in dist/), with the
    // given modules in place of src/modules.ts.
    await build({
      mode: 'auto',
      logLevel: 'silent',
      configFile: 'vite.config.ts',
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
      build: { outDir, emptyOutDir: true, minify },
    });
  } finally {
    rmSync(file, { force: true });
  }
  const path = `${outDir}/cachet.js`;
  writeFileSync(path, scriptTagFile(readFileSync(path, 'utf8')));
  const js = readFileSync(path);
  const br = brotliCompressSync(js, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { raw: js.length, br, path };
}
