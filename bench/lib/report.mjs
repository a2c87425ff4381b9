// Turns benchmark results into Markdown tables (printed, and copied into docs/performance.md).
import { cell, fmt, table } from './stats.mjs';

const ROWS_1X = [
  ['files', 'Files loaded (JS, CSS, language)', 0],
  ['br', 'Bytes shipped, brotli (B)', 0],
  ['brDecided', 'Bytes shipped once "refuse all" is clicked, brotli (B)', 0],
  ['gzip', 'Bytes shipped, gzip (B)', 0],
  ['raw', 'Bytes shipped, raw (B)', 0],
  ['scriptMs', 'Script evaluation (ms)', 1],
  ['scriptCpuMs', 'Script evaluation, main-thread CPU time (ms)', 1],
  ['shownMs', 'Banner visible after navigation start (ms)', 0],
  ['longTasks', 'Long tasks (count)', 0],
  ['tbtMs', 'Total blocking time (ms)', 0],
  ['cls', 'Cumulative layout shift', 3],
  ['nodesAdded', 'DOM nodes added (incl. shadow roots)', 0],
  ['heapKB', 'JS heap after load, after GC (KiB)', 0],
  ['heapAddedKB', 'JS heap added over the page alone (KiB)', 0],
  ['refuseMs', '"Refuse all" click → banner gone (ms)', 0],
];
const ROWS_THROTTLED = [
  ['scriptMs', 'Script evaluation (ms)', 1],
  ['shownMs', 'Banner visible after navigation start (ms)', 0],
  ['longTasks', 'Long tasks (count)', 0],
  ['tbtMs', 'Total blocking time (ms)', 0],
  ['refuseMs', '"Refuse all" click → banner gone (ms)', 0],
];
const RATIO_ROWS = [
  ['br', 'Bytes shipped, brotli'],
  ['brDecided', 'Bytes once decided, brotli'],
  ['scriptMs', 'Script evaluation'],
  ['scriptCpuMs', 'Script evaluation, CPU time'],
  ['shownMs', 'Banner visible'],
  ['tbtMs', 'Total blocking time'],
  ['nodesAdded', 'DOM nodes added'],
  ['heapAddedKB', 'JS heap added'],
  ['refuseMs', 'Refuse all → gone'],
];

// The median with its 95% confidence interval; below 6 pairs there is none: min–max, marked.
const ratioCell = (s) =>
  !s
    ? '—'
    : s.lo != null
      ? `${fmt(s.median, 2)} (${fmt(s.lo, 2)}–${fmt(s.hi, 2)})`
      : s.min === s.max
        ? fmt(s.median, 2)
        : `${fmt(s.median, 2)} (min–max ${fmt(s.min, 2)}–${fmt(s.max, 2)})`;

/** The browser tables: per widget at 1x and under throttling, then Cachet/peer ratios. */
export function browserTables(res) {
  const ws = res.widgets;
  const head = [
    'Metric (median, min–max)',
    ...ws.map((w) => (w.version ? `${w.name} ${w.version}` : w.name)),
  ];
  const out = [];
  const rows = (defs, rate) =>
    defs.map(([k, label, d]) => [label, ...ws.map((w) => cell(res.stats[w.id]?.[rate]?.[k], d))]);
  const n = (rate) =>
    ws
      .map(
        (w) =>
          `${w.id} ${res.stats[w.id]?.[rate]?.shownMs?.n ?? res.stats[w.id]?.[rate]?.scriptMs?.n ?? 0}`,
      )
      .join(', ');
  out.push(`**No throttling** (runs: ${n(1)})\n`);
  out.push(table(head, rows(ROWS_1X, 1)));
  for (const rate of res.options.rates.filter((r) => r !== 1)) {
    out.push(`\n**${rate}x CPU throttling** (runs: ${n(rate)})\n`);
    out.push(table(head, rows(ROWS_THROTTLED, rate)));
  }
  const peers = ws.filter((w) => res.ratios[w.id]);
  if (peers.length) {
    out.push(
      '\n**Cachet / peer**, median of per-pair ratios from interleaved runs, with its 95% confidence interval (below 1: Cachet is lighter or faster; an interval wholly below 1 says so with 95% confidence)\n',
    );
    const rrows = [];
    for (const rate of res.options.rates)
      for (const [k, label] of RATIO_ROWS) {
        if (!peers.some((p) => res.ratios[p.id][rate]?.[k])) continue;
        rrows.push([
          rate === 1 ? label : `${label}, ${rate}x CPU`,
          ...peers.map((p) => ratioCell(res.ratios[p.id][rate]?.[k])),
        ]);
      }
    out.push(table(['Cachet / …', ...peers.map((p) => p.name)], rrows));
  }
  const failed = res.runs.filter((r) => !r.ok);
  if (failed.length)
    out.push(
      `\n${failed.length} failed run(s): ${[...new Set(failed.map((r) => `${r.widget} (${r.error})`))].join('; ')}`,
    );
  return out.join('\n');
}

