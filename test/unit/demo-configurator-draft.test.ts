/** The configurator's model: edits by path, localized texts, the wording-change check, exports. */
import { describe, expect, it } from 'vitest';
import {
  changedWording,
  loadWorkspace,
  localizedSet,
  needsVersionBump,
  parseImport,
  STORAGE_KEY,
  scriptTag,
  setIn,
  type Workspace,
  warningsOf,
} from '../../demo/configurator/draft';

const base = {
  notice: { version: '2022-01-24' },
  texts: { fr: { 'banner.title': 'Titre' } },
  purposes: [{ id: 'analytics', label: { fr: 'Mesure', en: 'Analytics' } }],
};

describe('configurator draft', () => {
  it('sets a value by path without touching the original', () => {
    const next = setIn(base, ['texts', 'en', 'banner.title'], 'Title');
    expect(next.texts).toEqual({
      fr: { 'banner.title': 'Titre' },
      en: { 'banner.title': 'Title' },
    });
    expect(base.texts).toEqual({ fr: { 'banner.title': 'Titre' } });
  });

  it('drops a cleared text and the objects it leaves empty, so the default applies again', () => {
    expect(setIn(base, ['texts', 'fr', 'banner.title'], undefined)).not.toHaveProperty('texts');
    expect(setIn(base, ['purposes', 0], undefined).purposes).toEqual([]);
  });

  it('edits one language of a text given for every language', () => {
    expect(localizedSet('Même texte', 'en', 'Same text')).toEqual({
      fr: 'Même texte',
      en: 'Same text',
    });
    expect(localizedSet({ fr: 'a' }, 'fr', '')).toBeUndefined();
  });

  it('asks for a new notice version when the wording changed and the version did not', () => {
    const edited = setIn(base, ['purposes', 0, 'label', 'fr'], 'Statistiques');
    expect(changedWording(edited, base)).toEqual(['purpose analytics label (fr)']);
    expect(needsVersionBump(edited, base)).toBe(true);
    expect(needsVersionBump(setIn(edited, ['notice', 'version'], '2025-01-01'), base)).toBe(false);
    // Colours are not wording.
    expect(needsVersionBump(setIn(base, ['theme', 'accent'], '#000000'), base)).toBe(false);
  });

  it('writes the script tag with its integrity hash', () => {
    const tag = scriptTag(
      {
        src: 'https://www.example.com/cachet.js',
        configUrl: '/cachet.config.json',
        site: 'https://www.example.com',
        endpoint: '',
      },
      'sha384-abc',
    );
    expect(tag).toContain('integrity="sha384-abc" crossorigin="anonymous"');
    expect(tag).not.toContain('data-endpoint');
  });

  it('reads imports and saved drafts defensively', () => {
    expect(parseImport('[1]')).toEqual({ error: 'A config file holds one JSON object ({ … }).' });
    expect('error' in parseImport('{')).toBe(true);
    const fallback = { draft: {}, baseline: {}, install: {}, savedAt: 'x' } as unknown as Workspace;
    expect(loadWorkspace({ getItem: () => '{"draft":1}' }, () => fallback)).toBe(fallback);
    expect(
      loadWorkspace(
        {
          getItem: (k) =>
            k === STORAGE_KEY ? JSON.stringify({ ...fallback, savedAt: 'y' }) : null,
        },
        () => fallback,
      ).savedAt,
    ).toBe('y');
  });
});

describe('configurator warnings', () => {
  const paths = (c: object) => warningsOf(c).map((w) => w.path);

  it('has none for the built-in look and complete wording', () => {
    expect(warningsOf(base)).toEqual([]);
    expect(
      warningsOf({ theme: { background: '#101418', text: '#f1f1f1', accent: '#ffb300' } }),
    ).toEqual([]);
  });

  it('flags text that does not contrast with the background, with the ratio', () => {
    const [w] = warningsOf({ theme: { background: '#ffffff', text: '#ffffff' } });
    expect(w).toEqual({
      path: 'theme.text',
      message: 'Text on the background contrasts 1.0:1; WCAG 2.1 AA asks 4.5:1 (1.4.3).',
    });
  });

  it('flags an accent that only suits one of the two system palettes', () => {
    // A dark blue reads on white but not on the dark palette the visitor's system may pick.
    const ws = warningsOf({ theme: { accent: '#0b3d91' } });
    expect(ws.map((w) => w.path)).toEqual(['theme.accent']);
    expect(ws[0].message).toContain("visitors in dark mode get Cachet's own light blue instead");
    expect(paths({ theme: { accent: '#0b3d91', mode: 'light' } })).toEqual([]);
  });

  it('flags a text left without one of the languages, naming what those visitors read', () => {
    const c = {
      purposes: [{ id: 'a', label: { en: 'Analytics' }, description: { fr: 'Mesure' } }],
      forms: { profiles: { default: { purposes: ['a'], text: 'Une seule pour toutes' } } },
    };
    expect(warningsOf(c)).toEqual([
      {
        path: 'purposes[0].label',
        message: 'No French text: French visitors read the English one.',
      },
      {
        path: 'purposes[0].description',
        message: 'No English text: English visitors read the French one.',
      },
    ]);
  });
});
