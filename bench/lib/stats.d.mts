// Types of bench/lib/stats.mjs, for test/browser/bench-smoke.test.ts.

/** Raw, gzip and brotli bytes of one body. */
export function compressedSizes(buf: Uint8Array): { raw: number; gzip: number; br: number };
