// Builds the receiver (receiver/*.ts) to plain ES modules in dist/receiver/, npm dependencies
// left external, so `cachet-receiver` runs on Node 20 without a TypeScript loader.
// Usage: node scripts/build-receiver.mjs [outDir]   (called by scripts/build.mjs)
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds the receiver entries (cli, index, server, testing, malformed) into `outDir`. */
export async function buildReceiver(outDir = 'dist/receiver') {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    define: { __CACHET_VERSION__: JSON.stringify(version) },
    build: {
      ssr: true,
      target: 'node20',
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: false,
      rollupOptions: {
        input: {
          cli: 'receiver/cli.ts',
          index: 'receiver/index.ts',
          server: 'receiver/server.ts',
          testing: 'receiver/testing/sign-record.ts',
          malformed: 'receiver/testing/malformed.ts',
        },
        output: {
          format: 'es',
          entryFileNames: '[name].mjs',
          chunkFileNames: 'chunks/[name]-[hash].mjs',
        },
      },
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildReceiver(process.argv[2]);
  console.log(`receiver built into ${process.argv[2] ?? 'dist/receiver'}`);
}
