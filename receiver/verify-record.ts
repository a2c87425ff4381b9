import type { KeyObject } from 'node:crypto';
import { canonicalize } from '../src/record/canonical';
import { sha256b64 } from './chain';
import { type Rejection, reject } from './errors';
import {
  decodeSegment,
  type EcPublicJwk,
  importPublicJwk,
  jwkThumbprint,
  signedSha256,
  verifyEs256,
} from './jws';
import { type RecordPayload, recordSchemaError } from './schema';
import type { NewRecord } from './store/types';

/** The record media type of the JWS `typ` header (DESIGN.md, binding). */
export const RECORD_TYP = 'cachet-record+jws';

/** A record whose signature, header, canonical form and schema all check out. */
export interface VerifiedRecord {
  jws: string;
  /** base64url SHA-256 of the JWS ASCII bytes: the chain input, stated in the receipt. */
  sha256: string;
  /**
   * base64url SHA-256 of the signing input `header.payload` (RFC 7515 §5.1): the idempotency
   * fingerprint. Anyone can re-form an ECDSA signature (r, n−s) that verifies too, so two JWS of
   * one signed content may differ in their signature only: they are the same record.
   */
  signedSha256: string;
  payload: RecordPayload;
  /** The header's key thumbprint (RFC 7638). */
  kid: string;
  eph: boolean;
}

