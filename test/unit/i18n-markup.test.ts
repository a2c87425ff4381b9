import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate';
import { localize, noticeStrings, t } from '../../src/i18n';
import { parseMarkup, plainText } from '../../src/i18n/markup';

describe('parseMarkup()', () => {
  it('keeps plain French text, accents and apostrophes as they are', () => {
    const s = 'J’autorise SOCIATEX à me contacter « de façon personnalisée » — c’est noté.';
    expect(parseMarkup(s)).toEqual([{ t: 'text', v: s }]);
  });

  it('parses bold, italic, line breaks and links', () => {
    expect(parseMarkup('a **b** *c*\n[d](https://x.fr/p)')).toEqual([
      { t: 'text', v: 'a ' },
      { t: 'b', c: [{ t: 'text', v: 'b' }] },
      { t: 'text', v: ' ' },
      { t: 'i', c: [{ t: 'text', v: 'c' }] },
      { t: 'br' },
      { t: 'a', href: 'https://x.fr/p', c: [{ t: 'text', v: 'd' }] },
    ]);
  });

  it("never makes a link of javascript: or data: URLs, nor of another site's address", () => {
    // `/\host` too: browsers read a backslash as a slash in http(s) URLs, so it is another site.
    for (const href of [
      'javascript:alert(1)',
      'data:text/html,x',
      '//evil.example',
      '/\\evil.example',
    ]) {
      const parts = parseMarkup(`[x](${href})`);
      expect(parts.some((p) => p.t === 'a')).toBe(false);
      expect(plainText(parts)).toBe(`[x](${href})`);
    }
  });

  it('shows HTML as text', () => {
    const s = '<img src=x onerror=alert(1)><b>x</b>';
    expect(parseMarkup(s)).toEqual([{ t: 'text', v: s }]);
  });

  it('leaves a lone star or an unclosed bracket as text', () => {
    expect(plainText(parseMarkup('5 * 3 = 15 [note'))).toBe('5 * 3 = 15 [note');
    expect(parseMarkup('5 * 3 = 15').every((p) => p.t === 'text')).toBe(true);
  });
});

describe('texts', () => {
  const config = validateConfig(
    {
      texts: { fr: { 'banner.title': 'Vos données' } },
      purposes: [{ id: 'a', label: { fr: 'Mesure', en: 'Stats' } }],
    },
    { origin: 'https://x.fr' },
  ).config!;

  it('uses an override, else the built-in text of the language, else French', () => {
    expect(t(config, 'fr', 'banner.title')).toBe('Vos données');
    expect(t(config, 'en', 'banner.title')).toBe('Your privacy');
    expect(t(config, 'de', 'banner.acceptAll')).toBe('Tout accepter');
  });

  it('localizes per language with a French fallback', () => {
    expect(localize({ fr: 'Bonjour', en: 'Hello' }, 'en')).toBe('Hello');
    expect(localize({ fr: 'Bonjour', en: 'Hello' }, 'de')).toBe('Bonjour');
    expect(localize('Partout', 'en')).toBe('Partout');
  });

  it('lists the notice strings of a layer in display order', () => {
    expect(noticeStrings(config, 'fr', 'banner')).toEqual([
      'Vos données',
      'Continuer sans accepter',
      expect.stringContaining('Avec votre accord'),
      'Tout accepter',
      'Tout refuser',
      'Personnaliser',
    ]);
    const prefs = noticeStrings(config, 'en', 'prefs');
    expect(prefs.slice(0, 2)).toEqual(['Privacy preferences', 'Close']);
    expect(prefs).toContain('Stats');
    expect(prefs.slice(-3)).toEqual(['Refuse all', 'Accept all', 'Save']);
  });
});
