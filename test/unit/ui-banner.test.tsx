import { fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Cachet, init } from '../../src/index';
import { onAccent, ui } from '../../src/ui';
import { css, dialogCss, reopenCss } from '../../src/ui/styles';
import { memoryStorage } from './helpers/memory-storage';

let cachet: Cachet | null = null;
afterEach(() => {
  cachet?.destroy();
  cachet = null;
  document.body.innerHTML = '';
});

function start(config: object = {}, storage = memoryStorage()) {
  cachet = init(
    {
      notice: { version: 'v1', policyUrl: 'https://www.example.com/confidentialite' },
      purposes: [
        {
          id: 'analytics',
          label: { fr: 'Mesure d’audience', en: 'Audience' },
          services: ['Matomo'],
        },
        { id: 'marketing', label: { fr: 'Marketing', en: 'Marketing' } },
      ],
      ...config,
    },
    { modules: [ui], storage },
  );
  const root = document.getElementById('cachet')!.shadowRoot!;
  return { root, q: within(root as unknown as HTMLElement), storage };
}

describe('banner', () => {
  it('shows the first layer in French with three equal actions and a close control', () => {
    const { q } = start();
    expect(q.getByRole('dialog', { name: 'Respect de votre vie privée' })).toBeTruthy();
    const names = q.getAllByRole('button').map((b) => b.textContent);
    expect(names).toEqual([
      'Continuer sans accepter',
      'Tout accepter',
      'Tout refuser',
      'Personnaliser',
    ]);
    const classes = ['Tout accepter', 'Tout refuser', 'Personnaliser'].map(
      (n) => q.getByRole('button', { name: n }).className,
    );
    // CNIL 2020-092: refusing as easy as accepting — same style for all three.
    expect(new Set(classes).size).toBe(1);
    expect(q.getByRole('link', { name: 'Politique de confidentialité' }).getAttribute('href')).toBe(
      'https://www.example.com/confidentialite',
    );
  });

  it('speaks English when configured', () => {
    const { q } = start({ lang: 'en' });
    expect(q.getByRole('button', { name: 'Refuse all' })).toBeTruthy();
  });

  it('records a refusal with "Continuer sans accepter" and hides', () => {
    const { q, storage } = start();
    const changes: unknown[] = [];
    cachet!.on('change', (d) => changes.push(d));
    fireEvent.click(q.getByRole('button', { name: 'Continuer sans accepter' }));
    expect(JSON.parse(storage.value!).p).toEqual({ analytics: false, marketing: false });
    expect(changes).toMatchObject([
      { event: 'refused', method: 'banner:close', notice: { id: 'banner', lang: 'fr' } },
    ]);
    expect(q.queryByRole('dialog')).toBeNull();
  });

  it('accepts all and shows the reopen button afterwards', () => {
    const { q } = start();
    fireEvent.click(q.getByRole('button', { name: 'Tout accepter' }));
    expect(cachet!.hasConsent('analytics')).toBe(true);
    expect(cachet!.hasConsent('marketing')).toBe(true);
    expect(q.getByRole('button', { name: 'Gérer mes cookies' })).toBeTruthy();
  });

  it('records the exact banner text shown in the decision', () => {
    const { q } = start({ texts: { fr: { 'banner.text': 'Nous utilisons **Matomo**.' } } });
    let text = '';
    cachet!.on('change', (d) => {
      text = d.notice.text;
    });
    fireEvent.click(q.getByRole('button', { name: 'Tout refuser' }));
    expect(text.split('\n')).toEqual([
      'Respect de votre vie privée',
      'Continuer sans accepter',
      'Nous utilisons **Matomo**.',
      'Tout accepter',
      'Tout refuser',
      'Personnaliser',
    ]);
  });

  it('still asks about the purposes a form consent did not cover', () => {
    const storage = memoryStorage();
    start({}, storage);
    cachet!.accept(['marketing']);
    cachet!.destroy();
    const { q } = start({}, storage);
    expect(q.getByRole('dialog', { name: 'Respect de votre vie privée' })).toBeTruthy();
    expect(cachet!.hasConsent('marketing')).toBe(true);
  });

  it('does not show when a valid decision exists', () => {
    const storage = memoryStorage();
    start({}, storage);
    cachet!.rejectAll();
    cachet!.destroy();
    const { q } = start({}, storage);
    expect(q.queryByRole('dialog')).toBeNull();
    expect(q.getByRole('button', { name: 'Gérer mes cookies' })).toBeTruthy();
  });
});

describe('preferences dialog', () => {
  it('opens from "Personnaliser" with every switch off', () => {
    const { q } = start();
    fireEvent.click(q.getByRole('button', { name: 'Personnaliser' }));
    const dialog = q.getByRole('dialog', { name: 'Préférences de confidentialité' });
    const switches = within(dialog).getAllByRole('switch') as HTMLInputElement[];
    expect(switches).toHaveLength(2);
    expect(switches.every((s) => !s.checked)).toBe(true);
    expect(within(dialog).getByText('Services : Matomo')).toBeTruthy();
  });

  it('saves a partial choice', () => {
    const { q } = start();
    fireEvent.click(q.getByRole('button', { name: 'Personnaliser' }));
    fireEvent.click(q.getByRole('switch', { name: 'Mesure d’audience' }));
    fireEvent.click(q.getByRole('button', { name: 'Enregistrer' }));
    expect(cachet!.getConsent()?.p).toEqual({ analytics: true, marketing: false });
    expect(q.queryByRole('dialog')).toBeNull();
  });

  it('goes back to the banner without deciding on Escape', () => {
    const { q, storage } = start();
    fireEvent.click(q.getByRole('button', { name: 'Personnaliser' }));
    fireEvent.keyDown(q.getByRole('dialog'), { key: 'Escape' });
    expect(storage.value).toBeUndefined();
    expect(q.getByRole('dialog', { name: 'Respect de votre vie privée' })).toBeTruthy();
  });

  it('opens from any [data-cachet-open] element and from the API', () => {
    const { q } = start();
    cachet!.rejectAll();
    const link = document.createElement('a');
    link.href = '#';
    link.dataset.cachetOpen = '';
    link.textContent = 'Gérer mes cookies';
    document.body.append(link);
    fireEvent.click(link);
    expect(q.getByRole('dialog', { name: 'Préférences de confidentialité' })).toBeTruthy();
    cachet!.hide();
    expect(q.queryByRole('dialog')).toBeNull();
    cachet!.openPreferences();
    expect(q.getByRole('dialog')).toBeTruthy();
  });

  it('re-renders in another language with setLang()', () => {
    const { q } = start();
    cachet!.setLang('en');
    expect(q.getByRole('button', { name: 'Accept all' })).toBeTruthy();
  });
});

