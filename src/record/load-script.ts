import { scriptFor } from '../adapters/shared';
import type { startPipeline } from './pipeline';

declare const __CACHET_RECORDS_SRI__: string;

// Read while cachet.js itself runs: document.currentScript is null in any later callback.
const me = document.currentScript as HTMLScriptElement | null;

/**
 * The script-tag build's loader of the pipeline: dist/cachet-records.js, next to cachet.js. The
 * chunk hands its start function over as a `cachet:records` event on the document, so it needs
 * no global and works as a classic script or a module.
 * - A `<script>` through the `cachet` Trusted Types policy, with the chunk's SRI hash built into
 *   cachet.js: a site that pins cachet.js with `integrity` pins the chunk too. The browser checks
 *   it where it can (same origin, or cachet.js itself was fetched with CORS). The nonce of
 *   cachet.js carries over for a nonce-based CSP.
 * - Where Trusted Types are enforced without that policy, a dynamic import(), which they do not
 *   cover and which inherits the nonce (HTML, "fetch options" of the referencing script).
 */
export const loadPipeline = () =>
  new Promise<typeof startPipeline>((ok, ko) => {
    const src = new URL('cachet-records.js', me?.src || location.href);
    const got = (e: Event) => ok((e as CustomEvent).detail);
    const fail = () => {
      document.removeEventListener('cachet:records', got);
      ko(new Error(`${src} did not load`));
    };
    document.addEventListener('cachet:records', got, { once: true });
    let s: HTMLScriptElement;
    try {
      s = scriptFor(src.href, me?.nonce);
    } catch {
      import(/* @vite-ignore */ src.href).then(fail, fail);
      return;
    }
    if (me?.crossOrigin != null || src.origin === location.origin) {
      s.integrity = __CACHET_RECORDS_SRI__;
      s.crossOrigin = me?.crossOrigin ?? null;
    }
    s.onload = s.onerror = () => {
      s.remove();
      fail();
    };
    document.head.append(s);
  });
