import { createHash, createHmac, randomUUID, sign, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  CompactSign,
  calculateJwkThumbprint,
  compactVerify,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
} from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit } from '../../receiver/audit';
import { CSV_COLUMNS } from '../../receiver/export';
import { signCompact } from '../../receiver/jws';
import type { Store } from '../../receiver/store/types';
import { canonicalize } from '../../src/record/canonical';
import { makeApp, OTHER_SITE, SITE, TOKEN } from './helpers/receiver-fixture';
import {
  createRecordSigner,
  noticeHashOf,
  type RecordSigner,
  sampleRecord,
  twinSignature,
} from './helpers/sign-record';

const T0 = new Date('2026-11-26T10:00:00.000Z');
const b64 = (s: string) => Buffer.from(s).toString('base64url');
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest();

let clock: Date;
let signer: RecordSigner;
let ctx: Awaited<ReturnType<typeof makeApp>>;

function record(overrides: Parameters<typeof sampleRecord>[0] = {}, at: Date = clock) {
  const payload = sampleRecord({ site: SITE, ...overrides }, at);
  return { payload, jws: signer.sign(payload) };
}

async function json(res: Response) {
  return (await res.json()) as any;
}

beforeEach(async () => {
  clock = new Date(T0);
  signer = createRecordSigner();
  ctx = await makeApp({ now: () => clock });
});
afterEach(async () => {
  await ctx.close();
});

