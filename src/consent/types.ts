/** The decision kept in the consent cookie (DESIGN.md). Times are Unix seconds. */
export interface ConsentState {
  /** Schema version of this value. */
  v: 1;
  /** Pseudonymous subject id: 128 random bits, base64url. */
  sub: string;
  /** Decision time. */
  ts: number;
  /** Expiry: after it, the visitor is asked again. */
  exp: number;
  /** Notice version the decision was made under. */
  nv: string;
  /** Purpose id → granted. */
  p: Record<string, boolean>;
}

/** The four kinds of decision a record can carry (binding, record.schema.json). */
export type DecisionEvent = 'given' | 'refused' | 'updated' | 'withdrawn';

/** How the decision was made (binding, record.schema.json). */
export type DecisionMethod =
  | 'banner:accept-all'
  | 'banner:reject-all'
  | 'banner:close'
  | 'prefs:save'
  | 'form:checkbox'
  | 'api';

/** The exact notice the visitor saw when deciding. */
export interface NoticeShown {
  /** `banner` or `form:<form id>`. */
  id: string;
  version: string;
  lang: string;
  /** All strings of the layer in display order, joined by "\n". */
  text: string;
  policyUrl: string | null;
}

/** A decision, as passed to every subscriber (records, Matomo, scripts, the page). */
export interface Decision {
  /** Pre-assigned record id (uuid v4), known synchronously so a form can carry it. */
  id: string;
  event: DecisionEvent;
  method: DecisionMethod;
  /** The purposes this decision is about, and their new values. */
  purposes: Record<string, boolean>;
  /** The full consent state after the decision. */
  state: ConsentState;
  /** The state before, or null for a first decision. */
  previous: ConsentState | null;
  notice: NoticeShown;
  /** Only for form consents. */
  form?: { id: string; action: string };
  /** Browser privacy signals at decision time. */
  signals: { gpc: boolean; dnt: boolean };
}

/** Where the consent state is kept: three methods, so tests can use a double (klaro's habit). */
export interface ConsentStorage {
  read(): string | undefined;
  write(value: string, expiresAt: Date): void;
  remove(): void;
}
