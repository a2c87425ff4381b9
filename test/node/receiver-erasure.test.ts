/**
 * Erasure must remove the bytes, not only the values: SQLite keeps the old version of a row in
 * freed space of the database file and in WAL frames unless told otherwise. These tests read the
 * raw files after an erasure and a purge.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit } from '../../receiver/audit';
import { main } from '../../receiver/cli';
import { createReceiptKey } from '../../receiver/receipt';
import { openSqliteStore } from '../../receiver/store/sqlite';
import type { Store } from '../../receiver/store/types';
import { toNewRecord } from '../../receiver/verify-record';
import { makeApp, SITE, TOKEN, tempDir } from './helpers/receiver-fixture';
import { createRecordSigner, noticeHashOf, sampleRecord } from './helpers/sign-record';

const signer = createRecordSigner();

/** The database file and its WAL, as bytes. */
function fileBytes(file: string): Buffer {
  const wal = `${file}-wal`;
  return Buffer.concat([readFileSync(file), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)]);
}

/** Share of the 24-character windows of `jws` found in `bytes` (a long JWS spans pages). */
function windowsIn(bytes: Buffer, list: string[]): number {
  let n = 0;
  let found = 0;
  for (const jws of list) {
    for (let i = 0; i + 24 <= jws.length; i += 8, n++)
      if (bytes.includes(jws.slice(i, i + 24))) found++;
  }
  return found / n;
}

/** Everything the database holds as values now: every cell of every table, joined. */
function logicalContent(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    return tables
      .flatMap(({ name }) =>
        (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]).flatMap((r) =>
          Object.values(r).map(String),
        ),
      )
      .join('\n');
  } finally {
    db.close();
  }
}

/**
 * Pieces of the erased JWS that the files still hold: every 24-character window (step 8) found in
 * the raw bytes but not among the values the database still holds (other records share header
 * and text; receipts and ids stay on tombstones).
 */
function leftovers(file: string, erased: string[]): string[] {
  const bytes = fileBytes(file);
  const live = logicalContent(file);
  const found: string[] = [];
  for (const jws of erased) {
    for (let i = 0; i + 24 <= jws.length; i += 8) {
      const w = jws.slice(i, i + 24);
      if (!live.includes(w) && bytes.includes(w)) found.push(w);
    }
  }
  return found;
}

/** A record of `sub` with a long, distinctive notice (its text spills into overflow pages). */
function recordOf(sub: string, at: Date, long = false) {
  const text = `${sub} ${'Texte affiché au visiteur, propre à ce sujet. '.repeat(long ? 120 : 2)}`;
  const p = sampleRecord(
    {
      site: SITE,
      sub,
      notice: { ...sampleRecord().notice, text, hash: noticeHashOf(text) },
    },
    at,
  );
  return { payload: p, jws: signer.sign(p) };
}

