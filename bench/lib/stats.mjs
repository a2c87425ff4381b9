// Small statistics and formatting helpers shared by the benchmark scripts.
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * The 1-based ranks [k, n + 1 - k] of the sorted values that bound a distribution-free 95%
 * confidence interval for the median of n values: k is the largest rank with
 * P(Binomial(n, 1/2) < k) <= 2.5%, so the interval covers the true median with probability at
 * least 95% whatever the distribution (the sign-test interval; Conover, "Practical
 * Nonparametric Statistics", 3rd ed., §3.2). null below 6 values, where no such interval exists.
 */
export function medianCIRanks(n) {
  if (n < 6) return null;
  if (n > 1000) {
    // The binomial terms underflow; the normal approximation is exact enough there.
    const k = Math.floor(n / 2 - 0.98 * Math.sqrt(n));
    return [k, n + 1 - k];
  }
  let pmf = 0.5 ** n; // P(X = 0)
  let below = 0; // P(X < k)
  let k = 0;
  while (below + pmf <= 0.025) {
    below += pmf;
    pmf = (pmf * (n - k)) / (k + 1);
    k++;
  }
  return [k, n + 1 - k];
}

/**
 * Median (mean of the two middle values for an even count), min and max, and the median's
 * distribution-free 95% confidence interval `lo`–`hi` (null below 6 values); null when empty.
 */
export function summary(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  const ci = medianCIRanks(v.length);
  return {
    median: v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2,
    min: v[0],
    max: v[v.length - 1],
    lo: ci ? v[ci[0] - 1] : null,
    hi: ci ? v[ci[1] - 1] : null,
    n: v.length,
  };
}

const sizes = new Map();
/** Raw, gzip (level 9) and brotli (quality 11) bytes of one body, as a CDN would serve it. */
export function compressedSizes(buf) {
  const key = createHash('sha256').update(buf).digest('hex');
  let s = sizes.get(key);
  if (!s) {
    s = {
      raw: buf.length,
      gzip: gzipSync(buf, { level: 9 }).length,
      br: brotliCompressSync(buf, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        },
      }).length,
    };
    sizes.set(key, s);
  }
  return s;
}

/** Formats a number for a table cell: integers as is, small values with a few decimals. */
export function fmt(x, digits) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (digits !== undefined) return x.toFixed(digits);
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 100) return Math.round(x).toLocaleString('en-US');
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

/** "median (min–max)", or just the value when every run gave the same. */
export function cell(s, digits) {
  if (!s) return '—';
  if (s.min === s.max) return fmt(s.median, digits);
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}

/** A Markdown table (also readable as plain text). */
export function table(header, rows) {
  const all = [header, ...rows];
  const w = header.map((_, i) => Math.max(3, ...all.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
  return [line(header), `| ${w.map((n) => '-'.repeat(n)).join(' | ')} |`, ...rows.map(line)].join(
    '\n',
  );
}
