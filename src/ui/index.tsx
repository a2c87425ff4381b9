/** @jsxRuntime classic */
/** @jsx h */

import { adopt } from '../adapters/shared';
import type { Module } from '../api/context';
import { bundledPrefs, loadPrefs } from '../chunk/load';
import type { Prefs } from '../chunk/prefs';
import { exemptPurpose, readSignals } from '../consent/store';
import { type TextKey, t as text } from '../i18n';
import { Banner } from './banner';
import { h } from './h';
import { ReopenButton } from './reopen-button';
import { css, reopenCss } from './styles';

type View = 'none' | 'banner' | 'prefs';

/** WCAG 2.1 relative luminance of a hex colour (sRGB linearised, then weighted). */
export function luminance(hex: string): number {
  const n = parseInt(
    hex.length === 4 ? hex.replace(/\w/g, (c) => c + c).slice(1) : hex.slice(1),
    16,
  );
  return [16, 8, 0].reduce((sum, s, i) => {
    const c = ((n >> s) & 255) / 255;
    return (
      sum + [0.2126, 0.7152, 0.0722][i] * (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    );
  }, 0);
}

/**
 * Text colour for a filled accent: black or white, whichever contrasts more. 0.179 is the
 * luminance where black and white text have equal contrast.
 */
export const onAccent = (hex: string): string => (luminance(hex) > 0.179 ? '#000' : '#fff');

/** The banner, the preferences dialog and the reopen button, in a shadow root on `body`. */
export const ui: Module = (ctx) => {
  if (typeof document === 'undefined') return;
  const { config, consent } = ctx;
  const host = document.createElement('div');
  host.id = 'cachet';
  const th = config.theme;
  host.dataset.mode = th.mode ?? (th.background || th.text ? 'light' : 'auto');
  // In dark mode the accent is also the links' colour on #1e1f23: the site's only where it keeps
  // 4.5:1 there (WCAG 1.4.3: luminance above 0.237), else the built-in dark accent.
  const dark = th.accent && luminance(th.accent) > 0.237 ? th.accent : undefined;
  // CSSOM setProperty, not a style attribute string: allowed under a strict CSP.
  const vars: [string, string | undefined][] = [
    ['accent', th.accent],
    ['accent-dark', dark],
    ['on-accent-dark', dark && onAccent(dark)],
    ['on-accent', th.accent && onAccent(th.accent)],
    ['bg', th.background],
    ['fg', th.text],
    // The secondary text is the site's text colour too: the default grey is for the default
    // white, and would fail WCAG contrast on a dark background of the site's.
    ['muted', th.text],
    ['radius', th.radius],
    ['font', th.font],
  ];
  for (const [k, v] of vars) if (v) host.style.setProperty(`--cachet-${k}`, v);
  const root = host.attachShadow({ mode: 'open' });
  // Engines without constructable stylesheets get <style> elements inside our own shadow root,
  // kept in front of what each draw puts there.
  const styles: Node[] = [];
  // Each sheet once: the banner's now, the dialog's and the reopen button's when first drawn.
  const sheets = new Set<string>();
  const style = (text: string) => {
    if (sheets.has(text)) return;
    sheets.add(text);
    adopt(text, root) || styles.push(<style>{text}</style>);
  };
  style(css);

  let view: View = 'none';
  let returnTo: Element | ShadowRoot | null = null;
  // WCAG 2.2 2.4.11 (focus not obscured): while the banner is up, what the page scrolls into view
  // on focus (a Tab, the form box Cachet focuses) stops clear of it, through the page's
  // scroll-padding (CSS Scroll Snap 1), set on <html> and given back when the banner goes.
  // Under a bottom banner, a page that already scrolls also gets as much room below its end, so
  // its last lines (the footer's links) can scroll clear too: nothing laid out moves. A page that
  // does not scroll is left alone: a new scrollbar would narrow it and reflow its content.
  const html = document.documentElement;
  const page = html.style;
  const top = config.ui.position === 'top';
  const side = top ? 'scrollPaddingTop' : 'scrollPaddingBottom';
  const kept = [page[side], page.paddingBottom];
  let sized: ResizeObserver | undefined;
  const pad = (b: HTMLElement | null) => {
    sized?.disconnect();
    [page[side], page.paddingBottom] = kept;
    if (b && config.ui.position !== 'center') {
      // Read in the observer, after layout: no layout forced inside our script.
      sized = new ResizeObserver(() => {
        page[side] = `${b.offsetHeight + 24}px`;
        if (!top && html.scrollHeight > html.clientHeight) page.paddingBottom = page[side];
      });
      sized.observe(b);
    }
  };
  let draft: Record<string, boolean> = {};
  let ex: string | null = null;
  // The preferences dialog: in the script-tag build, a file loaded when first asked for (../chunk),
  // or as soon as a pointer is on a button that opens it (or focus, on « Personnaliser »), so it
  // opens at once.
  let parts = bundledPrefs;
  let loading: Promise<Prefs> | undefined;
  const load = () =>
    (loading ||= loadPrefs().then(
      (p) => (parts = p),
      (e) => {
        loading = undefined;
        throw e;
      },
    ));
  const warm = () => parts || load().catch(() => {});

  const t = (k: TextKey) => text(config, ctx.lang, k);
  const decide = (
    choices: Record<string, boolean>,
    method: 'banner:accept-all' | 'banner:reject-all' | 'banner:close' | 'prefs:save',
    layer: 'banner' | 'prefs',
  ) => consent.decide(choices, { method, notice: ctx.notice(layer) });

  const show = (v: View) => {
    const was = view;
    if (v === was) return;
    if (v === 'prefs' && !parts) {
      load().then(
        () => {
          // Unless the visitor did something else meanwhile (« Tout refuser » while it loaded).
          if (view === was) show(v);
        },
        (e) => {
          // Without the dialog, the banner: its « Tout refuser » withdraws consent just as well.
          ctx.report('prefs-load', 'could not load the preferences dialog', e);
          if (view === was) show('banner');
        },
      );
      return;
    }
    // Focus inside our shadow root can only be on the reopen button, which each draw replaces:
    // remember the root, and find the button again when the dialog closes.
    const inside = root.activeElement;
    if (was === 'none') returnTo = inside ? root : document.activeElement;
    if (v === 'prefs') {
      // CNIL exemption: exempt audience measurement is on until the visitor objects.
      ex = exemptPurpose(config);
      draft = { ...consent.allChoices(false), ...(ex && { [ex]: true }), ...consent.get()?.p };
    }
    view = v;
    draw();
    pad(null);
    if (was !== 'none') ctx.events.emit('hide', { layer: was });
    if (v !== 'none') {
      ctx.events.emit('show', { layer: v });
      // The dialog opens on a click, on a laid-out page: focus goes in at once, before any Tab.
      // The banner shows at load: focusing it now, or in the next animation frame (which runs
      // before that frame's style and layout), would force the page's first layout inside our
      // script. It is focused in a task after that frame, on a page already laid out.
      // Back from the dialog to the banner, focus returns to « Personnaliser », which opened it.
      // The scroll padding too waits for that task: set in the banner's first frame, it would
      // cost that frame a second style and layout pass.
      const focus = () => {
        pad(root.querySelector('.b'));
        root
          .querySelector<HTMLElement>(
            v === 'prefs'
              ? 'dialog input,dialog button'
              : was !== 'none'
                ? '.btn:last-child'
                : '.b',
          )
          // No scroll: a transform or filter on the site's <body> makes it our fixed layers'
          // containing block (CSS Transforms 1 §2), and focusing one would scroll the page.
          ?.focus({ preventScroll: true });
      };
      was !== 'none' || v === 'prefs' ? focus() : requestAnimationFrame(() => setTimeout(focus));
    } else if (inside) {
      // Focus was in the banner or the dialog: it goes back where it was before them (WCAG 2.4.3
      // focus order), or, from a banner shown at page load (focus was on <body>), to the reopen
      // button, the way back to the choice, where the banner was. Focus elsewhere (the decision
      // came from a form, or the API) stays where the visitor is.
      (returnTo instanceof HTMLElement && returnTo !== document.body && returnTo.isConnected
        ? returnTo
        : root.querySelector<HTMLElement>('.re')
      )?.focus();
    }
  };

  const draw = () => {
    const reopen = view === 'none' && consent.get() && config.ui.reopenButton;
    host.lang = ctx.lang;
    if (view === 'prefs' && parts) style(parts.dialogCss);
    if (reopen) style(reopenCss);
    root.replaceChildren(
      ...styles,
      <div class={`w p-${config.ui.position}`} lang={ctx.lang}>
        {view === 'banner' && (
          <Banner
            t={t}
            policyUrl={config.notice.policyUrl}
            onAccept={() => decide(consent.acceptAllChoices(), 'banner:accept-all', 'banner')}
            onReject={() => decide(consent.allChoices(false), 'banner:reject-all', 'banner')}
            onClose={() => decide(consent.allChoices(false), 'banner:close', 'banner')}
            onCustomize={() => show('prefs')}
            onWarm={warm}
          />
        )}
        {view === 'prefs' && parts && (
          <parts.PreferencesDialog
            t={t}
            lang={ctx.lang}
            config={config}
            exempt={ex}
            gpc={readSignals().gpc}
            choices={draft}
            onToggle={(id, on) => {
              // No redraw: the native switch already shows its state, and focus stays on it.
              draft = { ...draft, [id]: on };
            }}
            onSave={() => decide(draft, 'prefs:save', 'prefs')}
            onAcceptAll={() => decide(consent.acceptAllChoices(), 'prefs:save', 'prefs')}
            onRejectAll={() => decide(consent.allChoices(false), 'prefs:save', 'prefs')}
            onDismiss={() => show(consent.get() || !config.ui.banner ? 'none' : 'banner')}
          />
        )}
        {reopen && (
          <ReopenButton label={t('reopen.label')} onClick={() => show('prefs')} onWarm={warm} />
        )}
      </div>,
    );
    const d = root.querySelector('dialog');
    // Native modal <dialog>: the page behind becomes inert (focus trap) and Escape fires
    // "cancel" (WAI-ARIA APG dialog pattern); engines without showModal get the attribute.
    if (d && !d.open) d.showModal ? d.showModal() : d.setAttribute('open', '');
  };

  ctx.openPreferences = () => show('prefs');
  ctx.showBanner = () => show('banner');
  ctx.hide = () => show('none');
  const offLang = ctx.events.on('lang', draw);

  // A decision closes what is shown, except a banner still asking about purposes that decision
  // left out (a form box that covers only some).
  const unsubscribe = consent.subscribe(() =>
    view === 'none' ? draw() : view === 'prefs' || !consent.undecided().length ? show('none') : 0,
  );
  // Any element with data-cachet-open reopens the preferences (e.g. a footer link).
  const onClick = (e: Event) => {
    const el = (e.target as Element | null)?.closest?.('[data-cachet-open]');
    if (!el) return;
    e.preventDefault();
    show('prefs');
  };
  document.addEventListener('click', onClick);

  // A site that swaps its <body> (Turbo, pjax) takes the widget with it: it goes into the new one.
  const swapped = new MutationObserver(() => host.isConnected || document.body?.append(host));
  const mount = () => {
    document.body.append(host);
    swapped.observe(html, { childList: true });
    if (consent.undecided().length && config.ui.banner) show('banner');
    else draw();
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });

  return () => {
    pad(null);
    unsubscribe();
    offLang();
    document.removeEventListener('click', onClick);
    swapped.disconnect();
    root.replaceChildren();
    host.remove();
  };
};