const kb = (b) => `${(b / 1000).toFixed(1)} KB`;

// The performance goals (docs/performance.md, "Where Cachet stands against its goals"), judged
// from the data rather than written by hand.
/** "Well under orestbida's 13.8 KB": the goal names no figure; we hold ourselves to 10% under. */
export const WELL_UNDER = 0.9;
/**
 * "Smaller than every peer's full load except possibly Osano's (which has no preferences, no
 * categories and no script blocking)".
 */
const BYTES_EXEMPT = new Set(['osano']);

/**
 * Where a Cachet / peer ratio stands against 1, read from its 95% confidence interval: 'lower'
 * or 'higher' only when the whole interval is on that side. Below 6 pairs there is no interval:
 * 'unsure', unless the ratio is `exact` (bytes, the same on every load).
 */
export function side(s, exact = false) {
  if (!s) return null;
  if (s.lo == null && !exact) return 'unsure';
  const lo = s.lo ?? s.min;
  const hi = s.hi ?? s.max;
  return hi < 1 ? 'lower' : lo > 1 ? 'higher' : 'level';
}

/**
 * One row per target of the issue: Cachet's median, each peer's ratio with where it stands, and a
 * verdict. "Lower than every peer" is met only when every interval is wholly below 1; a median
 * below 1 whose interval straddles 1 is "level", never a win.
 */
export function goals(res) {
  const peers = res.widgets.filter((w) => res.ratios[w.id]);
  const c = (k, rate = 1) => res.stats.cachet?.[rate]?.[k];
  const r = (p, k, rate = 1) => res.ratios[p.id]?.[rate]?.[k];
  const names = (ps) => ps.map((p) => p.name).join(', ');
  const ms = (x) => (x == null ? '—' : `${fmt(x)} ms`);
  const out = [];
  const lower = (k, label, rate = 1) => {
    const sides = peers.map((p) => side(r(p, k, rate)));
    const unsure = peers.filter((_, i) => sides[i] === 'unsure');
    const higher = peers.filter((_, i) => sides[i] === 'higher');
    const level = peers.filter((_, i) => sides[i] === 'level');
    const floor = k === 'tbtMs' && c(k, rate)?.median === 0;
    out.push({
      goal: `${label} lower than every peer's${rate === 1 ? '' : `, ${rate}x CPU`}`,
      cachet: ms(c(k, rate)?.median),
      cells: peers.map((p, i) => [r(p, k, rate), sides[i]]),
      verdict: higher.length
        ? `not met: higher than ${names(higher)}`
        : unsure.length
          ? `not judged: under 6 pairs with ${names(unsure)}`
          : level.length
            ? floor
              ? `at the floor (0 ms); level with ${names(level)}`
              : `not met: level with ${names(level)}`
            : sides.includes(null) || !peers.length
              ? 'no data'
              : 'met',
    });
  };

  // Bytes: exact, the same on every load, so each ratio is one number.
  const br = peers.map((p) => [
    p,
    r(p, 'br'),
    BYTES_EXEMPT.has(p.id) ? 'exempt' : side(r(p, 'br'), true),
  ]);
  const over = br.filter(([, s, at]) => s && at !== 'exempt' && at !== 'lower');
  const ob = br.find(([p]) => p.id === 'orestbida')?.[1];
  out.push({
    goal: `Bytes, brotli: below every peer's but Osano's, well under orestbida's (≤ ${WELL_UNDER}×)`,
    cachet: c('br') ? `${c('br').median} B` : '—',
    cells: br.map(([, s, at]) => [s, at]),
    verdict: over.length
      ? `not met: not below ${names(over.map(([p]) => p))}`
      : !ob
        ? 'no orestbida in this run'
        : ob.median > WELL_UNDER
          ? `partly met: below, but ${fmt(ob.median, 2)}× orestbida's is not well under`
          : 'met',
  });
  lower('shownMs', 'Banner visible');
  lower('scriptMs', 'Script evaluation');
  lower('tbtMs', 'Total blocking time');
  const lt = c('longTasks')?.median;
  const cls = c('cls')?.median;
  out.push({
    goal: '0 long tasks at 1x, CLS 0',
    cachet: `${lt ?? '—'} long tasks, CLS ${cls == null ? '—' : fmt(cls, 3)}`,
    cells: peers.map(() => null),
    verdict: lt == null ? 'no data' : lt === 0 && cls === 0 ? 'met' : 'not met',
  });
  for (const rate of res.options.rates.filter((x) => x !== 1))
    for (const [k, label] of [
      ['shownMs', 'Banner visible'],
      ['scriptMs', 'Script evaluation'],
      ['tbtMs', 'Total blocking time'],
    ])
      lower(k, label, rate);
  return { peers, rows: out };
}

