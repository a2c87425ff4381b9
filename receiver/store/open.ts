import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

/**
 * Opens the store a database setting names: a `postgres://` or `postgresql://` URL gives the
 * PostgreSQL store, anything else is a SQLite file path (an optional `sqlite:` prefix is dropped).
 */
export async function openStore(
  database: string,
  options: { pgSchema?: string } = {},
): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(database))
    return openPostgresStore(database, { schema: options.pgSchema });
  return openSqliteStore(database.replace(/^sqlite:/, ''));
}
