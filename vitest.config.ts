import { defineConfig } from 'vitest/config';

/**
 * Three projects, run by scripts/test.mjs:
 * - unit: widget logic and components in happy-dom (test/unit);
 * - node: receiver, schemas, CLI, crypto interop in Node (test/node);
 * - browser: real Chromium against the built dist/ (test/browser), one file at a time.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { __CACHET_VERSION__: JSON.stringify('0.1.0-test') },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'happy-dom' },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
