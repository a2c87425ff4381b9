import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

/**
 * Opens the store a database setting names: a `postgres://` or `postgresql://` URL gives the
 * PostgreSQL store, anything else is a SQLite file path (an optional `sqlite:` prefix is dropped).
 * `mustExist`: refuse with NoDatabaseError instead of creating an empty database (CLI commands);
 * `readonly`: the same, and change nothing in it (`verify`).
 */
export async function openStore(
  database: string,
  options: { pgSchema?: string; mustExist?: boolean; readonly?: boolean } = {},
): Promise<Store> {
  const { mustExist, readonly } = options;
  if (/^postgres(ql)?:\/\//i.test(database))
    return openPostgresStore(database, { schema: options.pgSchema, mustExist, readonly });
  return openSqliteStore(database.replace(/^sqlite:/, ''), { mustExist, readonly });
}
