// Builds the demo: the configurator (Preact, TypeScript) into <out>/configurator, and the demo's
// web server (demo/server.ts) into <out>/server.mjs for `npm start`. Run after scripts/build.mjs,
// which empties dist/. Usage: node demo/build.mjs [outDir]   (default dist/demo)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';

const shared = {
  configFile: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { __CACHET_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.1.0') },
};

/** Builds the configurator bundle only (the browser tests build it into a temporary folder). */
export async function buildConfigurator(outDir) {
  const root = resolve('demo/configurator');
  await build({
    ...shared,
    root,
    base: '/configurator/',
    publicDir: false,
    build: {
      outDir: resolve(outDir),
      emptyOutDir: true,
      target: 'es2020',
      // No inline helper script, so the page runs under the demo's strict CSP.
      modulePreload: { polyfill: false },
      rolldownOptions: {
        input: { index: resolve(root, 'index.html'), preview: resolve(root, 'preview.html') },
      },
    },
  });
}

/** Builds everything `npm start` needs from the demo. */
export async function buildDemo(outDir = 'dist/demo') {
  await buildConfigurator(resolve(outDir, 'configurator'));
  await build({
    ...shared,
    publicDir: false,
    build: {
      ssr: resolve('demo/server.ts'),
      outDir: resolve(outDir),
      emptyOutDir: false,
      target: 'node20',
      rolldownOptions: { output: { entryFileNames: 'server.mjs' } },
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv[2] ?? 'dist/demo';
  await buildDemo(out);
  console.log(`demo built into ${out}/`);
}
