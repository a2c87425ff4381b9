/**
 * The configurator's model, without UI: the draft config, the last published version it is
 * compared with, immutable edits by path, the wording-change check and the exports.
 */
import type { CachetConfig, ConfigError, Localized } from '../../src/config/types';
import { luminance } from '../../src/ui';

/** Languages the configurator edits side by side. */
export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** How the site installs the widget: the attributes of the script tag. */
export interface Install {
  src: string;
  configUrl: string;
  site: string;
  endpoint: string;
}

/** Everything the configurator keeps in the browser between reloads. */
export interface Workspace {
  /** The config being edited. */
  draft: CachetConfig;
  /** The config last imported or exported: what visitors have seen so far. */
  baseline: CachetConfig;
  install: Install;
  savedAt: string;
}

/** localStorage key of the working draft (versioned, so a new shape never reads an old one). */
export const STORAGE_KEY = 'cachet-configurator/v1';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep copy of JSON data. */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The value at a path, or undefined. */
export function getIn(obj: unknown, path: Path): unknown {
  let v: unknown = obj;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Obj)[k as string];
  }
  return v;
}

/**
 * A copy of `obj` with `value` at `path`, creating objects on the way. `undefined` deletes the
 * key, and objects left empty by a deletion are deleted too, so a cleared field falls back to
 * the widget's default instead of leaving `{}` behind.
 */
export function setIn<T>(obj: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [k, ...rest] = path;
  const base: Obj | unknown[] = Array.isArray(obj) ? [...obj] : isObj(obj) ? { ...obj } : {};
  const next = setIn((base as Obj)[k as string], rest, value);
  const emptyObj = isObj(next) && Object.keys(next).length === 0 && rest.length > 0;
  if (next === undefined || emptyObj) {
    if (Array.isArray(base)) base.splice(k as number, 1);
    else delete (base as Obj)[k as string];
  } else (base as Obj)[k as string] = next;
  return base as T;
}

/** The text of one language in a localized value ('' when absent). */
export function localizedGet(v: Localized | undefined, lang: string): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return v[lang] ?? '';
}

/**
 * Sets one language of a localized value. A plain string (every language) becomes a per-language
 * object first; clearing the last language gives undefined.
 */
export function localizedSet(
  v: Localized | undefined,
  lang: string,
  text: string,
): Localized | undefined {
  const o: Record<string, string> =
    typeof v === 'string' ? Object.fromEntries(LANGS.map((l) => [l, v])) : { ...(v ?? {}) };
  if (text === '') delete o[lang];
  else o[lang] = text;
  return Object.keys(o).length ? o : undefined;
}

/** Every piece of wording a visitor reads, flattened to `where → text` (per language). */
export function wordingOf(c: CachetConfig): Record<string, string> {
  const out: Record<string, string> = {};
  const loc = (where: string, v: Localized | undefined) => {
    if (v === undefined) return;
    if (typeof v === 'string') out[where] = v;
    else for (const [l, s] of Object.entries(v)) out[`${where} (${l})`] = s;
  };
  for (const [lang, texts] of Object.entries(c.texts ?? {}))
    for (const [k, s] of Object.entries(texts ?? {})) out[`${k} (${lang})`] = s;
  for (const p of c.purposes ?? []) {
    loc(`purpose ${p.id} label`, p.label);
    loc(`purpose ${p.id} description`, p.description);
  }
  if (c.forms)
    for (const [name, p] of Object.entries(c.forms.profiles ?? {})) {
      loc(`form ${name} text`, p.text);
      loc(`form ${name} alternative`, p.alternative);
    }
  return out;
}

/** The wording entries that differ between two configs (added, removed or edited). */
export function changedWording(draft: CachetConfig, baseline: CachetConfig): string[] {
  const a = wordingOf(draft);
  const b = wordingOf(baseline);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => (a[k] ?? '').normalize('NFC') !== (b[k] ?? '').normalize('NFC'));
}

/**
 * True when visitors would see new wording under the old notice version. A changed text must be
 * asked again (CNIL 2020-091 §2: consent is specific to the information given), and Cachet asks
 * again only when `notice.version` changes.
 */
export function needsVersionBump(draft: CachetConfig, baseline: CachetConfig): boolean {
  return (
    changedWording(draft, baseline).length > 0 &&
    (draft.notice?.version ?? '') === (baseline.notice?.version ?? '')
  );
}

