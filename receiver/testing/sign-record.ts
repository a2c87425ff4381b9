import {
  createHash,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { canonicalize } from '../../src/record/canonical';
import { type EcPublicJwk, jwkThumbprint, signCompact } from '../jws';
import type { RecordPayload } from '../schema';
import { RECORD_TYP } from '../verify-record';

/**
 * Signs records exactly as DESIGN.md "Records" says the widget does (ES256 over the RFC 8785
 * bytes, header {alg, typ, jwk, kid}), with node:crypto instead of WebCrypto. For tests,
 * benchmarks and `cachet-receiver sample`; never used to accept anything.
 */
export interface RecordSigner {
  jwk: EcPublicJwk;
  kid: string;
  privateKey: KeyObject;
  /** Signs a payload (canonicalised); `header` entries override or add header members. */
  sign(payload: object, header?: Record<string, unknown>): string;
}

/** A fresh P-256 key pair and its signer. */
export function createRecordSigner(): RecordSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pub = publicKey.export({ format: 'jwk' }) as EcPublicJwk;
  const jwk: EcPublicJwk = { kty: 'EC', crv: 'P-256', x: pub.x, y: pub.y };
  const kid = jwkThumbprint(jwk);
  return {
    jwk,
    kid,
    privateKey,
    sign: (payload, header = {}) =>
      signCompact(
        { alg: 'ES256', typ: RECORD_TYP, jwk, kid, ...header },
        canonicalize(payload),
        privateKey,
      ),
  };
}

/** The notice hash of DESIGN.md: "sha256-" + base64url SHA-256 of the NFC-normalised UTF-8 text. */
export function noticeHashOf(text: string): string {
  return `sha256-${createHash('sha256').update(text.normalize('NFC')).digest('base64url')}`;
}

const TEXT = 'Nous utilisons Matomo pour mesurer l’audience.\nAccepter\nRefuser\nPersonnaliser';

/** A schema-valid record payload for `site` at time `at`, with fresh id and subject. */
export function sampleRecord(
  overrides: Partial<RecordPayload> = {},
  at: Date = new Date(),
): RecordPayload {
  const site = overrides.site ?? 'http://127.0.0.1:5173';
  return {
    v: 1,
    id: randomUUID(),
    sub: randomBytes(16).toString('base64url'),
    iat: at.toISOString(),
    site,
    url: `${site}/`,
    event: 'given',
    method: 'banner:accept-all',
    purposes: { analytics: true, marketing: false },
    notice: {
      id: 'banner',
      version: '2022-01-24',
      lang: 'fr',
      hash: noticeHashOf(TEXT),
      text: TEXT,
      policyUrl: `${site}/confidentialite`,
    },
    signals: { gpc: false, dnt: false },
    prev: null,
    exp: new Date(at.getTime() + 180 * 86_400_000).toISOString(),
    widget: 'cachet@0.1.0',
    ...overrides,
  };
}

let shared: RecordSigner | null = null;

/** Signs a sample record (with `overrides`) with a signer shared by the process. */
export function signSample(
  overrides: Partial<RecordPayload> = {},
  at?: Date,
): { jws: string; payload: RecordPayload } {
  shared ??= createRecordSigner();
  const payload = sampleRecord(overrides, at);
  return { jws: shared.sign(payload), payload };
}
