import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { serve } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import { adminAuth, createApp, type LogLine, type ReceiverApp, stdoutLog } from './app';
import { DEV_SITES } from './config';
import { loadOrCreateReceiptKey, type ReceiptKey } from './receipt';
import {
  MAX_RETENTION_DAYS,
  type ReceiverSettings,
  resolveSettings,
  type SettingsInput,
} from './settings';
import { openStore } from './store/open';
import type { Store } from './store/types';

/** What extend() receives to add routes (e.g. the consent log's `/admin`). */
export interface ExtendContext {
  store: Store;
  settings: ReceiverSettings;
  /** The admin bearer-token guard, to put in front of added routes. */
  requireAdmin: MiddlewareHandler;
}

/** Options of startReceiver: any setting, plus hooks. */
export interface StartOptions extends SettingsInput {
  /** Adds routes before the server starts (Hono cannot add routes once it has matched one). */
  extend?: (app: ReceiverApp, ctx: ExtendContext) => void;
  /** Where startup lines go; null silences them. @default console.error */
  print?: ((line: string) => void) | null;
  /** Request log sink. @default JSON lines on stdout when `log` is true */
  logSink?: (line: LogLine) => void;
}

/** A running receiver. */
export interface RunningReceiver {
  /** Base URL, e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  adminToken: string;
  settings: ReceiverSettings;
  app: ReceiverApp;
  store: Store;
  key: ReceiptKey;
  server: Server;
  /** Stops accepting, closes connections and the store. */
  close(): Promise<void>;
}

function loadOrCreateToken(file: string): { token: string; created: boolean } {
  try {
    const token = readFileSync(file, 'utf8').trim();
    if (token) return { token, created: false };
  } catch {
    // missing: create below
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, created: true };
}

const DAY = 86_400_000;

/** Erases payloads older than the retention; returns how many. */
export async function purgeExpired(
  store: Store,
  retentionDays: number,
  now = new Date(),
): Promise<number> {
  if (
    !Number.isSafeInteger(retentionDays) ||
    retentionDays < 1 ||
    retentionDays > MAX_RETENTION_DAYS
  )
    throw new RangeError(`retentionDays must be a whole number from 1 to ${MAX_RETENTION_DAYS}`);
  return store.purge(
    new Date(now.getTime() - retentionDays * DAY).toISOString(),
    now.toISOString(),
  );
}

/**
 * Starts a receiver on Node: opens the store (SQLite file or PostgreSQL), loads or creates the
 * receipt key, registers its public half, serves the app. Used by `cachet-receiver` and by
 * `npm start` (the demo), which passes its sites and port.
 */
export async function startReceiver(options: StartOptions = {}): Promise<RunningReceiver> {
  const { extend, print = (l: string) => console.error(l), logSink, ...input } = options;
  const settings = resolveSettings(input);
  // The data directory holds personal data and the private key: owner-only from the start.
  mkdirSync(settings.dataDir, { recursive: true, mode: 0o700 });
  const store = await openStore(settings.database, { pgSchema: settings.pgSchema });
  let server: Server | undefined;
  let purgeTimer: NodeJS.Timeout | undefined;
  try {
    const { key, created: keyCreated } = loadOrCreateReceiptKey(settings.keyFile);
    await store.addKey(key.kid, key.publicJwk, new Date().toISOString());
    const token = settings.adminToken
      ? { token: settings.adminToken, created: false }
      : loadOrCreateToken(settings.adminTokenFile);
    const app = createApp({
      store,
      keys: key,
      config: { ...settings, adminToken: token.token },
      log: settings.log ? (logSink ?? stdoutLog) : false,
    });
    extend?.(app, { store, settings, requireAdmin: adminAuth(token.token) });

    server = await new Promise<Server>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: settings.host, port: settings.port }, () =>
        resolve(s as Server),
      ) as Server;
      s.once('error', reject);
    });
    // Slow clients cannot hold a connection forever (slowloris): headers within 10 s, the whole
    // request within 15 s; the app bounds its own work with timeoutMs.
    server.headersTimeout = 10_000;
    server.requestTimeout = 15_000;
    const port = (server.address() as AddressInfo).port;
    const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

    if (settings.retentionDays !== null) {
      const days = settings.retentionDays;
      // A failed purge leaves expired proofs in place: say so (the next run retries).
      const run = () =>
        purgeExpired(store, days).catch((e: Error) => {
          const error = `retention purge failed: ${e?.message ?? e}`.slice(0, 300);
          if (settings.log)
            (logSink ?? stdoutLog)({ t: new Date().toISOString(), level: 'error', error });
          else print?.(`cachet-receiver: ${error}`);
        });
      void run();
      purgeTimer = setInterval(run, DAY);
      purgeTimer.unref();
    }

    if (print) {
      const heads = await store.heads();
      print(`cachet-receiver listening on ${url}`);
      print(
        `  store: ${store.kind === 'sqlite' ? `SQLite ${settings.database}` : 'PostgreSQL'}; chains: ${heads.length ? heads.map((h) => `${h.site} at seq ${h.seq}`).join(', ') : 'none yet'}`,
      );
      const dev =
        settings.sites.length === DEV_SITES.length &&
        settings.sites.every((s, i) => s === DEV_SITES[i]);
      print(
        `  sites: ${settings.sites.join(', ')}${dev ? ' (demo default; set CACHET_SITES for a real site)' : ''}`,
      );
      print(`  receipt key: ${key.kid} (${settings.keyFile}${keyCreated ? ', created' : ''})`);
      if (token.created)
        print(`  admin token (generated, kept in ${settings.adminTokenFile}): ${token.token}`);
      else
        print(
          `  admin token: ${settings.adminToken ? 'from settings' : `in ${settings.adminTokenFile}`}`,
        );
      print(
        `  retention: ${settings.retentionDays === null ? 'not set (purge disabled)' : `${settings.retentionDays} days`}`,
      );
    }

    const srv = server;
    return {
      url,
      port,
      adminToken: token.token,
      settings,
      app,
      store,
      key,
      server: srv,
      async close() {
        clearInterval(purgeTimer);
        await new Promise<void>((resolve) => {
          srv.close(() => resolve());
          srv.closeAllConnections();
        });
        await store.close();
      },
    };
  } catch (e) {
    clearInterval(purgeTimer);
    server?.close();
    await store.close();
    throw e;
  }
}
