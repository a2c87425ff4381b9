import type { ConfigError } from '../config/types';
import type { Cachet } from '../index';

/** The API of a widget that did not start: it stays out of the way and `errors` says why. */
export function inert(errors: ConfigError[]): Cachet {
  const no = () => {};
  return {
    version: __CACHET_VERSION__,
    ready: false,
    errors,
    config: null,
    hasConsent: () => false,
    getConsent: () => null,
    acceptAll: no,
    rejectAll: no,
    accept: no,
    refuse: no,
    withdraw: no,
    showBanner: no,
    openPreferences: no,
    hide: no,
    setLang: no,
    on: () => no,
    receipts: async () => [],
    destroy: no,
  };
}
