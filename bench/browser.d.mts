// Types of bench/browser.mjs, for test/browser/bench-smoke.test.ts.

/** Summary of one metric over runs. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** The median's distribution-free 95% confidence interval; null below 6 runs. */
  lo: number | null;
  hi: number | null;
  n: number;
}

/** One cold load of one widget. */
export interface BenchRun {
  widget: string;
  rate: number;
  ok: boolean;
  error?: string;
  round?: number;
  pair?: string;
  shownMs?: number | null;
  scriptMs?: number;
  /** The same script time on the main thread's CPU clock (threadTicks), 1x runs only. */
  scriptCpuMs?: number;
  taskMs?: number;
  layoutMs?: number;
  styleMs?: number;
  longTasks?: number;
  tbtMs?: number;
  cls?: number;
  files?: number;
  raw?: number;
  gzip?: number;
  br?: number;
  /** Brotli bytes of the widget's files once "refuse all" was clicked (Cachet: + its signer). */
  brDecided?: number;
  /** Files fetched only after that click. */
  assetsDecided?: string[];
  nodesAdded?: number;
  heapKB?: number;
  heapAddedKB?: number;
  refuseMs?: number;
  refuseLongTasks?: number;
  stored?: boolean;
  trackerRequests?: number;
  pageErrors?: string[];
}

/** What runBrowserBench returns (and run.mjs writes to bench/results). */
export interface BrowserResults {
  name: 'browser';
  date: string;
  durationS: number;
  machine: { cores: number; cpu: string; chromium: string; node: string; platform: string };
  options: { runs: number; rates: number[]; settleMs: number };
  widgets: {
    id: string;
    name: string;
    pkg: string;
    version: string;
    parsedNodes: number;
    config: { raw: number; gzip: number; br: number } | null;
    assets: { path: string; type: string; raw: number; gzip: number; br: number }[];
  }[];
  stats: Record<string, Record<string, Record<string, Summary | null>>>;
  ratios: Record<string, Record<string, Record<string, Summary | null>>>;
  runs: BenchRun[];
}

export const CHROMIUM: string;
export const CHROMIUM_ARGS: string[];
export const FULL_METRICS: string[];
export const TIMING_METRICS: string[];

/** Runs the browser benchmark (see bench/browser.mjs). */
export function runBrowserBench(opts?: {
  runs?: number;
  widgets?: string[];
  rates?: number[];
  settleMs?: number;
  log?: (line: string) => void;
}): Promise<BrowserResults>;
