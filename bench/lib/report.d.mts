// Types of bench/lib/report.mjs, for test/browser/bench-smoke.test.ts.
import type { BrowserResults } from '../browser.mjs';

/** The browser tables in Markdown. */
export function browserTables(res: BrowserResults): string;
/** The Cachet-only rows in Markdown. */
export function cachetOnlyTable(rows: object[]): string;
/** Where a Cachet / peer ratio stands against 1, from its 95% interval ('unsure' below 6 pairs unless `exact`). */
export function side(
  s: { median: number; min: number; max: number; lo: number | null; hi: number | null } | null,
  exact?: boolean,
): 'lower' | 'level' | 'higher' | 'unsure' | null;
/** The targets: per goal, Cachet's median, each peer's ratio and where it stands, a verdict. */
export function goals(res: BrowserResults): {
  peers: BrowserResults['widgets'];
  rows: { goal: string; cachet: string; cells: unknown[]; verdict: string }[];
};
/** The goals as a Markdown table. */
export function goalsTable(res: BrowserResults): string;
/** "Well under orestbida's": at most this fraction of its bytes. */
export const WELL_UNDER: number;
