import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AppConfig, DEV_SITES, resolveAppConfig } from './config';

/** Every setting of a running receiver: the app's, plus server, storage and retention. */
export interface ReceiverSettings extends AppConfig {
  /** Interface to bind. @default "127.0.0.1" */
  host: string;
  /** TCP port; 0 picks a free one. @default 8787 */
  port: number;
  /** Directory of the default database, key and admin token files. @default "./data" */
  dataDir: string;
  /** A SQLite file path, or a postgres:// URL. @default "<dataDir>/cachet.sqlite" */
  database: string;
  /** PostgreSQL schema of the tables. @default "public" */
  pgSchema: string;
  /** The receipt key (private JWK, mode 0600, created on first start). @default "<dataDir>/receiver-key.json" */
  keyFile: string;
  /** Where a generated admin token is kept (mode 0600). @default "<dataDir>/admin-token" */
  adminTokenFile: string;
  /** Days after which payloads are erased by `purge` (and daily by the server); no default. */
  retentionDays: number | null;
  /** One JSON line per request on stdout. @default true */
  log: boolean;
}

/** One documented setting: config-file key, environment variable, CLI flag, help text. */
interface SettingDoc {
  key: keyof ReceiverSettings | 'rateLimit.perSecond' | 'rateLimit.burst';
  env: string;
  flag?: string;
  type: 'string' | 'int' | 'bool' | 'list';
  /** Bounds of an int (inclusive). @default 0 and Number.MAX_SAFE_INTEGER */
  min?: number;
  max?: number;
  help: string;
}

/** Longest retention: 100 years (dates stay far inside the JavaScript Date range). */
export const MAX_RETENTION_DAYS = 36_500;

/** The settings table: the single source of --help, env parsing and config-file validation. */
export const SETTINGS: SettingDoc[] = [
  {
    key: 'host',
    env: 'CACHET_HOST',
    flag: 'host',
    type: 'string',
    help: 'interface to bind (default 127.0.0.1; 0.0.0.0 for all)',
  },
  {
    key: 'port',
    env: 'PORT',
    flag: 'port',
    type: 'int',
    max: 65_535,
    help: 'TCP port (default 8787; also CACHET_PORT)',
  },
  {
    key: 'dataDir',
    env: 'CACHET_DATA_DIR',
    flag: 'data-dir',
    type: 'string',
    help: 'directory of the default database, key and token files (default ./data)',
  },
  {
    key: 'database',
    env: 'DATABASE_URL',
    flag: 'db',
    type: 'string',
    help: 'postgres://user:pass@host/db for PostgreSQL, else a SQLite file (default <data-dir>/cachet.sqlite)',
  },
  {
    key: 'pgSchema',
    env: 'CACHET_PG_SCHEMA',
    type: 'string',
    help: 'PostgreSQL schema holding the tables (default public)',
  },
  {
    key: 'sites',
    env: 'CACHET_SITES',
    flag: 'sites',
    type: 'list',
    help: `sites (origins) whose records are accepted, comma-separated (default, for the demo: ${DEV_SITES.join(', ')})`,
  },
  {
    key: 'allowedOrigins',
    env: 'CACHET_ALLOWED_ORIGINS',
    flag: 'origins',
    type: 'list',
    help: 'extra page origins allowed to post records of any configured site',
  },
  {
    key: 'adminToken',
    env: 'CACHET_ADMIN_TOKEN',
    type: 'string',
    help: 'bearer token of the admin routes (default: generated once into <data-dir>/admin-token)',
  },
  {
    key: 'adminTokenFile',
    env: 'CACHET_ADMIN_TOKEN_FILE',
    type: 'string',
    help: 'file holding the admin token (default <data-dir>/admin-token)',
  },
  {
    key: 'keyFile',
    env: 'CACHET_KEY_FILE',
    type: 'string',
    help: 'receipt signing key, private JWK, mode 0600 (default <data-dir>/receiver-key.json)',
  },
  {
    key: 'retentionDays',
    env: 'CACHET_RETENTION_DAYS',
    flag: 'retention-days',
    type: 'int',
    min: 1,
    max: MAX_RETENTION_DAYS,
    help: `erase payloads older than this many days (1 to ${MAX_RETENTION_DAYS}); REQUIRED by purge, no default`,
  },
  {
    key: 'rateLimit.perSecond',
    env: 'CACHET_RATE_LIMIT',
    type: 'int',
    help: 'requests per second per client address, 0 = off (default 20)',
  },
  {
    key: 'rateLimit.burst',
    env: 'CACHET_RATE_BURST',
    type: 'int',
    help: 'burst size per client address (default 100)',
  },
  {
    key: 'trustProxy',
    env: 'CACHET_TRUST_PROXY',
    type: 'bool',
    help: 'client address = last X-Forwarded-For entry (behind one reverse proxy) (default false)',
  },
  {
    key: 'maxRecordBytes',
    env: 'CACHET_MAX_RECORD_BYTES',
    type: 'int',
    help: 'largest record body (default 16384)',
  },
  {
    key: 'maxBatchBytes',
    env: 'CACHET_MAX_BATCH_BYTES',
    type: 'int',
    help: 'largest {"records":[…]} body (default 65536)',
  },
  {
    key: 'timeoutMs',
    env: 'CACHET_TIMEOUT_MS',
    type: 'int',
    // Node's timers hold 2^31-1 ms at most (a longer delay fires at once).
    max: 2_147_483_647,
    help: 'time budget of one request, ms; 503 beyond (default 10000)',
  },
  {
    key: 'log',
    env: 'CACHET_LOG',
    type: 'bool',
    help: 'one JSON line per request on stdout (default true; --quiet or 0 to silence)',
  },
];

