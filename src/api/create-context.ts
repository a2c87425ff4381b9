import type { ResolvedConfig } from '../config/types';
import { cookieStorage } from '../consent/cookie-storage';
import { type ConsentStore, createConsentStore } from '../consent/store';
import type { ConsentStorage } from '../consent/types';
import { type Layer, noticeStrings } from '../i18n';
import type { CachetEvents, Context } from './context';
import { createEmitter } from './emitter';

/** Builds the shared context from a resolved config; storage and signals are injectable for tests. */
export function createContext(
  config: ResolvedConfig,
  opts: {
    storage?: ConsentStorage;
    consent?: ConsentStore;
    now?: () => number;
    signals?: () => { gpc: boolean; dnt: boolean };
  } = {},
): Context {
  const events = createEmitter<CachetEvents>();
  const report: Context['report'] = (code, message, detail) => {
    console.error(`Cachet: ${message}`, ...(detail === undefined ? [] : [detail]));
    events.emit('error', { code, message, detail });
  };
  const storage = opts.storage ?? cookieStorage(config.cookie.name, config.cookie.domain);
  const consent =
    opts.consent ??
    createConsentStore(config, storage, {
      now: opts.now,
      signals: opts.signals,
      onError: (e) => report('listener', 'a consent subscriber threw', e),
    });
  const ctx: Context = {
    config,
    lang: config.lang,
    consent,
    events,
    notice(layer: Layer) {
      return {
        id: layer,
        version: config.notice.version,
        lang: ctx.lang,
        text: noticeStrings(config, ctx.lang, layer).join('\n'),
        policyUrl: config.notice.policyUrl,
      };
    },
    report,
    openPreferences: () => {},
  };
  return ctx;
}
