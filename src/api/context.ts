import type { ResolvedConfig } from '../config/types';
import type { ConsentStore } from '../consent/store';
import type { ConsentState, Decision, NoticeShown } from '../consent/types';
import type { Layer } from '../i18n';
import type { Emitter } from './emitter';

/** An error reported to integrators through `on('error')` and `cachet:error`. */
export interface CachetError {
  /** Stable code, e.g. `record-rejected`, `config`, `forms-selector`. */
  code: string;
  message: string;
  /** Extra data (e.g. the record id and HTTP status of a dead-lettered record). */
  detail?: unknown;
}

/** A record as built and signed (see src/record). */
export interface RecordEnvelope {
  id: string;
  /** The JWS compact serialisation, or null until signed. */
  jws: string | null;
  payload: Record<string, unknown>;
}

/** A receipt returned by the receiver for one record (DESIGN.md). */
export interface Receipt {
  id: string;
  /** The receipt JWS signed by the receiver. */
  jws: string;
  /** Decoded receipt payload: id, sha256, site, seq, receivedAt, chainHash. */
  payload: Record<string, unknown>;
}

/** Typed event map of `cachet.on(type, fn)` and `cachet:<type>` DOM events. */
export interface CachetEvents extends Record<string, unknown> {
  /** Fired after each decision (banner, preferences, form, API). */
  change: Decision;
  /** A record was built, signed and put in the outbox. */
  record: RecordEnvelope;
  /** The receiver acknowledged a record. */
  receipt: Receipt;
  /** Something went wrong that integrators may want to know (never thrown into the page). */
  error: CachetError;
  /** A layer of the UI was shown or hidden. */
  show: { layer: Layer };
  hide: { layer: Layer };
  /** The display language changed (`setLang()`); modules relabel what they show. */
  lang: { lang: string };
  /** init() finished: the state is known. */
  ready: { consent: ConsentState | null };
}

/**
 * What every module gets: the single extension point (preact's `options` habit). Modules
 * subscribe to `consent`/`events`; none reaches into another's internals.
 */
export interface Context {
  config: ResolvedConfig;
  lang: string;
  consent: ConsentStore;
  events: Emitter<CachetEvents>;
  /** The notice of a layer as shown now (texts, version, language). */
  notice(layer: Layer): NoticeShown;
  /** Reports an error on the console and as an `error` event; never throws. */
  report(code: string, message: string, detail?: unknown): void;
  /** Opens the preferences (e.g. from an iframe placeholder's "enable" button). */
  openPreferences(): void;
  /** Set by the UI module: shows the first layer. */
  showBanner?: () => void;
  /** Set by the UI module: hides the banner and the dialog without deciding. */
  hide?: () => void;
  /** Set by the record module: the visitor's receipts, latest first. */
  receipts?: () => Promise<Receipt[]>;
  /** Set by the record module: loads its signing part ahead, e.g. once a consent form is in use. */
  prepare?: () => void;
}

/** A module: started with the context, may return a teardown. */
export type Module = (ctx: Context) => undefined | (() => void);
