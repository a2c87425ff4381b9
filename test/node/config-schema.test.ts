/**
 * schema/config.schema.json must give the same verdict as src/config/validate.ts: the configurator
 * hints with the schema, the widget runs the validator, and a marketer must never see "valid"
 * in one and a refused config in the other.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate';
import { fr } from '../../src/i18n/fr';
import { designExample } from '../fixtures/design-config';

const schema = JSON.parse(readFileSync('schema/config.schema.json', 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const env = { origin: 'https://www.example.com' };
const widgetAccepts = (c: unknown) => validateConfig(c, env).config !== null;
const schemaAccepts = (c: unknown) => validate(c) === true;
const verdicts = (c: unknown) => ({ schema: schemaAccepts(c), widget: widgetAccepts(c) });

/** An object with an own key, even "__proto__" (as JSON.parse would build it). */
const withKey = (o: Record<string, unknown>, k: string, v: unknown) =>
  Object.defineProperty({ ...o }, k, {
    value: v,
    enumerable: true,
    writable: true,
    configurable: true,
  });

const valid: [string, unknown][] = [
  ['an empty config', {}],
  ['the DESIGN.md example', designExample],
  ['every feature switched off', { forms: false, matomo: false, gcm: false, purposes: [] }],
  [
    'paths from the site root',
    { endpoint: '/v1/records', notice: { policyUrl: '/confidentialite' } },
  ],
  ['a string site id', { matomo: { url: '/matomo/', siteId: '12' } }],
  ['Matomo in exempt mode on a default purpose', { matomo: { mode: 'exempt' } }],
  ['one string for every language', { purposes: [{ id: 'a', label: 'A', description: '' }] }],
  ['a language with a region', { lang: 'en-GB', texts: { 'en-GB': { 'banner.title': '' } } }],
  ['the longest cookie allowed', { cookie: { days: 395, name: 'x'.repeat(64) } }],
  [
    'a full theme',
    {
      theme: {
        accent: '#FFF',
        background: '#101010',
        text: '#eee',
        radius: '0.5rem',
        font: '"Inter", sans-serif',
        mode: 'dark',
      },
    },
  ],
  ['delivery tuning at its bounds', { delivery: { retryBaseMs: 1, retryMaxMs: 2 ** 31 - 1 } }],
  [
    'a form profile with every key',
    {
      forms: {
        profiles: {
          quote: {
            purposes: ['marketing'],
            required: false,
            placement: 'slot',
            fields: ['email'],
            selector: '#quote',
          },
        },
      },
    },
  ],
  [
    'a 500-character service name in emoji',
    { purposes: [{ id: 'a', label: 'A', services: ['😀'.repeat(500)] }] },
  ],
  ['an 8000-character text', { texts: { fr: { 'banner.text': 'é'.repeat(8000) } } }],
  ['ui switches', { ui: { position: 'center', reopenButton: false, banner: false } }],
];

