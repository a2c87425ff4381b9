import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { canonicalize } from '../src/record/canonical';
import { decodeSegment, type EcPublicJwk, jwkThumbprint, signCompact, verifyEs256 } from './jws';
import { type ReceiptPayload, receiptSchemaError } from './schema';

/** The receipt media type of the JWS `typ` header (schema/receipt.schema.json). */
export const RECEIPT_TYP = 'cachet-receipt+jws';

/** A published receiver key, as listed in /.well-known/jwks.json. */
export interface PublishedJwk extends EcPublicJwk {
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

/** The receiver's signing key: signs receipts, publishes its public half. */
export interface ReceiptKey {
  kid: string;
  publicJwk: PublishedJwk;
  /** Signs a receipt payload: ES256 over its RFC 8785 bytes. */
  sign(payload: ReceiptPayload): string;
}

/** Builds a ReceiptKey from a private P-256 JWK, or from a fresh key pair when none is given. */
export function createReceiptKey(privateJwk?: JsonWebKey): ReceiptKey {
  const privateKey = privateJwk
    ? createPrivateKey({ key: privateJwk, format: 'jwk' })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const pub = createPublicKey(privateKey).export({ format: 'jwk' }) as EcPublicJwk;
  if (pub.crv !== 'P-256') throw new Error('the receipt key must be a P-256 key');
  const kid = jwkThumbprint(pub);
  const publicJwk: PublishedJwk = {
    kty: 'EC',
    crv: 'P-256',
    x: pub.x,
    y: pub.y,
    kid,
    alg: 'ES256',
    use: 'sig',
  };
  const header = { alg: 'ES256', typ: RECEIPT_TYP, kid };
  return {
    kid,
    publicJwk,
    sign: (payload) => signCompact(header, canonicalize(payload), privateKey),
  };
}

/** Exports the private JWK of a fresh key, for the key file. */
function newPrivateJwk(): JsonWebKey {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
}

/**
 * Loads the receipt key from `file`, creating it on first start with mode 0600. Creation is
 * atomic (write a temp file, then link(2), which fails if the name exists), so receivers
 * started together on one volume agree on one key.
 */
export function loadOrCreateReceiptKey(file: string): { key: ReceiptKey; created: boolean } {
  let created = false;
  try {
    statSync(file);
  } catch {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ ...newPrivateJwk(), alg: 'ES256', use: 'sig' })}\n`, {
      mode: 0o600,
    });
    try {
      linkSync(tmp, file);
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
  }
  // Tighten a key file copied around with a looser mode: it holds the private key.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JsonWebKey;
  return { key: createReceiptKey(jwk), created };
}

/** Public keys by kid, from a JWKS (`{keys:[…]}`) or a list of JWKs. */
export function keyring(jwks: { keys: EcPublicJwk[] } | EcPublicJwk[]): Map<string, KeyObject> {
  const list = Array.isArray(jwks) ? jwks : jwks.keys;
  const ring = new Map<string, KeyObject>();
  for (const jwk of list) {
    const kid = jwkThumbprint(jwk);
    ring.set(
      kid,
      createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' }),
    );
  }
  return ring;
}

/**
 * Verifies a receipt JWS against a keyring: header {alg ES256, typ, kid in the ring}, signature,
 * canonical payload valid against schema/receipt.schema.json. Returns the payload or a reason.
 */
export function verifyReceipt(
  receipt: string,
  ring: Map<string, KeyObject>,
): ReceiptPayload | string {
  const [h64 = '', p64 = '', s64 = '', extra] = receipt.split('.');
  const h = decodeSegment(h64);
  const p = decodeSegment(p64);
  const s = decodeSegment(s64);
  if (extra !== undefined || !h || !p || !s) return 'malformed receipt';
  let header: Record<string, unknown>;
  let payload: ReceiptPayload;
  try {
    header = JSON.parse(h.toString('utf8'));
    payload = JSON.parse(p.toString('utf8'));
  } catch {
    return 'malformed receipt';
  }
  if (header.alg !== 'ES256' || header.typ !== RECEIPT_TYP || 'crit' in header)
    return 'bad receipt header';
  const key = ring.get(String(header.kid));
  if (!key) return `unknown receipt key ${String(header.kid)}`;
  if (!verifyEs256(`${h64}.${p64}`, s, key)) return 'bad receipt signature';
  const err = receiptSchemaError(payload);
  if (err) return `receipt ${err}`;
  if (canonicalize(payload) !== p.toString('utf8')) return 'receipt payload not canonical';
  return payload;
}