const HEADER_KEYS = new Set(['alg', 'typ', 'jwk', 'kid', 'eph']);
// What WebCrypto's exportKey('jwk') adds to a public key, plus the RFC 7517 optional members.
const JWK_KEYS = new Set(['kty', 'crv', 'x', 'y', 'ext', 'key_ops', 'alg', 'use']);
// RFC 7518 §6.2.2 (EC private key) and §6.3.2 (RSA private members), §6.4.1 (symmetric key).
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
// ignoreBOM: a leading U+FEFF stays in the text, where it is not JSON (RFC 8259 §8.1), instead of
// being dropped silently: the bytes that were signed are the bytes that are judged.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The UTF-8 text of `bytes` and its JSON value, or undefined when either fails. */
function parseJson(bytes: Buffer): { text: string; value: unknown } | undefined {
  try {
    const text = utf8.decode(bytes);
    return { text, value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

// String.prototype.isWellFormed: ES2024, in Node since 20; the project's TypeScript lib is ES2022.
const isWellFormed = (s: string): boolean =>
  (s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * The JSON pointer of the first string (value or member name) that is not well-formed Unicode,
 * or null. A lone surrogate (`"\ud800"` is valid JSON) has no UTF-8 form: hashing turns it into
 * U+FFFD, so two texts would share one notice hash. I-JSON forbids it (RFC 7493 §2.1), and
 * RFC 8785 §3.1 canonicalises I-JSON only.
 */
function illFormedAt(v: unknown, path = ''): string | null {
  if (typeof v === 'string') return isWellFormed(v) ? null : path || '/';
  if (typeof v !== 'object' || v === null) return null;
  for (const [k, x] of Object.entries(v)) {
    // JSON.stringify spells a lone surrogate as an escape, so the message stays readable.
    if (!isWellFormed(k)) return `${path}/${JSON.stringify(k)}`;
    const bad = illFormedAt(x, `${path}/${k}`);
    if (bad) return bad;
  }
  return null;
}

const bad = (code: string, message: string) => reject(400, code, message);

/** What a valid header gives: the signer's key. */
interface CheckedHeader {
  key: KeyObject;
  kid: string;
  eph: boolean;
}

// Valid headers by their base64url text: one browser profile signs every record with the same
// header, so the JSON parse, the thumbprint and the key import are done once per browser.
const headerCache = new Map<string, CheckedHeader>();

function checkHeader(h64: string, hBytes: Buffer): CheckedHeader | Rejection {
  const hit = headerCache.get(h64);
  if (hit) return hit;
  const parsed = parseJson(hBytes);
  const header = parsed?.value;
  if (!parsed || !isObject(header))
    return bad('malformed_jws', 'the JWS header is not a JSON object');
  // RFC 7515 §4: header parameter names must be unique, and parsers that keep the last of two
  // disagree with those that keep the first ({"alg":"none",…,"alg":"ES256"}, or a first "jwk"
  // with a private "d"). The widget serialises its header with JSON.stringify, so a header is
  // refused unless its text is exactly that of its members: no duplicate, whitespace or escape.
  if (JSON.stringify(header) !== parsed.text)
    return bad(
      'header_not_canonical',
      'the JWS header must be exactly the JSON of its members: no duplicate member, whitespace or escape (RFC 7515 §4)',
    );
  const illFormed = illFormedAt(header);
  if (illFormed)
    return bad('bad_unicode', `header ${illFormed} is not well-formed Unicode (a lone surrogate)`);
  // RFC 7515 §4.1.11: a recipient must reject crit parameters it does not understand; we understand none.
  if ('crit' in header) return bad('bad_header', 'header "crit" is not supported');
  if (header.alg !== 'ES256')
    return bad(
      'unsupported_alg',
      `header "alg" must be "ES256", got ${JSON.stringify(header.alg ?? null).slice(0, 40)}`,
    );
  for (const k of Object.keys(header)) {
    if (!HEADER_KEYS.has(k)) return bad('bad_header', `unknown header "${k.slice(0, 40)}"`);
  }
  if (header.typ !== RECORD_TYP) return bad('bad_header', `header "typ" must be "${RECORD_TYP}"`);
  if ('eph' in header && typeof header.eph !== 'boolean')
    return bad('bad_header', 'header "eph" must be a boolean');
  const jwk = header.jwk;
  if (!isObject(jwk)) return bad('bad_key', 'header "jwk" must be a public P-256 JWK');
  for (const m of PRIVATE_MEMBERS) {
    if (m in jwk) return bad('bad_key', `header "jwk" carries private key material ("${m}")`);
  }
  for (const k of Object.keys(jwk)) {
    if (!JWK_KEYS.has(k)) return bad('bad_key', `unknown jwk member "${k.slice(0, 40)}"`);
  }
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256')
    return bad('bad_key', 'header "jwk" must have kty "EC" and crv "P-256"');
  if (
    typeof jwk.x !== 'string' ||
    typeof jwk.y !== 'string' ||
    decodeSegment(jwk.x)?.length !== 32 ||
    decodeSegment(jwk.y)?.length !== 32
  ) {
    return bad('bad_key', 'jwk "x" and "y" must be 32-byte base64url coordinates');
  }
  if (jwk.alg !== undefined && jwk.alg !== 'ES256')
    return bad('bad_key', 'jwk "alg" must be "ES256" when present');
  const thumbprint = jwkThumbprint(jwk as EcPublicJwk);
  if (header.kid !== thumbprint)
    return bad('bad_header', 'header "kid" must be the RFC 7638 thumbprint of "jwk"');

  let key: ReturnType<typeof importPublicJwk>;
  try {
    key = importPublicJwk(jwk as EcPublicJwk, thumbprint);
  } catch {
    return bad('bad_key', 'header "jwk" is not a point on P-256');
  }
  const checked = { key, kid: thumbprint, eph: header.eph === true };
  if (headerCache.size >= 10_000) headerCache.clear();
  headerCache.set(h64, checked);
  return checked;
}

/**
 * Verifies one record JWS exactly as the widget signs it (DESIGN.md "Records"): compact
 * serialisation, ES256 only with an embedded public P-256 JWK whose RFC 7638 thumbprint is the
 * `kid`, no `crit`, no private key material, an RFC 8785 canonical payload valid against
 * schema/record.schema.json and consistent (recordSemanticError). Policy (site, origin, clock
 * window) is the caller's job.
 */
export function verifyRecordJws(jws: string): VerifiedRecord | Rejection {
  const parts = jws.split('.');
  if (parts.length !== 3)
    return bad(
      'malformed_jws',
      'expected a JWS compact serialisation: three base64url parts separated by dots',
    );
  const [h64, p64, s64] = parts as [string, string, string];
  const hBytes = decodeSegment(h64);
  const pBytes = decodeSegment(p64);
  const sig = decodeSegment(s64);
  if (!hBytes || !pBytes || !sig)
    return bad('malformed_jws', 'a JWS part is not canonical unpadded base64url (RFC 7515 §2)');

  const header = checkHeader(h64, hBytes);
  if ('status' in header) return header;
  const { key } = header;
  if (!verifyEs256(`${h64}.${p64}`, sig, key))
    return bad('bad_signature', 'the ES256 signature does not verify with the embedded key');

  const parsed = parseJson(pBytes);
  if (!parsed) return bad('malformed_jws', 'the JWS payload is not UTF-8 JSON');
  const { text, value: payload } = parsed;
  if (!isObject(payload)) return bad('malformed_jws', 'the JWS payload is not a JSON object');
  const illFormed = illFormedAt(payload);
  if (illFormed)
    return bad('bad_unicode', `record ${illFormed} is not well-formed Unicode (a lone surrogate)`);
  let canonical: string | null = null;
  try {
    canonical = canonicalize(payload);
  } catch {
    // Non-integer numbers have no canonical form in records (src/record/canonical.ts).
  }
  // RFC 8785: the widget signs canonical bytes, so anything else was not made by it.
  if (canonical !== text) return bad('not_canonical', 'the payload is not RFC 8785 canonical JSON');
  const schemaError = recordSchemaError(payload);
  if (schemaError) return bad('invalid_record', `record ${schemaError}`);
  const semantic = recordSemanticError(payload as unknown as RecordPayload);
  if (semantic) return semantic;
  return {
    jws,
    sha256: sha256b64(jws),
    signedSha256: signedSha256(jws),
    payload: payload as unknown as RecordPayload,
    kid: header.kid,
    eph: header.eph,
  };
}

/** The notice hash of DESIGN.md: "sha256-" + base64url SHA-256 of the NFC-normalised UTF-8 text. */
export function noticeHash(text: string): string {
  return `sha256-${sha256b64(text.normalize('NFC'))}`;
}

const unprocessable = (code: string, message: string) => reject(422, code, message);

/**
 * The rules a schema cannot express (DESIGN.md "Records"), checked on a schema-valid payload:
 * the notice hash is the hash of the notice text; `form` comes with form consents and only with
 * them; `prev` is not the record itself; `exp` is after `iat`. `prev` need not name a stored
 * record (records may arrive out of order), and `url` may be on another origin than `site` (a
 * config's `site` may name the main origin of a site served on several hosts).
 */
export function recordSemanticError(p: RecordPayload): Rejection | null {
  if (noticeHash(p.notice.text) !== p.notice.hash)
    return unprocessable(
      'bad_notice_hash',
      'record /notice/hash is not the SHA-256 of /notice/text (NFC, UTF-8, base64url)',
    );
  const inconsistent = (message: string) => unprocessable('inconsistent_record', message);
  if (p.prev === p.id) return inconsistent("record /prev must not be the record's own id");
  if (p.method === 'form:checkbox' && !p.form)
    return inconsistent('record /form is required when /method is "form:checkbox"');
  if (p.method !== 'form:checkbox' && p.form)
    return inconsistent('record /form is only for /method "form:checkbox"');
  // Also false when a date does not parse (e.g. a leap second), which has no place in a record.
  if (!(Date.parse(p.exp) > Date.parse(p.iat)))
    return inconsistent('record /exp must be after /iat');
  return null;
}

/** True when the value is a Rejection rather than a verified record. */
export function isRejection(v: VerifiedRecord | Rejection): v is Rejection {
  return 'status' in v;
}

/** Decodes a stored (already verified) record JWS payload, or null. */
export function decodePayload(jws: string | null): RecordPayload | null {
  if (!jws) return null;
  const p = decodeSegment(jws.split('.')[1] ?? '');
  return p ? ((parseJson(p)?.value as RecordPayload) ?? null) : null;
}

/** The store's view of a verified record: the payload fields it indexes, the JWS and its hash. */
export function toNewRecord(
  p: RecordPayload,
  jws: string,
  sha256 = sha256b64(jws),
  signed = signedSha256(jws),
): NewRecord {
  return {
    id: p.id,
    site: p.site,
    sub: p.sub,
    event: p.event,
    method: p.method,
    purposes: p.purposes,
    iat: p.iat,
    jws,
    sha256,
    signedSha256: signed,
  };
}
