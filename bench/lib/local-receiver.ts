/**
 * The reference receiver in-process, for browser benchmarks that need one: a SQLite store in a
 * scratch file, a fresh receipt key, no rate limit, no request log. Loaded from .mjs scripts
 * with Vite's runnerImport (Node 20 cannot run TypeScript itself); typechecked with the rest.
 */
import { getRequestListener } from '@hono/node-server';
import { createApp } from '../../receiver/app';
import { createReceiptKey } from '../../receiver/receipt';
import { openSqliteStore } from '../../receiver/store/sqlite';

/** Starts the receiver for `sites`, storing in `file`; returns a node:http request listener. */
export function startLocalReceiver(opts: { sites: string[]; file: string }) {
  const store = openSqliteStore(opts.file);
  const app = createApp({
    store,
    keys: createReceiptKey(),
    config: { sites: opts.sites, rateLimit: { perSecond: 0, burst: 0 } },
    log: false,
  });
  return {
    listener: getRequestListener(app.fetch),
    count: async () => (await store.stats()).total,
    close: () => store.close(),
  };
}