/** Each invalid config, and the field the widget's console error must name. */
const invalid: [string, unknown, string][] = [
  ['an array instead of an object', [], ''],
  ['null instead of an object', null, ''],
  ['an unknown top-level key', { colour: 'red' }, 'colour'],
  ['a key inherited from Object.prototype', { constructor: {} }, 'constructor'],
  ['"__proto__" as a key', withKey({}, '__proto__', {}), '__proto__'],
  ['an unknown nested key', { notice: { toString: 'x' } }, 'notice.toString'],
  ['a site with a path', { site: 'https://www.example.com/' }, 'site'],
  ['a site without scheme', { site: 'www.example.com' }, 'site'],
  ['an upper-case language', { lang: 'FR' }, 'lang'],
  [
    'a javascript: policy URL',
    { notice: { policyUrl: 'javascript:alert(1)' } },
    'notice.policyUrl',
  ],
  ['a mailto: endpoint', { endpoint: 'mailto:dpo@example.com' }, 'endpoint'],
  [
    'a policy URL without scheme, which would be a page of the site',
    { notice: { policyUrl: 'www.example.com/privacy' } },
    'notice.policyUrl',
  ],
  [
    'a policy URL with a tab the URL parser drops, which makes it another site ("//host")',
    { notice: { policyUrl: '/\t/evil.example/' } },
    'notice.policyUrl',
  ],
  [
    'a Matomo URL without scheme',
    { matomo: { url: 'stats.example.com', siteId: 1 } },
    'matomo.url',
  ],
  ['an empty endpoint', { endpoint: '' }, 'endpoint'],
  ['an endpoint without host', { endpoint: 'https://' }, 'endpoint'],
  ['a number as endpoint', { endpoint: 123 }, 'endpoint'],
  ['an array as endpoint', { endpoint: [] }, 'endpoint'],
  ['an empty notice version', { notice: { version: '' } }, 'notice.version'],
  ['a 65-character notice version', { notice: { version: 'v'.repeat(65) } }, 'notice.version'],
  ['0 days', { cookie: { days: 0 } }, 'cookie.days'],
  ['more than 13 months', { cookie: { days: 396 } }, 'cookie.days'],
  ['days as a string', { cookie: { days: '180' } }, 'cookie.days'],
  ['fractional days', { cookie: { days: 1.5 } }, 'cookie.days'],
  ['a cookie name with a space', { cookie: { name: 'my cookie' } }, 'cookie.name'],
  ['a cookie domain with a slash', { cookie: { domain: 'example.com/' } }, 'cookie.domain'],
  ['purposes as an object', { purposes: {} }, 'purposes'],
  ['a purpose without label', { purposes: [{ id: 'a' }] }, 'purposes[0].label'],
  ['a purpose without id', { purposes: [{ label: 'A' }] }, 'purposes[0].id'],
  ['an upper-case purpose id', { purposes: [{ id: 'Analytics', label: 'A' }] }, 'purposes[0].id'],
  [
    'a 41-character purpose id',
    { purposes: [{ id: 'a'.repeat(41), label: 'A' }] },
    'purposes[0].id',
  ],
  ['a number as label', { purposes: [{ id: 'a', label: 1 }] }, 'purposes[0].label'],
  [
    'a number in a localized text',
    { purposes: [{ id: 'a', label: { fr: 1 } }] },
    'purposes[0].label',
  ],
  [
    'an empty service name',
    { purposes: [{ id: 'a', label: 'A', services: [''] }] },
    'purposes[0].services[0]',
  ],
  [
    'a 501-character service name in emoji',
    { purposes: [{ id: 'a', label: 'A', services: ['😀'.repeat(501)] }] },
    'purposes[0].services[0]',
  ],
  [
    'required as a string',
    { purposes: [{ id: 'a', label: 'A', required: 'yes' }] },
    'purposes[0].required',
  ],
  ['texts under a language name', { texts: { French: {} } }, 'texts.French'],
  ['a number as a text', { texts: { fr: { 'banner.title': 1 } } }, 'texts.fr.banner.title'],
  ['a typo in a text key', { texts: { fr: { 'banner.titel': 'x' } } }, 'texts.fr.banner.titel'],
  [
    'an 8001-character text',
    { texts: { fr: { 'banner.text': 'é'.repeat(8001) } } },
    'texts.fr.banner.text',
  ],
  ['forms: true', { forms: true }, 'forms'],
  ['forms: null', { forms: null }, 'forms'],
  [
    'a form profile without purposes',
    { forms: { profiles: { default: {} } } },
    'forms.profiles.default.purposes',
  ],
  [
    'a form profile with no purpose',
    { forms: { profiles: { default: { purposes: [] } } } },
    'forms.profiles.default.purposes',
  ],
  [
    'an unknown placement',
    { forms: { profiles: { default: { purposes: ['analytics'], placement: 'top' } } } },
    'forms.profiles.default.placement',
  ],
  ['an empty forms selector', { forms: { selector: '' } }, 'forms.selector'],
  ['an unknown Matomo mode', { matomo: { mode: 'always' } }, 'matomo.mode'],
  [
    'a Matomo URL without site id',
    { matomo: { url: 'https://stats.example.com/' } },
    'matomo.siteId',
  ],
  ['a site id in an array', { matomo: { siteId: [1] } }, 'matomo.siteId'],
  ['a site id "1a"', { matomo: { siteId: '1a' } }, 'matomo.siteId'],
  ['a negative site id as a string', { matomo: { siteId: '-1' } }, 'matomo.siteId'],
  ['matomo: true', { matomo: true }, 'matomo'],
  ['an unknown consent type', { gcm: { cookies: 'analytics' } }, 'gcm.cookies'],
  ['a number as gcm purpose', { gcm: { ad_storage: 1 } }, 'gcm.ad_storage'],
  ['gpc.refuse as a string', { gpc: { refuse: 'marketing' } }, 'gpc.refuse'],
  ['a colour name', { theme: { accent: 'blue' } }, 'theme.accent'],
  ['a 4-digit hex colour', { theme: { text: '#abcd' } }, 'theme.text'],
  ['a radius without unit', { theme: { radius: '8' } }, 'theme.radius'],
  ['CSS injection in the font', { theme: { font: 'x;}body{display:none' } }, 'theme.font'],
  ['an unknown theme mode', { theme: { mode: 'system' } }, 'theme.mode'],
  ['a zero delay', { delivery: { timeoutMs: 0 } }, 'delivery.timeoutMs'],
  ['a delay past 2^31 - 1', { delivery: { retryMaxMs: 2 ** 31 } }, 'delivery.retryMaxMs'],
  ['an unknown position', { ui: { position: 'left' } }, 'ui.position'],
  ['banner as a string', { ui: { banner: 'no' } }, 'ui.banner'],
];

