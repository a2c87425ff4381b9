import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { audit } from './audit';
import type { EcPublicJwk } from './jws';
import { purgeExpired, startReceiver } from './server';
import {
  type ReceiverSettings,
  readConfigFile,
  readEnv,
  readFlags,
  resolveSettings,
  SETTINGS,
} from './settings';
import { openStore } from './store/open';
import { NoDatabaseError, type Store } from './store/types';
import { createRecordSigner, sampleRecord } from './testing/sign-record';

/** Where the CLI writes, and what it reads: injectable for tests. */
export interface CliIo {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: CliIo = {
  env: process.env,
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

/** The --help text, generated from the settings table so it documents every setting. */
export function helpText(): string {
  const rows = SETTINGS.map((s) => {
    const flag = s.flag ? `--${s.flag}` : '';
    return `  ${s.env.padEnd(24)} ${flag.padEnd(17)} ${s.key.padEnd(20)} ${s.help}`;
  });
  return [
    'cachet-receiver: verifies, hash-chains and stores Cachet consent records, and returns signed receipts.',
    '',
    'Usage:',
    '  cachet-receiver [serve] [options]   start the HTTP receiver (default command)',
    '  cachet-receiver verify [options]    re-check every record signature, receipt and the whole chain',
    '                                      of every site; prints a summary, exits 1 on any break',
    '                                      (verify, purge and erase exit 2 when there is no database)',
    '  cachet-receiver purge [options]     erase payloads older than the retention (tombstones keep the',
    '                                      chain); refuses to run unless a retention is set',
    "  cachet-receiver erase <sub|id>      erase one subject's records (access/erasure requests),",
    '                                      given its subject id or the id of one of its records',
    '  cachet-receiver sample [--site URL] [--count N] [--batch]',
    '                                      print freshly signed sample records, one JWS per line,',
    '                                      or with --batch one batch body of at most 50 (try:',
    '                                      cachet-receiver sample --count 3 --batch | curl --data-binary @- URL/v1/records)',
    '',
    'Options:',
    '  --config FILE      JSON file with any of the keys below (column "config key"); unknown keys are errors',
    '  --quiet            no request log lines',
    '  -h, --help         this text;  -v, --version  the version',
    '',
    'Settings (precedence: flag > environment > config file > default):',
    `  ${'environment'.padEnd(24)} ${'flag'.padEnd(17)} ${'config key'.padEnd(20)} meaning`,
    ...rows,
    '',
    'Retention has no default on purpose: a site owner must decide how long proofs of consent are kept',
    '(CNIL: as long as needed to prove consent, then erased). Without it, purge exits with status 2.',
    '',
    'Routes: POST /v1/records, GET /v1/records/:id, GET /v1/subjects/:sub/records, DELETE /v1/subjects/:sub,',
    'GET /v1/export?from=&to=&format=ndjson|csv, GET /.well-known/jwks.json, GET /healthz (docs/receiver.md).',
  ].join('\n');
}

function loadSettings(values: Record<string, unknown>, io: CliIo): ReceiverSettings | null {
  const errors: string[] = [];
  const file = typeof values.config === 'string' ? readConfigFile(values.config, errors) : {};
  const settings = resolveSettings(file, readEnv(io.env, errors), readFlags(values, errors));
  if (errors.length) {
    for (const e of errors) io.err(`cachet-receiver: ${e}`);
    return null;
  }
  return settings;
}

// The local key file's public half joins the stored keys, so a database whose key table was
// tampered with still cannot make verify trust a forged key set alone.
function localKey(settings: ReceiverSettings): EcPublicJwk[] {
  if (!existsSync(settings.keyFile)) return [];
  const { kty, crv, x, y } = JSON.parse(readFileSync(settings.keyFile, 'utf8'));
  return [{ kty, crv, x, y }];
}

/**
 * Runs a maintenance command on the existing database. Only the server creates a database, so a
 * wrong path is never mistaken for an empty, clean one: no database is exit 2. A storage error
 * (e.g. erased bytes not scrubbed yet because a reader is busy; running again finishes it) is a
 * message and exit 1.
 */
async function withDatabase(
  command: string,
  settings: ReceiverSettings,
  io: CliIo,
  run: (store: Store) => Promise<number>,
): Promise<number> {
  let store: Store;
  try {
    store = await openStore(settings.database, {
      pgSchema: settings.pgSchema,
      mustExist: true,
      // An audit leaves the database exactly as it found it, and works on a read-only copy.
      readonly: command === 'verify',
    });
  } catch (e) {
    if (!(e instanceof NoDatabaseError)) {
      // E.g. a copy SQLite cannot read where it lies: a message, not a stack trace.
      io.err(`cachet-receiver ${command}: cannot open the database: ${(e as Error).message}`);
      return 1;
    }
    io.err(
      `cachet-receiver ${command}: ${e.message}. Set --db, DATABASE_URL or --data-dir to the receiver's database; only the server creates one.`,
    );
    return 2;
  }
  try {
    return await run(store);
  } catch (e) {
    io.err(`cachet-receiver ${command}: ${(e as Error).message}`);
    return 1;
  } finally {
    await store.close();
  }
}

async function verifyCommand(settings: ReceiverSettings, io: CliIo): Promise<number> {
  return withDatabase('verify', settings, io, async (store) => {
    const report = await audit(store, { extraKeys: localKey(settings) });
    io.out(`verify: ${store.kind === 'sqlite' ? `SQLite ${settings.database}` : 'PostgreSQL'}`);
    for (const s of report.sites) {
      io.out(
        `  ${s.site}  ${s.records} records (${s.tombstones} erased)  head seq ${s.headSeq}  chain ${s.chainHash}`,
      );
    }
    for (const p of report.problems) {
      io.out(
        `  BREAK ${p.site}${p.seq !== null ? ` seq ${p.seq}` : ''}${p.id ? ` id ${p.id}` : ''}: ${p.problem}`,
      );
    }
    const sites = `${report.sites.length} site${report.sites.length === 1 ? '' : 's'}`;
    if (report.ok) {
      io.out(
        `verify: OK: ${report.records} records, ${report.tombstones} tombstones, ${sites}; every signature, receipt and chain link checks out`,
      );
      return 0;
    }
    io.out(
      `verify: FAILED: ${report.problems.length} problem(s) in ${report.records} records, ${sites}`,
    );
    return 1;
  });
}

/**
 * Runs the CLI; resolves with the exit status. `serve` resolves only once the server stopped
 * (SIGINT/SIGTERM).
 */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    config: { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
    site: { type: 'string' },
    count: { type: 'string' },
    batch: { type: 'boolean' },
  };
  for (const s of SETTINGS) if (s.flag) options[s.flag] = { type: 'string' };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`cachet-receiver: ${(e as Error).message} (see --help)`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(helpText());
    return 0;
  }
  if (values.version) {
    io.out(`cachet-receiver ${__CACHET_VERSION__}`);
    return 0;
  }
  const [command = 'serve', ...rest] = positionals;
  const settings = loadSettings(values, io);
  if (!settings) return 2;

