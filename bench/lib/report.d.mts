// Types of bench/lib/report.mjs, for test/browser/bench-smoke.test.ts.
import type { BrowserResults } from '../browser.mjs';

/** The browser tables in Markdown. */
export function browserTables(res: BrowserResults): string;
/** The Cachet-only rows in Markdown. */
export function cachetOnlyTable(rows: object[]): string;