describe('schema/config.schema.json', () => {
  it('compiles as JSON Schema 2020-12 in strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof validate).toBe('function');
  });

  it.each(valid)('accepts %s, like the widget', (_name, config) => {
    expect(verdicts(config)).toEqual({ schema: true, widget: true });
  });

  it.each(invalid)(
    'refuses %s, like the widget, whose error names the field',
    (_n, config, path) => {
      expect(verdicts(config)).toEqual({ schema: false, widget: false });
      expect(validateConfig(config, env).errors.map((e) => e.path)).toContain(path);
    },
  );

  it('describes every property', () => {
    const missing: string[] = [];
    const walk = (s: any, at: string) => {
      for (const [k, p] of Object.entries<any>(s.properties ?? {})) {
        if (!p.description) missing.push(`${at}${k}`);
        walk(p, `${at}${k}.`);
        for (const alt of p.anyOf ?? []) walk(alt, `${at}${k}.`);
      }
    };
    walk(schema, '');
    for (const [name, def] of Object.entries<any>(schema.$defs)) walk(def, `$defs.${name}.`);
    expect(missing).toEqual([]);
  });

  it('lists every text key the widget knows, so the configurator can offer them', () => {
    expect(Object.keys(schema.$defs.textSet.properties).sort()).toEqual(Object.keys(fr).sort());
  });

  it('declares the defaults the widget fills in', () => {
    const c = validateConfig({}, env).config!;
    const p = schema.properties;
    const profile = validateConfig({ forms: { profiles: { x: { purposes: ['analytics'] } } } }, env)
      .config!.forms!.profiles.x;
    const matomo = validateConfig({ matomo: {} }, env).config!.matomo!;
    const purpose = validateConfig({ purposes: [{ id: 'a', label: 'A' }] }, env).config!
      .purposes[0];
    const form = schema.properties.forms.anyOf[1].properties;
    const defs = schema.$defs;
    expect({
      lang: p.lang.default,
      version: p.notice.properties.version.default,
      name: p.cookie.properties.name.default,
      days: p.cookie.properties.days.default,
      purposes: p.purposes.default,
      texts: p.texts.default,
      selector: form.selector.default,
      profile: {
        required: defs.formProfile.properties.required.default,
        placement: defs.formProfile.properties.placement.default,
        fields: defs.formProfile.properties.fields.default,
      },
      matomo: {
        mode: p.matomo.anyOf[1].properties.mode.default,
        purpose: p.matomo.anyOf[1].properties.purpose.default,
      },
      purpose: {
        required: defs.purpose.properties.required.default,
        services: defs.purpose.properties.services.default,
        description: defs.purpose.properties.description.default,
      },
      delivery: Object.fromEntries(
        Object.entries<any>(p.delivery.properties).map(([k, v]) => [k, v.default]),
      ),
      ui: Object.fromEntries(Object.entries<any>(p.ui.properties).map(([k, v]) => [k, v.default])),
    }).toEqual({
      lang: c.lang,
      version: c.notice.version,
      name: c.cookie.name,
      days: c.cookie.days,
      purposes: c.purposes.map(({ id, services, label, description }) => ({
        id,
        ...(services.length ? { services } : {}),
        label,
        description,
      })),
      texts: c.texts,
      selector: validateConfig({ forms: {} }, env).config!.forms!.selector,
      profile: { required: profile.required, placement: profile.placement, fields: profile.fields },
      matomo: { mode: matomo.mode, purpose: matomo.purpose },
      purpose: {
        required: purpose.required,
        services: purpose.services,
        description: purpose.description,
      },
      delivery: c.delivery,
      ui: c.ui,
    });
  });

  describe('rules only the widget checks (named in the schema description)', () => {
    it('refuses an undeclared purpose and a duplicate id that the schema lets through', () => {
      const undeclared = { purposes: [{ id: 'a', label: 'A' }], gpc: { refuse: ['b'] } };
      const duplicate = {
        purposes: [
          { id: 'a', label: 'A' },
          { id: 'a', label: 'B' },
        ],
      };
      expect(verdicts(undeclared)).toEqual({ schema: true, widget: false });
      expect(verdicts(duplicate)).toEqual({ schema: true, widget: false });
      // Matomo's default purpose, "analytics", when the config declares other purposes.
      const matomo = { purposes: [{ id: 'stats', label: 'Stats' }], matomo: { mode: 'consent' } };
      expect(verdicts(matomo)).toEqual({ schema: true, widget: false });
      expect(validateConfig(matomo, env).errors.map((e) => e.path)).toEqual(['matomo.purpose']);
      expect(schema.description).toMatch(/must be declared in purposes/);
      expect(schema.description).toMatch(/must be unique/);
    });
  });
});

