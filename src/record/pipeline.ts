import type { Context, Receipt } from '../api/context';
import type { RecordPayload } from './build';
import { noticeHash } from './hash';
import type { RecordDeps } from './index';
import { DEAD, KEEP, PENDING, QUEUED, RECEIPTS, signable } from './keys';
import { createSigner, decodePart } from './sign';
import { type Entry, idbOutbox, type KV, localOutbox, type OutboxStore, openDb } from './store';

/** The receiver's body limit is 16 KiB (DESIGN.md), below the 64 KiB keepalive/beacon quota. */
const BATCH = 16000;

/**
 * Pending records in the order they were decided. `iat` has millisecond precision, so decisions
 * made within one millisecond tie, and localStorage lists keys in no promised order (HTML
 * standard, Storage key()): among ties, a record comes after the one its `prev` names.
 */
const inOrder = (left: RecordPayload[]) => {
  const out: RecordPayload[] = [];
  left.sort((a, b) => (a.iat < b.iat ? -1 : a.iat > b.iat ? 1 : 0));
  while (left.length) {
    const i = left.findIndex((p) => !left.some((q) => q.id === p.prev));
    out.push(...left.splice(Math.max(i, 0), 1));
  }
  return out;
};

/** What the record module drives once the pipeline is loaded. */
export interface Pipeline {
  /** Signs what is pending, then delivers the outbox (one pass at a time). */
  pump(): void;
  stop(): void;
}

/**
 * The part of the record pipeline that is not needed before there is something to deliver:
 * signs pending records, moves them to the outbox and delivers them at least once. The script
 * tag build ships it in dist/cachet-records.js, loaded on demand (../chunk/load-script.ts).
 */
