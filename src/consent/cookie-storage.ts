import type { ConsentStorage } from './types';

let snapshot: string | undefined;

/**
 * `document.cookie`, read at most once per run of script (until the microtask checkpoint) or
 * until a write. Chromium 156 reports each read as an inspector "DocumentCookie" performance
 * issue with the calling JS stack, and capturing that stack makes V8 reparse every function on
 * it for source positions: with a DevTools client attached (the benchmark, Lighthouse), 11
 * reads at start-up cost 2–6 ms (V8.CollectSourcePositions in scripts/dev/trace-script.mjs;
 * scripts/dev/issues.mjs lists the reads). Within one run of script only our own writes change
 * what we would read: they drop the snapshot, or update it (setCookie).
 */
export function cookies(): string {
  if (snapshot === undefined) {
    snapshot = document.cookie;
    queueMicrotask(() => {
      snapshot = undefined;
    });
  }
  return snapshot;
}

/**
 * Writes one cookie (a `document.cookie` assignment). The snapshot is forgotten, unless the
 * caller knows what a read would now find first (`pair`, name=value) and the cookies were already
 * read in this run of script: then the click that decides makes no second synchronous round trip
 * to the network service (about 1 ms, docs/performance.md). The pair goes first, where a read
 * finds it before the old one. Should the browser refuse the cookie (a `cookie.domain` the page
 * is not under), the next task reads the truth.
 */
export function setCookie(line: string, pair?: string): void {
  snapshot = pair && snapshot != null ? `${pair}; ${snapshot}` : undefined;
  document.cookie = line;
}

/**
 * The consent cookie. Written by hand rather than with js-cookie: the same few attributes cost
 * 430 B less brotli in a script with a 14 KB budget. RFC 6265 §4.1.1: the value is
 * percent-encoded (encodeURIComponent) so JSON's quotes, commas and semicolons are safe.
 * RFC 6265bis: SameSite=Lax keeps it first-party; Secure on https only, so it still works on a
 * plain-http development server; Domain only when the site shares consent across subdomains.
 */
export function cookieStorage(
  name: string,
  domain: string | null,
  secure = typeof location !== 'undefined' && location.protocol === 'https:',
): ConsentStorage {
  const set = (v: string, expires: Date) => {
    // A removal's pair is empty, which reads as no decision.
    const pair = `${name}=${encodeURIComponent(v)}`;
    setCookie(
      `${pair};path=/;SameSite=Lax;expires=${expires.toUTCString()}${secure ? ';Secure' : ''}${domain ? `;domain=${domain}` : ''}`,
      pair,
    );
  };
  return {
    read() {
      // The name is validated ([\w-]+), so it is safe inside the pattern.
      const m = cookies().match(`(?:^|; )${name}=([^;]*)`);
      try {
        return m ? decodeURIComponent(m[1]) : undefined;
      } catch {
        return undefined; // malformed percent-encoding: no decision
      }
    },
    write: set,
    remove: () => set('', new Date(0)),
  };
}
