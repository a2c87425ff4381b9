import type { CachetConfig, ConfigError, FormProfile, ResolvedConfig } from './types';

/** Default cookie lifetime. CNIL recommendation 2020-092: ask again after 6 months. */
export const DEFAULT_DAYS = 180;
/** CNIL: a consent cookie must not outlive 13 months. */
export const MAX_DAYS = 395;

const TOP_KEYS = [
  'site',
  'endpoint',
  'lang',
  'notice',
  'cookie',
  'purposes',
  'texts',
  'forms',
  'matomo',
  'gcm',
  'gpc',
  'theme',
  'ui',
];
const ID = /^[a-z][a-z0-9_-]{0,39}$/;
const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const GCM_TYPES = [
  'ad_storage',
  'analytics_storage',
  'ad_user_data',
  'ad_personalization',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
];

type Obj = Record<string, unknown>;

/** Used when a config declares no purposes: neutral wording, both optional. */
const DEFAULT_PURPOSES = [
  {
    id: 'analytics',
    services: ['matomo'],
    label: { fr: 'Mesure d’audience', en: 'Audience measurement' },
    description: {
      fr: 'Statistiques de visite pour comprendre comment le site est utilisé et l’améliorer.',
      en: 'Visit statistics to understand how the site is used and improve it.',
    },
  },
  {
    id: 'marketing',
    label: { fr: 'Communication personnalisée', en: 'Personalised communication' },
    description: {
      fr: 'Des informations adaptées à vos centres d’intérêt sur nos services.',
      en: 'Information about our services suited to your interests.',
    },
  },
];
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

