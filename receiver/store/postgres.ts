import pg from 'pg';
import { genesisHash } from '../chain';
import { COLUMNS, chainBatch, fromRow, type Row, scanClause, toValues, whereClause } from './sql';
import {
  type AppendOutcome,
  type ChainHead,
  encodeCursor,
  MAX_PAGE,
  NoDatabaseError,
  type RecordFilter,
  type RecordStats,
  type Store,
  type StoredRecord,
} from './types';

/** Options of the PostgreSQL store. */
export interface PostgresOptions {
  /** Schema holding the tables, created if missing. @default "public" */
  schema?: string;
  /** Pool size. @default 10 */
  max?: number;
  /** Refuse (NoDatabaseError) instead of creating the tables when they are missing. */
  mustExist?: boolean;
  /**
   * Read-only sessions (`verify`: an audit must not change what it audits): PostgreSQL refuses
   * any write (`default_transaction_read_only`). Implies mustExist.
   */
  readonly?: boolean;
}

const TABLES = `
CREATE TABLE IF NOT EXISTS cachet_records (
  id text PRIMARY KEY,
  site text NOT NULL,
  seq bigint NOT NULL,
  sub text,
  event text,
  method text,
  purposes jsonb,
  iat text,
  received_at text NOT NULL,
  jws text,
  sha256 text NOT NULL,
  chain_hash text NOT NULL,
  receipt text NOT NULL,
  erased_at text,
  signed_sha256 text,
  UNIQUE (site, seq)
);
CREATE INDEX IF NOT EXISTS cachet_records_sub ON cachet_records (sub);
CREATE INDEX IF NOT EXISTS cachet_records_received ON cachet_records (received_at, site, seq);
CREATE TABLE IF NOT EXISTS cachet_heads (
  site text PRIMARY KEY,
  seq bigint NOT NULL,
  chain_hash text NOT NULL
);
CREATE TABLE IF NOT EXISTS cachet_keys (
  kid text PRIMARY KEY,
  jwk text NOT NULL,
  created_at text NOT NULL
);
`;

// Array types of COLUMNS for the unnest() insert: one statement whatever the batch size.
const TYPES = [
  'text',
  'text',
  'bigint',
  'text',
  'text',
  'text',
  'jsonb',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
];
const cols = COLUMNS.join(', ');
// Added after the first release: a database made before lacks it.
const HAS_SIGNED =
  "SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'cachet_records' AND column_name = 'signed_sha256'";