  switch (command) {
    case 'serve': {
      const running = await startReceiver({ ...settings, print: io.err });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await running.close();
      return 0;
    }
    case 'verify':
      return verifyCommand(settings, io);
    case 'purge': {
      if (settings.retentionDays === null) {
        io.err(
          'cachet-receiver purge: no retention set. Set CACHET_RETENTION_DAYS, --retention-days or "retentionDays" in the config file; there is no default on purpose.',
        );
        return 2;
      }
      const days = settings.retentionDays;
      return withDatabase('purge', settings, io, async (store) => {
        const n = await purgeExpired(store, days);
        await store.vacuum();
        io.out(
          `purge: erased the payloads of ${n} record(s) older than ${days} days; tombstones keep the chain`,
        );
        return 0;
      });
    }
    case 'erase': {
      const arg = rest[0] ?? '';
      // A site knows a person by the record id its form received (cachet_record_id), not by the
      // subject id: either leads to the subject, whose records are all erased.
      const byRecord = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(arg);
      if (!byRecord && !/^[A-Za-z0-9_-]{22}$/.test(arg)) {
        io.err(
          'cachet-receiver erase: give the subject id (22 base64url characters, the "sub" of the records) or the id of one of its records',
        );
        return 2;
      }
      return withDatabase('erase', settings, io, async (store) => {
        const sub = byRecord ? (await store.get(arg.toLowerCase()))?.sub : arg;
        if (!sub) {
          io.err(`cachet-receiver erase: no stored record ${arg} (or it is already erased)`);
          return 1;
        }
        const n = await store.eraseSubject(sub, new Date().toISOString());
        await store.vacuum();
        io.out(`erase: erased ${n} record(s) of subject ${sub}; tombstones keep the chain`);
        return 0;
      });
    }
    case 'sample': {
      const signer = createRecordSigner();
      const site = typeof values.site === 'string' ? values.site : settings.sites[0];
      const count = Math.min(Math.max(Number(values.count ?? 1) || 1, 1), 100_000);
      const jws = Array.from({ length: count }, () => signer.sign(sampleRecord({ site })));
      // One JWS per line, or one batch body: several lines in one POST are not a body the API takes.
      if (!values.batch) for (const j of jws) io.out(j);
      else if (count > 50) {
        io.err('cachet-receiver: a batch holds at most 50 records (--count)');
        return 2;
      } else io.out(JSON.stringify({ records: jws }));
      return 0;
    }
    default:
      io.err(`cachet-receiver: unknown command "${command}" (see --help)`);
      return 2;
  }
}

// Run when executed directly (`node dist/receiver/cli.mjs …`); bin/cachet-receiver.mjs imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