function isUrl(v: unknown, base?: string): boolean {
  if (!isStr(v) || !v) return false;
  try {
    const u = new URL(v, base);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Checks a config and fills in defaults. Never throws: every problem is returned with the
 * field's path, the value found and what was expected, so one console line can name it.
 */
export function validateConfig(
  input: unknown,
  env: { origin?: string; htmlLang?: string } = {},
): { config: ResolvedConfig | null; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const err = (path: string, value: unknown, expected: string) =>
    errors.push({ path, value, expected });
  const c = (input ?? {}) as CachetConfig & Obj;
  if (!isObj(c)) {
    err('(config)', input, 'an object');
    return { config: null, errors };
  }
  for (const k of Object.keys(c))
    if (!TOP_KEYS.includes(k)) err(k, c[k], `one of the keys ${TOP_KEYS.join(', ')}`);

  const str = (path: string, v: unknown, ok: (s: string) => boolean, expected: string) => {
    if (v === undefined) return undefined;
    if (!isStr(v) || !ok(v)) err(path, v, expected);
    return v as string;
  };
  const localized = (path: string, v: unknown, optional = true) => {
    if (v === undefined && optional) return;
    if (isStr(v)) return;
    if (!isObj(v) || !Object.values(v).every(isStr) || Object.keys(v).length === 0)
      err(path, v, 'a string, or an object of strings per language like {"fr": "…", "en": "…"}');
  };
  const keysOf = (path: string, v: unknown, allowed: string[]): Obj => {
    if (v === undefined) return {};
    if (!isObj(v)) {
      err(path, v, 'an object');
      return {};
    }
    for (const k of Object.keys(v))
      if (!allowed.includes(k)) err(`${path}.${k}`, v[k], `one of the keys ${allowed.join(', ')}`);
    return v;
  };

  const origin = env.origin ?? 'http://localhost';
  const site =
    str(
      'site',
      c.site,
      (s) => isUrl(s) && new URL(s).origin === s.replace(/\/$/, ''),
      'an origin like "https://www.example.com"',
    ) ?? origin;
  const endpoint = str(
    'endpoint',
    c.endpoint,
    (s) => isUrl(s, origin),
    'an http(s) URL of the receiver, like "https://consent.example.com/v1/records"',
  );
  const langIn = str('lang', c.lang, (s) => LANG.test(s), 'a language code like "fr" or "en"');

  const notice = keysOf('notice', c.notice, ['version', 'policyUrl']);
  str(
    'notice.version',
    notice.version,
    (s) => s.length > 0 && s.length <= 64,
    'a non-empty version string like "2022-01-24"',
  );
  str(
    'notice.policyUrl',
    notice.policyUrl,
    (s) => isUrl(s, origin),
    'an http(s) URL of the privacy policy',
  );

  const cookie = keysOf('cookie', c.cookie, ['name', 'domain', 'days']);
  str(
    'cookie.name',
    cookie.name,
    (s) => /^[A-Za-z0-9_-]{1,64}$/.test(s),
    'a cookie name of letters, digits, _ or -',
  );
  str(
    'cookie.domain',
    cookie.domain,
    (s) => /^\.?[a-z0-9.-]+$/i.test(s),
    'a domain like ".example.com"',
  );
  if (
    cookie.days !== undefined &&
    !(
      Number.isInteger(cookie.days) &&
      (cookie.days as number) >= 1 &&
      (cookie.days as number) <= MAX_DAYS
    )
  )
    err('cookie.days', cookie.days, `an integer from 1 to ${MAX_DAYS} (CNIL: 13 months at most)`);

  const purposes: ResolvedConfig['purposes'] = [];
  if (c.purposes !== undefined && !Array.isArray(c.purposes))
    err('purposes', c.purposes, 'an array of purposes');
  (Array.isArray(c.purposes)
    ? c.purposes
    : c.purposes === undefined
      ? DEFAULT_PURPOSES
      : []
  ).forEach((p, i) => {
    const path = `purposes[${i}]`;
    const o = keysOf(path, p, ['id', 'required', 'services', 'label', 'description']);
    if (!isStr(o.id) || !ID.test(o.id))
      err(
        `${path}.id`,
        o.id,
        'an id of lowercase letters, digits, _ or - (max 40), like "analytics"',
      );
    else if (purposes.some((q) => q.id === o.id))
      err(`${path}.id`, o.id, 'an id not used by another purpose');
    if (o.required !== undefined && typeof o.required !== 'boolean')
      err(`${path}.required`, o.required, 'true or false');
    if (o.services !== undefined && !(Array.isArray(o.services) && o.services.every(isStr)))
      err(`${path}.services`, o.services, 'an array of service names');
    localized(`${path}.label`, o.label, false);
    localized(`${path}.description`, o.description);
    purposes.push({
      id: o.id as string,
      required: !!o.required,
      services: (o.services as string[]) ?? [],
      label: o.label as string,
      description: (o.description as string) ?? '',
    });
  });
  const purposeIds = purposes.map((p) => p.id);
  const knownPurpose = (path: string, v: unknown) => {
    if (!isStr(v) || !purposeIds.includes(v))
      err(
        path,
        v,
        `a purpose id declared in purposes (${purposeIds.join(', ') || 'none declared'})`,
      );
  };

  const texts = keysOf(
    'texts',
    c.texts,
    Object.keys(c.texts ?? {}).filter((k) => LANG.test(k)),
  );
  for (const [lang, t] of Object.entries(texts)) {
    if (!isObj(t) || !Object.values(t).every(isStr))
      err(`texts.${lang}`, t, 'an object of strings keyed like "banner.title"');
  }

  let forms: ResolvedConfig['forms'] = null;
  if (c.forms !== false) {
    const f = keysOf('forms', c.forms, ['selector', 'profiles']);
    const selector =
      str('forms.selector', f.selector, (s) => s.length > 0, 'a CSS selector') ??
      'form[data-cachet]';
    const profiles: NonNullable<ResolvedConfig['forms']>['profiles'] = {};
    const pin = keysOf('forms.profiles', f.profiles, Object.keys((f.profiles as Obj) ?? {}));
    for (const [name, raw] of Object.entries(pin)) {
      const path = `forms.profiles.${name}`;
      const p = keysOf(path, raw, [
        'purposes',
        'required',
        'text',
        'alternative',
        'placement',
        'fields',
        'selector',
      ]) as FormProfile & Obj;
      if (!Array.isArray(p.purposes) || p.purposes.length === 0)
        err(`${path}.purposes`, p.purposes, 'a non-empty array of purpose ids');
      else p.purposes.forEach((id, j) => knownPurpose(`${path}.purposes[${j}]`, id));
      if (p.required !== undefined && typeof p.required !== 'boolean')
        err(`${path}.required`, p.required, 'true or false');
      localized(`${path}.text`, p.text);
      localized(`${path}.alternative`, p.alternative);
      str(
        `${path}.placement`,
        p.placement,
        (s) => ['before-submit', 'slot', 'end'].includes(s),
        '"before-submit", "slot" or "end"',
      );
      str(`${path}.selector`, p.selector, (s) => s.length > 0, 'a CSS selector');
      if (p.fields !== undefined && !(Array.isArray(p.fields) && p.fields.every(isStr)))
        err(`${path}.fields`, p.fields, 'an array of field names');
      profiles[name] = {
        ...p,
        purposes: p.purposes ?? [],
        required: p.required ?? true,
        placement: p.placement ?? 'before-submit',
        fields: p.fields ?? [],
      } as never;
    }
    forms = { selector, profiles };
  }

  let matomo: ResolvedConfig['matomo'] = null;
  if (c.matomo !== undefined && c.matomo !== false) {
    const m = keysOf('matomo', c.matomo, ['mode', 'purpose', 'url', 'siteId']);
    str(
      'matomo.mode',
      m.mode,
      (s) => ['consent', 'cookie', 'exempt'].includes(s),
      '"consent", "cookie" or "exempt"',
    );
    if (m.purpose !== undefined || purposeIds.length)
      knownPurpose('matomo.purpose', m.purpose ?? 'analytics');
    str('matomo.url', m.url, (s) => isUrl(s, origin), 'the http(s) base URL of the Matomo server');
    if (m.siteId !== undefined && !(isStr(m.siteId) || Number.isInteger(m.siteId)))
      err('matomo.siteId', m.siteId, 'a Matomo site id (number)');
    if (m.url !== undefined && m.siteId === undefined)
      err('matomo.siteId', m.siteId, 'a site id, required with matomo.url');
    matomo = {
      ...m,
      mode: (m.mode as 'consent') ?? 'consent',
      purpose: (m.purpose as string) ?? 'analytics',
    };
  }

  let gcm: ResolvedConfig['gcm'] = null;
  if (c.gcm !== undefined && c.gcm !== false) {
    gcm = keysOf('gcm', c.gcm, GCM_TYPES) as Record<string, string>;
    for (const [k, v] of Object.entries(gcm)) knownPurpose(`gcm.${k}`, v);
  }

  const gpc = keysOf('gpc', c.gpc, ['refuse']);
  if (gpc.refuse !== undefined && !Array.isArray(gpc.refuse))
    err('gpc.refuse', gpc.refuse, 'an array of purpose ids');
  const refuse = Array.isArray(gpc.refuse)
    ? (gpc.refuse as string[])
    : purposeIds.filter((id) => id === 'marketing');
  if (Array.isArray(gpc.refuse)) refuse.forEach((id, j) => knownPurpose(`gpc.refuse[${j}]`, id));

  const theme = keysOf('theme', c.theme, [
    'accent',
    'background',
    'text',
    'radius',
    'font',
    'mode',
  ]);
  for (const k of ['accent', 'background', 'text'])
    str(
      `theme.${k}`,
      theme[k],
      (s) => /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(s),
      'a hex colour like "#0b57d0"',
    );
  str(
    'theme.radius',
    theme.radius,
    (s) => /^\d+(\.\d+)?(px|rem|em)$/.test(s),
    'a CSS length like "8px"',
  );
  str('theme.font', theme.font, (s) => !/[;{}<>]/.test(s), 'a CSS font-family list');
  str(
    'theme.mode',
    theme.mode,
    (s) => ['auto', 'light', 'dark'].includes(s),
    '"auto", "light" or "dark"',
  );

  const ui = keysOf('ui', c.ui, ['position', 'reopenButton', 'banner']);
  str(
    'ui.position',
    ui.position,
    (s) => ['bottom', 'top', 'center', 'bottom-left', 'bottom-right'].includes(s),
    '"bottom", "top", "center", "bottom-left" or "bottom-right"',
  );
  for (const k of ['reopenButton', 'banner'])
    if (ui[k] !== undefined && typeof ui[k] !== 'boolean') err(`ui.${k}`, ui[k], 'true or false');

  if (errors.length) return { config: null, errors };
  const htmlLang = (env.htmlLang ?? '').slice(0, 2).toLowerCase();
  return {
    errors,
    config: {
      site: site.replace(/\/$/, ''),
      endpoint: endpoint ? new URL(endpoint, origin).href : null,
      lang: langIn ?? (LANG.test(htmlLang) ? htmlLang : 'fr'),
      notice: {
        version: (notice.version as string) ?? '1',
        policyUrl: (notice.policyUrl as string) ?? null,
      },
      cookie: {
        name: (cookie.name as string) ?? 'cachet',
        domain: (cookie.domain as string) ?? null,
        days: (cookie.days as number) ?? DEFAULT_DAYS,
      },
      purposes,
      texts: texts as ResolvedConfig['texts'],
      forms,
      matomo,
      gcm,
      gpc: { refuse },
      theme,
      ui: {
        position: (ui.position as string) ?? 'bottom',
        reopenButton: ui.reopenButton !== false,
        banner: ui.banner !== false,
      },
    },
  };
}

/** One console line per problem: field, value found, what was expected. */
export function formatConfigError(e: ConfigError): string {
  let v: string;
  try {
    v = JSON.stringify(e.value) ?? 'undefined';
  } catch {
    v = String(e.value);
  }
  return `Cachet: invalid config at "${e.path}": got ${v.length > 80 ? `${v.slice(0, 77)}...` : v}, expected ${e.expected}.`;
}
