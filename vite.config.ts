import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Three library builds share this config (see scripts/build.mjs):
 * - `records`: dist/cachet-records.js, the record pipeline that cachet.js loads on demand;
 * - `auto`: dist/cachet.js, the IIFE for the script tag (CACHET_RECORDS_SRI: the chunk's hash);
 * - `esm`: dist/cachet.mjs, for bundler users, with the pipeline bundled in.
 */
export default defineConfig(({ mode }) => {
  const lib = {
    records: { entry: 'src/record/chunk.ts', name: 'CachetRecords', file: 'cachet-records.js' },
    auto: { entry: 'src/auto.ts', name: 'Cachet', file: 'cachet.js' },
  }[mode];
  // The script tag build loads the pipeline as a second script instead of bundling it.
  const split: Plugin = {
    name: 'cachet-split',
    enforce: 'pre',
    resolveId: (id, importer) =>
      id === './load' && importer?.endsWith('src/record/index.ts')
        ? fileURLToPath(new URL('src/record/load-script.ts', import.meta.url))
        : null,
  };
  return {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    define: {
      __CACHET_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.1.0'),
      __CACHET_RECORDS_SRI__: JSON.stringify(process.env.CACHET_RECORDS_SRI ?? ''),
    },
    plugins: mode === 'auto' ? [split] : [],
    build: {
      target: 'es2020',
      emptyOutDir: false,
      outDir: 'dist',
      sourcemap: false,
      minify: true,
      lib: lib
        ? { entry: lib.entry, name: lib.name, formats: ['iife'], fileName: () => lib.file }
        : { entry: 'src/index.ts', formats: ['es'], fileName: () => 'cachet.mjs' },
    },
  };
});