/** The goals as a Markdown table: each peer's ratio (95% interval) and where it stands. */
export function goalsTable(res) {
  const { peers, rows } = goals(res);
  return table(
    ['Goal', 'Cachet', ...peers.map((p) => `/ ${p.name}`), 'Verdict'],
    rows.map((g) => [
      g.goal,
      g.cachet,
      ...g.cells.map((x) => (x ? `${ratioCell(x[0])} ${x[1] ?? ''}`.trim() : '')),
      g.verdict,
    ]),
  );
}

/** One Markdown paragraph of headline figures (medians, 1x), for the README's first screen. */
export function headline(res) {
  const s = (id, k, rate = 1) => res.stats[id]?.[rate]?.[k]?.median;
  const peers = res.widgets.filter((w) => w.id !== 'cachet' && w.id !== 'page' && res.stats[w.id]);
  if (!res.stats.cachet || !peers.length) return '';
  const list = (k, f) => peers.map((p) => `${p.name} ${f(s(p.id, k))}`).join(', ');
  const more = peers.filter((p) => s(p.id, 'brDecided') > s(p.id, 'br'));
  const ms = (x) => (x == null ? '—' : `${Math.round(x)} ms`);
  return [
    `**${kb(s('cachet', 'br'))} brotli** on a page view (${list('br', kb)}), ${kb(s('cachet', 'brDecided'))} once the visitor decides and the record signer loads${more.length ? ` (${more.map((p) => `${p.name} ${kb(s(p.id, 'brDecided'))}`).join(', ')})` : ', where the peers load nothing more'}.`,
    `Banner visible **${ms(s('cachet', 'shownMs'))}** after navigation (${list('shownMs', ms)});`,
    `**${ms(s('cachet', 'scriptMs'))}** of script (${list('scriptMs', ms)});`,
    `${s('cachet', 'longTasks') ?? '—'} long task(s), ${ms(s('cachet', 'tbtMs'))} blocking, CLS ${s('cachet', 'cls')?.toFixed(2) ?? '—'}.`,
    `Medians of ${res.options.runs} cold loads in Chromium ${res.machine.chromium.split('.')[0]} on ${res.machine.cores} cores, ${res.date.slice(0, 10)}: [docs/performance.md](docs/performance.md).`,
  ].join(' ');
}

/** Cachet-only rows gathered from the other benchmark scripts. */
export function cachetOnlyTable(rows) {
  return table(
    ['Cachet only', 'median', 'min', 'max', 'n', 'script'],
    rows.map((r) =>
      r.error
        ? [r.label, '—', '—', '—', '—', `${r.script}: ${r.error}`]
        : [r.label, `${fmt(r.median)} ${r.unit}`, fmt(r.min), fmt(r.max), r.n ?? '—', r.script],
    ),
  );
}
