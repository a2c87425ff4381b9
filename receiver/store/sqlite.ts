import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { genesisHash } from '../chain';
import { COLUMNS, chainBatch, fromRow, type Row, scanClause, toValues, whereClause } from './sql';
import {
  type AppendOutcome,
  type ChainHead,
  encodeCursor,
  MAX_PAGE,
  type NewRecord,
  NoDatabaseError,
  type RecordFilter,
  type RecordStats,
  type ScanOptions,
  type Seal,
  type Store,
  type StoredRecord,
} from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS cachet_records (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  seq INTEGER NOT NULL,
  sub TEXT,
  event TEXT,
  method TEXT,
  purposes TEXT,
  iat TEXT,
  received_at TEXT NOT NULL,
  jws TEXT,
  sha256 TEXT NOT NULL,
  chain_hash TEXT NOT NULL,
  receipt TEXT NOT NULL,
  erased_at TEXT,
  signed_sha256 TEXT,
  UNIQUE (site, seq)
);
CREATE INDEX IF NOT EXISTS cachet_records_sub ON cachet_records (sub);
CREATE INDEX IF NOT EXISTS cachet_records_received ON cachet_records (received_at, site, seq);
CREATE TABLE IF NOT EXISTS cachet_heads (
  site TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  chain_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cachet_keys (
  kid TEXT PRIMARY KEY,
  jwk TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;

const HAS_TABLES = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cachet_records'";
// Added after the first release: a database made before lacks it (migrated below).
const HAS_SIGNED = "SELECT 1 FROM pragma_table_info('cachet_records') WHERE name = 'signed_sha256'";
const ERASE = 'jws = NULL, sub = NULL, event = NULL, method = NULL, purposes = NULL, iat = NULL';

/**
 * SQLite store (better-sqlite3). WAL journal with synchronous=FULL: a transaction is fsynced
 * before COMMIT returns, so an acknowledged record survives a crash or power loss
 * (https://www.sqlite.org/pragma.html#pragma_synchronous). One writer at a time; writes take
 * BEGIN IMMEDIATE so the chain head read and the insert cannot interleave with another process.
 */
export function openSqliteStore(
  file: string,
  options: {
    mustExist?: boolean;
    /**
     * Read only (`verify`): an audit must not change what it audits, nor fail on a read-only
     * copy. No pragma that writes, no schema change, and no checkpoint on close (a read-write
     * connection closing last copies the WAL into the file). Implies mustExist.
     */
    readonly?: boolean;
  } = {},
): Store {
  const readonly = options.readonly === true;
  const mustExist = readonly || options.mustExist === true;
  if (mustExist) {
    if (file === ':memory:' || !existsSync(file)) throw new NoDatabaseError(file);
  } else if (file !== ':memory:') {
    // The folder holds personal data: owner-only when we create it (an existing one is kept).
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // So does the file: create it 0600 (like the key and token files) rather than let SQLite
    // create it 0644 under the usual umask. SQLite gives the -wal and -shm files it creates the
    // mode of the database file (os_unix.c, findCreateFileMode). A file that already exists
    // keeps the mode its owner gave it (docs/receiver.md, Hardening).
    try {
      closeSync(openSync(file, 'wx', 0o600));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const db = new Database(file, { fileMustExist: mustExist, readonly });
  try {
    if (mustExist && !db.prepare(HAS_TABLES).get()) throw new NoDatabaseError(file);
  } catch (e) {
    db.close();
    // A read-only WAL database needs its -shm file, which SQLite creates beside it if it can.
    if ((e as { code?: string }).code === 'SQLITE_READONLY_DIRECTORY')
      throw new Error(
        `${file} is a WAL database and its folder is read-only: SQLite needs ${file}-shm to read it; copy the database with its -wal and -shm files, or into a writable folder`,
      );
    throw e;
  }
  db.pragma('busy_timeout = 5000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Erased payloads must leave the file: freed cells and pages are overwritten with zeros
    // (https://www.sqlite.org/pragma.html#pragma_secure_delete), and scrub() below empties the WAL.
    db.pragma('secure_delete = ON');
    db.exec(SCHEMA);
    // Migration of a database made before signed_sha256 existed: its rows keep NULL there and
    // are compared through their JWS (store/sql.ts, sameRecord). In a write transaction, so two
    // processes opening it at once do not both add the column.
    db.transaction(() => {
      if (!db.prepare(HAS_SIGNED).get())
        db.exec('ALTER TABLE cachet_records ADD COLUMN signed_sha256 TEXT');
    }).immediate();
  }

  const cols = COLUMNS.join(', ');
  // A read-only database made before signed_sha256 existed cannot be migrated: read it as NULL.
  const select = db.prepare(HAS_SIGNED).get()
    ? cols
    : cols.replace('signed_sha256', 'NULL AS signed_sha256');
  const getById = db.prepare<[string], Row>(`SELECT ${select} FROM cachet_records WHERE id = ?`);
  const getHead = db.prepare<[string], { seq: number; chain_hash: string }>(
    'SELECT seq, chain_hash FROM cachet_heads WHERE site = ?',
  );
  // Not on a read-only store, whose database may predate signed_sha256 (append() refuses).
  const insert = readonly
    ? null
    : db.prepare(
        `INSERT INTO cachet_records (${cols}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
      );
  const putHead = db.prepare(
    'INSERT INTO cachet_heads (site, seq, chain_hash) VALUES (?, ?, ?) ON CONFLICT (site) DO UPDATE SET seq = excluded.seq, chain_hash = excluded.chain_hash',
  );

  const appendTx = db.transaction((items: NewRecord[], seal: Seal, now: () => string) => {
    const existing = new Map<string, StoredRecord>();
    const heads = new Map<string, { seq: number; chainHash: string }>();
    for (const it of items) {
      const row = getById.get(it.id);
      if (row) existing.set(it.id, fromRow(row));
      if (!heads.has(it.site)) {
        const h = getHead.get(it.site);
        if (h) heads.set(it.site, { seq: h.seq, chainHash: h.chain_hash });
      }
    }
    const { outcomes, created } = chainBatch(items, existing, heads, seal, now());
    for (const rec of created) insert!.run(...toValues(rec));
    const touched = new Set(created.map((r) => r.site));
    for (const site of touched) {
      const h = heads.get(site)!;
      putHead.run(site, h.seq, h.chainHash);
    }
    return outcomes;
  });

  // An erasure rewrites the row, but the WAL still holds the frames of the pages as they were
  // (until it is checkpointed and overwritten), and the database file the old page until then.
  // A TRUNCATE checkpoint copies the zeroed pages back and cuts the WAL to 0 bytes; it waits
  // (busy_timeout) for readers of older snapshots, and fails rather than leave the bytes behind.
  const scrub = () => {
    if (file === ':memory:') return;
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (r?.busy)
      throw new Error(
        'the erased payloads are committed but still in the WAL: another connection is reading; retry',
      );
  };

  const rows = (sql: string, params: unknown[] = []) =>
    (db.prepare(sql).all(...params) as Row[]).map(fromRow);
  const where = (f: RecordFilter & { cursor?: string | null }) =>
    whereClause(
      f,
      () => '?',
      (ph, granted) =>
        granted === undefined
          ? `json_type(purposes, '$."' || ${ph} || '"') IN ('true', 'false')`
          : `json_type(purposes, '$."' || ${ph} || '"') = '${granted ? 'true' : 'false'}'`,
    );
  const counts = (col: string, w: { sql: string; params: unknown[] }) => {
    const out: Record<string, number> = {};
    const sql = `SELECT ${col} AS k, count(*) AS n FROM cachet_records ${w.sql} ${w.sql ? 'AND' : 'WHERE'} ${col} IS NOT NULL GROUP BY ${col}`;
    for (const r of db.prepare(sql).all(...w.params) as { k: string; n: number }[]) out[r.k] = r.n;
    return out;
  };

  return {
    kind: 'sqlite',
    async append(items, seal, now): Promise<AppendOutcome[]> {
      if (readonly) throw new Error('this store is open read-only');
      return items.length ? appendTx.immediate(items, seal, now) : [];
    },
    async get(id) {
      const r = getById.get(id);
      return r ? fromRow(r) : null;
    },
    async chainHashAt(site, seq) {
      if (seq === 0) return genesisHash(site);
      const r = db
        .prepare<[string, number], { chain_hash: string }>(
          'SELECT chain_hash FROM cachet_records WHERE site = ? AND seq = ?',
        )
        .get(site, seq);
      return r?.chain_hash ?? null;
    },
    async bySubject(sub) {
      return rows(
        `SELECT ${select} FROM cachet_records WHERE sub = ? ORDER BY received_at, site, seq`,
        [sub],
      );
    },
    async eraseSubject(sub, at) {
      const n = db
        .prepare(`UPDATE cachet_records SET ${ERASE}, erased_at = ? WHERE sub = ?`)
        .run(at, sub).changes;
      // Also when nothing matched: a retry after a failed scrub finishes the job.
      scrub();
      return n;
    },
    async purge(before, at) {
      const n = db
        .prepare(
          `UPDATE cachet_records SET ${ERASE}, erased_at = ? WHERE received_at < ? AND erased_at IS NULL`,
        )
        .run(at, before).changes;
      scrub();
      return n;
    },
    async list(filter) {
      const limit = Math.min(Math.max(1, filter.limit ?? 50), MAX_PAGE);
      const w = where(filter);
      const found = rows(
        `SELECT ${select} FROM cachet_records ${w.sql} ORDER BY received_at DESC, site DESC, seq DESC LIMIT ?`,
        [...w.params, limit + 1],
      );
      const more = found.length > limit;
      const records = found.slice(0, limit);
      return { records, next: more ? encodeCursor(records[records.length - 1]!) : null };
    },
    async stats(filter = {}): Promise<RecordStats> {
      const w = where({ ...filter, cursor: null });
      const t = db
        .prepare(
          `SELECT count(*) AS total, count(erased_at) AS erased FROM cachet_records ${w.sql}`,
        )
        .get(...w.params) as { total: number; erased: number };
      const byPurpose: RecordStats['byPurpose'] = {};
      const pq = `SELECT j.key AS k, sum(j.type = 'true') AS g, sum(j.type = 'false') AS r FROM cachet_records, json_each(cachet_records.purposes) AS j ${w.sql} GROUP BY j.key`;
      for (const r of db.prepare(pq).all(...w.params) as { k: string; g: number; r: number }[])
        byPurpose[r.k] = { granted: r.g, refused: r.r };
      const dq = `SELECT substr(received_at, 1, 10) AS day, count(*) AS count FROM cachet_records ${w.sql} GROUP BY day ORDER BY day`;
      return {
        total: t.total,
        erased: t.erased,
        byEvent: counts('event', w),
        byMethod: counts('method', w),
        bySite: counts('site', w),
        byPurpose,
        byDay: db.prepare(dq).all(...w.params) as RecordStats['byDay'],
      };
    },
    async scan(o: ScanOptions) {
      const w = scanClause(o, () => '?');
      return rows(`SELECT ${select} FROM cachet_records ${w.sql} ORDER BY site, seq LIMIT ?`, [
        ...w.params,
        o.limit,
      ]);
    },
    async heads(): Promise<ChainHead[]> {
      return (
        db.prepare('SELECT site, seq, chain_hash FROM cachet_heads ORDER BY site').all() as {
          site: string;
          seq: number;
          chain_hash: string;
        }[]
      ).map((h) => ({ site: h.site, seq: h.seq, chainHash: h.chain_hash }));
    },
    async addKey(kid, jwk, at) {
      db.prepare(
        'INSERT INTO cachet_keys (kid, jwk, created_at) VALUES (?, ?, ?) ON CONFLICT (kid) DO NOTHING',
      ).run(kid, JSON.stringify(jwk), at);
    },
    async keys() {
      return (
        db.prepare('SELECT jwk FROM cachet_keys ORDER BY created_at').all() as { jwk: string }[]
      ).map((r) => JSON.parse(r.jwk));
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async vacuum() {
      // eraseSubject() and purge() already zeroed the freed space and emptied the WAL.
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
