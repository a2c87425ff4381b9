/**
 * Keeps the benchmark from rotting: one cold load of Cachet and of one peer through the real
 * harness, and every result row must be well-formed. No timing is asserted (the machine is
 * noisy); the numbers themselves belong to `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM_ARGS as BENCH_ARGS,
  type BrowserResults,
  runBrowserBench,
} from '../../bench/browser.mjs';
import { browserTables, goals } from '../../bench/lib/report.mjs';
import { compressedSizes } from '../../bench/lib/stats.mjs';
import { CHROMIUM_ARGS } from './harness';

describe('browser benchmark', () => {
  let res: BrowserResults;
  beforeAll(async () => {
    res = await runBrowserBench({ runs: 1, widgets: ['cachet', 'osano'], rates: [1] });
  }, 60_000);

  it('launches Chromium with the same flags as the browser tests', () => {
    expect(BENCH_ARGS).toEqual(CHROMIUM_ARGS);
  });

  it('measures one cold load of each widget, paired Cachet / peer', () => {
    expect(res.runs.map((r) => r.widget).sort()).toEqual(['cachet', 'osano']);
    for (const r of res.runs)
      expect(r, `${r.widget}: ${r.error}`).toMatchObject({ ok: true, rate: 1 });
    expect(new Set(res.runs.map((r) => r.pair))).toEqual(new Set(['osano:0:1']));
  });

  it('gives every metric of every run as a number in its range', () => {
    for (const r of res.runs) {
      expect(r.shownMs).toBeGreaterThan(0);
      expect(r.refuseMs).toBeGreaterThanOrEqual(0);
      expect(r.scriptMs).toBeGreaterThan(0);
      // The main thread's CPU time in script: never more than the wall time it was measured in.
      expect(r.scriptCpuMs).toBeGreaterThan(0);
      expect(r.scriptCpuMs).toBeLessThanOrEqual(r.scriptMs! + 0.1);
      expect(Number.isInteger(r.longTasks)).toBe(true);
      expect(r.tbtMs).toBeGreaterThanOrEqual(0);
      expect(r.cls).toBeGreaterThanOrEqual(0);
      expect(r.nodesAdded).toBeGreaterThan(0);
      expect(r.heapKB).toBeGreaterThan(0);
      expect(r.files).toBeGreaterThan(0);
      expect(r.br).toBeLessThan(r.gzip!);
      expect(r.gzip).toBeLessThan(r.raw!);
    }
  });

  it('counts the bytes the browser actually loaded', () => {
    const dist = compressedSizes(readFileSync('dist/cachet.js'));
    expect(res.stats.cachet['1'].br?.median).toBe(dist.br);
    // The refusal makes a record: the signer loads then, and only then.
    const signer = compressedSizes(readFileSync('dist/cachet-records.js'));
    const run = res.runs.find((r) => r.widget === 'cachet')!;
    expect(run.assetsDecided).toEqual(['/cachet-records.js']);
    expect(run.brDecided).toBe(dist.br + signer.br);
    const osano = res.widgets.find((w) => w.id === 'osano')!;
    expect(osano.assets.map((a) => a.path).sort()).toEqual([
      '/vendor/osano/cookieconsent.min.css',
      '/vendor/osano/cookieconsent.min.js',
    ]);
  });

  it('sees the refusal stored and no tracker loaded before consent', () => {
    for (const r of res.runs) expect(r).toMatchObject({ stored: true, trackerRequests: 0 });
  });

  it('prints a table with a column per widget and the Cachet / peer ratios', () => {
    const text = browserTables(res);
    expect(text).toContain('| Metric (median, min–max)');
    expect(text).toMatch(/Cachet [\d.]+ +\| Osano cookieconsent 3\.1\.\d/);
    expect(res.ratios.osano['1'].br?.median).toBeGreaterThan(0);
    expect(text).toContain('Cachet / peer');
  });

  it('judges each goal from the real results', () => {
    const { peers, rows } = goals(res);
    expect(peers.map((p) => p.id)).toEqual(['osano']);
    for (const g of rows)
      expect(g.verdict, g.goal).toMatch(/^(met|partly met|not met|not judged|at the floor|no )/);
    // Osano is exempt from the bytes goal; without orestbida in the run it cannot be judged.
    const bytes = rows[0];
    expect(bytes.cells).toEqual([[res.ratios.osano['1'].br, 'exempt']]);
    expect(bytes.verdict).toBe('no orestbida in this run');
  });
});
