import { inert } from './api/inert';
import type { CachetConfig } from './config/types';
import { cookies } from './consent/cookie-storage';
import { type Cachet, init } from './index';

declare global {
  interface Window {
    /** Config for the script-tag build, set before cachet.js runs. */
    cachetConfig?: CachetConfig;
    /** The API, once started. */
    Cachet?: Cachet;
  }
}

/**
 * `window.Cachet`, unless the page's own scripts already use that name: overwriting a site's
 * global would break the site, so the widget then runs without it and says so. An element with
 * id="Cachet" is not such a global (HTML's named access on Window), and gives way.
 */
function expose(api: Cachet): void {
  const taken = window.Cachet;
  if (taken === undefined || taken instanceof Element) window.Cachet = api;
  else console.error('Cachet: window.Cachet is taken by the page, so the API is not set there.');
}

/**
 * Script-tag entry: config from `data-config` (a JSON file), else `window.cachetConfig`; then the
 * tag's `data-site`, `data-endpoint` and `data-lang` override the same keys (DESIGN.md).
 */
async function boot(script: HTMLScriptElement | null): Promise<void> {
  // Chromium captures the JS stack of each document.cookie read (an inspector performance issue)
  // and V8 then reparses every function on it for its source positions. The one read of
  // start-up (cookies() keeps it for the task) is made here, on a stack of two small functions.
  cookies();
  // Own properties and attributes only: `dataset.config` or `window.cachetConfig` would otherwise
  // find a polluted Object.prototype (a prototype-pollution bug elsewhere in the page).
  const data = (k: string) => script?.getAttribute(`data-${k}`);
  const src = data('config');
  let config: CachetConfig = { ...(Object.hasOwn(window, 'cachetConfig') && window.cachetConfig) };
  if (src) {
    try {
      // Against the page's base URL, as any URL in an HTML attribute: the config is the site's,
      // even when cachet.js comes from a CDN (docs/csp.md).
      const res = await fetch(new URL(src, document.baseURI), {
        credentials: 'same-origin',
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const file = await res.json();
      // Anything but an object (an array, null) goes to init() as is, whose check names it.
      config = file?.constructor === Object ? { ...config, ...file } : file;
    } catch (e) {
      console.error(`Cachet: not started, data-config "${src}" failed: ${e}`);
      return expose(inert([{ path: 'data-config', value: src, expected: `${e}` }]));
    }
  }
  for (const k of ['site', 'endpoint', 'lang'] as const) {
    const v = data(k);
    if (v) config[k] = v;
  }
  expose(init(config));
}

// Once per page, however many times the tag is included: a second copy would show a second
// banner and record contradicting decisions. Marked at once, as the config may take a fetch.
const started = Symbol.for('cachet');
if (!(window as any)[started]) {
  (window as any)[started] = true;
  const script = document.currentScript as HTMLScriptElement | null;
  // Started from a microtask: it still runs before any other script or event of the page (HTML:
  // the microtask checkpoint after a script), and a JS stack captured at start-up (see boot)
  // does not hold this file's top-level code, which V8 would have to reparse whole.
  queueMicrotask(() => boot(script).catch((e) => console.error('Cachet: could not start', e)));
}
