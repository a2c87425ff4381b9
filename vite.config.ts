import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Three library builds share this config (see scripts/build.mjs):
 * - `records` and `prefs`: dist/cachet-records.js (the record signer) and dist/cachet-prefs.js
 *   (the preferences dialog), which cachet.js loads on demand (src/chunk/);
 * - `auto`: dist/cachet.js, the IIFE for the script tag (CACHET_*_SRI: those files' hashes);
 * - `esm`: dist/cachet.mjs, for bundler users, with the pipeline bundled in.
 */
export default defineConfig(({ mode }) => {
  const lib = {
    records: { entry: 'src/chunk/records.ts', name: 'CachetRecords', file: 'cachet-records.js' },
    prefs: { entry: 'src/chunk/prefs.ts', name: 'CachetPrefs', file: 'cachet-prefs.js' },
    auto: { entry: 'src/auto.ts', name: 'Cachet', file: 'cachet.js' },
  }[mode];
  // The script tag build loads those parts as a second script instead of bundling them.
  const split: Plugin = {
    name: 'cachet-split',
    enforce: 'pre',
    resolveId: (id) =>
      id === '../chunk/load'
        ? fileURLToPath(new URL('src/chunk/load-script.ts', import.meta.url))
        : null,
  };
  return {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    define: {
      __CACHET_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.1.0'),
      __CACHET_RECORDS_SRI__: JSON.stringify(process.env.CACHET_RECORDS_SRI ?? ''),
      __CACHET_PREFS_SRI__: JSON.stringify(process.env.CACHET_PREFS_SRI ?? ''),
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
