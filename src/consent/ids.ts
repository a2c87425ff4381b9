/** base64url without padding (RFC 4648 §5), the alphabet of JWS and of our subject ids. */
export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A 128-bit random subject id. getRandomValues works in insecure contexts too, unlike randomUUID. */
export function newSubject(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * A random UUID v4 (RFC 9562 §5.4), the record id. randomUUID exists wherever records can be
 * signed (secure contexts); elsewhere no record is built and the id stays empty.
 */
export const uuid4 = (): string => crypto.randomUUID?.() ?? '';
