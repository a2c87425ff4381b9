/**
 * The benchmark's statistics (bench/lib/stats.mjs): the median's distribution-free 95%
 * confidence interval that the Cachet / peer ratio table prints.
 */
import { describe, expect, it } from 'vitest';
import { medianCIRanks, summary } from '../../bench/lib/stats.mjs';

/** A seeded generator (mulberry32), so the coverage check is the same on every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('median confidence interval', () => {
  it('uses the order statistics of the sign test', () => {
    // The usual sign-test intervals: n = 10 → 2nd and 9th, 20 → 6th and 15th,
    // 100 → 40th and 61st.
    expect(medianCIRanks(10)).toEqual([2, 9]);
    expect(medianCIRanks(20)).toEqual([6, 15]);
    expect(medianCIRanks(40)).toEqual([14, 27]);
    expect(medianCIRanks(100)).toEqual([40, 61]);
    // Below 6 values even min–max covers the median less than 95% of the time.
    expect(medianCIRanks(5)).toBeNull();
    expect(medianCIRanks(6)).toEqual([1, 6]);
    // Past the exact computation, the approximation joins it.
    expect(medianCIRanks(1001)).toEqual([469, 533]);
  });

  it('covers the true median 95–97.5% of the time for 20 and 40 pairs of a skewed distribution', () => {
    // Exponential ratios (median ln 2), as skewed as timing ratios are.
    const next = rng(42);
    for (const n of [20, 40]) {
      let covered = 0;
      const trials = 20000;
      for (let t = 0; t < trials; t++) {
        const s = summary(Array.from({ length: n }, () => -Math.log(1 - next())));
        if (s?.lo != null && s.hi != null && s.lo <= Math.LN2 && Math.LN2 <= s.hi) covered++;
      }
      // Exact coverage: 95.9% for n = 20, 96.2% for n = 40.
      expect(covered / trials).toBeGreaterThan(0.95);
      expect(covered / trials).toBeLessThan(0.975);
    }
  });

  it('puts the interval in the summary, and none below 6 values', () => {
    const s = summary([9, 1, 8, 2, 7, 3, 6, 4, 5, 10]);
    expect(s).toMatchObject({ median: 5.5, min: 1, max: 10, lo: 2, hi: 9, n: 10 });
    expect(summary([3, 1, 2])).toMatchObject({ median: 2, lo: null, hi: null });
    expect(summary([null, Number.NaN, 'x'])).toBeNull();
  });
});
