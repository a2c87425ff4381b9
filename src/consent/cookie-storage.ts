import Cookies from 'js-cookie';
import type { ConsentStorage } from './types';

/**
 * The consent cookie, written with js-cookie. RFC 6265bis: SameSite=Lax keeps it first-party;
 * Secure on https only, so it still works on a plain-http development server.
 */
export function cookieStorage(
  name: string,
  domain: string | null,
  secure = typeof location !== 'undefined' && location.protocol === 'https:',
): ConsentStorage {
  const attrs = { path: '/', sameSite: 'Lax' as const, secure, ...(domain ? { domain } : {}) };
  // js-cookie percent-encodes only what RFC 6265 forbids, keeping JSON readable.
  const jar = Cookies.withAttributes(attrs);
  return {
    read: () => jar.get(name),
    write: (value, expires) => void jar.set(name, value, { expires }),
    remove: () => jar.remove(name),
  };
}
