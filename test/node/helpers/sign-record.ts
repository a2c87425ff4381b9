/**
 * Test helper: sign schema-valid records like the widget (DESIGN.md "Records"). The code lives
 * in receiver/testing/ so benchmarks and `cachet-receiver sample` reuse it from the build.
 */
export {
  createRecordSigner,
  noticeHashOf,
  type RecordSigner,
  sampleRecord,
  signSample,
} from '../../../receiver/testing/sign-record';

// Order of the P-256 group (SEC 2, §2.4.2).
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/**
 * The same JWS with its ECDSA signature re-formed as (r, n−s), which verifies as well (ES256 has
 * no low-s rule): what anyone who sees a record JWS can make without the key.
 */
export function twinSignature(jws: string): string {
  const [h, p, s64] = jws.split('.') as [string, string, string];
  const sig = Buffer.from(s64, 'base64url');
  const s = BigInt(`0x${sig.subarray(32).toString('hex')}`);
  const twin = Buffer.from((P256_N - s).toString(16).padStart(64, '0'), 'hex');
  return `${h}.${p}.${Buffer.concat([sig.subarray(0, 32), twin]).toString('base64url')}`;
}
