import { genesisHash, nextChainHash } from '../chain';
import { signedSha256 } from '../jws';
import type {
  AppendOutcome,
  NewRecord,
  RecordFilter,
  ScanOptions,
  Seal,
  StoredRecord,
} from './types';
import { decodeCursor } from './types';

/** Columns of the records table, in the order both stores insert and select them. */
export const COLUMNS = [
  'id',
  'site',
  'seq',
  'sub',
  'event',
  'method',
  'purposes',
  'iat',
  'received_at',
  'jws',
  'sha256',
  'chain_hash',
  'receipt',
  'erased_at',
  'signed_sha256',
] as const;

/** A row as the drivers return it. */
export interface Row {
  id: string;
  site: string;
  seq: number | string;
  sub: string | null;
  event: string | null;
  method: string | null;
  purposes: string | Record<string, boolean> | null;
  iat: string | null;
  received_at: string;
  jws: string | null;
  sha256: string;
  chain_hash: string;
  receipt: string;
  erased_at: string | null;
  signed_sha256: string | null;
}

/** Maps a driver row to a StoredRecord. */
export function fromRow(r: Row): StoredRecord {
  return {
    id: r.id,
    site: r.site,
    seq: Number(r.seq),
    sub: r.sub,
    event: r.event,
    method: r.method,
    purposes: typeof r.purposes === 'string' ? JSON.parse(r.purposes) : r.purposes,
    iat: r.iat,
    receivedAt: r.received_at,
    jws: r.jws,
    sha256: r.sha256,
    chainHash: r.chain_hash,
    receipt: r.receipt,
    erasedAt: r.erased_at,
    signedSha256: r.signed_sha256,
  };
}

/** The values of a new row, in COLUMNS order. */
export function toValues(r: StoredRecord): unknown[] {
  return [
    r.id,
    r.site,
    r.seq,
    r.sub,
    r.event,
    r.method,
    JSON.stringify(r.purposes),
    r.iat,
    r.receivedAt,
    r.jws,
    r.sha256,
    r.chainHash,
    r.receipt,
    r.erasedAt,
    r.signedSha256,
  ];
}

/**
 * Whether a stored record and a new one are the same record: the same signing input
 * (`header.payload`, RFC 7515 §5.1). Anyone who sees a JWS can re-form its ECDSA signature as
 * (r, n−s), which verifies too; comparing whole JWS bytes would let that twin, posted first, turn
 * the browser's own record into a 409 and a dead letter. A row stored before the column existed
 * has it computed from its JWS; such a tombstone has only its whole-JWS hash left to compare.
 */
export function sameRecord(
  old: Pick<StoredRecord, 'jws' | 'sha256' | 'signedSha256'>,
  it: Pick<NewRecord, 'sha256' | 'signedSha256'>,
): boolean {
  const signed = old.signedSha256 ?? (old.jws ? signedSha256(old.jws) : null);
  return signed === null ? old.sha256 === it.sha256 : signed === it.signedSha256;
}

/**
 * The chaining step shared by both stores, run inside their write transaction: for each item
 * in order, answer duplicates and conflicts from what is stored (or earlier in the batch),
 * otherwise take the next seq of the item's site, chain it and seal its receipt.
 * `heads` holds the locked heads of the batch's sites; it is updated in place.
 */