export function startPipeline(ctx: Context, d: RecordDeps, s: KV): Pipeline {
  const { endpoint, delivery } = ctx.config;
  const { events, report } = ctx;
  const now = d.now ?? Date.now;
  const random = d.random ?? Math.random;
  const later = d.setTimeout ?? setTimeout;
  const cancel: (t: any) => void = d.clearTimeout ?? clearTimeout;
  const post = d.fetch ?? fetch;
  const beacon = d.beacon ?? ((u: string, b: string) => navigator.sendBeacon(u, b));
  const locks = d.locks !== undefined ? d.locks : navigator.locks;
  const db = openDb(d.idb ?? globalThis.indexedDB);
  const outbox = d.store
    ? Promise.resolve(d.store)
    : db.then((x) => (x ? idbOutbox(x) : localOutbox(s)));
  const sign = createSigner(db);
  const receipts = () => s.get<Receipt[]>(RECEIPTS) ?? [];
  /** Outbox entries this tab knows, for sendBeacon at pagehide (IndexedDB cannot be read synchronously). */
  const known = new Map<string, string>();
  const beaconed = new Set<string>();
  let fails = 0;
  let until = 0;
  let timer: unknown;
  let busy = false;
  let again = false;
  let chain: Promise<unknown> = Promise.resolve();
  /** Tells the next page load whether the outbox holds anything, so it loads this pipeline. */
  const mark = () => (known.size ? s.set(QUEUED, 1) : s.del(QUEUED));

  // Web Locks: two tabs of the site never sign or send the same record at once. Without them,
  // passes are serialised within this tab only.
  const locked = (fn: () => Promise<void>): Promise<void> => {
    if (locks) return locks.request('cachet-outbox', fn);
    const p = chain.then(fn);
    chain = p.catch(() => {});
    return p;
  };

  const pump = () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    again = false;
    locked(pass)
      .catch((e) => report('record-failed', 'could not process consent records', e))
      .finally(() => {
        busy = false;
        if (again) pump();
      });
  };

  /** Sends one record: -1 when settled (acknowledged or dead-lettered), else ms to wait before a retry. */
  const send = async (e: Entry, box: OutboxStore): Promise<number> => {
    const abort = new AbortController();
    const t = later(() => abort.abort(), delivery.timeoutMs);
    let r: Response | undefined;
    let b: any;
    try {
      // text/plain keeps it a CORS "simple request": no preflight (Fetch standard §4.1).
      r = await post(endpoint!, {
        method: 'POST',
        body: e.jws,
        headers: { 'content-type': 'text/plain' },
        keepalive: true,
        credentials: 'omit',
        signal: abort.signal,
      });
      b = await r.json();
    } catch {
    } finally {
      cancel(t);
    }
    const code = r?.status ?? 0;
    const settle = () => {
      known.delete(e.id);
      mark();
      return box.del(e.id);
    };
    // A 2xx without a receipt (e.g. a captive portal's page) is not an acknowledgement.
    if (code < 300 && typeof b?.receipt === 'string') {
      // The receiver is reachable: the next failure starts the backoff from the base again.
      fails = 0;
      await settle();
      let payload = {};
      try {
        payload = decodePart(b.receipt);
      } catch {}
      const rc: Receipt = { id: e.id, jws: b.receipt, payload };
      s.set(RECEIPTS, [rc, ...receipts().filter((x) => x.id !== e.id)].slice(0, KEEP));
      events.emit('receipt', rc);
      return -1;
    }
    if (code > 399 && code < 500 && code !== 408 && code !== 429) {
      await settle();
      const detail = { id: e.id, status: code, error: b?.error };
      s.set(DEAD, [{ ...detail, jws: e.jws }, ...(s.get<unknown[]>(DEAD) ?? [])].slice(0, KEEP));
      report(
        'record-rejected',
        `the receiver rejected consent record ${e.id} (HTTP ${code})`,
        detail,
      );
      return -1;
    }
    // RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date.
    const ra = r?.headers.get('retry-after');
    return ra ? Math.max(0, (/^\d+$/.test(ra) ? +ra * 1000 : Date.parse(ra) - now()) || 0) : 0;
  };

  /** Signs what is pending (keeping its iat), then delivers the outbox; one pass at a time. */
  const pass = async () => {
    const box = await outbox;
    const queued = await box.all();
    const done = new Set([...queued, ...receipts()].map((e) => e.id));
    const pending = s.list<RecordPayload>(PENDING).filter(signable);
    for (const p of inOrder(pending)) {
      // Already queued or acknowledged (a reload between queueing and clearing): never re-sign,
      // a new ECDSA signature would be other bytes for the same id (409).
      if (!done.has(p.id)) {
        p.notice.hash = await noticeHash(p.notice.text);
        const jws = await sign(p);
        const e = { id: p.id, jws, t: now() };
        if (endpoint) {
          await box.put(e);
          queued.push(e);
        }
        events.emit('record', { id: p.id, jws, payload: p });
      }
      s.del(PENDING + p.id);
    }
    // What another tab acknowledged is gone from the outbox: forget it too.
    known.clear();
    for (const e of queued) known.set(e.id, e.jws);
    mark();
    if (!endpoint || now() < until) return;
    queued.sort((a, b) => a.t - b.t);
    let wait = -1;
    // A few sends at once: a stalled one does not hold the others, and the bodies stay well under
    // the 64 KiB keepalive quota (Fetch standard §4.5).
    await Promise.all(
      [0, 0, 0, 0].map(async () => {
        while (wait < 0 && queued.length) {
          const w = await send(queued.shift()!, box);
          if (w > wait) wait = w;
        }
      }),
    );
    if (wait >= 0) {
      // Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff and
      // Jitter"), never earlier than Retry-After; at most an hour so setTimeout stays exact.
      const cap = Math.min(delivery.retryMaxMs, delivery.retryBaseMs * 2 ** fails++);
      const delay = Math.min(36e5, Math.max(wait, random() * cap));
      until = now() + delay;
      cancel(timer);
      timer = later(pump, delay);
    }
  };

  /**
   * When the page is hidden or left (pagehide comes after visibilitychange), beacon what is
   * queued, in batches; the entries stay until a receipt says otherwise.
   */
  const flush = () => {
    if (!endpoint || document.visibilityState !== 'hidden') return;
    let batch: string[] = [];
    let size = 0;
    const go = () => {
      if (batch.length) beacon(endpoint, JSON.stringify({ records: batch }));
      batch = [];
      size = 0;
    };
    for (const [id, jws] of known) {
      if (beaconed.has(id)) continue;
      beaconed.add(id);
      if (batch.length === KEEP || size + jws.length > BATCH) go();
      batch.push(jws);
      size += jws.length + 3;
    }
    go();
  };
  const online = () => {
    until = 0;
    pump();
  };

  addEventListener('pagehide', flush);
  addEventListener('online', online);
  document.addEventListener('visibilitychange', flush);
  return {
    pump,
    stop() {
      cancel(timer);
      removeEventListener('pagehide', flush);
      removeEventListener('online', online);
      document.removeEventListener('visibilitychange', flush);
    },
  };
}
