import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit } from '../../receiver/audit';
import { genesisHash, nextChainHash } from '../../receiver/chain';
import { createReceiptKey } from '../../receiver/receipt';
import type { Seal, Store } from '../../receiver/store/types';
import { toNewRecord } from '../../receiver/verify-record';
import {
  makeApp,
  newItem,
  OTHER_SITE,
  requirePgIfAsked,
  SITE,
  STORE_KINDS,
} from './helpers/receiver-fixture';
import { createRecordSigner, sampleRecord, twinSignature } from './helpers/sign-record';

requirePgIfAsked();

const key = createReceiptKey();
const seal: Seal = (f) => key.sign(f);
const signer = createRecordSigner();

const item = (overrides: Parameters<typeof newItem>[1] = {}) => newItem(signer, overrides);

let tick = Date.parse('2026-11-26T10:00:00.000Z');
const now = () => new Date(tick++).toISOString();

describe.each(STORE_KINDS)('store: $name', (kind) => {
  let store: Store;
  let open: (options?: { readonly?: boolean }) => Promise<Store>;
  let exec: (sql: string) => Promise<void>;
  let cleanup: () => Promise<void>;
  const extra: Store[] = [];

  beforeEach(async (t) => {
    if (!kind.available) {
      t.skip();
      return;
    }
    ({ open, exec, cleanup } = await kind.create());
    store = await open();
    await store.addKey(key.kid, key.publicJwk, now());
  });
  afterEach(async () => {
    if (!kind.available) return;
    for (const s of extra.splice(0)) await s.close();
    await store.close();
    await cleanup();
  });

  describe('append()', () => {
    it('gives each site its own chain: seq 1, 2, … and chainHash_n = SHA-256(chainHash_n-1 ‖ sha256)', async () => {
      const items = [item(), item(), item({ site: OTHER_SITE }), item()];
      const out = await store.append(items, seal, now);
      expect(out.map((o) => [o.status, o.record.site, o.record.seq])).toEqual([
        ['created', SITE, 1],
        ['created', SITE, 2],
        ['created', OTHER_SITE, 1],
        ['created', SITE, 3],
      ]);
      let h = genesisHash(SITE);
      for (const o of out.filter((x) => x.record.site === SITE)) {
        h = nextChainHash(h, o.record.sha256);
        expect(o.record.chainHash).toBe(h);
      }
      expect(await store.heads()).toEqual([
        { site: OTHER_SITE, seq: 1, chainHash: out[2]!.record.chainHash },
        { site: SITE, seq: 3, chainHash: h },
      ]);
      expect(await store.get(items[1]!.id)).toEqual(out[1]!.record);
    });

    it('answers duplicates and conflicts, within a batch and across batches, without using a seq', async () => {
      const a = item();
      const [first] = await store.append([a], seal, now);
      const changed = { ...item(), id: a.id };
      const b = item();
      const out = await store.append(
        [a, changed, b, b, { ...b, sha256: changed.sha256, signedSha256: changed.signedSha256 }],
        seal,
        now,
      );
      expect(out.map((o) => o.status)).toEqual([
        'duplicate',
        'conflict',
        'created',
        'duplicate',
        'conflict',
      ]);
      expect(out[0]!.record).toEqual(first!.record);
      expect(out[2]!.record.seq).toBe(2);
      expect((await store.heads())[0]!.seq).toBe(2);
    });

    it('stores nothing when the batch fails half way (one transaction)', async () => {
      await store.append([item()], seal, now);
      let calls = 0;
      const failing: Seal = (f) => {
        if (++calls === 2) throw new Error('signing failed');
        return seal(f);
      };
      await expect(store.append([item(), item(), item()], failing, now)).rejects.toThrow(
        'signing failed',
      );
      expect((await store.stats()).total).toBe(1);
      expect((await store.heads())[0]!.seq).toBe(1);
      expect((await store.append([item()], seal, now))[0]!.record.seq).toBe(2);
    });

    it('continues the chain after a restart: the head is reloaded from storage', async () => {
      await store.append([item(), item()], seal, now);
      await store.close();
      store = await open();
      const [o] = await store.append([item()], seal, now);
      expect(o!.record.seq).toBe(3);
      expect((await audit(store)).ok).toBe(true);
    });

    it('keeps one continuous chain when two receivers append concurrently', async () => {
      const other = await open();
      extra.push(other);
      const rounds = 25;
      const work = (s: Store) =>
        (async () => {
          for (let i = 0; i < rounds; i++)
            await s.append([item(), item({ site: OTHER_SITE }), item()], seal, now);
        })();
      await Promise.all([work(store), work(other), work(store), work(other)]);
      const report = await audit(store);
      expect(report.problems).toEqual([]);
      expect(report.sites.map((s) => [s.site, s.records])).toEqual([
        [OTHER_SITE, 4 * rounds],
        [SITE, 8 * rounds],
      ]);
    });

    it('decides "same record" on the signed bytes: an (r, n−s) twin of a stored record, or of a tombstone, is a duplicate', async () => {
      const p = sampleRecord({ site: SITE, sub: 'W'.repeat(22) });
      const jws = signer.sign(p);
      const twin = toNewRecord(p, twinSignature(jws));
      const [first] = await store.append([twin], seal, now);
      const genuine = toNewRecord(p, jws);
      expect(genuine.sha256).not.toBe(twin.sha256);
      const [again] = await store.append([genuine], seal, now);
      expect(again).toEqual({ status: 'duplicate', record: first!.record });
      const other = toNewRecord(p, signer.sign({ ...p, event: 'refused' }));
      expect((await store.append([other], seal, now))[0]!.status).toBe('conflict');
      await store.eraseSubject(p.sub, now());
      expect((await store.append([genuine, other], seal, now)).map((o) => o.status)).toEqual([
        'duplicate',
        'conflict',
      ]);
      expect((await store.stats()).total).toBe(1);
    });

    it('migrates a database made before signed_sha256: its records compare through their JWS, its tombstones by their whole hash', async () => {
      const kept = sampleRecord({ site: SITE });
      const gone = sampleRecord({ site: SITE, sub: 'V'.repeat(22) });
      const [keptJws, goneJws] = [signer.sign(kept), signer.sign(gone)];
      await store.append([toNewRecord(kept, keptJws), toNewRecord(gone, goneJws)], seal, now);
      await store.eraseSubject(gone.sub, now());
      await store.close();
      // The schema of the first release, without the column.
      await exec('ALTER TABLE cachet_records DROP COLUMN signed_sha256');
      // verify opens it read-only: nothing to migrate then, the column reads as NULL.
      const reader = await open({ readonly: true });
      expect((await reader.get(kept.id))!.signedSha256).toBeNull();
      expect((await audit(reader)).ok).toBe(true);
      await reader.close();

      store = await open();
      expect((await store.get(kept.id))!.signedSha256).toBeNull();
      const out = await store.append(
        [
          toNewRecord(kept, twinSignature(keptJws)),
          toNewRecord(gone, goneJws),
          toNewRecord(kept, signer.sign({ ...kept, event: 'refused' })),
          item(),
        ],
        seal,
        now,
      );
      expect(out.map((o) => o.status)).toEqual(['duplicate', 'duplicate', 'conflict', 'created']);
      expect((await store.get(out[3]!.record.id))!.signedSha256).toBe(out[3]!.record.signedSha256);
      expect((await audit(store)).ok).toBe(true);
    });

    it('opens read-only for verify: reads everything, writes nothing', async () => {
      await store.append([item(), item()], seal, now);
      const reader = await open({ readonly: true });
      extra.push(reader);
      expect((await audit(reader)).records).toBe(2);
      await expect(reader.append([item()], seal, now)).rejects.toThrow(/read-?only/i);
      await expect(reader.purge(now(), now())).rejects.toThrow(/read-?only/i);
      expect((await store.stats()).erased).toBe(0);
    });

    it('lets only one of two receivers store the same id at once', async () => {
      const other = await open();
      extra.push(other);
      const a = item();
      const results = await Promise.all([
        store.append([a], seal, now),
        other.append([a], seal, now),
      ]);
      expect(results.map((r) => r[0]!.status).sort()).toEqual(['created', 'duplicate']);
      expect((await store.stats()).total).toBe(1);
    });
  });

  describe('erasure and retention', () => {
    it('eraseSubject() leaves tombstones: no payload, same seq, sha256, chainHash and receipt', async () => {
      const sub = 'Z'.repeat(22);
      const [a, , c] = await store.append([item({ sub }), item(), item({ sub })], seal, now);
      expect(await store.eraseSubject(sub, '2026-12-01T00:00:00.000Z')).toBe(2);
      const tomb = await store.get(a!.record.id);
      expect(tomb).toEqual({
        ...a!.record,
        sub: null,
        event: null,
        method: null,
        purposes: null,
        iat: null,
        jws: null,
        erasedAt: '2026-12-01T00:00:00.000Z',
      });
      expect(await store.bySubject(sub)).toEqual([]);
      expect((await store.get(c!.record.id))!.jws).toBeNull();
      const report = await audit(store);
      expect(report.problems).toEqual([]);
      expect(report.tombstones).toBe(2);
    });

    it('purge() erases payloads received before the cutoff only', async () => {
      const old = await store.append([item(), item()], seal, () => '2026-01-01T00:00:00.000Z');
      await store.append([item()], seal, () => '2026-06-01T00:00:00.000Z');
      expect(await store.purge('2026-03-01T00:00:00.000Z', '2026-06-02T00:00:00.000Z')).toBe(2);
      expect((await store.get(old[0]!.record.id))!.jws).toBeNull();
      expect(await store.purge('2026-03-01T00:00:00.000Z', '2026-06-02T00:00:00.000Z')).toBe(0);
      const s = await store.stats();
      expect([s.total, s.erased]).toEqual([3, 2]);
      expect((await audit(store)).ok).toBe(true);
    });
  });

  describe('queries for the consent log', () => {
    const days = ['2026-11-01', '2026-11-02', '2026-11-03'];
    beforeEach(async () => {
      if (!kind.available) return;
      for (const [i, day] of days.entries()) {
        await store.append(
          [
            item({
              sub: 'A'.repeat(22),
              event: 'given',
              purposes: { analytics: true, marketing: i === 0 },
            }),
            item({
              sub: 'B'.repeat(22),
              event: 'refused',
              method: 'banner:reject-all',
              purposes: { analytics: false },
            }),
            item({
              site: OTHER_SITE,
              event: 'given',
              method: 'form:checkbox',
              purposes: { contact: true },
            }),
          ],
          seal,
          () => `${day}T12:00:00.000Z`,
        );
      }
    });

    it('list() returns newest first and pages with a cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await store.list({ limit: 4, cursor });
        seen.push(...page.records.map((r) => `${r.receivedAt.slice(0, 10)}/${r.site}/${r.seq}`));
        cursor = page.next;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toHaveLength(9);
      expect(seen[0]).toBe(`2026-11-03/${SITE}/6`);
      expect([...seen].sort().reverse()).toEqual(seen);
    });

    it('list() filters by subject, event, purpose (granted or not), site and date range', async () => {
      const ids = async (f: Parameters<Store['list']>[0]) => (await store.list(f)).records.length;
      expect(await ids({ sub: 'A'.repeat(22) })).toBe(3);
      expect(await ids({ event: 'refused' })).toBe(3);
      expect(await ids({ purpose: 'marketing' })).toBe(3);
      expect(await ids({ purpose: 'marketing', granted: true })).toBe(1);
      expect(await ids({ purpose: 'analytics', granted: false })).toBe(3);
      expect(await ids({ site: OTHER_SITE })).toBe(3);
      expect(await ids({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-03T00:00:00.000Z' })).toBe(
        3,
      );
      expect(await ids({ site: SITE, event: 'given', from: '2026-11-02T00:00:00.000Z' })).toBe(2);
      await expect(store.list({ purpose: "x' OR 1=1 --" })).rejects.toThrow('purpose');
      await expect(store.list({ cursor: 'nonsense' })).rejects.toThrow('cursor');
    });

    it('stats() counts by event, method, site, purpose and day', async () => {
      await store.eraseSubject('B'.repeat(22), '2026-11-04T00:00:00.000Z');
      const s = await store.stats();
      expect(s).toEqual({
        total: 9,
        erased: 3,
        byEvent: { given: 6 },
        byMethod: { 'banner:accept-all': 3, 'form:checkbox': 3 },
        bySite: { [SITE]: 6, [OTHER_SITE]: 3 },
        byPurpose: {
          analytics: { granted: 3, refused: 0 },
          marketing: { granted: 1, refused: 2 },
          contact: { granted: 3, refused: 0 },
        },
        byDay: days.map((day) => ({ day, count: 3 })),
      });
      expect((await store.stats({ site: OTHER_SITE })).total).toBe(3);
    });

    it('scan() walks records in chain order, resuming after a position', async () => {
      const first = await store.scan({ limit: 5 });
      const rest = await store.scan({
        limit: 100,
        after: { site: first[4]!.site, seq: first[4]!.seq },
      });
      expect([...first, ...rest].map((r) => `${r.site}/${r.seq}`)).toEqual([
        ...[1, 2, 3].map((n) => `${OTHER_SITE}/${n}`),
        ...[1, 2, 3, 4, 5, 6].map((n) => `${SITE}/${n}`),
      ]);
    });
  });

  it('serves POST /v1/records on this store: 201, then 200 with the same receipt, 409 for other bytes', async () => {
    const ctx = await makeApp({ store, keys: key });
    const p = sampleRecord({ site: SITE });
    const jws = signer.sign(p);
    const first = await ctx.post(jws);
    expect(first.status).toBe(201);
    const again = await ctx.post(jws);
    expect(again.status).toBe(200);
    expect((await again.json()).receipt).toBe((await first.json()).receipt);
    expect((await ctx.post(signer.sign({ ...p, event: 'refused' }))).status).toBe(409);
    expect((await ctx.app.request('/healthz')).status).toBe(200);
  });

  it('keeps every receiver key it was given', async () => {
    const k2 = createReceiptKey();
    await store.addKey(k2.kid, k2.publicJwk, now());
    await store.addKey(key.kid, key.publicJwk, now());
    expect((await store.keys()).map((k: any) => k.kid)).toEqual([key.kid, k2.kid]);
    expect(await store.chainHashAt(SITE, 0)).toBe(genesisHash(SITE));
    expect(await store.chainHashAt(SITE, 1)).toBeNull();
  });
});