export function chainBatch(
  items: NewRecord[],
  existing: Map<string, StoredRecord>,
  heads: Map<string, { seq: number; chainHash: string }>,
  seal: Seal,
  receivedAt: string,
): { outcomes: AppendOutcome[]; created: StoredRecord[] } {
  const outcomes: AppendOutcome[] = [];
  const created: StoredRecord[] = [];
  for (const it of items) {
    const old = existing.get(it.id);
    if (old) {
      // Same signed bytes: also true for a tombstone, so a retry after erasure is a 200.
      outcomes.push({ status: sameRecord(old, it) ? 'duplicate' : 'conflict', record: old });
      continue;
    }
    const head = heads.get(it.site) ?? { seq: 0, chainHash: genesisHash(it.site) };
    const seq = head.seq + 1;
    const chainHash = nextChainHash(head.chainHash, it.sha256);
    const receipt = seal({
      id: it.id,
      sha256: it.sha256,
      site: it.site,
      seq,
      receivedAt,
      chainHash,
    });
    const rec: StoredRecord = {
      id: it.id,
      site: it.site,
      seq,
      sub: it.sub,
      event: it.event,
      method: it.method,
      purposes: it.purposes,
      iat: it.iat,
      receivedAt,
      jws: it.jws,
      sha256: it.sha256,
      signedSha256: it.signedSha256,
      chainHash,
      receipt,
      erasedAt: null,
    };
    heads.set(it.site, { seq, chainHash });
    existing.set(it.id, rec);
    created.push(rec);
    outcomes.push({ status: 'created', record: rec });
  }
  return { outcomes, created };
}

const PURPOSE = /^[a-z][a-z0-9_-]{0,39}$/;

/** A filter that cannot be expressed safely (bad purpose id, bad cursor). */
export class FilterError extends Error {}

/** A WHERE clause under construction, for either dialect: `p(i)` renders the i-th placeholder. */
class Where {
  private conds: string[] = [];
  readonly params: unknown[] = [];
  constructor(private readonly p: (i: number) => string) {}

  /** Adds a condition over new parameters; `sql` receives their placeholders. */
  add(sql: (...ph: string[]) => string, ...values: unknown[]): void {
    const phs = values.map((v) => {
      this.params.push(v);
      return this.p(this.params.length);
    });
    this.conds.push(sql(...phs));
  }

  /** The clause ("" when empty) and its parameters. */
  done(): { sql: string; params: unknown[] } {
    return {
      sql: this.conds.length ? `WHERE ${this.conds.join(' AND ')}` : '',
      params: this.params,
    };
  }
}

/**
 * Builds the WHERE clause of list()/stats(); `purposeSql` renders the purpose test for a
 * purpose id placeholder.
 */
export function whereClause(
  f: RecordFilter & { cursor?: string | null },
  p: (i: number) => string,
  purposeSql: (ph: string, granted: boolean | undefined) => string,
): { sql: string; params: unknown[] } {
  const w = new Where(p);
  if (f.site !== undefined) w.add((ph) => `site = ${ph}`, f.site);
  if (f.sub !== undefined) w.add((ph) => `sub = ${ph}`, f.sub);
  if (f.event !== undefined) w.add((ph) => `event = ${ph}`, f.event);
  if (f.purpose !== undefined) {
    if (!PURPOSE.test(f.purpose)) throw new FilterError('purpose must be a purpose id');
    w.add((ph) => purposeSql(ph, f.granted), f.purpose);
  }
  if (f.from !== undefined) w.add((ph) => `received_at >= ${ph}`, f.from);
  if (f.to !== undefined) w.add((ph) => `received_at < ${ph}`, f.to);
  if (f.tombstones === false) w.add(() => 'erased_at IS NULL');
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    if (!c) throw new FilterError('cursor is not one this receiver issued');
    w.add((a, b, n) => `(received_at, site, seq) < (${a}, ${b}, ${n})`, ...c);
  }
  return w.done();
}

/** Builds the WHERE clause of scan() (chain order, keyset on (site, seq)). */
export function scanClause(
  o: ScanOptions,
  p: (i: number) => string,
): { sql: string; params: unknown[] } {
  const w = new Where(p);
  if (o.site !== undefined) w.add((ph) => `site = ${ph}`, o.site);
  if (o.from !== undefined) w.add((ph) => `received_at >= ${ph}`, o.from);
  if (o.to !== undefined) w.add((ph) => `received_at < ${ph}`, o.to);
  if (o.after) w.add((a, n) => `(site, seq) > (${a}, ${n})`, o.after.site, o.after.seq);
  return w.done();
}
