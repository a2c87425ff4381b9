import type { KeyObject } from 'node:crypto';
import { canonicalize } from '../src/record/canonical';
import { sha256b64 } from './chain';
import { type Rejection, reject } from './errors';
import {
  decodeSegment,
  type EcPublicJwk,
  importPublicJwk,
  jwkThumbprint,
  verifyEs256,
} from './jws';
import { type RecordPayload, recordSchemaError } from './schema';
import type { NewRecord } from './store/types';

/** The record media type of the JWS `typ` header (DESIGN.md, binding). */
export const RECORD_TYP = 'cachet-record+jws';

/** A record whose signature, header, canonical form and schema all check out. */
export interface VerifiedRecord {
  jws: string;
  /** base64url SHA-256 of the JWS ASCII bytes: the idempotency fingerprint and chain input. */
  sha256: string;
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
const utf8 = new TextDecoder('utf-8', { fatal: true });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
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
  const header = parseJson(hBytes);
  if (!isObject(header)) return bad('malformed_jws', 'the JWS header is not a JSON object');
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

  let text: string;
  let payload: unknown;
  try {
    text = utf8.decode(pBytes);
    payload = JSON.parse(text);
  } catch {
    return bad('malformed_jws', 'the JWS payload is not UTF-8 JSON');
  }
  if (!isObject(payload)) return bad('malformed_jws', 'the JWS payload is not a JSON object');
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
  return p ? ((parseJson(p) as RecordPayload) ?? null) : null;
}

/** The store's view of a verified record: the payload fields it indexes, the JWS and its hash. */
export function toNewRecord(p: RecordPayload, jws: string, sha256 = sha256b64(jws)): NewRecord {
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
  };
}