const INSERT = `INSERT INTO cachet_records (${cols}) SELECT * FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
const ERASE = 'jws = NULL, sub = NULL, event = NULL, method = NULL, purposes = NULL, iat = NULL';
// Serialisation failures, deadlocks and a unique violation from a racing receiver: retry the batch.
const RETRYABLE = new Set(['40001', '40P01', '23505']);

/**
 * PostgreSQL store (node-postgres), for several receivers on one database. Each append is one
 * transaction that locks the chain heads of its sites (SELECT … FOR UPDATE, in site order so
 * two batches never deadlock), so concurrent receivers extend each chain one after the other,
 * without a gap or a fork; UNIQUE (site, seq) is the backstop.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresOptions = {},
): Promise<Store> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  const readonly = options.readonly === true;
  const mustExist = readonly || options.mustExist === true;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    options: `-c search_path=${schema}${readonly ? ' -c default_transaction_read_only=on' : ''}`,
  });
  // An idle client losing its server (restart, failover) must not crash the receiver; the next
  // query fails and gets a 503 instead.
  pool.on('error', () => {});

  const init = await pool.connect();
  let missing = false;
  let select = cols;
  try {
    if (mustExist) {
      const r = await init.query('SELECT to_regclass($1) AS t', [`${schema}.cachet_records`]);
      missing = r.rows[0]?.t === null;
      // Not migrated here (only the server changes the schema): read the column as NULL.
      if (!(await init.query(HAS_SIGNED, [schema])).rowCount)
        select = cols.replace('signed_sha256', 'NULL AS signed_sha256');
    } else {
      await init.query('BEGIN');
      // Receivers starting together would race on CREATE TABLE IF NOT EXISTS; serialise them.
      await init.query('SELECT pg_advisory_xact_lock(7243700117)');
      await init.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await init.query(TABLES);
      // Migration of a database made before signed_sha256 existed: its rows keep NULL there and
      // are compared through their JWS (store/sql.ts, sameRecord). Checked first, as ALTER TABLE
      // locks the table even when the column is there.
      if (!(await init.query(HAS_SIGNED, [schema])).rowCount)
        await init.query('ALTER TABLE cachet_records ADD COLUMN signed_sha256 text');
      await init.query('COMMIT');
    }
  } catch (e) {
    await init.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    init.release();
  }
  if (missing) {
    await pool.end();
    throw new NoDatabaseError(`PostgreSQL schema "${schema}" (no table cachet_records)`);
  }

  const rows = async (sql: string, params: unknown[] = []) =>
    (await pool.query<Row>(sql, params)).rows.map(fromRow);
  const where = (f: RecordFilter & { cursor?: string | null }) =>
    whereClause(
      f,
      (i) => `$${i}`,
      (ph, granted) =>
        granted === undefined
          ? `(purposes -> ${ph}) IS NOT NULL`
          : `(purposes -> ${ph}) = '${granted}'::jsonb`,
    );
  const counts = async (col: string, w: { sql: string; params: unknown[] }) => {
    const out: Record<string, number> = {};
    const sql = `SELECT ${col} AS k, count(*) AS n FROM cachet_records ${w.sql} ${w.sql ? 'AND' : 'WHERE'} ${col} IS NOT NULL GROUP BY ${col}`;
    for (const r of (await pool.query(sql, w.params)).rows) out[r.k] = Number(r.n);
    return out;
  };

  async function lockHeads(client: pg.PoolClient, sites: string[]) {
    const r = await client.query(
      'SELECT site, seq, chain_hash FROM cachet_heads WHERE site = ANY($1) ORDER BY site FOR UPDATE',
      [sites],
    );
    return new Map<string, { seq: number; chainHash: string }>(
      r.rows.map((h) => [h.site, { seq: Number(h.seq), chainHash: h.chain_hash }]),
    );
  }

  return {
    kind: 'postgres',
    async append(items, seal, now): Promise<AppendOutcome[]> {
      if (!items.length) return [];
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const sites = [...new Set(items.map((i) => i.site))].sort();
          let heads = await lockHeads(client, sites);
          const missing = sites.filter((s) => !heads.has(s));
          if (missing.length) {
            await client.query(
              'INSERT INTO cachet_heads (site, seq, chain_hash) SELECT s, 0, g FROM unnest($1::text[], $2::text[]) AS t(s, g) ON CONFLICT (site) DO NOTHING',
              [missing, missing.map(genesisHash)],
            );
            heads = await lockHeads(client, sites);
          }
          // Read after taking the locks: a racing receiver's insert of the same id is visible now.
          const found = await client.query<Row>(
            `SELECT ${select} FROM cachet_records WHERE id = ANY($1)`,
            [[...new Set(items.map((i) => i.id))]],
          );
          const existing = new Map<string, StoredRecord>(found.rows.map((r) => [r.id, fromRow(r)]));
          const { outcomes, created } = chainBatch(items, existing, heads, seal, now());
          if (created.length) {
            const columns = COLUMNS.map((_, c) => created.map((rec) => toValues(rec)[c]));
            await client.query(INSERT, columns);
            const touched = [...new Set(created.map((r) => r.site))];
            await client.query(
              'UPDATE cachet_heads AS h SET seq = t.seq, chain_hash = t.hash FROM unnest($1::text[], $2::bigint[], $3::text[]) AS t(site, seq, hash) WHERE h.site = t.site',
              [
                touched,
                touched.map((s) => heads.get(s)!.seq),
                touched.map((s) => heads.get(s)!.chainHash),
              ],
            );
          }
          await client.query('COMMIT');
          client.release();
          return outcomes;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => {});
          // A server error (a SQLSTATE code) leaves the connection usable; anything else (socket
          // reset, timeout) may not: destroy it instead of returning it to the pool.
          client.release(
            /^[0-9A-Z]{5}$/.test(String((e as { code?: unknown }).code)) ? undefined : true,
          );
          if (attempt < 5 && RETRYABLE.has((e as { code?: string }).code ?? '')) continue;
          throw e;
        }
      }
    },
    async get(id) {
      return (await rows(`SELECT ${select} FROM cachet_records WHERE id = $1`, [id]))[0] ?? null;
    },
    async chainHashAt(site, seq) {
      if (seq === 0) return genesisHash(site);
      const r = await pool.query(
        'SELECT chain_hash FROM cachet_records WHERE site = $1 AND seq = $2',
        [site, seq],
      );
      return r.rows[0]?.chain_hash ?? null;
    },
    async bySubject(sub) {
      return rows(
        `SELECT ${select} FROM cachet_records WHERE sub = $1 ORDER BY received_at, site, seq`,
        [sub],
      );
    },
    async eraseSubject(sub, at) {
      return (
        (
          await pool.query(`UPDATE cachet_records SET ${ERASE}, erased_at = $1 WHERE sub = $2`, [
            at,
            sub,
          ])
        ).rowCount ?? 0
      );
    },
    async purge(before, at) {
      const r = await pool.query(
        `UPDATE cachet_records SET ${ERASE}, erased_at = $1 WHERE received_at < $2 AND erased_at IS NULL`,
        [at, before],
      );
      return r.rowCount ?? 0;
    },
    async list(filter) {
      const limit = Math.min(Math.max(1, filter.limit ?? 50), MAX_PAGE);
      const w = where(filter);
      const found = await rows(
        `SELECT ${select} FROM cachet_records ${w.sql} ORDER BY received_at DESC, site DESC, seq DESC LIMIT $${w.params.length + 1}`,
        [...w.params, limit + 1],
      );
      const records = found.slice(0, limit);
      return {
        records,
        next: found.length > limit ? encodeCursor(records[records.length - 1]!) : null,
      };
    },
    async stats(filter = {}): Promise<RecordStats> {
      const w = where({ ...filter, cursor: null });
      const t = (
        await pool.query(
          `SELECT count(*) AS total, count(erased_at) AS erased FROM cachet_records ${w.sql}`,
          w.params,
        )
      ).rows[0];
      const byPurpose: RecordStats['byPurpose'] = {};
      const pq = `SELECT j.key AS k, count(*) FILTER (WHERE j.value = 'true') AS g, count(*) FILTER (WHERE j.value = 'false') AS r
        FROM cachet_records, jsonb_each_text(purposes) AS j ${w.sql} GROUP BY j.key`;
      for (const r of (await pool.query(pq, w.params)).rows)
        byPurpose[r.k] = { granted: Number(r.g), refused: Number(r.r) };
      const dq = `SELECT substr(received_at, 1, 10) AS day, count(*) AS count FROM cachet_records ${w.sql} GROUP BY day ORDER BY day`;
      return {
        total: Number(t.total),
        erased: Number(t.erased),
        byEvent: await counts('event', w),
        byMethod: await counts('method', w),
        bySite: await counts('site', w),
        byPurpose,
        byDay: (await pool.query(dq, w.params)).rows.map((r) => ({
          day: r.day,
          count: Number(r.count),
        })),
      };
    },
    async scan(o) {
      const w = scanClause(o, (i) => `$${i}`);
      return rows(
        `SELECT ${select} FROM cachet_records ${w.sql} ORDER BY site, seq LIMIT $${w.params.length + 1}`,
        [...w.params, o.limit],
      );
    },
    async heads(): Promise<ChainHead[]> {
      const r = await pool.query(
        'SELECT site, seq, chain_hash FROM cachet_heads WHERE seq > 0 ORDER BY site',
      );
      return r.rows.map((h) => ({ site: h.site, seq: Number(h.seq), chainHash: h.chain_hash }));
    },
    async addKey(kid, jwk, at) {
      await pool.query(
        'INSERT INTO cachet_keys (kid, jwk, created_at) VALUES ($1, $2, $3) ON CONFLICT (kid) DO NOTHING',
        [kid, JSON.stringify(jwk), at],
      );
    },
    async keys() {
      return (await pool.query('SELECT jwk FROM cachet_keys ORDER BY created_at')).rows.map((r) =>
        JSON.parse(r.jwk),
      );
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async vacuum() {
      // An UPDATE leaves the old row version (the erased payload) in the table and its indexes
      // until VACUUM prunes it; it does not block readers or writers (docs/receiver.md).
      await pool.query('VACUUM cachet_records');
    },
    async close() {
      await pool.end();
    },
  };
}
