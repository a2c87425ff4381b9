/**
 * The benchmark's verdict on each target of the performance goals (bench/lib/report.mjs), which
 * `npm run bench` prints and writes into docs/performance.md: a goal is met only when every
 * peer's ratio interval is wholly on the right side of 1.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserResults, Summary } from '../../bench/browser.mjs';
import { goals, goalsTable, side } from '../../bench/lib/report.mjs';

/** A ratio or metric summary: median with its interval. */
const s = (median: number, lo = median, hi = median): Summary => ({
  median,
  min: Math.min(lo, median),
  max: Math.max(hi, median),
  lo,
  hi,
  n: 20,
});

const PEERS = [
  { id: 'orestbida', name: 'orestbida' },
  { id: 'klaro', name: 'Klaro' },
  { id: 'osano', name: 'Osano' },
];

/** A results object with Cachet's medians and, per peer, its ratios at 1x (and 4x when given). */
function results(
  ratios: Record<string, Record<string, Summary>>,
  cachet: Record<string, Summary> = {},
  rates = [1],
): BrowserResults {
  return {
    options: { runs: 20, rates, settleMs: 300 },
    widgets: [{ id: 'cachet', name: 'Cachet' }, ...PEERS],
    stats: {
      cachet: {
        1: {
          br: s(13000),
          shownMs: s(100),
          scriptMs: s(12),
          tbtMs: s(0),
          longTasks: s(0),
          cls: s(0),
          ...cachet,
        },
        4: { shownMs: s(300), scriptMs: s(38), tbtMs: s(80) },
      },
    },
    ratios: Object.fromEntries(
      PEERS.map((p) => [p.id, { 1: ratios[p.id], 4: ratios[`${p.id}@4`] ?? ratios[p.id] }]),
    ),
  } as unknown as BrowserResults;
}

const verdict = (res: BrowserResults, start: string) =>
  goals(res).rows.find((g) => g.goal.startsWith(start))?.verdict;

/** Every peer lower on every timing, bytes as given. */
const allLower = (br: Record<string, number>) =>
  Object.fromEntries(
    PEERS.map((p) => [
      p.id,
      {
        br: s(br[p.id]),
        shownMs: s(0.5, 0.45, 0.55),
        scriptMs: s(0.8, 0.7, 0.9),
        tbtMs: s(0.5, 0.3, 0.7),
      },
    ]),
  );

describe('performance goals', () => {
  it('reads a ratio from its interval, not its median', () => {
    expect(side(s(0.9, 0.8, 0.95))).toBe('lower');
    expect(side(s(0.9, 0.8, 1.1))).toBe('level');
    expect(side(s(1.19, 1.12, 1.39))).toBe('higher');
    // Below 6 pairs there is no interval: no side is taken, even with every pair above 1,
    // unless the ratio is exact (bytes).
    expect(side({ median: 1.1, min: 1.05, max: 1.2, lo: null, hi: null })).toBe('unsure');
    expect(side({ median: 1.1, min: 1.1, max: 1.1, lo: null, hi: null })).toBe('unsure');
    expect(side({ median: 0.95, min: 0.95, max: 0.95, lo: null, hi: null }, true)).toBe('lower');
    expect(side(null)).toBeNull();
  });

  it('meets "lower than every peer" only when every interval is below 1', () => {
    const res = results(allLower({ orestbida: 0.85, klaro: 0.2, osano: 1.9 }));
    expect(verdict(res, 'Script evaluation')).toBe('met');
    expect(verdict(res, 'Banner visible')).toBe('met');
    expect(verdict(res, 'Bytes')).toBe('met');
    expect(verdict(res, '0 long tasks')).toBe('met');

    const r = allLower({ orestbida: 0.85, klaro: 0.2, osano: 1.9 });
    r.orestbida.scriptMs = s(0.95, 0.85, 1.05); // median below 1, interval straddles it
    r.osano.shownMs = s(1.19, 1.12, 1.39);
    const mixed = results(r);
    expect(verdict(mixed, 'Script evaluation')).toBe('not met: level with orestbida');
    expect(verdict(mixed, 'Banner visible')).toBe('not met: higher than Osano');

    const few = allLower({ orestbida: 0.85, klaro: 0.2, osano: 1.9 });
    few.klaro.scriptMs = { median: 0.8, min: 0.7, max: 0.9, lo: null, hi: null, n: 3 };
    expect(verdict(results(few), 'Script evaluation')).toBe('not judged: under 6 pairs with Klaro');
  });

  it('exempts Osano from the bytes goal and asks for well under orestbida', () => {
    // 0.95 of orestbida: below every peer but Osano, not well under.
    expect(
      verdict(results(allLower({ orestbida: 0.95, klaro: 0.2, osano: 1.9 })), 'Bytes'),
    ).toMatch(/^partly met: below, but 0\.95× orestbida's/);
    // Above Klaro: not met, whatever Osano does.
    expect(verdict(results(allLower({ orestbida: 0.85, klaro: 1.1, osano: 0.9 })), 'Bytes')).toBe(
      'not met: not below Klaro',
    );
  });

  it('says when no blocking time is the floor, and judges 4x rows the same way', () => {
    const r = allLower({ orestbida: 0.85, klaro: 0.2, osano: 1.9 });
    r.orestbida.tbtMs = s(1, 1, 1); // both 0 ms
    Object.assign(r, { 'osano@4': { ...r.osano, scriptMs: s(1.3, 1.1, 1.5) } });
    const res = results(r, {}, [1, 4]);
    expect(verdict(res, 'Total blocking time')).toBe('at the floor (0 ms); level with orestbida');
    expect(verdict(res, "Script evaluation lower than every peer's, 4x")).toBe(
      'not met: higher than Osano',
    );
    // The same level ratio without Cachet at 0 ms is not met.
    const busy = results(r, { tbtMs: s(20) });
    expect(verdict(busy, 'Total blocking time')).toBe('not met: level with orestbida');
  });

  it('fails a goal with long tasks or layout shift, and prints every verdict', () => {
    const res = results(allLower({ orestbida: 0.85, klaro: 0.2, osano: 1.9 }), { cls: s(0.02) });
    expect(verdict(res, '0 long tasks')).toBe('not met');
    const md = goalsTable(res);
    expect(md.split('\n')).toHaveLength(2 + goals(res).rows.length);
    expect(md).toContain('| 0.85 (0.85–0.85) lower ');
    expect(md).toContain('| 1.90 (1.90–1.90) exempt ');
  });
});
