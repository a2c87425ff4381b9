import { createHash } from 'node:crypto';

/**
 * The per-site hash chain (DESIGN.md, binding; docs/receiver.md "Chain"):
 *
 *   chainHash_0 = SHA-256(UTF-8("cachet-chain-v1:" + site))
 *   chainHash_n = SHA-256(chainHash_{n-1} ‖ SHA-256(ASCII(jws_n)))
 *
 * where ‖ concatenates the two raw 32-byte digests (64 bytes in), and every hash is stored and
 * published as unpadded base64url (RFC 4648 §5, 43 characters). The genesis names the site, so
 * two sites' chains can never be spliced into one another.
 */
export const CHAIN_GENESIS_PREFIX = 'cachet-chain-v1:';

/** base64url (unpadded) SHA-256 of a string's UTF-8 bytes or of raw bytes. */
export function sha256b64(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('base64url');
}

/** chainHash_0 of a site. */
export function genesisHash(site: string): string {
  return sha256b64(CHAIN_GENESIS_PREFIX + site);
}

/** chainHash_n from chainHash_{n-1} and the record's SHA-256, both base64url. */
export function nextChainHash(prev: string, recordSha256: string): string {
  return createHash('sha256')
    .update(Buffer.from(prev, 'base64url'))
    .update(Buffer.from(recordSha256, 'base64url'))
    .digest('base64url');
}
