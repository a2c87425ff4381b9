/**
 * WCAG 2.1 AA for the banner and the preferences dialog in real Chromium, against the built
 * dist/cachet.js: axe (inside our shadow root), focus placement and return, a keyboard-only
 * walk with the dialog's focus trap, visible focus and reduced motion.
 */
import AxeBuilder from '@axe-core/playwright';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, page, serve, type TestServer } from './harness';

let browser: Browser;
let site: TestServer;

const CONFIG = { notice: { version: 'v1', policyUrl: '/confidentialite' } };
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const T = {
  fr: {
    banner: 'Respect de votre vie privée',
    prefs: 'Préférences de confidentialité',
    customize: 'Personnaliser',
  },
  en: { banner: 'Your privacy', prefs: 'Privacy preferences', customize: 'Customise' },
};

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serve({
    '/c.json': { body: JSON.stringify(CONFIG) },
    '/favicon.ico': { body: '', type: 'image/x-icon' },
    '/fr': { body: page({ lang: 'fr', attrs: 'data-config="/c.json"' }) },
    '/en': { body: page({ lang: 'en', attrs: 'data-config="/c.json"' }) },
    // A site's own dark theme (the configurator's colours): every text must still contrast.
    '/dark.json': {
      body: JSON.stringify({
        ...CONFIG,
        theme: { background: '#101418', text: '#f1f1f1', accent: '#ffb300' },
      }),
    },
    '/dark': { body: page({ lang: 'fr', attrs: 'data-config="/dark.json"' }) },
    '/long': {
      body: page({
        attrs: 'data-config="/c.json"',
        body: `${'<p>Contenu de la page.</p>'.repeat(60)}<a href="#fin" id="last">Lien du site</a>${'<p>Suite.</p>'.repeat(60)}`,
      }),
    },
    // A form deciding every purpose (the box covers both), sent by the site's own script.
    '/form.json': {
      body: JSON.stringify({
        ...CONFIG,
        forms: { profiles: { default: { purposes: ['analytics', 'marketing'] } } },
      }),
    },
    '/form': {
      body: page({
        attrs: 'data-config="/form.json"',
        body: '<form data-cachet id="f" action="/envoi"><input name="email" id="email"><button>Envoyer</button></form><script>document.getElementById("f").addEventListener("submit", (e) => e.preventDefault())</script>',
      }),
    },
    '/site': {
      body: page({
        attrs: 'data-config="/c.json"',
        body: '<button type="button" id="own">Un bouton du site</button><button type="button" data-cachet-open>Cookies</button>',
      }),
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function open(path = '/fr', opts: BrowserContextOptions = {}) {
  const c = await newContext(browser, opts);
  c.ctx.setDefaultTimeout(8000);
  await c.page.goto(site.origin + path);
  return c;
}
const dialog = (p: Page, name: string) => p.getByRole('dialog', { name });
const button = (p: Page, name: string) => p.getByRole('button', { name, exact: true });
/** axe on the settled UI, once the entrance animation is over. */
const axe = async (p: Page) => {
  await p.evaluate(() =>
    Promise.all(
      document
        .getElementById('cachet')!
        .shadowRoot!.getAnimations()
        .map((a) => a.finished),
    ),
  );
  return new AxeBuilder({ page: p }).withTags(TAGS).analyze();
};
/** Where focus is: inside our shadow root, the focused control's role-ish description. */
const focused = (p: Page) =>
  p.evaluate(() => {
    const host = document.getElementById('cachet');
    const inside = document.activeElement === host;
    const el = (
      inside ? host?.shadowRoot?.activeElement : document.activeElement
    ) as HTMLElement | null;
    if (!el) return null;
    const label = !el.matches('button,a,input')
      ? `.${el.className}`
      : el.getAttribute('role') === 'switch'
        ? `switch:${el.id}`
        : (el.textContent ?? '').trim() || el.title;
    return `${inside ? '' : 'page:'}${label}`;
  });
const cookie = async (p: Page) => (await p.context().cookies()).find((c) => c.name === 'cachet');
/** Nodes axe checked inside our shadow root for a rule (targets of shadow nodes are paths through #cachet). */
const inShadow = (r: AxeResults, kind: 'passes' | 'violations', rule: string) =>
  (r[kind].find((x) => x.id === rule)?.nodes ?? []).filter(
    (n) => Array.isArray(n.target[0]) && n.target[0][0] === '#cachet',
  ).length;

describe('axe (wcag2a, wcag2aa, wcag21a, wcag21aa)', () => {
  it('looks inside the shadow root: it flags a deliberately unnamed button there', async () => {
    const { ctx, page: p } = await open();
    await dialog(p, T.fr.banner).waitFor();
    await p.evaluate(() => {
      const b = document.createElement('button');
      document.getElementById('cachet')!.shadowRoot!.querySelector('.acts')!.append(b);
    });
    const r = await axe(p);
    expect(inShadow(r, 'violations', 'button-name')).toBe(1);
    await ctx.close();
  });

  for (const lang of ['fr', 'en'] as const)
    for (const colorScheme of ['light', 'dark'] as const)
      it(`finds 0 violations on the banner and the dialog, ${lang}, ${colorScheme}`, async () => {
        const { ctx, page: p, consoleErrors } = await open(`/${lang}`, { colorScheme });
        await dialog(p, T[lang].banner).waitFor();
        const onBanner = await axe(p);
        expect(onBanner.violations).toEqual([]);
        // axe did check our controls and their contrast, not an empty host.
        expect(inShadow(onBanner, 'passes', 'button-name')).toBe(4);
        expect(inShadow(onBanner, 'passes', 'color-contrast')).toBeGreaterThanOrEqual(5);

        await button(p, T[lang].customize).click();
        await dialog(p, T[lang].prefs).waitFor();
        const onDialog = await axe(p);
        expect(onDialog.violations).toEqual([]);
        expect(inShadow(onDialog, 'passes', 'button-name')).toBe(4);
        expect(inShadow(onDialog, 'passes', 'label')).toBe(2); // the two switches
        expect(consoleErrors).toEqual([]);
        await ctx.close();
      });

  it("finds 0 violations with the site's own dark colours", async () => {
    const { ctx, page: p } = await open('/dark');
    await dialog(p, T.fr.banner).waitFor();
    const onBanner = await axe(p);
    expect(onBanner.violations).toEqual([]);
    expect(inShadow(onBanner, 'passes', 'color-contrast')).toBeGreaterThanOrEqual(5);
    await button(p, T.fr.customize).click();
    await dialog(p, T.fr.prefs).waitFor();
    expect((await axe(p)).violations).toEqual([]);
    await ctx.close();
  });
});

describe('keyboard', () => {
  it('moves focus into the banner when it is shown', async () => {
    const { ctx, page: p } = await open();
    await dialog(p, T.fr.banner).waitFor();
    expect(await focused(p)).toBe('.b'); // the banner region itself (tabindex=-1)
    await ctx.close();
  });

  it('walks the whole flow with the keyboard only', async () => {
    const { ctx, page: p } = await open();
    await dialog(p, T.fr.banner).waitFor();
    // Tab reaches every control of the banner, in reading order.
    const order: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      await p.keyboard.press('Tab');
      order.push(await focused(p));
    }
    expect(order).toEqual([
      'Continuer sans accepter',
      'Politique de confidentialité',
      'Tout accepter',
      'Tout refuser',
      'Personnaliser',
    ]);

    // Enter on "Personnaliser" opens the dialog with focus inside.
    await p.keyboard.press('Enter');
    await dialog(p, T.fr.prefs).waitFor();
    const inDialog = [
      'Fermer',
      'Politique de confidentialité',
      'switch:cp-analytics',
      'switch:cp-marketing',
      'Tout refuser',
      'Tout accepter',
      'Enregistrer',
    ];
    expect(await focused(p)).toBe(inDialog[0]);

    // Tab goes round inside the dialog, and Shift+Tab back.
    const forward: (string | null)[] = [];
    for (let i = 0; i < inDialog.length; i++) {
      await p.keyboard.press('Tab');
      forward.push(await focused(p));
    }
    expect(forward).toEqual([...inDialog.slice(1), inDialog[0]]);
    await p.keyboard.press('Shift+Tab');
    expect(await focused(p)).toBe('Enregistrer');

    // Space toggles a switch.
    await p.keyboard.press('Shift+Tab');
    await p.keyboard.press('Shift+Tab');
    await p.keyboard.press('Shift+Tab');
    expect(await focused(p)).toBe('switch:cp-marketing');
    await p.keyboard.press('Space');
    expect(await p.getByRole('switch', { name: 'Communication personnalisée' }).isChecked()).toBe(
      true,
    );

    // Escape closes the dialog without deciding and goes back to the banner.
    await p.keyboard.press('Escape');
    await dialog(p, T.fr.prefs).waitFor({ state: 'detached' });
    await dialog(p, T.fr.banner).waitFor();
    expect(await cookie(p)).toBeUndefined();
    // Focus is back on the button that opened the dialog.
    expect(await focused(p)).toBe('Personnaliser');

    // A full decision by keyboard: Shift+Tab to "Tout refuser", Space.
    await p.keyboard.press('Shift+Tab');
    expect(await focused(p)).toBe('Tout refuser');
    await p.keyboard.press('Space');
    await dialog(p, T.fr.banner).waitFor({ state: 'detached' });
    const value = JSON.parse(decodeURIComponent((await cookie(p))!.value));
    expect(value.p).toEqual({ analytics: false, marketing: false });
    // The banner came at page load (focus was on <body>): focus goes to the reopen button that
    // takes its place, not to <body>, where a screen reader would start the page over.
    expect(await focused(p)).toBe('Gérer mes cookies');
    await ctx.close();
  });

  it('returns focus to the element that opened the preferences', async () => {
    const { ctx, page: p } = await open('/site');
    await button(p, 'Tout accepter').click();
    await dialog(p, T.fr.banner).waitFor({ state: 'detached' });

    // The floating reopen button that replaced the banner passes axe too.
    await button(p, 'Gérer mes cookies').waitFor();
    const withReopen = await axe(p);
    expect(withReopen.violations).toEqual([]);
    expect(inShadow(withReopen, 'passes', 'button-name')).toBe(1);

    const opener = p.getByRole('button', { name: 'Cookies', exact: true });
    await opener.focus();
    await p.keyboard.press('Enter');
    await dialog(p, T.fr.prefs).waitFor();
    expect(await focused(p)).toBe('Fermer');
    await p.keyboard.press('Escape');
    await dialog(p, T.fr.prefs).waitFor({ state: 'detached' });
    expect(await focused(p)).toBe('page:Cookies');

    // And after a decision made in the dialog.
    await p.keyboard.press('Enter');
    await dialog(p, T.fr.prefs).waitFor();
    await p.keyboard.press('Shift+Tab'); // wraps to "Enregistrer"
    await p.keyboard.press('Enter');
    await dialog(p, T.fr.prefs).waitFor({ state: 'detached' });
    expect(await focused(p)).toBe('page:Cookies');

    // From the floating reopen button too, though it lives in the widget's shadow root.
    await button(p, 'Gérer mes cookies').focus();
    await p.keyboard.press('Enter');
    await dialog(p, T.fr.prefs).waitFor();
    await p.keyboard.press('Escape');
    await dialog(p, T.fr.prefs).waitFor({ state: 'detached' });
    expect(await focused(p)).toBe('Gérer mes cookies');
    await ctx.close();
  });

  it('scrolls what gets focus on the page clear of the open banner (WCAG 2.2 2.4.11)', async () => {
    // Tab, or Cachet focusing a form's box, scrolls the element into view: not under the banner.
    const { ctx, page: p } = await open('/long');
    await dialog(p, T.fr.banner).waitFor();
    await p.waitForFunction(() => document.documentElement.style.scrollPaddingBottom !== '');
    await p.locator('#last').focus();
    const [link, banner] = await p.evaluate(() => [
      document.getElementById('last')!.getBoundingClientRect().bottom,
      document.getElementById('cachet')!.shadowRoot!.querySelector('.b')!.getBoundingClientRect()
        .top,
    ]);
    expect(link).toBeLessThanOrEqual(banner);
    // The end of the page too (its last lines, a footer's links) can scroll clear of the banner.
    await p.waitForFunction(() => document.documentElement.style.paddingBottom !== '');
    const [end, top] = await p.evaluate(() => {
      window.scrollTo(0, document.documentElement.scrollHeight);
      return [
        document.querySelector('main')!.getBoundingClientRect().bottom,
        document.getElementById('cachet')!.shadowRoot!.querySelector('.b')!.getBoundingClientRect()
          .top,
      ];
    });
    expect(end).toBeLessThanOrEqual(top);
    // Given back once the banner is answered.
    await button(p, 'Tout refuser').click();
    await dialog(p, T.fr.banner).waitFor({ state: 'detached' });
    expect(
      await p.evaluate(() => {
        const s = document.documentElement.style;
        return [s.scrollPaddingBottom, s.paddingBottom];
      }),
    ).toEqual(['', '']);
    await ctx.close();
  });

  it('adds no room below a page that does not scroll: a new scrollbar would reflow it', async () => {
    const { ctx, page: p } = await open('/fr');
    await dialog(p, T.fr.banner).waitFor();
    await p.waitForFunction(() => document.documentElement.style.scrollPaddingBottom !== '');
    expect(await p.evaluate(() => document.documentElement.style.paddingBottom)).toBe('');
    await ctx.close();
  });

  it('leaves focus where the visitor is when a form, not the banner, decides', async () => {
    const { ctx, page: p } = await open('/form');
    await dialog(p, T.fr.banner).waitFor();
    await p.getByRole('checkbox').check();
    await p.locator('#email').fill('a@example.com');
    await p.locator('#email').press('Enter');
    await dialog(p, T.fr.banner).waitFor({ state: 'detached' });
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('email');
    await ctx.close();
  });

  it('shows a visible focus indicator on every kind of control', async () => {
    const { ctx, page: p } = await open();
    await dialog(p, T.fr.banner).waitFor();
    const outline = () =>
      p.evaluate(() => {
        const el = document.getElementById('cachet')!.shadowRoot!.activeElement!;
        const s = getComputedStyle(el);
        return {
          focusVisible: el.matches(':focus-visible'),
          style: s.outlineStyle,
          width: Number.parseFloat(s.outlineWidth),
        };
      });
    const seen: Record<string, unknown> = {};
    for (let i = 0; i < 3; i++) {
      await p.keyboard.press('Tab'); // close control, policy link, a main button
      seen[(await focused(p))!] = await outline();
    }
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    await p.keyboard.press('Enter');
    await dialog(p, T.fr.prefs).waitFor();
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab'); // a switch
    seen[(await focused(p))!] = await outline();
    expect(Object.keys(seen)).toEqual([
      'Continuer sans accepter',
      'Politique de confidentialité',
      'Tout accepter',
      'switch:cp-analytics',
    ]);
    for (const [name, o] of Object.entries(seen))
      expect(o, name).toMatchObject({ focusVisible: true, style: 'solid' });
    for (const [name, o] of Object.entries(seen))
      expect((o as { width: number }).width, name).toBeGreaterThanOrEqual(2);
    await ctx.close();
  });
});

describe("forced colours and the visitor's text size", () => {
  it("keeps the switches' states, the panels' edges and the reopen icon visible in forced colours", async () => {
    const { ctx, page: p } = await open('/fr', { forcedColors: 'active' });
    await dialog(p, T.fr.banner).waitFor();
    // Shadows are dropped in forced colours: the banner keeps an edge (a transparent border,
    // drawn in the system's text colour there).
    expect(
      await p.evaluate(() => {
        const s = getComputedStyle(
          document.getElementById('cachet')!.shadowRoot!.querySelector('.b')!,
        );
        return [s.borderTopStyle, s.borderTopWidth];
      }),
    ).toEqual(['solid', '1px']);
    await button(p, T.fr.customize).click();
    await dialog(p, T.fr.prefs).waitFor();
    await p.getByRole('switch', { name: 'Communication personnalisée' }).check();
    await p.evaluate(() =>
      (document.getElementById('cachet')!.shadowRoot!.activeElement as HTMLElement).blur(),
    );
    // An off and an on switch must not look the same: forced colours paint every background
    // with the system's, so a switch drawn only with backgrounds loses its state.
    const off = await p.getByRole('switch', { name: 'Mesure d’audience' }).screenshot();
    const on = await p.getByRole('switch', { name: 'Communication personnalisée' }).screenshot();
    expect(off.equals(on)).toBe(false);
    await button(p, 'Enregistrer').click();
    await button(p, 'Gérer mes cookies').waitFor();
    // The reopen button's icon is drawn with gradients, which forced colours drop unless told.
    expect(
      await p.evaluate(
        () =>
          getComputedStyle(document.getElementById('cachet')!.shadowRoot!.querySelector('.re i')!)
            .backgroundImage,
      ),
    ).toContain('radial-gradient');
    await ctx.close();
  });

  it('follows the text size the visitor set in the browser (WCAG 1.4.4)', async () => {
    const { ctx, page: p } = await open('/fr');
    await dialog(p, T.fr.banner).waitFor();
    const size = () =>
      p.evaluate(
        () =>
          getComputedStyle(document.getElementById('cachet')!.shadowRoot!.querySelector('p')!)
            .fontSize,
      );
    expect(await size()).toBe('15px'); // at the default 16px
    const cdp = await ctx.newCDPSession(p);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32 } });
    await p.waitForFunction(
      () =>
        getComputedStyle(document.getElementById('cachet')!.shadowRoot!.querySelector('p')!)
          .fontSize !== '15px',
    );
    expect(await size()).toBe('30px');
    await ctx.close();
  });
});

