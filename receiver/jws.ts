import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalize } from '../src/record/canonical';

/** A public P-256 JWK as published (RFC 7517/7518). */
export interface EcPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  [extra: string]: unknown;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url decode of one JWS segment (RFC 7515 §2: unpadded base64url). Returns null
 * unless the text is the one canonical encoding of its bytes: RFC 4648 §3.5 lets decoders ignore
 * non-zero pad bits, which would let two different JWS strings carry one signature, so a
 * one-character change of a stored JWS could go unnoticed by a lenient decoder.
 */
export function decodeSegment(s: string): Buffer | null {
  if (!B64URL.test(s) || s.length % 4 === 1) return null;
  const bytes = Buffer.from(s, 'base64url');
  return bytes.toString('base64url') === s ? bytes : null;
}

/**
 * base64url SHA-256 of a compact JWS's signing input (`header.payload`, RFC 7515 §5.1): what
 * "the same record" means for idempotency (DESIGN.md: same id and same bytes → 200), whatever
 * the spelling of its signature.
 */
export function signedSha256(jws: string): string {
  return createHash('sha256')
    .update(jws.slice(0, jws.lastIndexOf('.')))
    .digest('base64url');
}

/** RFC 7638 JWK thumbprint of a P-256 public key (required members in lexicographic order). */
export function jwkThumbprint(jwk: EcPublicJwk): string {
  const json = canonicalize({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(json).digest('base64url');
}

/** JWS compact serialisation (RFC 7515 §7.1) with ES256 (RFC 7518 §3.4: raw r‖s, 64 bytes). */
export function signCompact(header: object, payload: string, key: KeyObject): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  const sig = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}

/** Checks an ES256 signature over the ASCII signing input of a compact JWS. */
export function verifyEs256(signingInput: string, signature: Buffer, key: KeyObject): boolean {
  if (signature.length !== 64) return false;
  return verify(
    'sha256',
    Buffer.from(signingInput, 'latin1'),
    { key, dsaEncoding: 'ieee-p1363' },
    signature,
  );
}

const keyCache = new Map<string, KeyObject>();

/**
 * Imports a public P-256 JWK, cached by thumbprint: one import costs about as much as one
 * signature check, and a browser profile sends all its records with the same key.
 * Throws when the point is not on the curve.
 */
export function importPublicJwk(jwk: EcPublicJwk, thumbprint: string): KeyObject {
  let key = keyCache.get(thumbprint);
  if (!key) {
    key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
    if (keyCache.size >= 10_000) keyCache.clear();
    keyCache.set(thumbprint, key);
  }
  return key;
}
