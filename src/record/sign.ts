import { base64url } from '../consent/ids';
import { canonicalize } from './canonical';
import { sha256 } from './hash';
import { tx } from './store';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const utf8 = (s: string) => new TextEncoder().encode(s);
const part = (s: string) => base64url(utf8(s));

/** Decodes one base64url JSON part of a JWS (the header or the payload). */
export function decodePart<T = Record<string, unknown>>(jws: string, i = 1): T {
  const b = atob(jws.split('.')[i].replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(b, (c) => c.charCodeAt(0))));
}

interface Key {
  k: CryptoKey;
  /** The encoded protected header, the same for every record of this key. */
  h: string;
}

/**
 * Returns a signer: JWS compact serialisation (RFC 7515 §7.1), ES256 (RFC 7518 §3.4), over the
 * RFC 8785 canonical bytes of the payload. The key pair is generated once, non-extractable, and
 * kept in IndexedDB (CryptoKey objects are structured-cloneable); without IndexedDB it is
 * ephemeral and the header says so with `eph: true` (DESIGN.md).
 */
export function createSigner(db: Promise<IDBDatabase | null>) {
  let key: Promise<Key> | undefined;
  const load = async (): Promise<Key> => {
    const d = await db;
    let s: { k: CryptoKey; jwk: JsonWebKey; kid: string } | undefined;
    try {
      s = d ? await tx(d, 'k', (o) => o.get(1), 'readonly') : undefined;
    } catch {}
    let eph = !d;
    if (!s) {
      const p = await crypto.subtle.generateKey(ALG, false, ['sign']);
      const { crv, kty, x, y } = await crypto.subtle.exportKey('jwk', p.publicKey);
      const jwk = { crv, kty, x, y };
      // RFC 7638: the thumbprint is SHA-256 over the required members in lexicographic order,
      // no whitespace — exactly their JCS form.
      s = { k: p.privateKey, jwk, kid: base64url(await sha256(canonicalize(jwk))) };
      try {
        if (d) await tx(d, 'k', (o) => o.put(s, 1));
      } catch {
        eph = true;
      }
    }
    const h = { alg: 'ES256', typ: 'cachet-record+jws', jwk: s.jwk, kid: s.kid };
    return { k: s.k, h: part(JSON.stringify(eph ? { ...h, eph } : h)) };
  };
  return async (payload: unknown): Promise<string> => {
    if (!key) {
      key = load();
      // A failed load (e.g. a transient WebCrypto error) is retried on the next record.
      key.catch(() => {
        key = undefined;
      });
    }
    const { k, h } = await key;
    const input = `${h}.${part(canonicalize(payload))}`;
    // WebCrypto's ECDSA signature is already r‖s (IEEE P1363), the form JWS wants (RFC 7518 §3.4).
    const sig = await crypto.subtle.sign(ALG, k, utf8(input));
    return `${input}.${base64url(new Uint8Array(sig))}`;
  };
}