describe('decisions made elsewhere', () => {
  it('keeps the banner while a decision (a form box) left purposes undecided', () => {
    const { q } = start();
    cachet!.accept(['analytics']);
    expect(q.getByRole('dialog', { name: 'Respect de votre vie privée' })).toBeTruthy();
    cachet!.refuse(['marketing']);
    expect(q.queryByRole('dialog')).toBeNull();
  });
});

describe('robustness', () => {
  it('starts nothing and logs the field on an invalid config', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const c = init({ ui: { position: 'left' } } as never, {
      modules: [ui],
      storage: memoryStorage(),
    });
    expect(c.ready).toBe(false);
    expect(document.getElementById('cachet')).toBeNull();
    expect(err.mock.calls[0][0]).toContain('"ui.position"');
    err.mockRestore();
  });

  it('reports an integrator callback that throws and still hides the banner', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { q } = start();
    cachet!.on('change', () => {
      throw new Error('site bug');
    });
    fireEvent.click(q.getByRole('button', { name: 'Tout refuser' }));
    expect(q.queryByRole('dialog')).toBeNull();
    expect(err).toHaveBeenCalled();
    err.mockRestore();
  });
});

describe('stylesheets', () => {
  it('parses the dialog and reopen button rules each the first time it shows, once', () => {
    const { root, q } = start();
    const rules = () => root.adoptedStyleSheets.map((s) => s.cssRules[0].cssText.slice(0, 4));
    expect(root.adoptedStyleSheets).toHaveLength(1);
    fireEvent.click(q.getByRole('button', { name: 'Personnaliser' }));
    expect(rules().slice(1)).toEqual(['dial']);
    fireEvent.click(q.getByRole('button', { name: 'Tout refuser' }));
    expect(q.getByRole('button', { name: 'Gérer mes cookies' })).toBeTruthy();
    expect(rules().slice(1)).toEqual(['dial', '.re ']);
    fireEvent.click(q.getByRole('button', { name: 'Gérer mes cookies' }));
    fireEvent.click(q.getByRole('button', { name: 'Tout refuser' }));
    expect(root.adoptedStyleSheets).toHaveLength(3);
  });

  it('parses only the reopen button rules when the visitor decides on the banner', () => {
    const { root, q } = start();
    fireEvent.click(q.getByRole('button', { name: 'Tout refuser' }));
    expect(q.getByRole('button', { name: 'Gérer mes cookies' })).toBeTruthy();
    expect(root.adoptedStyleSheets.map((s) => s.cssRules[0].cssText.slice(0, 4))).toEqual([
      ':hos',
      '.re ',
    ]);
  });

  it('keeps <style> elements across redraws where constructable stylesheets are missing', () => {
    // Safari before 16.4: `new CSSStyleSheet()` throws.
    vi.stubGlobal(
      'CSSStyleSheet',
      class {
        constructor() {
          throw new TypeError('Illegal constructor');
        }
      },
    );
    try {
      const { root, q } = start();
      const styles = () => [...root.querySelectorAll('style')].map((s) => s.textContent);
      expect(styles()).toEqual([css]);
      fireEvent.click(q.getByRole('button', { name: 'Personnaliser' }));
      expect(styles()).toEqual([css, dialogCss]);
      fireEvent.click(q.getByRole('button', { name: 'Tout refuser' }));
      expect(q.getByRole('button', { name: 'Gérer mes cookies' })).toBeTruthy();
      expect(styles()).toEqual([css, dialogCss, reopenCss]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('onAccent()', () => {
  it('picks white text on a dark accent and black on a light one', () => {
    expect(onAccent('#0b57d0')).toBe('#fff');
    expect(onAccent('#ffd60a')).toBe('#000');
    expect(onAccent('#fff')).toBe('#000');
  });
});

describe('theme.accent in dark mode', () => {
  const vars = () => {
    const s = document.getElementById('cachet')!.style;
    return [s.getPropertyValue('--cachet-accent'), s.getPropertyValue('--cachet-accent-dark')];
  };

  it('keeps a site accent that links can be read in on the dark background', () => {
    start({ theme: { accent: '#ffb300' } }); // 10.1:1 on #1e1f23
    expect(vars()).toEqual(['#ffb300', '#ffb300']);
  });

  it("leaves the built-in dark accent where the site's would be unreadable there", () => {
    // The demo's #1d4ed8 is 2.5:1 on #1e1f23 (WCAG 1.4.3 asks 4.5:1 for the policy link).
    start({ theme: { accent: '#1d4ed8' } });
    expect(vars()).toEqual(['#1d4ed8', '']);
  });
});
