import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../receiver/audit';
import { nextChainHash, sha256b64 } from '../../receiver/chain';
import { main } from '../../receiver/cli';
import { createReceiptKey } from '../../receiver/receipt';
import { openPostgresStore } from '../../receiver/store/postgres';
import { openSqliteStore } from '../../receiver/store/sqlite';
import type { Store } from '../../receiver/store/types';
import { toNewRecord } from '../../receiver/verify-record';
// @ts-expect-error: a plain .mjs build script without types
import { buildReceiver } from '../../scripts/build-receiver.mjs';
import { newItem, PG_URL, SITE, tempDir } from './helpers/receiver-fixture';
import { createRecordSigner, sampleRecord } from './helpers/sign-record';

const key = createReceiptKey();
const signer = createRecordSigner();

const item = (sub?: string) => newItem(signer, sub ? { sub } : {});

describe('verify (audit of a stored database)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let raw: Database.Database;
  let ids: string[];

  beforeAll(async () => {
    tmp = tempDir();
    store = openSqliteStore(join(tmp.dir, 'db.sqlite'));
    await store.addKey(key.kid, key.publicJwk, new Date().toISOString());
    const out = await store.append(
      [item(), item('T'.repeat(22)), item()],
      (f) => key.sign(f),
      () => new Date().toISOString(),
    );
    ids = out.map((o) => o.record.id);
    // A second connection, as an attacker (or a bad migration) with write access would have.
    raw = new Database(join(tmp.dir, 'db.sqlite'));
  });
  afterAll(async () => {
    raw.close();
    await store.close();
    tmp.cleanup();
  });

  const row = (id: string) =>
    raw.prepare('SELECT * FROM cachet_records WHERE id = ?').get(id) as Record<string, any>;
  const set = (id: string, col: string, v: unknown) =>
    raw.prepare(`UPDATE cachet_records SET ${col} = ? WHERE id = ?`).run(v, id);

  it('finds nothing wrong in an untouched database', async () => {
    const report = await audit(store);
    expect(report).toMatchObject({ ok: true, records: 3, tombstones: 0, problems: [] });
  });

  it('catches any one-byte change of a stored JWS, at every position, even with its sha256 updated', async () => {
    const id = ids[1]!;
    const original = row(id).jws as string;
    const sha = row(id).sha256 as string;
    const missed: string[] = [];
    for (let i = 0; i < original.length; i++) {
      // Replace the byte with a different base64url character (or a dot with a letter).
      const c = original[i]!;
      const tampered =
        original.slice(0, i) + (c === 'A' ? 'B' : c === '.' ? 'x' : 'A') + original.slice(i + 1);
      set(id, 'jws', tampered);
      if ((await audit(store)).ok) missed.push(`jws@${i}`);
      set(id, 'sha256', sha256b64(tampered));
      if ((await audit(store)).ok) missed.push(`jws+sha256@${i}`);
      set(id, 'sha256', sha);
    }
    set(id, 'jws', original);
    expect(missed).toEqual([]);
    expect(original.length).toBeGreaterThan(500);
    expect((await audit(store)).ok).toBe(true);
  });

  it('catches a rewritten record even when its sha256 and chain hash are rewritten to match', async () => {
    const id = ids[1]!;
    const before = row(id);
    const forged = item();
    const prevHash = row(ids[0]!).chain_hash as string;
    set(id, 'jws', forged.jws);
    set(id, 'sha256', forged.sha256);
    set(id, 'chain_hash', nextChainHash(prevHash, forged.sha256));
    const report = await audit(store);
    expect(report.ok).toBe(false);
    const problems = report.problems.map((p) => `${p.seq}: ${p.problem}`);
    expect(problems).toContain('2: record id or site differs from the signed payload');
    expect(problems).toContain('2: receipt does not match the stored record');
    expect(problems).toContain('3: chain hash does not follow from the previous one');
    for (const col of ['jws', 'sha256', 'chain_hash']) set(id, col, before[col]);
    expect((await audit(store)).ok).toBe(true);
  });

  it('catches a deleted record (gap) and a stale head', async () => {
    const before = row(ids[1]!);
    raw.prepare('DELETE FROM cachet_records WHERE id = ?').run(ids[1]);
    const report = await audit(store);
    expect(report.problems.map((p) => p.problem)).toContain(
      'seq 3 follows seq 1: records are missing',
    );
    const cols = Object.keys(before);
    raw
      .prepare(
        `INSERT INTO cachet_records (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`,
      )
      .run(...cols.map((c) => before[c]));
    expect((await audit(store)).ok).toBe(true);

    raw.prepare('UPDATE cachet_heads SET seq = 2').run();
    expect((await audit(store)).problems.map((p) => p.problem)).toEqual([
      'stored head (seq 2) is not the last record (seq 3)',
    ]);
    raw.prepare('UPDATE cachet_heads SET seq = 3').run();
  });

  it('catches a receipt signed by a key the receiver never registered', async () => {
    const id = ids[2]!;
    const r = row(id);
    const rogue = createReceiptKey();
    set(
      id,
      'receipt',
      rogue.sign({
        id,
        sha256: r.sha256,
        site: r.site,
        seq: r.seq,
        receivedAt: r.received_at,
        chainHash: r.chain_hash,
      }),
    );
    expect((await audit(store)).problems.map((p) => p.problem)).toEqual([
      `unknown receipt key ${rogue.kid}`,
    ]);
    set(id, 'receipt', r.receipt);
  });

  it('still verifies the whole chain after an erasure (tombstones)', async () => {
    await store.eraseSubject('T'.repeat(22), new Date().toISOString());
    const report = await audit(store);
    expect(report).toMatchObject({ ok: true, records: 3, tombstones: 1 });
    // A tombstone's hash is still bound by the chain: changing it is caught.
    const sha = row(ids[1]!).sha256;
    set(ids[1]!, 'sha256', sha256b64('forged'));
    expect((await audit(store)).ok).toBe(false);
    set(ids[1]!, 'sha256', sha);
  });

  // The columns beside the JWS feed the consent log, the filters and the CSV export.
  it.each([
    ['sub', 'X'.repeat(22)],
    ['event', 'withdrawn'],
    ['method', 'api'],
    ['purposes', '{"analytics":false,"marketing":false}'],
    ['iat', '2020-01-01T00:00:00.000Z'],
    ['signed_sha256', 'A'.repeat(43)],
  ])('catches a %s column that differs from the signed payload', async (col, value) => {
    const id = ids[2]!;
    const before = row(id)[col];
    set(id, col, value);
    const report = await audit(store);
    expect(report.problems).toEqual([
      { site: SITE, seq: 3, id, problem: `column ${col} differs from the signed payload` },
    ]);
    set(id, col, before);
    expect((await audit(store)).ok).toBe(true);
  });

  it('compares purposes by content, not key order (PostgreSQL jsonb reorders keys)', async () => {
    const id = ids[2]!;
    const before = row(id).purposes as string;
    const reordered = JSON.stringify(
      Object.fromEntries(Object.entries(JSON.parse(before)).reverse()),
    );
    expect(reordered).not.toBe(before);
    set(id, 'purposes', reordered);
    expect((await audit(store)).ok).toBe(true);
    set(id, 'purposes', before);
  });

  it('catches erased_at on a record that still has its JWS, and a tombstone without erased_at or with payload columns', async () => {
    const live = ids[2]!;
    const tomb = ids[1]!; // erased above
    set(live, 'erased_at', '2026-12-01T00:00:00.000Z');
    expect((await audit(store)).problems).toEqual([
      { site: SITE, seq: 3, id: live, problem: 'erased_at is set but the JWS is still stored' },
    ]);
    set(live, 'erased_at', null);

    const erasedAt = row(tomb).erased_at;
    set(tomb, 'erased_at', null);
    set(tomb, 'sub', 'T'.repeat(22));
    set(tomb, 'event', 'given');
    expect((await audit(store)).problems.map((p) => `${p.seq} ${p.id}: ${p.problem}`)).toEqual([
      `2 ${tomb}: no JWS stored but erased_at is not set`,
      `2 ${tomb}: column sub is set on an erased record`,
      `2 ${tomb}: column event is set on an erased record`,
    ]);
    set(tomb, 'erased_at', erasedAt);
    set(tomb, 'sub', null);
    set(tomb, 'event', null);
    expect((await audit(store)).ok).toBe(true);
  });
});

