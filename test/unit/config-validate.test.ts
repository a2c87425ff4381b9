import { describe, expect, it } from 'vitest';
import { formatConfigError, validateConfig } from '../../src/config/validate';
import { designExample } from '../fixtures/design-config';

const env = { origin: 'https://www.example.com' };

describe('validateConfig()', () => {
  it('fills in defaults for an empty config', () => {
    const { config, errors } = validateConfig({}, env);
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      site: 'https://www.example.com',
      endpoint: null,
      lang: 'fr',
      cookie: { name: 'cachet', domain: null, days: 180 },
      ui: { position: 'bottom', reopenButton: true, banner: true },
      gpc: { refuse: ['marketing'] },
    });
    expect(config?.purposes.map((p) => p.id)).toEqual(['analytics', 'marketing']);
  });

  it('takes the language from <html lang> when the config has none', () => {
    expect(validateConfig({}, { ...env, htmlLang: 'en-GB' }).config?.lang).toBe('en');
    expect(validateConfig({ lang: 'fr' }, { ...env, htmlLang: 'en' }).config?.lang).toBe('fr');
    // A page language with no texts: the notice is shown, and recorded, in French.
    expect(validateConfig({}, { ...env, htmlLang: 'ar' }).config?.lang).toBe('fr');
    const de = { texts: { de: { 'banner.title': 'Ihre Privatsphäre' } } };
    expect(validateConfig(de, { ...env, htmlLang: 'de' }).config?.lang).toBe('de');
  });

  it('resolves a relative endpoint against the page origin', () => {
    expect(validateConfig({ endpoint: '/v1/records' }, env).config?.endpoint).toBe(
      'https://www.example.com/v1/records',
    );
  });

  it('names the field, the value and what was expected for each problem', () => {
    const { config, errors } = validateConfig(
      {
        cookie: { days: 500 },
        purposes: [{ id: 'Analytics', label: 'A' }],
        theme: { accent: 'blue' },
        colour: 'red',
      },
      env,
    );
    expect(config).toBeNull();
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['cookie.days', 'purposes[0].id', 'theme.accent', 'colour']),
    );
    const days = errors.find((e) => e.path === 'cookie.days')!;
    expect(formatConfigError(days)).toBe(
      'Cachet: invalid config at "cookie.days": got 500, expected an integer from 1 to 395 (CNIL: 13 months at most).',
    );
  });

  it('rejects a form profile or a Matomo purpose that names an undeclared purpose', () => {
    const { errors } = validateConfig(
      {
        purposes: [{ id: 'analytics', label: 'Mesure' }],
        forms: { profiles: { default: { purposes: ['contact'] } } },
        matomo: { purpose: 'stats' },
      },
      env,
    );
    expect(errors.map((e) => e.path)).toEqual([
      'forms.profiles.default.purposes[0]',
      'matomo.purpose',
    ]);
    expect(errors[0].expected).toContain('analytics');
  });

  it('rejects duplicate purpose ids and a Matomo URL without a site id', () => {
    const { errors } = validateConfig(
      {
        purposes: [
          { id: 'a', label: 'A' },
          { id: 'a', label: 'B' },
        ],
        matomo: { purpose: 'a', url: 'https://stats.example.com/' },
      },
      env,
    );
    expect(errors.map((e) => e.path)).toEqual(['purposes[1].id', 'matomo.siteId']);
  });

  it('never throws on garbage', () => {
    for (const bad of [null, 42, 'x', [], { purposes: 'x' }, { texts: { fr: 3 } }, { forms: 1 }]) {
      expect(() => validateConfig(bad, env)).not.toThrow();
    }
    expect(validateConfig(42, env).errors[0].expected).toBe('an object');
  });

  it('accepts the full binding shape of DESIGN.md', () => {
    expect(validateConfig(designExample, env).errors).toEqual([]);
  });
});
