import type { Context, Module, Receipt } from '../api/context';
import { loadPipeline } from '../chunk/load';
import type { Decision } from '../consent/types';
import { buildRecord, type RecordPayload } from './build';
import { LAST, PENDING, QUEUED, RECEIPTS, signable } from './keys';
import type { Pipeline } from './pipeline';
import { kv, type OutboxStore } from './store';

/** What the record module takes from the browser; unit tests inject doubles for each. */
export interface RecordDeps {
  /** The outbox. @default IndexedDB, else localStorage */
  store?: OutboxStore;
  /** Pending records, receipts, dead letters. @default localStorage */
  storage?: Storage | null;
  idb?: IDBFactory;
  fetch?: typeof fetch;
  beacon?: (url: string, body: string) => boolean;
  locks?: Pick<LockManager, 'request'> | null;
  now?: () => number;
  random?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (t: any) => void;
  /** The page URL without query or fragment. */
  url?: () => string;
  /** Loads the signing and delivery part (./pipeline.ts). */
  load?: typeof loadPipeline;
}

/**
 * A path as a record keeps it: without `;` parameters, which servlet containers use for session
 * ids (`;jsessionid=…`), for the same reason DESIGN.md drops the query: no secrets, no user data.
 */
export const bare = (path: string) => path.replace(/;[^/]*/g, '');

/**
 * Starts the record pipeline: each decision is persisted synchronously as an unsigned pending
 * record (a form submit may navigate right after), then signed, moved to the outbox and
 * delivered at least once. Signing and delivery (./pipeline.ts) are only loaded when there is
 * something to do: a decision, records left pending or queued by an earlier page, or a visitor
 * filling in a consent form. A returning visitor's page view costs none of it. Returns the teardown.
 */
export function startRecords(ctx: Context, d: RecordDeps = {}): () => void {
  // Insecure contexts (plain http) have no crypto.subtle: no hash, no signature, and the receiver
  // only accepts signed records. Say so once rather than queue records that can never be valid.
  if (!globalThis.crypto?.subtle) {
    ctx.report('record-insecure', 'consent records need a secure context (https or localhost)');
    return () => {};
  }
  const s = kv(() => (d.storage !== undefined ? d.storage : localStorage));
  const now = d.now ?? Date.now;
  const url = d.url ?? (() => (location.origin + bare(location.pathname)).slice(0, 2048));
  let pipe: Promise<Pipeline> | undefined;
  let stopped = false;
  const go = () => {
    pipe ||= (d.load ?? loadPipeline)().then((start) => start(ctx, d, s));
    pipe.then(
      (p) => (stopped ? p.stop() : p.pump()),
      (e) => {
        // Nothing is lost: the records stay pending and the next decision or page load retries.
        pipe = undefined;
        ctx.report('record-load', 'could not load the consent record pipeline', e);
      },
    );
  };

  const off = ctx.consent.subscribe((dn: Decision) => {
    const last = s.get<[string, string]>(LAST);
    const p = buildRecord(dn, {
      site: ctx.config.site,
      url: url(),
      iat: new Date(now()).toISOString(),
      prev: last?.[0] === dn.state.sub ? last[1] : null,
    });
    s.set(LAST, [dn.state.sub, dn.id]);
    // Synchronous and before any await: the record survives an immediate navigation. Without a
    // storage that outlives the page (disabled, full), it only survives until it is signed and
    // queued: the site owner is told.
    if (!s.set(PENDING + dn.id, p))
      ctx.report(
        'record-storage',
        'no storage kept this record: it is lost if the page goes away first',
      );
    go();
  });
  ctx.receipts = async () => s.get<Receipt[]>(RECEIPTS) ?? [];
  ctx.prepare = () => {
    if (!pipe) go();
  };
  // Records are left over only after a decision, which the cookie keeps: a first visit does not
  // even open localStorage (should the cookie alone have been cleared, the next decision sends
  // them). Without localStorage the marks are not kept across pages: look every time.
  if (
    ctx.consent.subject() &&
    (!s.kept() || s.get(QUEUED) || s.list<RecordPayload>(PENDING).some(signable))
  )
    go();
  return () => {
    off();
    stopped = true;
    pipe?.then(
      (p) => p.stop(),
      () => {},
    );
  };
}

/** Signed consent records: build, sign, persist, deliver (docs/records.md). */
export const record: Module = (ctx) => startRecords(ctx);
