import type { ReceiptPayload } from '../schema';

/** A verified record, ready to be chained and stored. */
export interface NewRecord {
  id: string;
  site: string;
  sub: string;
  event: string;
  method: string;
  purposes: Record<string, boolean>;
  /** Client time from the payload. */
  iat: string;
  jws: string;
  /** base64url SHA-256 of the JWS ASCII bytes. */
  sha256: string;
  /** base64url SHA-256 of the signing input `header.payload`: what idempotency compares. */
  signedSha256: string;
}

/**
 * A stored record. After erasure or retention purge it is a tombstone: `jws`, `sub`, `event`,
 * `method`, `purposes` and `iat` are null, while id, seq, sha256, chainHash and the receipt stay,
 * so the chain can still be verified end to end.
 */
export interface StoredRecord {
  id: string;
  site: string;
  seq: number;
  sub: string | null;
  event: string | null;
  method: string | null;
  purposes: Record<string, boolean> | null;
  iat: string | null;
  /** Receiver time (ISO 8601 UTC, ms), also in the receipt. */
  receivedAt: string;
  jws: string | null;
  sha256: string;
  /**
   * SHA-256 of the signing input, kept in tombstones too; null on rows stored before this
   * column existed (then computed from `jws`, or, for such a tombstone, `sha256` decides).
   */
  signedSha256: string | null;
  chainHash: string;
  receipt: string;
  erasedAt: string | null;
}

/** Signs the receipt of a record once its place in the chain is known (inside the transaction). */
export type Seal = (fields: ReceiptPayload) => string;

/** What append() did with one item. */
export interface AppendOutcome {
  /**
   * created: new; duplicate: same id, same signed bytes (`header.payload`; the signature may be
   * spelled otherwise); conflict: same id, other signed bytes.
   */
  status: 'created' | 'duplicate' | 'conflict';
  record: StoredRecord;
}

/** The head of one site's chain. */
export interface ChainHead {
  site: string;
  seq: number;
  chainHash: string;
}

/** Filters for list() and stats(); dates compare with receivedAt, `from` inclusive, `to` exclusive. */
export interface RecordFilter {
  site?: string;
  sub?: string;
  event?: string;
  /** Records that decide on this purpose… */
  purpose?: string;
  /** …and, when set, grant (true) or refuse (false) it. */
  granted?: boolean;
  from?: string;
  to?: string;
  /** Include tombstones (default true; they only match filters on site and dates). */
  tombstones?: boolean;
}

/** One page of list(), newest first; pass `next` back as `cursor` for the following page. */
export interface RecordPage {
  records: StoredRecord[];
  next: string | null;
}

/** Counts for a dashboard. */
export interface RecordStats {
  total: number;
  erased: number;
  byEvent: Record<string, number>;
  byMethod: Record<string, number>;
  bySite: Record<string, number>;
  /** Per purpose id: how many records granted / refused it. */
  byPurpose: Record<string, { granted: number; refused: number }>;
  /** Records per UTC day of receivedAt, ascending. */
  byDay: Array<{ day: string; count: number }>;
}

/** Options of scan(): records in chain order (site, then seq), keyset-paged. */
export interface ScanOptions {
  site?: string;
  from?: string;
  to?: string;
  /** Resume after this position. */
  after?: { site: string; seq: number };
  limit: number;
}

/**
 * Storage of records, chains and receiver keys. Implementations: store/sqlite.ts (default,
 * one process) and store/postgres.ts (several receivers on one database). Both run the same
 * test suite (test/node/receiver-store.test.ts).
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Chains and stores records atomically, in order, in ONE transaction: either every item is
   * durable when the promise resolves, or it rejects and nothing was stored. Reads each site's
   * chain head inside the transaction (under a lock on PostgreSQL), so a restart or a second
   * receiver continues the chain. `now` gives receivedAt.
   */
  append(items: NewRecord[], seal: Seal, now: () => string): Promise<AppendOutcome[]>;
  /** One record by id, or null. */
  get(id: string): Promise<StoredRecord | null>;
  /** chainHash at (site, seq); seq 0 gives the genesis hash. Null when absent. */
  chainHashAt(site: string, seq: number): Promise<string | null>;
  /** All records of a subject, oldest first. */
  bySubject(sub: string): Promise<StoredRecord[]>;
  /**
   * Erases a subject's payloads (tombstones stay); returns how many records were erased. On
   * SQLite the old bytes are gone from the database file and its WAL when it resolves.
   */
  eraseSubject(sub: string, at: string): Promise<number>;
  /** Erases payloads received before `before` (retention); returns how many. Same as eraseSubject. */
  purge(before: string, at: string): Promise<number>;
  /**
   * Reclaims what erasures left in storage where the engine keeps old row versions: PostgreSQL
   * runs `VACUUM` on the records table (dead tuples stay until then); nothing to do on SQLite,
   * whose erasures scrub as they go. Used by the CLI after `erase` and `purge`.
   */
  vacuum(): Promise<void>;
  /** Filtered records, newest first (receivedAt, then site and seq), paged. */
  list(filter: RecordFilter & { limit?: number; cursor?: string | null }): Promise<RecordPage>;
  /** Counts over filtered records. */
  stats(filter?: RecordFilter): Promise<RecordStats>;
  /** Records in chain order, for export and verify. */
  scan(options: ScanOptions): Promise<StoredRecord[]>;
  /** Every site's chain head, as stored. */
  heads(): Promise<ChainHead[]>;
  /** Registers a receiver public key (kept forever so old receipts stay verifiable). */
  addKey(kid: string, jwk: object, at: string): Promise<void>;
  /** All registered receiver public keys. */
  keys(): Promise<object[]>;
  /** Storage liveness probe; rejects when storage is unusable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Thrown by openStore(…, {mustExist: true}) when there is no Cachet database there (no SQLite
 * file, or no `cachet_records` table): the maintenance commands must not create an empty one.
 */
export class NoDatabaseError extends Error {
  constructor(readonly where: string) {
    super(`no Cachet database at ${where}`);
    this.name = 'NoDatabaseError';
  }
}

/** Upper bound for list() page sizes. */
export const MAX_PAGE = 500;

/** Encodes a list() cursor (opaque to clients). */
export function encodeCursor(r: Pick<StoredRecord, 'receivedAt' | 'site' | 'seq'>): string {
  return Buffer.from(JSON.stringify([r.receivedAt, r.site, r.seq])).toString('base64url');
}

/** Decodes a list() cursor, or null when it is not one. */
export function decodeCursor(c: string | null | undefined): [string, string, number] | null {
  if (!c) return null;
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      Number.isSafeInteger(v[2])
    ) {
      return v as [string, string, number];
    }
  } catch {
    // not a cursor
  }
  return null;
}
