import { nothing, own } from '../config/own';
import type { ResolvedConfig } from '../config/types';
import { newSubject, uuid4 } from './ids';
import type {
  ConsentState,
  ConsentStorage,
  Decision,
  DecisionEvent,
  DecisionMethod,
  NoticeShown,
} from './types';

const DAY = 86400;
const SUB = /^[A-Za-z0-9_-]{22}$/;

/** What a caller says about a decision besides the choices themselves. */
export interface DecideContext {
  method: DecisionMethod;
  notice: NoticeShown;
  form?: { id: string; action: string };
  /** Force the event (e.g. `withdrawn`); otherwise derived from before/after. */
  event?: DecisionEvent;
}

/**
 * The purpose served by Matomo under the CNIL audience-measurement exemption, if any: it needs
 * no consent, so it is on until the visitor objects (docs/matomo.md).
 */
export const exemptPurpose = (config: Pick<ResolvedConfig, 'matomo'>): string | null =>
  config.matomo?.mode === 'exempt' ? config.matomo.purpose : null;

/** Reads the browser's privacy signals (Global Privacy Control, Do Not Track). */
export function readSignals(
  nav: Partial<Navigator> & { globalPrivacyControl?: boolean } = globalThis.navigator ?? {},
) {
  return { gpc: nav.globalPrivacyControl === true, dnt: nav.doNotTrack === '1' };
}

/**
 * Parses a cookie value. It is untrusted input (DESIGN.md): anything that is not exactly a
 * well-formed state counts as "no decision".
 */
export function parseState(raw: string | undefined): ConsentState | null {
  if (!raw || raw.length > 4096) return null;
  let o: unknown;
  try {
    o = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof o !== 'object' || o === null) return null;
  const s = o as ConsentState;
  const int = (n: unknown) => Number.isInteger(n) && (n as number) > 0;
  if (s.v !== 1 || typeof s.sub !== 'string' || !SUB.test(s.sub) || !int(s.ts) || !int(s.exp))
    return null;
  if (typeof s.nv !== 'string' || typeof s.p !== 'object' || s.p === null || Array.isArray(s.p))
    return null;
  if (!Object.values(s.p).every((b) => typeof b === 'boolean')) return null;
  // Without a prototype: a purpose the cookie does not hold must read as undefined, even on a page
  // whose Object.prototype was polluted (`Object.prototype.analytics = true`) by a bug elsewhere.
  return { v: 1, sub: s.sub, ts: s.ts, exp: s.exp, nv: s.nv, p: own(s.p) };
}

/** Consent state: knows nothing of the UI. Subscribers are called synchronously, in order. */
export interface ConsentStore {
  /** The current valid decision, or null when the visitor must be asked. */
  get(): ConsentState | null;
  /** True when the purpose is granted (required purposes always are). */
  hasConsent(purpose: string): boolean;
  /** Records a decision for some purposes; others keep their value (false if never decided, unless exempt). */
  decide(choices: Record<string, boolean>, ctx: DecideContext): Decision;
  /** Every purpose for "accept all": all of them, except those GPC refuses (only an explicit switch grants those). */
  acceptAllChoices(): Record<string, boolean>;
  /** Optional purposes the visitor has not decided yet (all of them before any decision). */
  undecided(): string[];
  /** Every optional purpose set to `value`. */
  allChoices(value: boolean): Record<string, boolean>;
  subscribe(fn: (d: Decision) => void): () => void;
  /** The subject id (created on first decision). */
  subject(): string | null;
}

/** Creates the consent store over a storage (the cookie in the browser, a double in tests). */
export function createConsentStore(
  config: ResolvedConfig,
  storage: ConsentStorage,
  opts: {
    now?: () => number;
    signals?: () => { gpc: boolean; dnt: boolean };
    onError?: (e: unknown) => void;
  } = {},
): ConsentStore {
  const now = opts.now ?? Date.now;
  const signals = opts.signals ?? (() => readSignals());
  const listeners: ((d: Decision) => void)[] = [];
  const optional = config.purposes.filter((p) => !p.required).map((p) => p.id);

  const read = (): ConsentState | null => parseState(storage.read());
  const get = (): ConsentState | null => {
    const s = read();
    if (!s) return null;
    // A new notice version (policy update) asks again; so does an expired decision.
    if (s.nv !== config.notice.version || s.exp * 1000 <= now()) return null;
    return s;
  };

  const allChoices = (value: boolean) => Object.fromEntries(optional.map((id) => [id, value]));

  return {
    get,
    subject: () => read()?.sub ?? null,
    hasConsent(purpose) {
      if (config.purposes.some((p) => p.id === purpose && p.required)) return true;
      return get()?.p[purpose] === true;
    },
    allChoices,
    undecided() {
      const s = get();
      const ex = exemptPurpose(config);
      return optional.filter((id) => id !== ex && !(s && id in s.p));
    },
    acceptAllChoices() {
      const c = allChoices(true);
      // GPC is a valid opt-out signal under CCPA and a clear wish under GDPR: "accept all"
      // does not override it; only an explicit switch in the preferences does.
      if (signals().gpc) for (const id of config.gpc.refuse) if (id in c) c[id] = false;
      return c;
    },
    decide(choices, ctx) {
      const previous = get();
      const prior = read();
      const ts = Math.floor(now() / 1000);
      // Only purposes the visitor decided are kept: a form that covers some purposes leaves the
      // others undecided, so the banner still asks about them (and an undecided exempt purpose
      // stays on: a form consent is no objection to it).
      const p: Record<string, boolean> = nothing();
      // Purposes this config does not declare belong to another site sharing the cookie
      // (cookie.domain): kept, or each site would erase the other's and ask again.
      for (const id of Object.keys(prior?.p ?? {}))
        if (!optional.includes(id)) p[id] = prior!.p[id];
      for (const id of optional) if (previous && id in previous.p) p[id] = previous.p[id];
      const purposes: Record<string, boolean> = {};
      for (const [id, v] of Object.entries(choices)) {
        if (!optional.includes(id)) continue;
        p[id] = v;
        purposes[id] = v;
      }
      const state: ConsentState = {
        v: 1,
        // Keep the subject across notice versions and expiry: it links the records of one browser.
        sub: prior?.sub ?? newSubject(),
        ts,
        exp: ts + config.cookie.days * DAY,
        nv: config.notice.version,
        p,
      };
      const anyGranted = Object.values(purposes).some(Boolean);
      const hadGranted = !!previous && optional.some((id) => previous.p[id]);
      const event: DecisionEvent =
        ctx.event ??
        (!previous
          ? anyGranted
            ? 'given'
            : 'refused'
          : !anyGranted && hadGranted && !optional.some((id) => p[id])
            ? 'withdrawn'
            : 'updated');
      storage.write(JSON.stringify(state), new Date(state.exp * 1000));
      const d: Decision = {
        id: uuid4(),
        event,
        method: ctx.method,
        purposes,
        state,
        previous,
        notice: ctx.notice,
        signals: signals(),
        ...(ctx.form ? { form: ctx.form } : {}),
      };
      for (const fn of [...listeners]) {
        try {
          fn(d);
        } catch (e) {
          (opts.onError ?? console.error)(e);
        }
      }
      return d;
    },
    subscribe(fn) {
      listeners.push(fn);
      return () => {
        const i = listeners.indexOf(fn);
        if (i >= 0) listeners.splice(i, 1);
      };
    },
  };
}
