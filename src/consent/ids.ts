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

/** A random UUID v4 (RFC 9562 §5.4). */
export function uuid4(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
