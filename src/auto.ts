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
 * Script-tag entry: config from `data-config` (a JSON file), else `window.cachetConfig`; then the
 * tag's `data-site`, `data-endpoint` and `data-lang` override the same keys (DESIGN.md).
 */
async function boot(script: HTMLScriptElement | null): Promise<void> {
  // Chromium captures the JS stack of each document.cookie read (an inspector performance issue)
  // and V8 then reparses every function on it for its source positions. The one read of
  // start-up (cookies() keeps it for the task) is made here, on a stack of two small functions.
  cookies();
  const data = script?.dataset ?? {};
  let config: CachetConfig = { ...(window.cachetConfig ?? {}) };
  if (data.config) {
    try {
      const res = await fetch(new URL(data.config, script?.src || location.href), {
        credentials: 'same-origin',
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      config = { ...config, ...(await res.json()) };
    } catch (e) {
      console.error(`Cachet: not started, data-config "${data.config}" failed: ${e}`);
      return;
    }
  }
  if (data.site) config.site = data.site;
  if (data.endpoint) config.endpoint = data.endpoint;
  if (data.lang) config.lang = data.lang;
  window.Cachet = init(config);
}

if (!window.Cachet) {
  const script = document.currentScript as HTMLScriptElement | null;
  // Started from a microtask: it still runs before any other script or event of the page (HTML:
  // the microtask checkpoint after a script), and a JS stack captured at start-up (see boot)
  // does not hold this file's top-level code, which V8 would have to reparse whole.
  queueMicrotask(() => boot(script).catch((e) => console.error('Cachet: could not start', e)));
}