describe('verify (records that should never have been accepted)', () => {
  it('flags a stored record whose notice hash does not match its text, or that is inconsistent', async () => {
    const tmp = tempDir();
    const store = openSqliteStore(join(tmp.dir, 'db.sqlite'));
    try {
      await store.addKey(key.kid, key.publicJwk, new Date().toISOString());
      const good = sampleRecord({ site: SITE });
      const badHash = sampleRecord({ site: SITE });
      badHash.notice = { ...badHash.notice, text: 'Un autre texte que celui qui fut haché' };
      const selfPrev = sampleRecord({ site: SITE });
      selfPrev.prev = selfPrev.id;
      // Stored as an older receiver (or a direct write) would have: past the HTTP checks.
      await store.append(
        [good, badHash, selfPrev].map((p) => toNewRecord(p, signer.sign(p))),
        (f) => key.sign(f),
        () => new Date().toISOString(),
      );
      const problems = (await audit(store)).problems.map((p) => `${p.seq}: ${p.problem}`);
      expect(problems).toEqual([
        '2: record JWS: record /notice/hash is not the SHA-256 of /notice/text (NFC, UTF-8, base64url)',
        "3: record JWS: record /prev must not be the record's own id",
      ]);
    } finally {
      await store.close();
      tmp.cleanup();
    }
  });
});

