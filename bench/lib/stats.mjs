// Small statistics and formatting helpers shared by the benchmark scripts.
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Median (mean of the two middle values for an even count), min and max; null when empty. */
export function summary(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return {
    median: v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2,
    min: v[0],
    max: v[v.length - 1],
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