describe('motion', () => {
  const animations = (p: Page) =>
    p.evaluate(() => {
      const root = document.getElementById('cachet')!.shadowRoot!;
      return [...root.querySelectorAll('.b, dialog')].map((e) => getComputedStyle(e).animationName);
    });

  it('animates the banner and the dialog when motion is welcome (control)', async () => {
    const { ctx, page: p } = await open('/fr', { reducedMotion: 'no-preference' });
    await dialog(p, T.fr.banner).waitFor();
    expect(await animations(p)).toEqual(['in']);
    await ctx.close();
  });

  it('shows the banner fully opaque from its first frame: the animation slides, never fades', async () => {
    const { ctx, page: p } = await open('/fr', { reducedMotion: 'no-preference' });
    await dialog(p, T.fr.banner).waitFor();
    // Rewound to its start, the animation must leave the banner readable.
    const start = await p.evaluate(() => {
      const b = document.getElementById('cachet')!.shadowRoot!.querySelector('.b')!;
      const [a] = b.getAnimations();
      a.pause();
      a.currentTime = 0;
      return { opacity: getComputedStyle(b).opacity, translate: getComputedStyle(b).translate };
    });
    expect(start).toEqual({ opacity: '1', translate: '0px 12px' });
    await ctx.close();
  });

  it('does not animate anything under prefers-reduced-motion: reduce', async () => {
    const { ctx, page: p } = await open('/fr', { reducedMotion: 'reduce' });
    await dialog(p, T.fr.banner).waitFor();
    expect(await animations(p)).toEqual(['none']);
    await button(p, T.fr.customize).click();
    await dialog(p, T.fr.prefs).waitFor();
    expect(await animations(p)).toEqual(['none']);
    await ctx.close();
  });
});
