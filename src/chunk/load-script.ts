import { scriptFor } from '../adapters/shared';
import type { startPipeline } from '../record/pipeline';
import type { Prefs } from './prefs';

declare const __CACHET_RECORDS_SRI__: string;
declare const __CACHET_PREFS_SRI__: string;

// Read while cachet.js itself runs: document.currentScript is null in any later callback.
const me = document.currentScript as HTMLScriptElement | null;

/**
 * The script-tag build's loader of one on-demand file, `cachet-<name>.js` next to cachet.js (its
 * caller keeps what it got, and asks again after a failure). The file hands its parts over as a
 * `cachet:<name>` event on the document, so it needs no global and works as a classic script or
 * a module.
 * - A `<script>` through the `cachet` Trusted Types policy, with the file's SRI hash built into
 *   cachet.js: a site that pins cachet.js with `integrity` pins these files too. The browser
 *   checks it where it can (same origin, or cachet.js itself was fetched with CORS). The nonce
 *   of cachet.js carries over for a nonce-based CSP.
 * - Where Trusted Types are enforced without that policy, a dynamic import(), which they do not
 *   cover and which inherits the nonce (HTML, "fetch options" of the referencing script).
 */
const loader =
  <T>(name: string, integrity: string) =>
  (): Promise<T> =>
    new Promise<T>((ok, ko) => {
      const src = new URL(`cachet-${name}.js`, me?.src || location.href);
      const type = `cachet:${name}`;
      const got = (e: Event) => ok((e as CustomEvent).detail);
      const fail = () => {
        document.removeEventListener(type, got);
        ko(new Error(`${src} did not load`));
      };
      document.addEventListener(type, got, { once: true });
      let s: HTMLScriptElement;
      try {
        s = scriptFor(src.href, me?.nonce);
      } catch {
        import(/* @vite-ignore */ src.href).then(fail, fail);
        return;
      }
      if (me?.crossOrigin != null || src.origin === location.origin) {
        s.integrity = integrity;
        s.crossOrigin = me?.crossOrigin ?? null;
      }
      s.onload = s.onerror = () => {
        s.remove();
        fail();
      };
      document.head.append(s);
    });

/** Not bundled here: the dialog opens once dist/cachet-prefs.js has loaded. */
export const bundledPrefs: Prefs | undefined = undefined;
export const loadPrefs = loader<Prefs>('prefs', __CACHET_PREFS_SRI__);
export const loadPipeline = loader<typeof startPipeline>('records', __CACHET_RECORDS_SRI__);