describe('erasure removes the bytes from the SQLite file and its WAL', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('DELETE /v1/subjects/:sub leaves neither the subject id nor any piece of its JWS', async () => {
    const file = join(tmp.dir, 'db.sqlite');
    const clock = new Date();
    const ctx = await makeApp({ store: openSqliteStore(file), now: () => clock });
    try {
      const gone = 'G0ne-subject_abcdefghi';
      const erased = [recordOf(gone, clock), recordOf(gone, clock, true), recordOf(gone, clock)];
      const kept = Array.from({ length: 60 }, (_, i) =>
        recordOf(`K${String(i).padStart(21, '0')}`, clock, i % 7 === 0),
      );
      // Interleaved, so the erased rows share pages with kept ones.
      for (const [i, r] of kept.entries()) {
        expect((await ctx.post(r.jws)).status).toBe(201);
        if (i % 20 === 5) expect((await ctx.post(erased[(i - 5) / 20]!.jws)).status).toBe(201);
      }
      const ejws = erased.map((r) => r.jws);
      const kjws = kept.map((r) => r.jws);
      // The check is not vacuous: before the erasure, all of it is there.
      expect(fileBytes(file).includes(gone)).toBe(true);
      expect(windowsIn(fileBytes(file), ejws)).toBeGreaterThan(0.9);

      const del = await ctx.app.request(`/v1/subjects/${gone}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(await del.json()).toEqual({ sub: gone, erased: 3 });

      const after = fileBytes(file);
      expect(after.includes(gone)).toBe(false);
      expect(leftovers(file, ejws)).toEqual([]);
      // The kept records are all still there, and the chain verifies.
      const live = logicalContent(file);
      for (const r of kjws) expect(live.includes(r)).toBe(true);
      expect((await audit(ctx.store)).ok).toBe(true);
    } finally {
      await ctx.close();
    }
  });

  it('fails an erasure it cannot scrub (a reader holds an older snapshot); a retry finishes it', async () => {
    const file = join(tmp.dir, 'db.sqlite');
    const clock = new Date();
    const ctx = await makeApp({ store: openSqliteStore(file), now: () => clock });
    const reader = new Database(file, { readonly: true });
    try {
      const gone = 'Busy-subject_abcdefghi';
      const r = recordOf(gone, clock);
      for (const x of [r, recordOf('K'.repeat(22), clock)])
        expect((await ctx.post(x.jws)).status).toBe(201);
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM cachet_records').get(); // a read transaction, open
      const erase = () =>
        ctx.app.request(`/v1/subjects/${gone}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${TOKEN}` },
        });
      const busy = await erase(); // waits busy_timeout (5 s) for the reader first
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('5');
      expect((await busy.json()).error.code).toBe('storage_unavailable');
      reader.exec('COMMIT');
      const retry = await erase();
      expect(await retry.json()).toEqual({ sub: gone, erased: 0 });
      expect(fileBytes(file).includes(gone)).toBe(false);
      expect(leftovers(file, [r.jws])).toEqual([]);
    } finally {
      reader.close();
      await ctx.close();
    }
  }, 20_000);

  it('cachet-receiver purge leaves no piece of the purged records', async () => {
    const file = join(tmp.dir, 'cachet.sqlite');
    const key = createReceiptKey();
    const store: Store = openSqliteStore(file);
    const old = new Date('2026-01-01T00:00:00.000Z');
    const recent = new Date();
    const expired = Array.from({ length: 20 }, (_, i) =>
      recordOf(`Old${String(i).padStart(19, '0')}`, old, i % 5 === 0),
    );
    const kept = Array.from({ length: 20 }, (_, i) =>
      recordOf(`New${String(i).padStart(19, '0')}`, recent, i % 5 === 0),
    );
    try {
      await store.addKey(key.kid, key.publicJwk, recent.toISOString());
      const seal = (f: Parameters<typeof key.sign>[0]) => key.sign(f);
      for (let i = 0; i < 20; i++) {
        await store.append([toNewRecord(expired[i]!.payload, expired[i]!.jws)], seal, () =>
          old.toISOString(),
        );
        await store.append([toNewRecord(kept[i]!.payload, kept[i]!.jws)], seal, () =>
          recent.toISOString(),
        );
      }
    } finally {
      await store.close();
    }
    const ejws = expired.map((r) => r.jws);
    const kjws = kept.map((r) => r.jws);
    expect(windowsIn(fileBytes(file), ejws)).toBeGreaterThan(0.9);

    // A running server's connection stays open: closing the CLI's is not the last close, which
    // would checkpoint and delete the WAL by itself.
    const server = new Database(file);
    try {
      server.prepare('SELECT count(*) FROM cachet_records').get();
      const out: string[] = [];
      const code = await main(['purge', '--retention-days', '30'], {
        env: { CACHET_DATA_DIR: tmp.dir },
        out: (l) => out.push(l),
        err: (l) => out.push(l),
      });
      expect([code, out.join('\n')]).toEqual([
        0,
        'purge: erased the payloads of 20 record(s) older than 30 days; tombstones keep the chain',
      ]);
      expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).length : 0).toBe(0);
      const after = fileBytes(file);
      for (const r of expired) expect(after.includes(r.payload.sub)).toBe(false);
      expect(leftovers(file, ejws)).toEqual([]);
      const live = logicalContent(file);
      for (const r of kjws) expect(live.includes(r)).toBe(true);
    } finally {
      server.close();
    }
  });
});
