// Types of bench/lib/stats.mjs, for test/browser/bench-smoke.test.ts and test/node/bench-stats.test.ts.
import type { Summary } from '../browser.mjs';

/** Raw, gzip and brotli bytes of one body. */
export function compressedSizes(buf: Uint8Array): { raw: number; gzip: number; br: number };

/** Ranks [k, n + 1 - k] bounding the median's distribution-free 95% confidence interval; null below 6. */
export function medianCIRanks(n: number): [number, number] | null;
/** Median, min, max and the median's 95% confidence interval of the finite numbers; null when none. */
export function summary(values: unknown[]): Summary | null;
