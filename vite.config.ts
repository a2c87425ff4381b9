import { defineConfig } from 'vite';

/**
 * Two library builds share this config (see scripts/build.mjs):
 * - `auto`: dist/cachet.js, one self-contained IIFE for the script tag;
 * - `esm`: dist/cachet.mjs, for bundler users.
 */
export default defineConfig(({ mode }) => {
  const auto = mode !== 'esm';
  return {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    define: { __CACHET_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.1.0') },
    build: {
      target: 'es2020',
      emptyOutDir: false,
      outDir: 'dist',
      sourcemap: false,
      minify: true,
      lib: auto
        ? { entry: 'src/auto.ts', name: 'Cachet', formats: ['iife'], fileName: () => 'cachet.js' }
        : { entry: 'src/index.ts', formats: ['es'], fileName: () => 'cachet.mjs' },
    },
  };
});
