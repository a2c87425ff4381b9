/**
 * Server-side aggregation for the consent log's chart: per purpose and per UTC day, how many
 * decisions granted it and how many refused it.
 */

/** One purpose's counts, one entry per day of the window. */
export interface PurposeRates {
  purpose: string;
  granted: number[];
  refused: number[];
  totalGranted: number;
  totalRefused: number;
}

const DAY = 86_400_000;

/** The UTC days (YYYY-MM-DD) from `from` to `to`, both included, at most `max` (the latest). */
export function dayRange(from: string, to: string, max = 92): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const days: string[] = [];
  for (let t = Math.max(start, end - (max - 1) * DAY); t <= end; t += DAY)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/**
 * Counts every decision on every purpose, per day of `receivedAt`. Each record states the value
 * of the purposes it decided on: true counts as a consent, false as a refusal (a withdrawal is
 * a refusal of everything). Records outside the days are ignored; purposes come out sorted by id.
 */
export function aggregateRates(
  records: Iterable<{ receivedAt: string; purposes: Record<string, boolean> | null }>,
  days: string[],
): PurposeRates[] {
  const index = new Map(days.map((d, i) => [d, i]));
  const by = new Map<string, PurposeRates>();
  for (const r of records) {
    const i = index.get(r.receivedAt.slice(0, 10));
    if (i === undefined || !r.purposes) continue;
    for (const [purpose, granted] of Object.entries(r.purposes)) {
      let p = by.get(purpose);
      if (!p) {
        p = {
          purpose,
          granted: days.map(() => 0),
          refused: days.map(() => 0),
          totalGranted: 0,
          totalRefused: 0,
        };
        by.set(purpose, p);
      }
      if (granted) {
        p.granted[i]!++;
        p.totalGranted++;
      } else {
        p.refused[i]!++;
        p.totalRefused++;
      }
    }
  }
  return [...by.values()].sort((a, b) => a.purpose.localeCompare(b.purpose));
}
