/** A text given per language (`{ fr: '…', en: '…' }`), or one string for every language. */
export type Localized = string | Record<string, string>;

/** Why data is processed (e.g. audience measurement); the unit of consent. */
export interface PurposeConfig {
  /** Stable id used in records and the consent cookie, e.g. `analytics`. */
  id: string;
  /** Strictly necessary: always on, shown without a switch. @default false */
  required?: boolean;
  /** Services (tools) serving this purpose, e.g. `["matomo"]`. @default [] */
  services?: string[];
  /** Short name shown next to the switch. */
  label: Localized;
  /** One or two sentences shown under the label. @default '' */
  description?: Localized;
}

/** How one kind of form gets its consent checkbox. */
export interface FormProfile {
  /** Purposes the checkbox covers. */
  purposes: string[];
  /** Submission is blocked until the box is ticked. @default true */
  required?: boolean;
  /** The checkbox wording (markup subset allowed). @default the `form.text` text */
  text?: Localized;
  /** A line shown under the box for those who would rather not consent. */
  alternative?: Localized;
  /** Where the box goes: before the submit button, or inside `[data-cachet-slot]`. @default 'before-submit' */
  placement?: 'before-submit' | 'slot' | 'end';
  /** Form fields the profile may read (never any other). @default [] */
  fields?: string[];
  /** Forms this profile applies to when they carry no `data-cachet` attribute, e.g. `#quote`. */
  selector?: string;
}

/** Matomo integration (see docs/matomo.md). */
export interface MatomoConfig {
  /** `consent`: no tracking before consent; `cookie`: cookieless until consent; `exempt`: CNIL audience-measurement exemption. @default 'consent' */
  mode?: 'consent' | 'cookie' | 'exempt';
  /** The purpose that governs Matomo. @default 'analytics' */
  purpose?: string;
  /** Matomo base URL, only when Cachet loads the tracker itself. */
  url?: string;
  /** Matomo site id, only when Cachet loads the tracker itself. */
  siteId?: number | string;
}

/** Colours and shapes, applied as CSS custom properties. */
export interface ThemeConfig {
  accent?: string;
  background?: string;
  text?: string;
  radius?: string;
  font?: string;
  /** `auto` follows `prefers-color-scheme`. @default 'auto' */
  mode?: 'auto' | 'light' | 'dark';
}

/** The configuration accepted by `init()`, `window.cachetConfig` or a config file. */
export interface CachetConfig {
  /** The site's origin, written in every record, e.g. `https://www.example.com`. @default location.origin */
  site?: string;
  /** Where records are POSTed. Without it, records are built but not sent. */
  endpoint?: string;
  /** Display language. @default config, else `<html lang>`, else 'fr' */
  lang?: string;
  /** The version of the notice (policy): changing it asks every visitor again. */
  notice?: { version?: string; policyUrl?: string };
  /** The consent cookie. */
  cookie?: { name?: string; domain?: string; days?: number };
  /** Purposes, in display order. */
  purposes?: PurposeConfig[];
  /** Text overrides per language, keyed like `src/i18n/fr.ts`. */
  texts?: Record<string, Record<string, string>>;
  /** Form consent; `false` disables it. */
  forms?: { selector?: string; profiles?: Record<string, FormProfile> } | false;
  matomo?: MatomoConfig | false;
  /** Google Consent Mode v2: consent type → purpose id. */
  gcm?: Record<string, string> | false;
  /** Global Privacy Control: purposes refused while the browser sends GPC. */
  gpc?: { refuse?: string[] };
  theme?: ThemeConfig;
  /** Record delivery tuning; the defaults follow DESIGN.md and suit production. */
  delivery?: {
    /** First retry delay bound (full-jitter exponential backoff). @default 1000 */
    retryBaseMs?: number;
    /** Longest retry delay. @default 300000 (5 min) */
    retryMaxMs?: number;
    /** A send that has not answered by then is aborted and retried. @default 15000 */
    timeoutMs?: number;
  };
  ui?: {
    /** @default 'bottom' */
    position?: 'bottom' | 'top' | 'center' | 'bottom-left' | 'bottom-right';
    /** The floating button that reopens the preferences. @default true */
    reopenButton?: boolean;
    /** Show the banner at all (false: API and forms only). @default true */
    banner?: boolean;
  };
}

/** The configuration after validation and defaults: every field present. */
export interface ResolvedConfig {
  site: string;
  endpoint: string | null;
  lang: string;
  notice: { version: string; policyUrl: string | null };
  cookie: { name: string; domain: string | null; days: number };
  purposes: Required<PurposeConfig>[];
  texts: Record<string, Record<string, string>>;
  forms: {
    selector: string;
    profiles: Record<
      string,
      Required<Omit<FormProfile, 'text' | 'alternative' | 'selector'>> &
        Pick<FormProfile, 'text' | 'alternative' | 'selector'>
    >;
  } | null;
  matomo: (Required<Pick<MatomoConfig, 'mode' | 'purpose'>> & MatomoConfig) | null;
  gcm: Record<string, string> | null;
  gpc: { refuse: string[] };
  theme: ThemeConfig;
  ui: { position: string; reopenButton: boolean; banner: boolean };
  delivery: { retryBaseMs: number; retryMaxMs: number; timeoutMs: number };
}

/** One problem found in a config: which field, what it held, what was expected. */
export interface ConfigError {
  path: string;
  value: unknown;
  expected: string;
}
