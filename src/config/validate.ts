import { BUILT_IN } from '../i18n';
import { fr } from '../i18n/fr';
import { isObj, own } from './own';
import type { ConfigError, ResolvedConfig } from './types';

/** Default cookie lifetime. CNIL recommendation 2020-092: ask again after 6 months. */
export const DEFAULT_DAYS = 180;
/** CNIL: a consent cookie must not outlive 13 months. */
export const MAX_DAYS = 395;

type Obj = Record<string, any>;
/** A check returns what was expected when the value is wrong, else nothing. */
type Check = (v: any, path: string, c: Ctx) => string | undefined;
interface Ctx {
  err: (path: string, value: unknown, expected: string) => void;
  ids: string[];
  origin: string;
}

const j = (p: string, k: string) => (p ? `${p}.${k}` : k);
const re =
  (r: RegExp, expected: string): Check =>
  (v) =>
    typeof v === 'string' && r.test(v) ? undefined : expected;
const oneOf =
  (...opts: unknown[]): Check =>
  (v) =>
    opts.includes(v) ? undefined : `one of ${opts.map((o) => JSON.stringify(o)).join(', ')}`;
// The u flag counts code points, as JSON Schema's maxLength does (schema/config.schema.json).
const str = re(/^[\s\S]{1,500}$/u, 'a non-empty string');
const bool = oneOf(true, false);
// Absolute, or a path from the site's root: "www.example.com/x" would resolve as a page of the
// site itself, a mistake that would otherwise only show as a broken link or lost records.
// No whitespace: the URL parser drops tabs and newlines, so "/\t/host" would be "//host".
const url: Check = (v, _p, c) => {
  try {
    if (
      /^(https?:\/\/|\/(?![/\\]))\S*$/i.test(v) &&
      /^https?:$/.test(new URL(v, c.origin).protocol)
    )
      return;
  } catch {}
  return 'an http(s) URL, or a path from the site\'s root like "/privacy"';
};
const id = re(
  /^[a-z][a-z0-9_-]{0,39}$/,
  'an id of lowercase letters, digits, _ or - like "analytics"',
);
/** A language code, as the record schema has it (schema/record.schema.json, notice.lang). */
export const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const lang = re(LANG, 'a language code like "fr"');
const hex = re(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i, 'a hex colour like "#0b57d0"');
const ms: Check = (v) =>
  Number.isInteger(v) && v > 0 && v < 2 ** 31 ? undefined : 'a positive number of milliseconds';
const purposeId: Check = (v, _p, c) =>
  c.ids.includes(v) ? undefined : `a purpose id declared in purposes (${c.ids.join(', ')})`;
const loc: Check = (v) =>
  typeof v === 'string' || (isObj(v) && Object.values(v).every((s) => typeof s === 'string'))
    ? undefined
    : 'a string, or strings per language like {"fr": "…", "en": "…"}';
const arr =
  (item: Check, nonEmpty = false): Check =>
  (v, p, c) => {
    if (!Array.isArray(v) || (nonEmpty && !v.length))
      return `a${nonEmpty ? ' non-empty' : 'n'} array`;
    for (let i = 0; i < v.length; i++) run(item, v[i], `${p}[${i}]`, c);
  };
const obj =
  (shape: Record<string, Check>, required: string[] = []): Check =>
  (v, p, c) => {
    if (!isObj(v)) return 'an object';
    // Own keys only: `k in shape` would let "constructor" or "__proto__" through.
    for (const k of Object.keys(v))
      if (!Object.keys(shape).includes(k))
        c.err(j(p, k), v[k], `a known key (${Object.keys(shape).join(', ')})`);
    for (const [k, ch] of Object.entries(shape))
      if (v[k] !== undefined || required.includes(k)) run(ch, v[k], j(p, k), c);
  };
const rec =
  (val: Check, key?: Check): Check =>
  (v, p, c) => {
    if (!isObj(v)) return 'an object';
    for (const k of Object.keys(v)) {
      const e = key?.(k, p, c);
      if (e) c.err(j(p, k), k, `a key that is ${e}`);
      run(val, v[k], j(p, k), c);
    }
  };
