import type * as FastCheck from 'fast-check';
import { canonicalize } from '../../src/record/canonical';
import { signCompact } from '../jws';
import { createRecordSigner, sampleRecord } from './sign-record';

/**
 * fast-check arbitraries of record bodies that must all be refused (none is a valid, new record):
 * random text and bytes, JWS look-alikes, one-character mutations of valid records, valid
 * signatures over bad headers or schema-invalid payloads, and batches of those. Used by the fuzz
 * test (10,000 bodies) and bench/receiver-fuzz.mjs (100,000+). fast-check is passed in, so this
 * shipped file does not depend on it.
 */
export function malformedBodies(
  fc: typeof FastCheck,
  site: string,
): FastCheck.Arbitrary<string | Uint8Array> {
  const signer = createRecordSigner();
  const bases = Array.from({ length: 16 }, () => sampleRecord({ site }));
  const validJws = bases.map((p) => signer.sign(p));
  const header = { alg: 'ES256', typ: 'cachet-record+jws', jwk: signer.jwk, kid: signer.kid };
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  const text = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.constantFrom('', ' ', '{}', '[]', 'null', '{"records":null}', '..', 'a.b.c'),
  );
  const bytes = fc.uint8Array({ maxLength: 400 });
  const segment = fc.oneof(
    fc.string({ unit: fc.constantFrom(...B64URL.split('')), maxLength: 120 }),
    fc.json({ maxDepth: 2 }).map(b64),
    fc.constantFrom(b64('{"alg":"none"}'), b64('{"alg":"ES256","typ":"cachet-record+jws"}'), ''),
  );
  const lookalike = fc.tuple(segment, segment, segment).map((p) => p.join('.'));

  // One-character edits of a valid record: replace, insert (inside; edge whitespace would be
  // trimmed into the valid record again), delete.
  const mutated = fc
    .tuple(
      fc.constantFrom(...validJws),
      fc.nat(),
      fc.constantFrom('replace', 'insert', 'delete'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    )
    .map(([jws, n, op, ch]) => {
      const i = n % jws.length;
      if (op === 'delete') return jws.slice(0, i) + jws.slice(i + 1);
      if (op === 'insert') return jws.slice(0, Math.max(1, i)) + ch + jws.slice(Math.max(1, i));
      const c = ch === jws[i] ? (ch === 'A' ? 'B' : 'A') : ch;
      return jws.slice(0, i) + c + jws.slice(i + 1);
    });

  // Correctly signed, but the header breaks a rule.
  const badHeaders = [
    { ...header, alg: 'none' },
    { ...header, alg: 'HS256' },
    { ...header, alg: 'RS256' },
    { ...header, alg: 'ES384' },
    { ...header, typ: 'JWT' },
    { ...header, crit: ['b64'], b64: false },
    { ...header, kid: 'not-the-thumbprint' },
    { ...header, jwk: { ...signer.jwk, d: 'AAAA' } },
    { ...header, jwk: { ...signer.jwk, crv: 'P-384' } },
    { ...header, jwk: { kty: 'oct', k: 'c2VjcmV0' } },
    { ...header, x5u: 'https://evil.example/key' },
    { ...header, eph: 'yes' },
    { alg: 'ES256', typ: 'cachet-record+jws' },
  ];
  const badHeader = fc
    .tuple(fc.constantFrom(...badHeaders), fc.constantFrom(...bases))
    .map(([h, p]) => signCompact(h, canonicalize(p), signer.privateKey));

  // Correctly signed with a good header, but the payload breaks the schema for sure.
  const required = [
    'v',
    'id',
    'sub',
    'iat',
    'site',
    'url',
    'event',
    'method',
    'purposes',
    'notice',
    'signals',
    'prev',
    'exp',
    'widget',
  ];
  const badPayload = fc
    .tuple(
      fc.constantFrom(...bases),
      fc.constantFrom(...required),
      fc.oneof(
        fc.constant({ kind: 'drop' as const }),
        fc.constant({ kind: 'extra' as const }),
        fc
          .oneof(
            fc.integer(),
            fc.constant(null),
            fc.array(fc.boolean(), { maxLength: 2 }),
            fc.string({ maxLength: 5 }).map((s) => ({ s })),
          )
          .map((value) => ({ kind: 'wrong' as const, value })),
      ),
    )
    .map(([p, key, m]) => {
      const copy: Record<string, unknown> = { ...p, id: crypto.randomUUID() };
      if (m.kind === 'drop') delete copy[key];
      else if (m.kind === 'extra') copy[`x_${key}`] = 1;
      // No field of a record takes an object {s}, an array, an integer or null in every slot:
      // skip the few combinations the schema allows (prev: null, v: 1, purposes: {}).
      else
        copy[key] =
          key === 'prev' && m.value === null
            ? 42
            : key === 'v' && m.value === 1
              ? 2
              : key === 'purposes' &&
                  typeof m.value === 'object' &&
                  m.value !== null &&
                  !Array.isArray(m.value)
                ? { BAD: 1 }
                : m.value;
      return signCompact(header, canonicalize(copy), signer.privateKey);
    });

  // Well-formed and correctly signed, but refused by policy: another site, iat out of the window.
  const DAY = 86_400_000;
  const refused = fc
    .tuple(
      fc.constantFrom('https://evil.example', 'http://127.0.0.1:1', `${site}.evil.example`),
      fc.integer({ min: 31, max: 3650 }),
      fc.integer({ min: 6, max: 100_000 }),
      fc.nat(2),
    )
    .map(([other, daysAgo, minutesAhead, which]) => {
      const now = Date.now();
      const p =
        which === 0
          ? sampleRecord({ site: other })
          : sampleRecord(
              { site },
              new Date(which === 1 ? now - daysAgo * DAY : now + minutesAhead * 60_000),
            );
      return signer.sign(p);
    });

  const single = fc.oneof(text, lookalike, mutated, badHeader, badPayload, refused);
  const batch = fc
    .array(fc.oneof(single, fc.jsonValue({ maxDepth: 1 })), { minLength: 1, maxLength: 8 })
    .map((records) => JSON.stringify({ records }));
  const badBatch = fc.oneof(
    fc.json({ maxDepth: 3 }).filter((s) => s.startsWith('{')),
    fc.constantFrom('{"records":[]}', '{"records":{}}', `{"records":[${'"x",'.repeat(60)}"x"]}`),
  );
  const huge = fc.constantFrom('A'.repeat(70_000), `${validJws[0]}${'A'.repeat(17_000)}`);

  return fc.oneof(
    { arbitrary: text, weight: 2 },
    { arbitrary: bytes, weight: 1 },
    { arbitrary: lookalike, weight: 2 },
    { arbitrary: mutated, weight: 4 },
    { arbitrary: badHeader, weight: 2 },
    { arbitrary: badPayload, weight: 3 },
    { arbitrary: refused, weight: 1 },
    { arbitrary: batch, weight: 2 },
    { arbitrary: badBatch, weight: 1 },
    { arbitrary: huge, weight: 1 },
  );
}
