/**
 * Receiver test fixtures: an in-process app over a fresh store (no port), and the stores of the
 * parameterised suite (SQLite always; PostgreSQL when CACHET_TEST_DATABASE_URL is set).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createApp, type LogLine } from '../../../receiver/app';
import type { AppConfig } from '../../../receiver/config';
import { createReceiptKey, type ReceiptKey } from '../../../receiver/receipt';
import { openPostgresStore } from '../../../receiver/store/postgres';
import { openSqliteStore } from '../../../receiver/store/sqlite';
import type { NewRecord, Store } from '../../../receiver/store/types';
import { toNewRecord } from '../../../receiver/verify-record';
import { type RecordSigner, sampleRecord } from './sign-record';

export const SITE = 'https://www.example.com';
export const OTHER_SITE = 'https://shop.example.org';
export const TOKEN = 'test-admin-token-0123456789';

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix = 'cachet-receiver-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An app over `store` (a fresh SQLite file by default), rate limit off, logs kept in memory. */
export async function makeApp(
  options: { store?: Store; config?: Partial<AppConfig>; now?: () => Date; keys?: ReceiptKey } = {},
) {
  const tmp = options.store ? null : tempDir();
  const store = options.store ?? openSqliteStore(join(tmp!.dir, 'db.sqlite'));
  const keys = options.keys ?? createReceiptKey();
  await store.addKey(keys.kid, keys.publicJwk, new Date().toISOString());
  const logs: LogLine[] = [];
  const app = createApp({
    store,
    keys,
    now: options.now,
    log: (l) => logs.push(l),
    config: {
      sites: [SITE, OTHER_SITE],
      adminToken: TOKEN,
      rateLimit: { perSecond: 0, burst: 0 },
      ...options.config,
    },
  });
  const post = (body: string, headers: Record<string, string> = {}) =>
    app.request('/v1/records', {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain', ...headers },
    });
  const admin = (path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers as object) },
    });
  return {
    app,
    store,
    keys,
    logs,
    post,
    admin,
    async close() {
      await store.close();
      tmp?.cleanup();
    },
  };
}

/** The PostgreSQL test database, if any (`source scripts/ci-postgres.sh` sets it). */
export const PG_URL = process.env.CACHET_TEST_DATABASE_URL;

/**
 * Fails loudly when CI requires PostgreSQL (CACHET_REQUIRE_PG=1) and none is configured, instead
 * of letting the PostgreSQL half of the suite skip silently.
 */
export function requirePgIfAsked(): void {
  if (process.env.CACHET_REQUIRE_PG === '1' && !PG_URL) {
    throw new Error(
      'CACHET_REQUIRE_PG=1 but CACHET_TEST_DATABASE_URL is not set: run `source scripts/ci-postgres.sh`',
    );
  }
}

/** A store kind of the parameterised suite: how to open (and reopen) one isolated store. */
export interface StoreKind {
  name: 'sqlite' | 'postgres';
  available: boolean;
  /** Creates an isolated location and returns an opener for it (call it several times to get several "receivers"). */
  create(): Promise<{
    open: (options?: { readonly?: boolean }) => Promise<Store>;
    /** Runs SQL on the location's database outside any store (e.g. to make an older schema). */
    exec: (sql: string) => Promise<void>;
    cleanup: () => Promise<void>;
  }>;
}

let schemaCounter = 0;

export const STORE_KINDS: StoreKind[] = [
  {
    name: 'sqlite',
    available: true,
    async create() {
      const tmp = tempDir();
      const file = join(tmp.dir, 'db.sqlite');
      return {
        open: async (options) => openSqliteStore(file, options),
        async exec(sql) {
          const db = new Database(file);
          db.exec(sql);
          db.close();
        },
        cleanup: async () => tmp.cleanup(),
      };
    },
  },
  {
    name: 'postgres',
    available: Boolean(PG_URL),
    async create() {
      // One schema per test: parallel test files and runs never see each other's rows.
      const schema = `cachet_t_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;
      return {
        open: (options) => openPostgresStore(PG_URL!, { schema, max: 4, ...options }),
        async exec(sql) {
          const c = new pg.Client({
            connectionString: PG_URL,
            options: `-c search_path=${schema}`,
          });
          await c.connect();
          await c.query(sql);
          await c.end();
        },
        async cleanup() {
          const c = new pg.Client({ connectionString: PG_URL });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await c.end();
        },
      };
    },
  },
];

/** A freshly signed record of SITE (with `overrides`), as the store receives it. */
export function newItem(
  signer: RecordSigner,
  overrides: Parameters<typeof sampleRecord>[0] = {},
): NewRecord {
  const p = sampleRecord({ site: SITE, ...overrides });
  return toNewRecord(p, signer.sign(p));
}