// ---- Generated configs ----
// `arbs(target)` builds configs whose every field is valid, except at one "fault point" (the
// target-th place where a value is drawn), which may get a value of the wrong type, pattern or
// length, an unknown key or a missing required key. One kind of fault per config, so a single
// schema/validator divergence decides the verdict instead of hiding behind another fault.
// Purpose references are drawn from the declared ids, or are ids no purpose could have: never a
// well-formed undeclared id, which only the widget can refuse.

const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 500 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 4 }),
  fc.constant([]),
  fc.constant({}),
);
const units = ['grapheme-ascii', 'binary'] as const;
/** Strings of `len` code points: a short random head, then one repeated (maybe astral) character. */
const ofLength = (min: number, max: number): fc.Arbitrary<string> =>
  max <= 8
    ? fc.oneof(...units.map((unit) => fc.string({ minLength: min, maxLength: max, unit })))
    : fc
        .tuple(
          fc.integer({ min, max }),
          fc.string({ maxLength: 3, unit: 'grapheme-ascii' }),
          fc.constantFrom('a', 'é', '😀', '\ud800', ' '),
        )
        .map(([len, head, ch]) => head.slice(0, len) + ch.repeat(len - Math.min(len, head.length)));
/** Strings whose length (in code points) is in [min, max], biased to both edges. */
const within = (min: number, max: number) =>
  fc.oneof(
    { weight: 4, arbitrary: ofLength(min, Math.min(max, min + 3)) },
    { weight: 1, arbitrary: ofLength(Math.max(min, max - 2), max) },
  );
/** Strings just outside [min, max]. */
const outside = (min: number, max: number) =>
  min > 0 ? fc.oneof(ofLength(max + 1, max + 2), ofLength(0, min - 1)) : ofLength(max + 1, max + 2);
const ID_POOL = ['analytics', 'marketing', 'contact', 'ads_2', 'x-y', `a${'b'.repeat(39)}`];
const badId = fc.constantFrom('Analytics', '1st', '', 'a'.repeat(41), 'é', 'Bad!');
const GCM = [
  'ad_storage',
  'analytics_storage',
  'ad_user_data',
  'ad_personalization',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
];

