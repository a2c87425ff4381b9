import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogLine } from '../../receiver/app';
import { audit } from '../../receiver/audit';
import { createReceiptKey } from '../../receiver/receipt';
import { type RunningReceiver, startReceiver } from '../../receiver/server';
import { openSqliteStore } from '../../receiver/store/sqlite';
import { toNewRecord } from '../../receiver/verify-record';
import { SITE, tempDir } from './helpers/receiver-fixture';
import { createRecordSigner, sampleRecord, signSample } from './helpers/sign-record';

/** A raw POST with node:http, so the test controls the body size exactly as a client sends it. */
function rawPost(url: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/records`,
      { method: 'POST', headers: { 'content-type': 'text/plain', 'content-length': body.length } },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('receiver over real HTTP (127.0.0.1, ephemeral port)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let rx: RunningReceiver;
  const logs: LogLine[] = [];
  const options = () => ({
    port: 0,
    dataDir: tmp.dir,
    sites: [SITE],
    rateLimit: { perSecond: 0, burst: 0 },
    print: null,
    logSink: (l: LogLine) => logs.push(l),
    extend: (app: RunningReceiver['app'], { requireAdmin }: { requireAdmin: any }) => {
      app.get('/admin/ping', requireAdmin, (c) => c.json({ pong: true }));
    },
  });

  beforeAll(async () => {
    tmp = tempDir();
    rx = await startReceiver(options());
  });
  afterAll(async () => {
    await rx.close();
    tmp.cleanup();
  });

  it('stores a record posted like the widget does (fetch keepalive, text/plain, Origin)', async () => {
    const { jws, payload } = signSample({ site: SITE });
    const res = await fetch(`${rx.url}/v1/records`, {
      method: 'POST',
      keepalive: true,
      body: jws,
      headers: { 'content-type': 'text/plain', origin: SITE },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect((await res.json()).id).toBe(payload.id);
  });

  it('answers a CORS preflight', async () => {
    const res = await fetch(`${rx.url}/v1/records`, {
      method: 'OPTIONS',
      headers: {
        origin: SITE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
  });

  it('answers 413 to a 1 MiB body without storing anything', async () => {
    const res = await rawPost(rx.url, Buffer.alloc(1 << 20, 'A'));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('too_large');
  });

  it('survives a client that disconnects half-way through its body', async () => {
    const { connect } = await import('node:net');
    const { port } = new URL(rx.url);
    await new Promise<void>((resolve) => {
      const sock = connect(Number(port), '127.0.0.1', () => {
        sock.write(
          `POST /v1/records HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n${'A'.repeat(100)}`,
        );
        setTimeout(() => {
          sock.destroy();
          resolve();
        }, 50);
      });
    });
    const res = await fetch(`${rx.url}/v1/records`, {
      method: 'POST',
      body: signSample({ site: SITE }).jws,
    });
    expect(res.status).toBe(201);
  });

  it('chains 60 concurrent posts without a gap', async () => {
    const before = (await rx.store.heads())[0]?.seq ?? 0;
    const results = await Promise.all(
      Array.from({ length: 60 }, () =>
        fetch(`${rx.url}/v1/records`, {
          method: 'POST',
          body: signSample({ site: SITE }).jws,
        }).then((r) => r.status),
      ),
    );
    expect(results.every((s) => s === 201)).toBe(true);
    expect((await rx.store.heads())[0]!.seq).toBe(before + 60);
    expect((await audit(rx.store)).ok).toBe(true);
  });

  it('keeps the key and token files owner-only (0600) in an owner-only data directory', () => {
    expect(statSync(join(tmp.dir, 'receiver-key.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(tmp.dir, 'admin-token')).mode & 0o777).toBe(0o600);
  });

  it('lets routes added through extend() use the admin guard', async () => {
    expect((await fetch(`${rx.url}/admin/ping`)).status).toBe(401);
    const ok = await fetch(`${rx.url}/admin/ping`, {
      headers: { authorization: `Bearer ${rx.adminToken}` },
    });
    expect(await ok.json()).toEqual({ pong: true });
  });

  it('writes one log line per request', () => {
    expect(logs.length).toBeGreaterThanOrEqual(60);
    expect(
      logs.every(
        (l) =>
          typeof l.method === 'string' && typeof l.status === 'number' && typeof l.ms === 'number',
      ),
    ).toBe(true);
  });

  it('comes back after a restart with the same key and token, and continues the chain', async () => {
    const { kid } = rx.key;
    const token = rx.adminToken;
    const seq = (await rx.store.heads())[0]!.seq;
    await rx.close();
    rx = await startReceiver(options());
    expect(rx.key.kid).toBe(kid);
    expect(rx.adminToken).toBe(token);
    const res = await fetch(`${rx.url}/v1/records`, {
      method: 'POST',
      body: signSample({ site: SITE }).jws,
    });
    const { receipt } = await res.json();
    expect(JSON.parse(Buffer.from(receipt.split('.')[1], 'base64url').toString()).seq).toBe(
      seq + 1,
    );
    const jwks = await (await fetch(`${rx.url}/.well-known/jwks.json`)).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([kid]);
  });
});

describe('startReceiver: data folders and the scheduled purge', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('creates the data directory and a database folder elsewhere owner-only (0700)', async () => {
    const dataDir = join(tmp.dir, 'data');
    const dbDir = join(tmp.dir, 'db', 'nested');
    const rx = await startReceiver({
      port: 0,
      dataDir,
      database: join(dbDir, 'cachet.sqlite'),
      sites: [SITE],
      print: null,
      log: false,
    });
    await rx.close();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(dbDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(tmp.dir, 'db')).mode & 0o777).toBe(0o700);
  });

  it('creates the SQLite database, its -wal and -shm owner-only (0600) in an existing 0755 folder, and keeps the mode of a file its owner made', async () => {
    // The usual umask, under which SQLite alone creates the database 0644 (world-readable).
    const umask = process.umask(0o022);
    try {
      chmodSync(tmp.dir, 0o755);
      const rx = await startReceiver({
        port: 0,
        dataDir: tmp.dir,
        sites: [SITE],
        print: null,
        log: false,
      });
      try {
        const res = await fetch(`${rx.url}/v1/records`, {
          method: 'POST',
          body: signSample({ site: SITE }).jws,
        });
        expect(res.status).toBe(201);
        for (const ext of ['', '-wal', '-shm'])
          expect(statSync(join(tmp.dir, `cachet.sqlite${ext}`)).mode & 0o777).toBe(0o600);
      } finally {
        await rx.close();
      }
      // A database file the operator made (here group-readable, for a backup account) is theirs.
      const own = join(tmp.dir, 'own.sqlite');
      writeFileSync(own, '', { mode: 0o640 });
      const store = openSqliteStore(own);
      await store.close();
      expect(statSync(own).mode & 0o777).toBe(0o640);
    } finally {
      process.umask(umask);
    }
  });

  it('logs a failing scheduled purge instead of ignoring it', async () => {
    const file = join(tmp.dir, 'cachet.sqlite');
    const store = openSqliteStore(file);
    const key = createReceiptKey();
    const p = sampleRecord({ site: SITE });
    await store.append(
      [toNewRecord(p, createRecordSigner().sign(p))],
      (f) => key.sign(f),
      () => '2026-01-01T00:00:00.000Z',
    );
    await store.close();
    // Any storage failure will do: here the database refuses every update of a record.
    const raw = new Database(file);
    raw.exec(
      "CREATE TRIGGER no_update BEFORE UPDATE ON cachet_records BEGIN SELECT RAISE(ABORT, 'read-only archive'); END",
    );
    raw.close();

    const logs: LogLine[] = [];
    const rx = await startReceiver({
      port: 0,
      dataDir: tmp.dir,
      sites: [SITE],
      retentionDays: 30,
      print: null,
      logSink: (l) => logs.push(l),
    });
    try {
      await vi.waitFor(() => expect(logs.some((l) => l.level === 'error')).toBe(true), {
        timeout: 2000,
      });
      expect(logs.find((l) => l.level === 'error')).toEqual({
        t: expect.any(String),
        level: 'error',
        error: 'retention purge failed: read-only archive',
      });
    } finally {
      await rx.close();
    }
  });
});
