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