// Leaf arbitraries are costly to build: built once, shared by every fault target.
const segment = fc.webSegment().filter((s) => s !== '');
const URL_OK = fc.oneof(
  fc.webUrl(),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`),
  fc.constantFrom('/', 'HTTPS://WWW.EXAMPLE.COM/x', 'http://127.0.0.1:8080/'),
);
const URL_BAD = fc.oneof(
  fc.webUrl({ validSchemes: ['ftp', 'mailto', 'data', 'javascript', 'blob'] }),
  fc
    .array(segment, { minLength: 1, maxLength: 3 })
    .map((s) => s.join('/'))
    .filter((s) => !/^[a-z][a-z0-9+.-]*:/i.test(s)),
  fc.constantFrom('', 'https://', 'http://a b/', 'https://x/<', ' javascript:alert(1)', 'W8:h/x'),
  fc.constantFrom('www.example.com/privacy', '#privacy', '?lang=fr', '//cdn.example.com/', ' /x'),
  fc.constantFrom('/\t/evil.example/', '/\n/evil.example', '/\\evil.example', 'https://x.fr/a b'),
);
const HEX_OK = fc.oneof(
  fc.stringMatching(/^#[0-9a-fA-F]{3}$/),
  fc.stringMatching(/^#[0-9a-fA-F]{6}$/),
);
const ORIGIN = fc.webUrl().map((u) => new URL(u).origin);
const COOKIE_NAME = fc.stringMatching(/^[\w-]{1,64}$/);
const DOMAIN = fc.domain().map((d) => `.${d}`);

/** Configs that are valid except, maybe, at fault point `target` (null: no fault). */
function arbs(target: number | null) {
  let n = 0;
  /** Counts a fault point; true when it is the target. */
  const faulty = () => n++ === target;
  /** A valid value, or at the fault point sometimes a wrong one. */
  const mix = (good: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
    faulty() ? fc.oneof(good, bad, junk) : good;
  /** The same for object keys, which are always strings. */
  const mixKey = (good: fc.Arbitrary<string>, bad: fc.Arbitrary<string>) =>
    faulty() ? fc.oneof(good, bad) : good;
  /** A record with optional keys; at the fault point, required keys may miss or a key be unknown. */
  const rec = (model: Record<string, fc.Arbitrary<unknown>>, required: string[] = []) => {
    const f = faulty();
    return fc
      .tuple(
        // Keys are present more often than not, so a fault point is usually reached.
        fc.oneof(fc.record(model), fc.record(model, { requiredKeys: f ? [] : required })),
        f
          ? fc.option(fc.constantFrom('extra', 'constructor', 'toString', '__proto__'))
          : fc.constant(null),
      )
      .map(([o, k]) => (k === null ? o : withKey(o, k, 1)));
  };

  const short = mix(within(1, 500), outside(1, 500));
  const bool = mix(fc.boolean(), fc.constantFrom('true', 0, 1));
  const localized = mix(
    fc.oneof(fc.string(), fc.dictionary(fc.constantFrom('fr', 'en', 'de', 'x'), fc.string())),
    fc.dictionary(fc.constantFrom('fr', 'en'), junk, { minKeys: 1 }),
  );
  const langs = fc.constantFrom('fr', 'en', 'de', 'en-GB', 'pt-BR', 'zh-Hant', 'gsw', 'de-CH-1996');
  const lang = mix(langs, fc.constantFrom('FR', 'french', 'f', 'en_GB', 'en-', 'en-x', ''));
  const url = mix(URL_OK, URL_BAD);
  const hex = mix(HEX_OK, fc.constantFrom('#abcd', 'blue', '#12345g', '0b57d0', '#0b57d0 '));
  const ms = mix(
    fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    fc.constantFrom(0, -1, 2 ** 31, 1.5, '1000'),
  );
  const purpose = rec(
    {
      id: mix(fc.constantFrom(...ID_POOL), badId),
      required: bool,
      services: mix(fc.array(short, { maxLength: 3 }), fc.constant('matomo')),
      label: localized,
      description: localized,
    },
    ['id', 'label'],
  );
  // uniqueArray keeps ids unique: duplicates are for the widget alone to refuse.
  const purposes = mix(
    fc.uniqueArray(purpose, { maxLength: 4, selector: (p: any) => p.id }),
    fc.constant({}),
  );
  const base = n;

  const built = new Map<string, fc.Arbitrary<unknown>>();
  /** Everything but purposes, given the purpose ids the config declares (built once per id list). */
  const rest = (declared: string[]) => {
    const key = JSON.stringify(declared);
    if (!built.has(key)) built.set(key, buildRest(declared));
    return built.get(key)!;
  };
  const buildRest = (declared: string[]) => {
    n = base; // the same fault points, in the same order, whatever was declared
    // A well-formed id that is not declared is for the widget alone to refuse: junk may draw one
    // ("a"), so such draws are left out.
    const ref = mix(
      declared.length ? fc.constantFrom(...declared) : fc.constant(undefined),
      fc.oneof(badId, fc.integer()),
    ).filter(
      (v) => typeof v !== 'string' || !/^[a-z][a-z0-9_-]{0,39}$/.test(v) || declared.includes(v),
    );
    const refs = (minLength: number) =>
      mix(fc.array(ref, { minLength, maxLength: 3 }), fc.constant('analytics'));
    // Nothing references a purpose when none is declared (undefined drops the key).
    const some = <T>(a: fc.Arbitrary<T>, none: fc.Arbitrary<unknown>) =>
      declared.length ? a : none;
    const profile = rec(
      {
        purposes: refs(1),
        required: bool,
        text: localized,
        alternative: localized,
        placement: mix(
          fc.constantFrom('before-submit', 'slot', 'end'),
          fc.constantFrom('start', ''),
        ),
        fields: mix(fc.array(short, { maxLength: 2 }), fc.constant('email')),
        selector: short,
      },
      ['purposes'],
    );
    const pair = faulty(); // matomo.url without siteId
    const matomo = rec({
      mode: mix(fc.constantFrom('consent', 'cookie', 'exempt'), fc.constant('off')),
      purpose: some(ref, fc.constant(undefined)),
      url,
      siteId: mix(
        fc.oneof(fc.integer({ min: 1 }), fc.integer({ min: 1 }).map(String)),
        fc.constantFrom('1a', '-1', '', ' 1', [1], ['2'], 1.5, 0, -3, '0', '007'),
      ),
    }).filter(
      (m: any) =>
        (pair || !m.url || m.siteId !== undefined) &&
        (m.purpose !== undefined || declared.includes('analytics')),
    );
    return rec({
      site: mix(
        ORIGIN,
        fc.oneof(
          ORIGIN.map((o) => `${o}/`),
          fc.constantFrom('www.example.com', 'ftp://x', 'https://x?'),
        ),
      ),
      endpoint: url,
      lang,
      notice: mix(
        rec({ version: mix(within(1, 64), outside(1, 64)), policyUrl: url }),
        fc.constant('1'),
      ),
      cookie: mix(
        rec({
          name: mix(COOKIE_NAME, fc.constantFrom('a b', 'é', 'x'.repeat(65))),
          domain: mix(DOMAIN, fc.constantFrom('example.com/', 'a b', '')),
          days: mix(fc.integer({ min: 1, max: 395 }), fc.constantFrom(0, 396, 1.5, '180')),
        }),
        fc.constant(180),
      ),
      texts: mix(
        fc.dictionary(
          mixKey(langs, fc.constantFrom('FR', 'en_GB', 'french')),
          mix(
            fc.dictionary(
              mixKey(fc.constantFrom(...Object.keys(fr)), fc.constantFrom('custom.key', 'title')),
              mix(within(0, 8000), outside(0, 8000)),
              { maxKeys: 3 },
            ),
            fc.constant('x'),
          ),
          { maxKeys: 2 },
        ),
        fc.constant('x'),
      ),
      forms: mix(
        fc.oneof(
          fc.constant(false),
          rec({
            selector: short,
            profiles: some(
              fc.dictionary(fc.string({ maxLength: 8 }), profile, { maxKeys: 2 }),
              fc.constant({}),
            ),
          }),
        ),
        fc.constant(true),
      ),
      // Without a purpose, Matomo's is "analytics", which must then be declared (widget only): also
      // when the fault point draws junk, which may be {}.
      matomo: mix(
        fc.oneof(fc.constant(false), ...(declared.length ? [matomo] : [])),
        fc.constant(true),
      ).filter(
        (m: any) =>
          m?.constructor !== Object || m.purpose !== undefined || declared.includes('analytics'),
      ),
      gcm: mix(
        fc.oneof(
          fc.constant(false),
          some(
            fc.dictionary(
              mixKey(fc.constantFrom(...GCM), fc.constantFrom('cookies', 'AD_STORAGE')),
              ref,
              { maxKeys: 3 },
            ),
            fc.constant({}),
          ),
        ),
        fc.constant(['analytics']),
      ),
      gpc: mix(rec({ refuse: some(refs(0), fc.constant([])) }), fc.constant(['marketing'])),
      theme: mix(
        rec({
          accent: hex,
          background: hex,
          text: hex,
          radius: mix(
            fc
              .tuple(fc.nat(40), fc.option(fc.nat(9)), fc.constantFrom('px', 'rem', 'em'))
              .map(([i, d, u]) => `${i}${d === null ? '' : `.${d}`}${u}`),
            fc.constantFrom('8', '8 px', '.5rem', '8%', '-1px'),
          ),
          font: mix(
            fc.oneof(
              fc.constantFrom('system-ui', '"Inter", sans-serif'),
              within(1, 200).filter((s) => !/[;{}<>]/.test(s)),
            ),
            fc.oneof(fc.constantFrom('x;y', 'a{b}', '<x>', ''), outside(1, 200)),
          ),
          mode: mix(fc.constantFrom('auto', 'light', 'dark'), fc.constant('system')),
        }),
        fc.constant('#fff'),
      ),
      delivery: mix(rec({ retryBaseMs: ms, retryMaxMs: ms, timeoutMs: ms }), fc.constant(1000)),
      ui: mix(
        rec({
          position: mix(
            fc.constantFrom('bottom', 'top', 'center', 'bottom-left', 'bottom-right'),
            fc.constant('left'),
          ),
          reopenButton: bool,
          banner: bool,
        }),
        fc.constant('bottom'),
      ),
    });
  };

  /** The ids the widget treats as declared (validate.ts: the defaults when purposes is not an array). */
  const declaredIds = (ps: unknown): string[] =>
    Array.isArray(ps)
      ? ps.map((p) => p?.id).filter((id): id is string => typeof id === 'string')
      : ['analytics', 'marketing'];

  const arb = fc
    .option(purposes, { nil: undefined })
    .chain((ps) =>
      rest(declaredIds(ps)).map((r) =>
        ps === undefined ? r : { purposes: ps, ...(r as Record<string, unknown>) },
      ),
    );
  buildRest([]);
  return { arb, points: n };
}

describe('schema and widget on generated configs', () => {
  const { arb: validConfigs, points } = arbs(null);

  it('accept 300 generated valid configs alike', () => {
    fc.assert(
      fc.property(validConfigs, (c) => {
        expect(verdicts(c), JSON.stringify(validateConfig(c, env).errors.slice(0, 3))).toEqual({
          schema: true,
          widget: true,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('give the same verdict on 300 generated configs with one kind of fault', () => {
    // RUNS=20000 looks harder for a rare counterexample.
    const runs = Number(process.env.RUNS ?? 300);
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: points - 1 }).chain((t) => arbs(t).arb),
        (c) => {
          const v = verdicts(c);
          if (v.widget) accepted++;
          const why = JSON.stringify(validateConfig(c, env).errors.slice(0, 3));
          expect(v.schema, `widget: ${why}; schema: ${ajv.errorsText(validate.errors)}`).toBe(
            v.widget,
          );
        },
      ),
      { numRuns: runs },
    );
    // Both verdicts must be exercised, or the comparison says little.
    expect(accepted).toBeGreaterThan(runs / 10);
    expect(accepted).toBeLessThan(runs - runs / 10);
  });
});
