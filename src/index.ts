import type { CachetEvents, Context, Module, Receipt } from './api/context';
import { createContext } from './api/create-context';
import { inert } from './api/inert';
import type { CachetConfig, ConfigError, ResolvedConfig } from './config/types';
import { formatConfigError, LANG, validateConfig } from './config/validate';
import type { ConsentState, ConsentStorage } from './consent/types';
import { modules as defaultModules } from './modules';

/** The public API: `window.Cachet` for script-tag users, the return value of `init()` for others. */
export interface Cachet {
  /** Widget version. */
  readonly version: string;
  /** False when the config was invalid: the widget stays out of the way and `errors` says why. */
  readonly ready: boolean;
  readonly errors: ConfigError[];
  readonly config: ResolvedConfig | null;
  /** True when the visitor granted the purpose (required purposes always are). */
  hasConsent(purpose: string): boolean;
  /** The current decision, or null when the visitor has not decided (or must be asked again). */
  getConsent(): ConsentState | null;
  /** Grants every optional purpose (except those Global Privacy Control refuses). */
  acceptAll(): void;
  /** Refuses every optional purpose. */
  rejectAll(): void;
  /** Grants the given purposes; others keep their value. */
  accept(purposes: string[]): void;
  /** Refuses the given purposes; others keep their value. */
  refuse(purposes: string[]): void;
  /** Withdraws every consent (records `withdrawn`). */
  withdraw(): void;
  /** Shows the first layer (the banner). */
  showBanner(): void;
  /** Opens the preferences dialog. */
  openPreferences(): void;
  /** Hides the banner and the dialog without deciding. */
  hide(): void;
  /** Changes the display language (re-renders the banner and form wording). */
  setLang(lang: string): void;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof CachetEvents>(type: K, fn: (payload: CachetEvents[K]) => void): () => void;
  /** The visitor's receipts from the receiver, latest first. */
  receipts(): Promise<Receipt[]>;
  /** Removes the UI, observers and listeners. */
  destroy(): void;
}

/** Options for tests and advanced embedding. */
export interface InitOptions {
  storage?: ConsentStorage;
  modules?: Module[];
  now?: () => number;
  signals?: () => { gpc: boolean; dnt: boolean };
}

/**
 * Starts Cachet. Never throws: an invalid config logs one console error per problem (field,
 * value, what was expected) and returns an inert API, leaving the page untouched.
 */
export function init(input: CachetConfig = {}, opts: InitOptions = {}): Cachet {
  try {
    const { config, errors } = validateConfig(input, {
      origin: typeof location === 'undefined' ? undefined : location.origin,
      htmlLang: typeof document === 'undefined' ? undefined : document.documentElement.lang,
    });
    if (!config) {
      for (const e of errors) console.error(formatConfigError(e));
      return inert(errors);
    }
    return start(config, opts);
  } catch (e) {
    console.error('Cachet: could not start', e);
    return inert([{ path: '(init)', value: String(e), expected: 'no internal error' }]);
  }
}

function start(config: ResolvedConfig, opts: InitOptions): Cachet {
  const ctx: Context = createContext(config, opts);
  const teardowns: (() => void)[] = [];
  for (const m of opts.modules ?? defaultModules) {
    try {
      const t = m(ctx);
      if (t) teardowns.push(t);
    } catch (e) {
      ctx.report('module', 'a module failed to start', e);
    }
  }
  // After the modules: the record is in the outbox before any integrator callback runs.
  ctx.consent.subscribe((d) => ctx.events.emit('change', d));
  const safe =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A) => {
      try {
        fn(...a);
      } catch (e) {
        ctx.report('api', 'an API call failed', e);
      }
    };
  const api = (choices: Record<string, boolean>, event?: 'withdrawn') =>
    ctx.consent.decide(choices, { method: 'api', notice: ctx.notice('banner'), event });
  // A purpose the config does not declare is a mistake to report, not a decision to record.
  const only = (ids: string[], v: boolean) =>
    Object.fromEntries(
      ids.map((id) => {
        if (!config.purposes.some((p) => p.id === id)) throw new Error(`unknown purpose "${id}"`);
        return [id, v];
      }),
    );
  const cachet: Cachet = {
    version: __CACHET_VERSION__,
    ready: true,
    errors: [],
    config,
    hasConsent: (p) => ctx.consent.hasConsent(p),
    getConsent: () => ctx.consent.get(),
    acceptAll: safe(() => api(ctx.consent.acceptAllChoices())),
    rejectAll: safe(() => api(ctx.consent.allChoices(false))),
    accept: safe((ids: string[]) => api(only(ids, true))),
    refuse: safe((ids: string[]) => api(only(ids, false))),
    withdraw: safe(() => api(ctx.consent.allChoices(false), 'withdrawn')),
    showBanner: safe(() => ctx.showBanner?.()),
    openPreferences: safe(() => ctx.openPreferences()),
    hide: safe(() => ctx.hide?.()),
    setLang: safe((lang: string) => {
      // It goes into every record's notice: the receiver would refuse a record with a bad one.
      if (!LANG.test(lang)) throw new Error(`"${lang}" is not a language code like "fr"`);
      ctx.lang = lang;
      ctx.events.emit('lang', { lang });
    }),
    on: (type, fn) => ctx.events.on(type, fn),
    receipts: async () => (ctx.receipts ? ctx.receipts() : []),
    destroy: () => {
      for (const t of teardowns.splice(0)) {
        try {
          t();
        } catch (e) {
          console.error(e);
        }
      }
    },
  };
  // Once init() has returned: listeners then find the API where the caller put it (window.Cachet).
  queueMicrotask(() => ctx.events.emit('ready', { consent: ctx.consent.get() }));
  return cachet;
}

export type {
  CachetError,
  CachetEvents,
  Context,
  Module,
  Receipt,
  RecordEnvelope,
} from './api/context';
export type { CachetConfig, ConfigError, ResolvedConfig } from './config/types';
export { formatConfigError, validateConfig } from './config/validate';
export type {
  ConsentState,
  Decision,
  DecisionEvent,
  DecisionMethod,
  NoticeShown,
} from './consent/types';
export { parseMarkup } from './i18n/markup';