describe('cachet-receiver CLI', () => {
  let tmp: ReturnType<typeof tempDir>;
  let env: Record<string, string>;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    tmp = tempDir();
    env = { CACHET_DATA_DIR: tmp.dir };
    const s = openSqliteStore(join(tmp.dir, 'cachet.sqlite'));
    await s.addKey(key.kid, key.publicJwk, new Date().toISOString());
    await s.append(
      [item('C'.repeat(22)), item('C'.repeat(22)), item()],
      (f) => key.sign(f),
      () => '2026-01-01T00:00:00.000Z',
    );
    await s.append(
      [item()],
      (f) => key.sign(f),
      () => new Date().toISOString(),
    );
    await s.close();
  });
  afterAll(() => tmp.cleanup());

  it('--help documents every command and every environment variable', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    for (const word of [
      'verify',
      'purge',
      'erase',
      'DATABASE_URL',
      'CACHET_SITES',
      'CACHET_ADMIN_TOKEN',
      'CACHET_RETENTION_DAYS',
      'PORT',
      '--config',
    ]) {
      expect(out).toContain(word);
    }
  });

  it('verify prints a summary and exits 0 on a clean database, 1 after tampering', async () => {
    const ok = await run('verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('verify: OK: 4 records, 0 tombstones, 1 site');
    const raw = new Database(join(tmp.dir, 'cachet.sqlite'));
    const jws = (
      raw.prepare('SELECT jws FROM cachet_records WHERE seq = 2').get() as { jws: string }
    ).jws;
    raw
      .prepare('UPDATE cachet_records SET jws = ? WHERE seq = 2')
      .run(`${jws.slice(0, 100)}${jws[100] === 'B' ? 'C' : 'B'}${jws.slice(101)}`);
    const bad = await run('verify');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/BREAK .* seq 2 .*the stored JWS does not hash to its stored sha256/);
    expect(bad.out).toContain('verify: FAILED');
    raw.prepare('UPDATE cachet_records SET jws = ? WHERE seq = 2').run(jws);
    raw.close();
  });

  it('verify names the record and the column when a stored column was changed', async () => {
    const raw = new Database(join(tmp.dir, 'cachet.sqlite'));
    const r = raw.prepare('SELECT id, event FROM cachet_records WHERE seq = 2').get() as {
      id: string;
      event: string;
    };
    raw.prepare("UPDATE cachet_records SET event = 'withdrawn' WHERE seq = 2").run();
    const bad = await run('verify');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(
      `BREAK ${SITE} seq 2 id ${r.id}: column event differs from the signed payload`,
    );
    raw.prepare('UPDATE cachet_records SET event = ? WHERE seq = 2').run(r.event);
    raw.close();
    expect((await run('verify')).code).toBe(0);
  });

  it('verify opens SQLite read-only: a copy of a live database keeps its bytes, a read-only copy verifies', async () => {
    const live = tempDir();
    const copy = tempDir();
    const bare = tempDir();
    const build = join(process.cwd(), 'node_modules', '.cache', `cachet-verify-ro-${process.pid}`);
    const sqlite = (dir: string, ext = '') => join(dir, `cachet.sqlite${ext}`);
    try {
      // Copied while the receiver runs (a backup, an auditor's copy): the WAL holds the records,
      // which a read-write connection closing last would checkpoint into the database file.
      const store = openSqliteStore(sqlite(live.dir));
      await store.addKey(key.kid, key.publicJwk, new Date().toISOString());
      await store.append(
        [item(), item(), item()],
        (f) => key.sign(f),
        () => new Date().toISOString(),
      );
      for (const ext of ['', '-wal', '-shm'])
        copyFileSync(sqlite(live.dir, ext), sqlite(copy.dir, ext));
      await store.close();
      copyFileSync(sqlite(live.dir), sqlite(bare.dir));
      for (const ext of ['', '-wal', '-shm']) chmodSync(sqlite(copy.dir, ext), 0o444);
      chmodSync(sqlite(bare.dir), 0o444);
      for (const dir of [copy.dir, bare.dir]) chmodSync(dir, 0o555);
      const hash = () =>
        ['', '-wal'].map((ext) =>
          existsSync(sqlite(copy.dir, ext))
            ? createHash('sha256')
                .update(readFileSync(sqlite(copy.dir, ext)))
                .digest('hex')
            : `no cachet.sqlite${ext}`,
        );
      const before = hash();

      const ok = await run('verify', '--data-dir', copy.dir);
      expect(ok.err).toBe('');
      expect(ok.out).toContain('verify: OK: 3 records');
      expect(ok.code).toBe(0);
      expect(hash()).toEqual(before);
      expect(readdirSync(copy.dir).sort()).toEqual(
        ['', '-shm', '-wal'].map((e) => `cachet.sqlite${e}`),
      );

      // Root writes through file modes: run the built CLI as a user who really cannot write.
      if (process.getuid?.() !== 0) return;
      await buildReceiver(build);
      const nobody = { uid: 65534, gid: 65534, env: { PATH: process.env.PATH ?? '' } };
      const asNobody = (dir: string) =>
        spawnSync(process.execPath, [join(build, 'cli.mjs'), 'verify', '--data-dir', dir], {
          ...nobody,
          cwd: dir,
          encoding: 'utf8',
        });
      // Only where other users may read the checkout and run Node (not under /root, say).
      const readable = spawnSync(
        process.execPath,
        [
          '-e',
          'for (const f of process.argv.slice(1)) require("node:fs").accessSync(f, 4)',
          join(build, 'cli.mjs'),
          join(process.cwd(), 'node_modules', 'better-sqlite3', 'package.json'),
        ],
        nobody,
      );
      if (readable.status !== 0) return;
      const ro = asNobody(copy.dir);
      expect(ro.stderr).toBe('');
      expect(ro.stdout).toContain('verify: OK: 3 records');
      expect(ro.status).toBe(0);
      expect(hash()).toEqual(before);
      // A WAL database alone in a read-only folder: SQLite cannot make the -shm it needs to
      // read it. A message and exit 1, no stack trace.
      const none = asNobody(bare.dir);
      expect(none.status).toBe(1);
      expect(none.stderr).toContain('cachet-receiver verify: cannot open the database:');
      expect(none.stderr).toContain('copy the database with its -wal and -shm files');
      expect(none.stderr).not.toMatch(/\n\s+at /);
    } finally {
      for (const dir of [copy.dir, bare.dir]) chmodSync(dir, 0o700);
      for (const t of [live, copy, bare]) t.cleanup();
      rmSync(build, { recursive: true, force: true });
    }
  });

  it('verify, erase and purge refuse a missing database (exit 2) and create nothing', async () => {
    const nowhere = join(tmp.dir, 'nowhere');
    for (const argv of [
      ['verify'],
      ['erase', 'D'.repeat(22)],
      ['purge', '--retention-days', '30'],
      ['verify', '--db', join(nowhere, 'other.sqlite')],
    ]) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(argv, {
        env: { CACHET_DATA_DIR: nowhere },
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      });
      expect(code, argv.join(' ')).toBe(2);
      expect(err.join('\n')).toMatch(
        new RegExp(`^cachet-receiver ${argv[0]}: no Cachet database at .*nowhere`),
      );
      expect(out).toEqual([]);
      expect(existsSync(nowhere)).toBe(false);
    }
    // An empty SQLite file is no Cachet database either, and is left as it was.
    const empty = join(tmp.dir, 'empty.sqlite');
    writeFileSync(empty, '');
    expect((await run('verify', '--db', empty)).code).toBe(2);
    expect(readFileSync(empty).length).toBe(0);
  });

  it.skipIf(!PG_URL)(
    'verify refuses a PostgreSQL schema without the tables; erase vacuums after erasing',
    async () => {
      const schema = `cachet_t_cli_${process.pid}_${Date.now().toString(36)}`;
      const pgRun = (...argv: string[]) =>
        main(argv, {
          env: { DATABASE_URL: PG_URL!, CACHET_PG_SCHEMA: schema, CACHET_DATA_DIR: tmp.dir },
          out: () => {},
          err: () => {},
        });
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        expect(await pgRun('verify')).toBe(2);
        const created = await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
        expect(created.rowCount).toBe(0);

        const s = await openPostgresStore(PG_URL!, { schema });
        await s.addKey(key.kid, key.publicJwk, new Date().toISOString());
        await s.append(
          [item('P'.repeat(22)), item()],
          (f) => key.sign(f),
          () => new Date().toISOString(),
        );
        await s.close();
        expect(await pgRun('erase', 'P'.repeat(22))).toBe(0);
        const stats = await c.query(
          'SELECT vacuum_count FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2',
          [schema, 'cachet_records'],
        );
        expect(Number(stats.rows[0]?.vacuum_count ?? 0)).toBeGreaterThan(0);
        expect(await pgRun('verify')).toBe(0);
      } finally {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      }
    },
  );

  it('refuses a retention beyond 100 years (or 0) with exit 2 and a message, no stack trace', async () => {
    for (const days of ['1000000000', '36501', '0']) {
      const r = await run('purge', '--retention-days', days);
      expect(r.code, days).toBe(2);
      expect(r.err).toContain('--retention-days: expected a whole number from 1 to 36500');
    }
    const env2 = await main(['purge'], {
      env: { ...env, CACHET_RETENTION_DAYS: '99999999999' },
      out: () => {},
      err: () => {},
    });
    expect(env2).toBe(2);
  });

  it('purge refuses to run without a retention setting (exit 2)', async () => {
    const { code, err } = await run('purge');
    expect(code).toBe(2);
    expect(err).toContain('CACHET_RETENTION_DAYS');
  });

  it('purge erases payloads older than the retention, and verify stays clean', async () => {
    const { code, out } = await run('purge', '--retention-days', '30');
    expect(code).toBe(0);
    expect(out).toContain('erased the payloads of 3 record(s)');
    expect((await run('verify')).out).toContain('4 records, 3 tombstones');
  });

  it('erase <sub> erases one subject; a malformed subject is refused', async () => {
    const s = openSqliteStore(join(tmp.dir, 'cachet.sqlite'));
    await s.append(
      [item('D'.repeat(22))],
      (f) => key.sign(f),
      () => new Date().toISOString(),
    );
    await s.close();
    expect((await run('erase', 'D'.repeat(22))).out).toContain('erased 1 record(s)');
    expect((await run('erase', 'nope')).code).toBe(2);
    expect((await run('verify')).code).toBe(0);
  });

  it('erase <record id> erases the subject of the record a form received', async () => {
    const s = openSqliteStore(join(tmp.dir, 'cachet.sqlite'));
    const [lead, other] = [item('L'.repeat(22)), item('L'.repeat(22))];
    await s.append(
      [lead, other, item('M'.repeat(22))],
      (f) => key.sign(f),
      () => new Date().toISOString(),
    );
    await s.close();
    const r = await run('erase', lead.id.toUpperCase());
    expect(r.out).toContain(`erased 2 record(s) of subject ${'L'.repeat(22)}`);
    // Now erased: the record no longer leads to anyone.
    expect((await run('erase', lead.id)).code).toBe(1);
    expect((await run('verify')).code).toBe(0);
  });

  it('rejects unknown options, unknown config keys and bad values with exit 2, naming them', async () => {
    expect((await run('--bogus')).code).toBe(2);
    const { writeFileSync } = await import('node:fs');
    const file = join(tmp.dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        sites: ['https://ok.example', 'not a site'],
        retentionDays: 'soon',
        colour: 'red',
      }),
    );
    const r = await run('verify', '--config', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain('sites');
    expect(r.err).toContain('retentionDays');
    expect(r.err).toContain('unknown key "colour"');
  });

  it('sample prints signed records that pass verification', async () => {
    const { out } = await run('sample', '--count', '2', '--site', SITE);
    const lines = out.split('\n');
    expect(lines).toHaveLength(2);
    const { verifyRecordJws } = await import('../../receiver/verify-record');
    for (const l of lines) expect(verifyRecordJws(l)).toMatchObject({ payload: { site: SITE } });
  });

  it('sample --batch prints one batch body the API takes, and refuses more than 50', async () => {
    const { out } = await run('sample', '--count', '3', '--batch', '--site', SITE);
    const body = JSON.parse(out);
    expect(body.records).toHaveLength(3);
    const { verifyRecordJws } = await import('../../receiver/verify-record');
    for (const j of body.records)
      expect(verifyRecordJws(j)).toMatchObject({ payload: { site: SITE } });
    expect((await run('sample', '--count', '51', '--batch')).code).toBe(2);
  });
});