/** The validator's errors about a field: its exact path or anything under it. */
export function errorsAt(errors: ConfigError[], path: string): ConfigError[] {
  return errors.filter(
    (e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`),
  );
}

/** Today as YYYY-MM-DD, the version format the SOCIATEX policy uses ("2022-01-24"). */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The config file as exported: stable two-space JSON with a final newline. */
export function exportJson(config: CachetConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Reads an imported file: JSON object or a clear message. The validator checks the rest. */
export function parseImport(text: string): { config: CachetConfig } | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { error: `This file is not valid JSON: ${(e as Error).message}` };
  }
  if (!isObj(v)) return { error: 'A config file holds one JSON object ({ … }).' };
  return { config: v as CachetConfig };
}

/** Escapes an attribute value of the generated tag. */
const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The ready-to-paste tag. `integrity` is the W3C SRI hash of the exact cachet.js build; with it
 * `crossorigin="anonymous"` is needed when the file is served from another origin (a CDN).
 */
export function scriptTag(install: Install, sri: string | null): string {
  const lines = [`<script src="${attr(install.src)}" defer`];
  if (sri) lines.push(`        integrity="${attr(sri)}" crossorigin="anonymous"`);
  if (install.site) lines.push(`        data-site="${attr(install.site)}"`);
  if (install.endpoint) lines.push(`        data-endpoint="${attr(install.endpoint)}"`);
  lines.push(`        data-config="${attr(install.configUrl)}"></script>`);
  return lines.join('\n');
}

/** Reads the saved workspace, or starts one from `fallback`. Garbage counts as nothing saved. */
export function loadWorkspace(
  storage: Pick<Storage, 'getItem'>,
  fallback: () => Workspace,
): Workspace {
  try {
    const raw = storage.getItem(STORAGE_KEY);
    if (raw) {
      const w = JSON.parse(raw) as Workspace;
      if (isObj(w) && isObj(w.draft) && isObj(w.baseline) && isObj(w.install)) return w;
    }
  } catch {
    // Unreadable draft: start again from the example.
  }
  return fallback();
}

/** Saves the workspace; false when the browser refuses (quota, private mode). */
export function saveWorkspace(storage: Pick<Storage, 'setItem'>, w: Workspace): boolean {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(w));
    return true;
  } catch {
    return false;
  }
}

/** WCAG 2.1 contrast ratio of two hex colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export interface Warning {
  path: string;
  message: string;
}

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const NAMES: Record<Lang, string> = { fr: 'French', en: 'English' };

/**
 * What the widget accepts but a visitor would read badly: colours under WCAG 2.1 AA contrast
 * (1.4.3: 4.5:1 for text, links included) and a text missing one of the edited languages, which
 * those visitors then read in another one. The palettes are the widget's (src/ui/styles.ts).
 */
export function warningsOf(c: CachetConfig): Warning[] {
  const out: Warning[] = [];
  const th = c.theme ?? {};
  const custom = !!(th.background || th.text);
  const mode = th.mode ?? (custom ? 'light' : 'auto');
  // [background, text] of each palette the visitor may get.
  const palettes: [string, string][] = [];
  if (mode !== 'dark') palettes.push([th.background ?? '#ffffff', th.text ?? '#1b1b1f']);
  if (mode !== 'light') palettes.push(['#1e1f23', '#e4e2e6']);
  for (const [bg, fg] of palettes) {
    if (![bg, fg].every((x) => HEX.test(x))) continue;
    const where = mode === 'auto' ? ` in ${bg === '#1e1f23' ? 'dark' : 'light'} mode` : '';
    const text = contrast(fg, bg);
    if (custom && text < 4.5)
      out.push({
        path: 'theme.text',
        message: `Text on the background contrasts ${text.toFixed(1)}:1; WCAG 2.1 AA asks 4.5:1 (1.4.3).`,
      });
    if (th.accent && HEX.test(th.accent)) {
      const link = contrast(th.accent, bg);
      // On the dark palette the widget swaps such an accent for its own (src/ui/index.tsx): the
      // visitor can read it, but the marketer should know the brand colour is not shown.
      if (link < 4.5)
        out.push({
          path: 'theme.accent',
          message:
            bg === '#1e1f23'
              ? `The accent colour contrasts ${link.toFixed(1)}:1 with the dark background; links need 4.5:1 (WCAG 2.1 AA, 1.4.3), so visitors in dark mode get Cachet's own light blue instead.`
              : `The accent colour (links, buttons) contrasts ${link.toFixed(1)}:1 with the background${where}; links need 4.5:1 (WCAG 2.1 AA, 1.4.3).`,
        });
    }
  }
  const loc = (path: string, v: Localized | undefined) => {
    if (!v || typeof v === 'string') return;
    const has = LANGS.filter((l) => v[l]);
    if (has.length)
      for (const l of LANGS)
        if (!v[l])
          out.push({
            path,
            message: `No ${NAMES[l]} text: ${NAMES[l]} visitors read the ${NAMES[has[0]]} one.`,
          });
  };
  (c.purposes ?? []).forEach((p, i) => {
    loc(`purposes[${i}].label`, p.label);
    loc(`purposes[${i}].description`, p.description);
  });
  const profiles = c.forms ? (c.forms.profiles ?? {}) : {};
  for (const [name, p] of Object.entries(profiles)) {
    loc(`forms.profiles.${name}.text`, p.text);
    loc(`forms.profiles.${name}.alternative`, p.alternative);
  }
  return out;
}