describe('POST /v1/records', () => {
  describe('a new record', () => {
    it('is stored and answered 201 with a receipt that verifies against the JWKS', async () => {
      const { jws, payload } = record();
      const res = await ctx.post(jws);
      expect(res.status).toBe(201);
      const body = await json(res);
      expect(body).toEqual({ id: payload.id, status: 201, receipt: expect.any(String) });

      // Independent check with jose: the receipt is an ES256 JWS by a key of the JWKS.
      const jwks = await json(await ctx.app.request('/.well-known/jwks.json'));
      const { payload: raw, protectedHeader } = await compactVerify(
        body.receipt,
        createLocalJWKSet(jwks),
      );
      expect(protectedHeader).toEqual({
        alg: 'ES256',
        typ: 'cachet-receipt+jws',
        kid: ctx.keys.kid,
      });
      const receipt = JSON.parse(Buffer.from(raw).toString('utf8'));
      // The chain formula of docs/receiver.md, recomputed here from scratch.
      const genesis = sha(`cachet-chain-v1:${SITE}`);
      expect(receipt).toEqual({
        id: payload.id,
        sha256: sha(jws).toString('base64url'),
        site: SITE,
        seq: 1,
        receivedAt: T0.toISOString(),
        chainHash: sha(Buffer.concat([genesis, sha(jws)])).toString('base64url'),
      });
      expect(Buffer.from(raw).toString('utf8')).toBe(canonicalize(receipt));

      const ajv = new Ajv2020({ strict: true });
      addFormats(ajv);
      const schema = JSON.parse(readFileSync('schema/receipt.schema.json', 'utf8'));
      expect(ajv.validate(schema, receipt), JSON.stringify(ajv.errors)).toBe(true);
    });

    it('chains the records of one site with seq 1, 2, 3 and keeps sites apart', async () => {
      const seqs: number[] = [];
      for (const site of [SITE, SITE, OTHER_SITE, SITE]) {
        const body = await json(await ctx.post(record({ site }).jws));
        seqs.push(JSON.parse(Buffer.from(body.receipt.split('.')[1], 'base64url').toString()).seq);
      }
      expect(seqs).toEqual([1, 2, 1, 3]);
    });

    it('accepts a record signed by jose, an independent ES256 implementation', async () => {
      const { publicKey, privateKey } = await generateKeyPair('ES256');
      const jwk = await exportJWK(publicKey);
      const payload = sampleRecord({ site: SITE }, clock);
      const jws = await new CompactSign(new TextEncoder().encode(canonicalize(payload)))
        .setProtectedHeader({
          alg: 'ES256',
          typ: 'cachet-record+jws',
          jwk,
          kid: await calculateJwkThumbprint(jwk),
        })
        .sign(privateKey);
      expect((await ctx.post(jws)).status).toBe(201);
    });

    it('accepts the JWK exactly as WebCrypto exports it (ext, key_ops) with an ephemeral-key header', async () => {
      const kp = (await webcrypto.subtle.generateKey(
        { name: 'ECDSA', namedCurve: 'P-256' },
        false,
        ['sign', 'verify'],
      )) as CryptoKeyPair;
      const jwk = await webcrypto.subtle.exportKey('jwk', kp.publicKey);
      expect(jwk.key_ops).toEqual(['verify']);
      const kid = await calculateJwkThumbprint(jwk as any);
      const input = `${b64(JSON.stringify({ alg: 'ES256', typ: 'cachet-record+jws', jwk, kid, eph: true }))}.${b64(canonicalize(sampleRecord({ site: SITE }, clock)))}`;
      const sig = await webcrypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        kp.privateKey,
        new TextEncoder().encode(input),
      );
      expect((await ctx.post(`${input}.${Buffer.from(sig).toString('base64url')}`)).status).toBe(
        201,
      );
    });

    it('ignores surrounding whitespace and the content type', async () => {
      const res = await ctx.app.request('/v1/records', {
        method: 'POST',
        body: `\n ${record().jws}\r\n`,
        headers: { 'content-type': 'application/jose' },
      });
      expect(res.status).toBe(201);
    });
  });

  describe('idempotency', () => {
    it('answers 200 with the stored receipt when the same record comes again', async () => {
      const { jws, payload } = record();
      const first = await json(await ctx.post(jws));
      const res = await ctx.post(jws);
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ id: payload.id, status: 200, receipt: first.receipt });
      expect((await ctx.store.stats()).total).toBe(1);
    });

    it('answers 409 when the same id comes with other bytes', async () => {
      const { payload } = record();
      await ctx.post(signer.sign(payload));
      const res = await ctx.post(signer.sign({ ...payload, event: 'refused' }));
      expect(res.status).toBe(409);
      expect(await json(res)).toEqual({
        error: { code: 'conflict', message: expect.stringContaining(payload.id) },
      });
      expect((await ctx.store.get(payload.id))!.event).toBe('given');
    });

    it("answers 200 with the stored receipt to the browser's record after an (r, n−s) twin of its signature was stored first", async () => {
      const { jws, payload } = record();
      const twin = twinSignature(jws);
      expect(twin).not.toBe(jws);
      const first = await ctx.post(twin);
      expect(first.status).toBe(201);
      const { receipt } = await json(first);
      const res = await ctx.post(jws);
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ id: payload.id, status: 200, receipt });
      // Also past the clock window, where the stored record is looked up before the store.
      clock = new Date(T0.getTime() + 31 * 86_400_000);
      expect(await json(await ctx.post(jws))).toEqual({ id: payload.id, status: 200, receipt });
      expect((await ctx.store.stats()).total).toBe(1);
      expect((await audit(ctx.store)).ok).toBe(true);
    });
  });

  describe('rejects with 400, naming the problem', () => {
    const payload = () => sampleRecord({ site: SITE }, clock);
    const hdr = () => ({
      alg: 'ES256',
      typ: 'cachet-record+jws',
      jwk: signer.jwk,
      kid: signer.kid,
    });
    const raw = (header: object, body: string) => signCompact(header, body, signer.privateKey);
    /** Signs a header given as text and a payload given as bytes, exactly as they are. */
    const rawText = (header: string, body: Buffer) => {
      const input = `${b64(header)}.${body.toString('base64url')}`;
      const sig = sign('sha256', Buffer.from(input), {
        key: signer.privateKey,
        dsaEncoding: 'ieee-p1363',
      });
      return `${input}.${sig.toString('base64url')}`;
    };
    const canonicalBytes = () => Buffer.from(canonicalize(payload()));
    const lone = 'Accepter\ud800';

    const cases: Array<[string, () => string, string]> = [
      ['a body that is not a JWS', () => 'hello', 'malformed_jws'],
      [
        'a JWS with two parts',
        () => record().jws.split('.').slice(0, 2).join('.'),
        'malformed_jws',
      ],
      ['padding in a part', () => `${record().jws}=`, 'malformed_jws'],
      [
        'alg "none" with an empty signature',
        () => `${b64(JSON.stringify({ ...hdr(), alg: 'none' }))}.${b64(canonicalize(payload()))}.`,
        'unsupported_alg',
      ],
      [
        'HS256 keyed with the public key (key confusion)',
        () => {
          const input = `${b64(JSON.stringify({ ...hdr(), alg: 'HS256' }))}.${b64(canonicalize(payload()))}`;
          return `${input}.${createHmac('sha256', JSON.stringify(signer.jwk)).update(input).digest('base64url')}`;
        },
        'unsupported_alg',
      ],
      ['RS256', () => raw({ ...hdr(), alg: 'RS256' }, canonicalize(payload())), 'unsupported_alg'],
      [
        'a crit header',
        () => raw({ ...hdr(), crit: ['exp'], exp: 1 }, canonicalize(payload())),
        'bad_header',
      ],
      [
        'private key material in the jwk',
        () =>
          raw(
            { ...hdr(), jwk: { ...signer.jwk, d: signer.privateKey.export({ format: 'jwk' }).d } },
            canonicalize(payload()),
          ),
        'bad_key',
      ],
      [
        'an RSA jwk',
        () => raw({ ...hdr(), jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }, canonicalize(payload())),
        'bad_key',
      ],
      [
        'a kid that is not the thumbprint',
        () => raw({ ...hdr(), kid: 'me' }, canonicalize(payload())),
        'bad_header',
      ],
      ['another typ', () => raw({ ...hdr(), typ: 'JWT' }, canonicalize(payload())), 'bad_header'],
      [
        'an unknown header (x5u)',
        () => raw({ ...hdr(), x5u: 'https://evil.example/k' }, canonicalize(payload())),
        'bad_header',
      ],
      [
        'a signature by another key',
        () => {
          const other = createRecordSigner();
          return signCompact(hdr(), canonicalize(payload()), other.privateKey);
        },
        'bad_signature',
      ],
      [
        'a payload changed after signing',
        () => {
          const [h, , s] = record().jws.split('.');
          return `${h}.${b64(canonicalize({ ...payload(), event: 'refused' }))}.${s}`;
        },
        'bad_signature',
      ],
      [
        'a payload that is not canonical JSON',
        () => raw(hdr(), JSON.stringify(payload(), null, 1)),
        'not_canonical',
      ],
      [
        'a payload with a non-integer number',
        () => raw(hdr(), canonicalize(payload()).replace('"v":1', '"v":1.5')),
        'not_canonical',
      ],
      [
        'a payload behind a UTF-8 byte order mark (the signed bytes are not the canonical ones)',
        () =>
          rawText(
            JSON.stringify(hdr()),
            Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), canonicalBytes()]),
          ),
        'malformed_jws',
      ],
      [
        'a header behind a UTF-8 byte order mark',
        () => rawText(`\ufeff${JSON.stringify(hdr())}`, canonicalBytes()),
        'malformed_jws',
      ],
      [
        'a duplicate "alg" in the header ({"alg":"none",…,"alg":"ES256"})',
        () =>
          rawText(
            JSON.stringify({ ...hdr(), alg: 'none' }).replace(/}$/, ',"alg":"ES256"}'),
            canonicalBytes(),
          ),
        'header_not_canonical',
      ],
      [
        'a duplicate "jwk" whose first copy carries the private key',
        () => {
          const d = signer.privateKey.export({ format: 'jwk' }).d;
          const first = JSON.stringify({ ...hdr(), jwk: { ...signer.jwk, d } });
          return rawText(
            first.replace(/}$/, `,"jwk":${JSON.stringify(signer.jwk)}}`),
            canonicalBytes(),
          );
        },
        'header_not_canonical',
      ],
      [
        'a duplicate header member spelled with an escape ("\\u0061lg")',
        () =>
          rawText(
            JSON.stringify({ ...hdr(), alg: 'none' }).replace(/}$/, ',"\\u0061lg":"ES256"}'),
            canonicalBytes(),
          ),
        'header_not_canonical',
      ],
      [
        'a header with whitespace',
        () => rawText(JSON.stringify(hdr(), null, 1), canonicalBytes()),
        'header_not_canonical',
      ],
      [
        'a lone surrogate in the notice text (hashing would read it as U+FFFD)',
        () => {
          const p = payload();
          return raw(
            hdr(),
            canonicalize({ ...p, notice: { ...p.notice, text: lone, hash: noticeHashOf(lone) } }),
          );
        },
        'bad_unicode',
      ],
      [
        'a lone surrogate in a header member',
        () =>
          raw(
            { ...hdr(), jwk: { ...signer.jwk, key_ops: ['\udc00'] } },
            canonicalBytes().toString(),
          ),
        'bad_unicode',
      ],
    ];
    it.each(cases)('%s', async (_name, make, code) => {
      const res = await ctx.post(make());
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe(code);
      expect((await ctx.store.stats()).total).toBe(0);
    });

    it.each([
      ['an unknown event', { event: 'maybe' }, '/event'],
      ['an unknown field', { ip: '203.0.113.9' }, '"ip"'],
      [
        'a bad notice hash',
        { notice: { ...sampleRecord().notice, hash: 'md5-x' } },
        '/notice/hash',
      ],
    ])(
      'a schema error (%s) with the failing field in the message',
      async (_name, change, field) => {
        const res = await ctx.post(signer.sign({ ...payload(), ...change }));
        expect(res.status).toBe(400);
        const { error } = await json(res);
        expect(error.code).toBe('invalid_record');
        expect(error.message).toContain(field);
      },
    );

    it('a missing field, named', async () => {
      const { sub: _drop, ...rest } = payload();
      const { error } = await json(await ctx.post(signer.sign(rest)));
      expect(error).toEqual({ code: 'invalid_record', message: expect.stringContaining('"sub"') });
    });

    it('a body that is not UTF-8, and an empty body', async () => {
      const bad = await ctx.app.request('/v1/records', {
        method: 'POST',
        body: new Uint8Array([0xff, 0xfe, 0x41]),
      });
      expect(bad.status).toBe(400);
      expect((await json(bad)).error.code).toBe('bad_encoding');
      expect((await ctx.post('   ')).status).toBe(400);
    });

    it('a JWS part whose unused base64url bits are set (two strings, one signature)', async () => {
      const { jws } = record();
      // The last char of a 64-byte signature carries 4 bits of data and 2 zero bits; flip one of those.
      const last = jws.at(-1)!;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
      const res = await ctx.post(jws.slice(0, -1) + twin);
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe('malformed_jws');
    });
  });

  describe('site and origin (403)', () => {
    it('rejects a record of a site this receiver does not serve', async () => {
      const res = await ctx.post(record({ site: 'https://evil.example' }).jws);
      expect(res.status).toBe(403);
      expect((await json(res)).error.code).toBe('site_not_allowed');
    });

    it('rejects a request from an origin that is not allowed, without CORS headers', async () => {
      const res = await ctx.post(record().jws, { origin: 'https://evil.example' });
      expect(res.status).toBe(403);
      expect((await json(res)).error.code).toBe('origin_not_allowed');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });

    it("rejects a record posted from another allowed site's origin", async () => {
      const res = await ctx.post(record({ site: SITE }).jws, { origin: OTHER_SITE });
      expect(res.status).toBe(403);
      expect((await json(res)).error.code).toBe('origin_not_allowed');
    });

    it('accepts an extra allowed origin for a site', async () => {
      const c = await makeApp({
        now: () => clock,
        config: { sites: [SITE], allowedOrigins: ['https://example.com'] },
      });
      expect((await c.post(record().jws, { origin: 'https://example.com' })).status).toBe(201);
      await c.close();
    });
  });

  describe('size limits (413)', () => {
    it('rejects a record body above 16 KiB', async () => {
      const res = await ctx.post(`${record().jws}${' '.repeat(0)}${'A'.repeat(16 * 1024)}`);
      expect(res.status).toBe(413);
      expect((await json(res)).error.code).toBe('too_large');
    });

    it('rejects on a declared content-length above the limit before reading', async () => {
      const res = await ctx.app.request('/v1/records', {
        method: 'POST',
        body: 'x',
        headers: { 'content-length': String(1 << 20) },
      });
      expect(res.status).toBe(413);
    });

    it('rejects a batch of more than 50 records', async () => {
      const jws = record().jws;
      const res = await ctx.post(JSON.stringify({ records: Array(51).fill(jws) }));
      expect(res.status).toBe(413);
      expect((await json(res)).error.code).toBe('too_many_records');
      expect((await ctx.store.stats()).total).toBe(0);
    });

    it('rejects a batch body above 64 KiB', async () => {
      const res = await ctx.post(JSON.stringify({ records: Array(40).fill('A'.repeat(2000)) }));
      expect(res.status).toBe(413);
    });
  });

  describe('clock window (422)', () => {
    it('rejects iat more than 5 minutes ahead and accepts 4 minutes ahead', async () => {
      const ahead = (min: number) => new Date(clock.getTime() + min * 60_000);
      const res = await ctx.post(record({}, ahead(6)).jws);
      expect(res.status).toBe(422);
      expect((await json(res)).error.code).toBe('iat_in_future');
      expect((await ctx.post(record({}, ahead(4)).jws)).status).toBe(201);
    });

    it('rejects iat older than 30 days', async () => {
      const res = await ctx.post(record({}, new Date(clock.getTime() - 31 * 86_400_000)).jws);
      expect(res.status).toBe(422);
      expect((await json(res)).error.code).toBe('iat_too_old');
    });

    it('still answers 200 and the receipt for a stored record retried after 30 days', async () => {
      const { jws } = record();
      const first = await json(await ctx.post(jws));
      clock = new Date(clock.getTime() + 40 * 86_400_000);
      const res = await ctx.post(jws);
      expect(res.status).toBe(200);
      expect((await json(res)).receipt).toBe(first.receipt);
    });
  });

  describe('inconsistent records (422), naming the field, storing nothing', () => {
    const notice = sampleRecord().notice;
    const form = { id: 'contact', action: '/contact/envoyer' };
    const iat = () => clock.toISOString();
    const cases: Array<[string, () => Parameters<typeof sampleRecord>[0], string, string]> = [
      [
        'a notice hash that is not the hash of the notice text',
        () => ({ notice: { ...notice, text: `${notice.text} (modifié)` } }),
        'bad_notice_hash',
        '/notice/hash',
      ],
      [
        'a notice hash over the text without NFC normalisation',
        () => {
          const text = 'J’autorise e\u0301galement';
          const raw = `sha256-${sha(text).toString('base64url')}`;
          return { notice: { ...notice, text, hash: raw } };
        },
        'bad_notice_hash',
        '/notice/hash',
      ],
      [
        "prev equal to the record's own id",
        () => {
          const id = randomUUID();
          return { id, prev: id };
        },
        'inconsistent_record',
        '/prev',
      ],
      [
        'a form consent without form',
        () => ({ method: 'form:checkbox', notice: { ...notice, id: 'form:contact' } }),
        'inconsistent_record',
        '/form',
      ],
      [
        'form on a banner decision',
        () => ({ method: 'banner:accept-all', form }),
        'inconsistent_record',
        '/form',
      ],
      ['exp equal to iat', () => ({ exp: iat() }), 'inconsistent_record', '/exp'],
      [
        'exp before iat',
        () => ({ exp: new Date(clock.getTime() - 1000).toISOString() }),
        'inconsistent_record',
        '/exp',
      ],
    ];
    it.each(cases)('%s', async (_name, change, code, field) => {
      const { jws } = record(change());
      const res = await ctx.post(jws);
      expect(res.status).toBe(422);
      const { error } = await json(res);
      expect(error.code).toBe(code);
      expect(error.message).toContain(field);
      // Nor in a batch.
      const batch = await json(await ctx.post(JSON.stringify({ records: [jws] })));
      expect(batch.results[0]).toMatchObject({ status: 422, error: { code } });
      expect((await ctx.store.stats()).total).toBe(0);
    });

    it('accepts what the widget makes: an NFC-equivalent text, a form consent with its form, an unknown prev, a page on another origin than site', async () => {
      const decomposed = 'J’autorise e\u0301galement';
      const ok = [
        record({ notice: { ...notice, text: decomposed, hash: noticeHashOf(decomposed) } }),
        record({ method: 'form:checkbox', notice: { ...notice, id: 'form:contact' }, form }),
        // Records may arrive out of order: prev need not be stored yet.
        record({ prev: randomUUID() }),
        // config.site may name the main origin of a site also served elsewhere (docs/configuration.md).
        record({ url: 'https://example.com/contact' }),
      ];
      for (const r of ok) expect((await ctx.post(r.jws)).status).toBe(201);
      expect(noticeHashOf(decomposed)).toBe(noticeHashOf(decomposed.normalize('NFC')));
    });
  });

  describe('rate limit (429)', () => {
    it('answers 429 with Retry-After and CORS headers, then lets the client in again', async () => {
      const c = await makeApp({
        now: () => clock,
        config: { rateLimit: { perSecond: 1, burst: 2 } },
      });
      const h = { origin: SITE };
      expect((await c.post(record().jws, h)).status).toBe(201);
      expect((await c.post(record().jws, h)).status).toBe(201);
      const res = await c.post(record().jws, h);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
      expect((await json(res)).error.code).toBe('rate_limited');
      clock = new Date(clock.getTime() + 1000);
      expect((await c.post(record().jws, h)).status).toBe(201);
      await c.close();
    });
  });

  describe('storage failure (503)', () => {
    it('answers 503 with Retry-After and no stack trace when the store fails', async () => {
      const broken: Store = {
        ...ctx.store,
        append: async () => Promise.reject(new Error('SQLITE_FULL: database or disk is full')),
      };
      const c = await makeApp({ store: broken, now: () => clock });
      const res = await c.post(record().jws);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const text = await res.text();
      expect(JSON.parse(text).error.code).toBe('storage_unavailable');
      expect(text).not.toMatch(/SQLITE|at .*\.ts/);
      const batch = await c.post(JSON.stringify({ records: [record().jws] }));
      expect(batch.status).toBe(503);
    });

    it('reports storage down on /healthz with 503', async () => {
      const broken: Store = { ...ctx.store, ping: async () => Promise.reject(new Error('down')) };
      const c = await makeApp({ store: broken });
      const res = await c.app.request('/healthz');
      expect(res.status).toBe(503);
      expect((await json(res)).status).toBe('unavailable');
    });
  });

  describe('batches', () => {
    it('answers 200 with one result per item, in order; bad items are not stored, good ones are', async () => {
      const a = record();
      const b = record();
      const conflicting = signer.sign({ ...a.payload, event: 'refused' });
      const foreign = record({ site: 'https://evil.example' });
      const res = await ctx.post(
        JSON.stringify({ records: [a.jws, 'garbage', a.jws, conflicting, foreign.jws, 42, b.jws] }),
      );
      expect(res.status).toBe(200);
      const { results } = await json(res);
      expect(results.map((r: any) => r.status)).toEqual([201, 400, 200, 409, 403, 400, 201]);
      expect(results[0]).toEqual({ id: a.payload.id, status: 201, receipt: expect.any(String) });
      expect(results[2].receipt).toBe(results[0].receipt);
      expect(results[1]).toEqual({
        id: null,
        status: 400,
        error: { code: 'malformed_jws', message: expect.any(String) },
      });
      expect(results[3].error.code).toBe('conflict');
      expect((await ctx.store.stats()).total).toBe(2);
      expect(await ctx.store.get(foreign.payload.id)).toBeNull();
    });

    it('is detected by its first character whatever the content type (sendBeacon text/plain Blob)', async () => {
      for (const type of ['text/plain;charset=UTF-8', 'application/json', '']) {
        const res = await ctx.app.request('/v1/records', {
          method: 'POST',
          body: `  {"records":["${record().jws}"]}`,
          headers: type ? { 'content-type': type } : {},
        });
        expect((await json(res)).results[0].status).toBe(201);
      }
    });

    it.each([
      ['not JSON', '{records:'],
      ['no records key', '{"recs":[]}'],
      ['records not an array', '{"records":"x"}'],
      ['an extra key', '{"records":[],"x":1}'],
      ['an empty batch', '{"records":[]}'],
    ])('rejects a malformed batch (%s) with 400', async (_n, body) => {
      const res = await ctx.post(body);
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe('bad_batch');
    });
  });

  describe('CORS', () => {
    it('answers a preflight from an allowed origin with 204 and the CORS headers', async () => {
      const res = await ctx.app.request('/v1/records', {
        method: 'OPTIONS',
        headers: {
          origin: SITE,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
        'content-type',
      );
      expect(res.headers.get('vary')).toContain('Origin');
    });

    it('refuses a preflight from another origin', async () => {
      const res = await ctx.app.request('/v1/records', {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('gives an allowed origin its own origin back, Vary: Origin and Retry-After exposed', async () => {
      const res = await ctx.post(record().jws, { origin: SITE });
      expect(res.status).toBe(201);
      expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(res.headers.get('vary')).toContain('Origin');
      expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    });
  });

  it('answers 405 to other methods on /v1/records and 404 JSON elsewhere', async () => {
    const res = await ctx.app.request('/v1/records');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
    const nf = await ctx.app.request('/nope');
    expect(nf.status).toBe(404);
    expect(await json(nf)).toEqual({ error: { code: 'not_found', message: 'no such route' } });
  });

  it('logs one JSON line per request, with the route pattern and no record content', async () => {
    const { jws, payload } = record();
    await ctx.post(jws);
    await ctx.admin(`/v1/subjects/${payload.sub}/records`);
    expect(ctx.logs).toHaveLength(2);
    expect(ctx.logs[0]).toEqual({
      t: T0.toISOString(),
      method: 'POST',
      path: '/v1/records',
      status: 201,
      ms: expect.any(Number),
    });
    expect(ctx.logs[1]!.path).toBe('/v1/subjects/:sub/records');
    const text = JSON.stringify(ctx.logs);
    for (const secret of [payload.sub, payload.id, jws.slice(0, 40)])
      expect(text).not.toContain(secret);
  });
});

describe('admin routes', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', `Bearer ${TOKEN.replace(/.$/, 'x')}`],
    ['a token of another length', 'Bearer short'],
    ['another scheme', `Basic ${TOKEN}`],
  ])('answer 401 with WWW-Authenticate to %s', async (_n, authorization) => {
    for (const path of [
      '/v1/records/00000000-0000-4000-8000-000000000000',
      '/v1/subjects/AAAAAAAAAAAAAAAAAAAAAA/records',
      '/v1/export',
    ]) {
      const res = await ctx.app.request(path, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await json(res)).error.code).toBe('unauthorized');
    }
    const del = await ctx.app.request('/v1/subjects/AAAAAAAAAAAAAAAAAAAAAA', {
      method: 'DELETE',
      headers: authorization ? { authorization } : {},
    });
    expect(del.status).toBe(401);
  });

  it('are closed when no admin token is configured', async () => {
    const c = await makeApp({ config: { adminToken: null } });
    expect((await c.admin('/v1/export')).status).toBe(401);
    await c.close();
  });

  describe('GET /v1/records/:id', () => {
    it('returns the JWS, its receipt and its chain position', async () => {
      const a = record();
      const b = record();
      const ra = await json(await ctx.post(a.jws));
      await ctx.post(b.jws);
      const first = await json(await ctx.admin(`/v1/records/${a.payload.id}`));
      const second = await json(await ctx.admin(`/v1/records/${b.payload.id}`));
      expect(first).toMatchObject({
        id: a.payload.id,
        site: SITE,
        seq: 1,
        jws: a.jws,
        receipt: ra.receipt,
        record: a.payload,
        erasedAt: null,
      });
      expect(first.prevChainHash).toBe(sha(`cachet-chain-v1:${SITE}`).toString('base64url'));
      expect(second.seq).toBe(2);
      expect(second.prevChainHash).toBe(first.chainHash);
    });

    it('answers 404 for an unknown id', async () => {
      expect((await ctx.admin('/v1/records/00000000-0000-4000-8000-000000000000')).status).toBe(
        404,
      );
      expect((await ctx.admin('/v1/records/not-an-id')).status).toBe(404);
    });
  });

  describe('subjects', () => {
    it('lists all records of one subject, oldest first', async () => {
      const sub = 'S'.repeat(22);
      const a = record({ sub });
      const b = record({ sub, event: 'withdrawn', prev: a.payload.id });
      await ctx.post(a.jws);
      await ctx.post(record().jws);
      clock = new Date(clock.getTime() + 1000);
      await ctx.post(b.jws);
      const body = await json(await ctx.admin(`/v1/subjects/${sub}/records`));
      expect(body.sub).toBe(sub);
      expect(body.records.map((r: any) => r.record.event)).toEqual(['given', 'withdrawn']);
      expect((await ctx.admin('/v1/subjects/bad/records')).status).toBe(400);
    });

    it('erases a subject: payloads gone, tombstones keep the chain verifiable, a retry stays erased', async () => {
      const sub = 'E'.repeat(22);
      const a = record({ sub });
      const kept = record();
      const b = record({ sub });
      const ra = await json(await ctx.post(a.jws));
      await ctx.post(kept.jws);
      await ctx.post(b.jws);

      const del = await ctx.admin(`/v1/subjects/${sub}`, { method: 'DELETE' });
      expect(del.status).toBe(200);
      expect(await json(del)).toEqual({ sub, erased: 2 });
      expect((await json(await ctx.admin(`/v1/subjects/${sub}/records`))).records).toEqual([]);

      const tomb = await json(await ctx.admin(`/v1/records/${a.payload.id}`));
      expect(tomb).toMatchObject({
        id: a.payload.id,
        seq: 1,
        jws: null,
        record: null,
        receipt: ra.receipt,
        erasedAt: T0.toISOString(),
      });
      expect(tomb.sha256).toBe(sha(a.jws).toString('base64url'));

      // The outbox may deliver it again: same receipt, and the payload is not brought back.
      const again = await ctx.post(a.jws);
      expect(again.status).toBe(200);
      expect((await json(again)).receipt).toBe(ra.receipt);
      expect((await ctx.store.get(a.payload.id))!.jws).toBeNull();

      const report = await audit(ctx.store);
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({ ok: true, records: 3, tombstones: 2 });
    });
  });

  describe('GET /v1/export', () => {
    it('streams NDJSON in chain order, tombstones included', async () => {
      const a = record();
      const b = record({ site: OTHER_SITE });
      await ctx.post(a.jws);
      await ctx.post(b.jws);
      const res = await ctx.admin('/v1/export');
      expect(res.headers.get('content-type')).toBe('application/x-ndjson');
      const lines = (await res.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.site, l.seq, l.id])).toEqual(
        [
          [SITE, 1, a.payload.id],
          [OTHER_SITE, 1, b.payload.id],
        ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      );
      expect(lines[0]).toEqual({
        id: expect.any(String),
        site: expect.any(String),
        seq: 1,
        receivedAt: T0.toISOString(),
        sha256: expect.any(String),
        chainHash: expect.any(String),
        jws: expect.any(String),
        receipt: expect.any(String),
        erasedAt: null,
      });
    });

    it('exports CSV (RFC 4180, formula-safe) filtered by date', async () => {
      const early = record({ sub: `-${'a'.repeat(21)}` });
      await ctx.post(early.jws);
      clock = new Date('2026-11-27T08:00:00Z');
      await ctx.post(record().jws);
      const res = await ctx.admin('/v1/export?format=csv&from=2026-11-26&to=2026-11-27');
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const rows = (await res.text()).split('\r\n').filter(Boolean);
      expect(rows[0]).toBe(
        'id,site,seq,received_at,iat,sub,event,method,purposes,notice_id,notice_version,notice_hash,sha256,chain_hash,erased_at,jws,receipt',
      );
      expect(rows).toHaveLength(2);
      expect(rows[1]).toContain(early.payload.id);
      expect(rows[1]).toContain(`,'-${'a'.repeat(21)},`);
      expect(rows[1]).toContain('"{""analytics"":true,""marketing"":false}"');
    });

    it('exports CSV that no spreadsheet splitting on ; | or TAB turns into a formula', async () => {
      // A French Excel splits a line on ";": without care, "x;=1+1" is a formula cell there.
      const version = 'x;=1+1|+2\t-3;@A1\n=4';
      const { payload } = record({ notice: { ...sampleRecord().notice, version } });
      await ctx.post(signer.sign(payload));
      const text = await (await ctx.admin('/v1/export?format=csv')).text();
      // Whatever a spreadsheet splits on, no cell starts with = + - @.
      expect(text).not.toMatch(/[;|\t\r\n][=+\-@]/);
      // RFC 4180 still reads the cell back: quoted, quotes doubled, the text plus the apostrophes.
      const cells: string[] = [];
      const line = text.split('\r\n')[1]!;
      for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)) {
        if (m.index === line.length) break;
        cells.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
      }
      expect(cells[CSV_COLUMNS.indexOf('notice_version')]).toBe("x;'=1+1|'+2\t'-3;'@A1\n'=4");
      expect(cells[CSV_COLUMNS.indexOf('id')]).toBe(payload.id);
      expect(cells).toHaveLength(CSV_COLUMNS.length);
    });

    it('rejects an unknown format or a bad date with 400', async () => {
      expect((await ctx.admin('/v1/export?format=xml')).status).toBe(400);
      const res = await ctx.admin('/v1/export?from=yesterday');
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe('bad_query');
    });
  });
});

describe('public routes', () => {
  it('publishes the receipt key in /.well-known/jwks.json, public half only', async () => {
    const res = await ctx.app.request('/.well-known/jwks.json');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const { keys } = await json(res);
    expect(keys).toEqual([
      {
        kty: 'EC',
        crv: 'P-256',
        x: expect.any(String),
        y: expect.any(String),
        kid: ctx.keys.kid,
        alg: 'ES256',
        use: 'sig',
      },
    ]);
  });

  it('answers /healthz with 200 when storage works', async () => {
    const res = await ctx.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: 'ok', store: 'sqlite' });
  });
});