const orFalse =
  (ch: Check): Check =>
  (v, p, c) =>
    v === false ? undefined : ch(v, p, c);
function run(ch: Check, v: unknown, path: string, c: Ctx) {
  const e = ch(v, path, c);
  if (e) c.err(path, v, e);
}

/** The config shape (DESIGN.md, binding keys). Published for other tools as schema/config.schema.json. */
const shape = {
  site: re(/^https?:\/\/[^/?#]+$/, 'an origin like "https://www.example.com"'),
  endpoint: url,
  lang,
  notice: obj({
    version: re(/^[\s\S]{1,64}$/u, 'a version string like "2022-01-24"'),
    policyUrl: url,
  }),
  cookie: obj({
    name: re(/^[\w-]{1,64}$/, 'a cookie name of letters, digits, _ or -'),
    domain: re(/^\.?[a-z0-9.-]+$/i, 'a domain like ".example.com"'),
    days: (v) =>
      Number.isInteger(v) && v > 0 && v <= MAX_DAYS
        ? undefined
        : `an integer from 1 to ${MAX_DAYS} (CNIL: 13 months at most)`,
  }),
  purposes: arr(
    obj({ id, required: bool, services: arr(str), label: loc, description: loc }, ['id', 'label']),
  ),
  // Known keys only: a typo in a key would silently leave the default text.
  texts: rec(
    rec(re(/^[\s\S]{0,8000}$/u, 'a string'), (k) =>
      Object.keys(fr).includes(k) ? undefined : `one of ${Object.keys(fr).join(', ')}`,
    ),
    lang,
  ),
  forms: orFalse(
    obj({
      selector: str,
      profiles: rec(
        obj(
          {
            purposes: arr(purposeId, true),
            required: bool,
            text: loc,
            alternative: loc,
            placement: oneOf('before-submit', 'slot', 'end'),
            fields: arr(str),
            selector: str,
          },
          ['purposes'],
        ),
      ),
    }),
  ),
  matomo: orFalse(
    obj({
      mode: oneOf('consent', 'cookie', 'exempt'),
      purpose: purposeId,
      url,
      siteId: (v) =>
        (Number.isInteger(v) && v > 0) || (typeof v === 'string' && /^[1-9]\d*$/.test(v))
          ? undefined
          : 'a Matomo site id like 1',
    }),
  ),
  // Consent Mode types: ad_storage, analytics_storage, ad_user_data, ad_personalization and the
  // functionality/personalization/security_storage ones, matched by shape to stay small.
  gcm: orFalse(
    rec(
      purposeId,
      re(/^[a-z]+_(storage|user_data|personalization)$/, 'a consent type like "ad_storage"'),
    ),
  ),
  gpc: obj({ refuse: arr(purposeId) }),
  theme: obj({
    accent: hex,
    background: hex,
    text: hex,
    radius: re(/^\d+(\.\d+)?(px|rem|em)$/, 'a CSS length like "8px"'),
    font: re(/^[^;{}<>]{1,200}$/u, 'a CSS font-family list'),
    mode: oneOf('auto', 'light', 'dark'),
  }),
  delivery: obj({ retryBaseMs: ms, retryMaxMs: ms, timeoutMs: ms }),
  ui: obj({
    position: oneOf('bottom', 'top', 'center', 'bottom-left', 'bottom-right'),
    reopenButton: bool,
    banner: bool,
  }),
};

/** Used when a config declares no purposes: neutral labels, both optional (docs/configuration.md). */
const DEFAULT_PURPOSES = [
  {
    id: 'analytics',
    services: ['Matomo'],
    label: { fr: 'Mesure d’audience', en: 'Audience measurement' },
  },
  {
    id: 'marketing',
    label: { fr: 'Communication personnalisée', en: 'Personalised communication' },
  },
];

/**
 * Checks a config and fills in defaults. Never throws: every problem is returned with the
 * field's path, the value found and what was expected, so one console line can name it.
 */
export function validateConfig(
  input: unknown,
  env: { origin?: string; htmlLang?: string } = {},
): { config: ResolvedConfig | null; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const origin = env.origin ?? 'http://localhost';
  // Checked and resolved as copies without a prototype (./own.ts): no key comes from a polluted
  // Object.prototype, neither while checking nor once resolved.
  input = own(input);
  const c = (input ?? {}) as Obj;
  const purposes: Obj[] = isObj(c) && Array.isArray(c.purposes) ? c.purposes : DEFAULT_PURPOSES;
  const ids = purposes.map((p) => p?.id);
  const ctx: Ctx = {
    err: (path, value, expected) => errors.push({ path, value, expected }),
    ids,
    origin,
  };
  run(obj(shape), input === undefined ? {} : input, '', ctx);
  ids.forEach((x, i) => {
    if (ids.indexOf(x) < i) ctx.err(`purposes[${i}].id`, x, 'an id not used by another purpose');
  });
  // The default purpose of Matomo must be declared too, or no decision could ever start it.
  if (isObj(c.matomo) && c.matomo.purpose === undefined)
    run(purposeId, 'analytics', 'matomo.purpose', ctx);
  if (isObj(c.matomo) && c.matomo.url && c.matomo.siteId === undefined)
    ctx.err('matomo.siteId', undefined, 'a site id, required with matomo.url');
  if (errors.length) return { config: null, errors };

  const o = (k: string): Obj => (isObj(c[k]) ? c[k] : {});
  const { notice, cookie, theme, ui } = {
    notice: o('notice'),
    cookie: o('cookie'),
    theme: o('theme'),
    ui: o('ui'),
  };
  const html = (env.htmlLang ?? '').slice(0, 2).toLowerCase();
  const forms = c.forms === false ? null : o('forms');
  const profiles: Obj = {};
  for (const [name, p] of Object.entries((forms?.profiles as Obj) ?? {}))
    profiles[name] = { required: true, placement: 'before-submit', fields: [], ...p };
  return {
    errors,
    config: own({
      site: c.site ?? origin,
      endpoint: c.endpoint ? new URL(c.endpoint, origin).href : null,
      // The page's language when there are texts in it (built in, or the config's): a record
      // must not say "ar" of a notice shown in French.
      lang: c.lang ?? ([...BUILT_IN, ...Object.keys(o('texts'))].includes(html) ? html : 'fr'),
      notice: {
        version: notice.version ?? '1',
        // Absolute, so the link and the record point at the same page wherever the banner shows.
        policyUrl: notice.policyUrl ? new URL(notice.policyUrl, origin).href : null,
      },
      cookie: {
        name: cookie.name ?? 'cachet',
        domain: cookie.domain ?? null,
        days: cookie.days ?? DEFAULT_DAYS,
      },
      purposes: purposes.map((p) => ({
        required: false,
        services: [],
        description: '',
        ...p,
      })) as unknown as ResolvedConfig['purposes'],
      texts: o('texts'),
      forms: forms && { selector: forms.selector ?? 'form[data-cachet]', profiles },
      matomo: isObj(c.matomo) ? { mode: 'consent', purpose: 'analytics', ...c.matomo } : null,
      gcm: isObj(c.gcm) ? c.gcm : null,
      gpc: { refuse: o('gpc').refuse ?? ids.filter((x) => x === 'marketing') },
      theme,
      ui: {
        position: ui.position ?? 'bottom',
        reopenButton: ui.reopenButton !== false,
        banner: ui.banner !== false,
      },
      // DESIGN.md: backoff from 1 s doubling up to 5 min.
      delivery: { retryBaseMs: 1000, retryMaxMs: 300000, timeoutMs: 15000, ...o('delivery') },
    }),
  };
}

/** One console line per problem: field, value found, what was expected. */
export function formatConfigError(e: ConfigError): string {
  let v: string = typeof e.value;
  try {
    // JSON first: String() throws on an object without a prototype.
    v = JSON.stringify(e.value) ?? String(e.value);
  } catch {}
  return `Cachet: invalid config at "${e.path || '(config)'}": got ${v.slice(0, 80)}, expected ${e.expected}.`;
}
