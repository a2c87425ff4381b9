import { base64url } from '../consent/ids';

/** SHA-256 of bytes with WebCrypto. */
export async function sha256(data: Uint8Array | string): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
}

/**
 * The notice hash (DESIGN.md, binding): "sha256-" + base64url of SHA-256 over the NFC-normalised
 * UTF-8 of the exact text shown. NFC, so "é" typed as e + U+0301 hashes like the precomposed one.
 */
export async function noticeHash(text: string): Promise<string> {
  return `sha256-${base64url(await sha256(text.normalize('NFC')))}`;
}
