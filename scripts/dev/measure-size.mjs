import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync } from 'node:zlib';
import { build } from 'vite';

const entries = JSON.parse(process.argv[2]);
for (const [name, code] of Object.entries(entries)) {
  writeFileSync(`/work/main/src/__m_${name}.ts`, code);
  await build({
    logLevel: 'silent',
    configFile: false,
    root: '/work/main',
    define: { __CACHET_VERSION__: '"x"' },
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir: '/tmp/sz/out',
      emptyOutDir: true,
      minify: true,
      lib: { entry: `src/__m_${name}.ts`, name: 'X', formats: ['iife'], fileName: () => 'x.js' },
    },
  });
  const js = readFileSync('/tmp/sz/out/x.js');
  console.log(name.padEnd(12), js.length, brotliCompressSync(js).length);
}