/** Partial settings, as given by a config file, the environment, flags or startReceiver(). */
export type SettingsInput = Partial<Omit<ReceiverSettings, 'rateLimit'>> & {
  rateLimit?: Partial<AppConfig['rateLimit']>;
};

const ORIGIN = /^https?:\/\/[^/?#\s]+$/;

function parseValue(doc: SettingDoc, raw: unknown, where: string, errors: string[]): unknown {
  const fail = (what: string) => {
    errors.push(`${where}: expected ${what}, got ${JSON.stringify(raw)}`);
    return undefined;
  };
  switch (doc.type) {
    case 'string':
      return typeof raw === 'string' && raw !== '' ? raw : fail('a non-empty string');
    case 'int': {
      const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
      const min = doc.min ?? 0;
      const max = doc.max ?? Number.MAX_SAFE_INTEGER;
      return typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max
        ? n
        : fail(
            doc.max === undefined
              ? `a whole number ≥ ${min}`
              : `a whole number from ${min} to ${max}`,
          );
    }
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(1|true|yes|on|json)$/i.test(raw)) return true;
      if (typeof raw === 'string' && /^(0|false|no|off)$/i.test(raw)) return false;
      return fail('true or false');
    case 'list': {
      const list = typeof raw === 'string' ? raw.split(/[\s,]+/).filter(Boolean) : raw;
      if (!Array.isArray(list) || !list.every((s) => typeof s === 'string'))
        return fail('a list of origins');
      const origins = (list as string[]).map((s) => s.replace(/\/+$/, ''));
      const bad = origins.find((o) => !ORIGIN.test(o));
      return bad === undefined
        ? origins
        : fail(
            `origins like https://www.example.com (scheme://host[:port], no path), not ${JSON.stringify(bad)}`,
          );
    }
  }
}

function assign(out: SettingsInput, key: SettingDoc['key'], value: unknown): void {
  if (value === undefined) return;
  if (key === 'rateLimit.perSecond' || key === 'rateLimit.burst') {
    out.rateLimit = { ...out.rateLimit, [key.slice(10)]: value };
  } else {
    (out as Record<string, unknown>)[key] = value;
  }
}

/** Reads a JSON config file into settings; unknown keys and wrong types are errors naming the key. */
export function readConfigFile(path: string, errors: string[]): SettingsInput {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    errors.push(`${path}: ${(e as Error).message}`);
    return {};
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    errors.push(`${path}: expected a JSON object`);
    return {};
  }
  const out: SettingsInput = {};
  for (const [k, v] of Object.entries(json)) {
    if (k === 'rateLimit' && typeof v === 'object' && v !== null) {
      for (const [rk, rv] of Object.entries(v)) {
        const doc = SETTINGS.find((d) => d.key === `rateLimit.${rk}`);
        if (!doc) errors.push(`${path}: unknown key "rateLimit.${rk}"`);
        else assign(out, doc.key, parseValue(doc, rv, `${path}: rateLimit.${rk}`, errors));
      }
      continue;
    }
    const doc = SETTINGS.find((d) => d.key === k);
    if (!doc) errors.push(`${path}: unknown key "${k}" (see --help)`);
    else assign(out, doc.key, parseValue(doc, v, `${path}: ${k}`, errors));
  }
  return out;
}

/** Reads the environment variables of SETTINGS. */
export function readEnv(env: Record<string, string | undefined>, errors: string[]): SettingsInput {
  const out: SettingsInput = {};
  for (const doc of SETTINGS) {
    const raw = env[doc.env] ?? (doc.key === 'port' ? env.CACHET_PORT : undefined);
    if (raw !== undefined && raw !== '')
      assign(out, doc.key, parseValue(doc, raw, doc.env, errors));
  }
  return out;
}

/** Reads CLI flag values (strings from util.parseArgs) of SETTINGS. */
export function readFlags(flags: Record<string, unknown>, errors: string[]): SettingsInput {
  const out: SettingsInput = {};
  for (const doc of SETTINGS) {
    if (doc.flag && flags[doc.flag] !== undefined)
      assign(out, doc.key, parseValue(doc, flags[doc.flag], `--${doc.flag}`, errors));
  }
  if (flags.quiet === true) out.log = false;
  return out;
}

/** Merges layers (later wins) and fills defaults; paths default inside dataDir. */
export function resolveSettings(...layers: SettingsInput[]): ReceiverSettings {
  const m: SettingsInput = {};
  for (const l of layers) {
    for (const [k, v] of Object.entries(l)) {
      if (v === undefined) continue;
      (m as Record<string, unknown>)[k] =
        k === 'rateLimit' ? { ...m.rateLimit, ...(v as object) } : v;
    }
  }
  const dataDir = m.dataDir ?? './data';
  const app = resolveAppConfig({
    ...m,
    rateLimit: { perSecond: m.rateLimit?.perSecond ?? 20, burst: m.rateLimit?.burst ?? 100 },
  } as Partial<AppConfig>);
  return {
    ...app,
    host: m.host ?? '127.0.0.1',
    port: m.port ?? 8787,
    dataDir,
    database: m.database ?? join(dataDir, 'cachet.sqlite'),
    pgSchema: m.pgSchema ?? 'public',
    keyFile: m.keyFile ?? join(dataDir, 'receiver-key.json'),
    adminTokenFile: m.adminTokenFile ?? join(dataDir, 'admin-token'),
    retentionDays: m.retentionDays ?? null,
    log: m.log ?? true,
  };
}
