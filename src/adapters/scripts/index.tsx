/** @jsxRuntime classic */
/** @jsx h */
import type { Module } from '../../api/context';
import { localize, t } from '../../i18n';
// biome-ignore lint/correctness/noUnusedImports: the classic JSX runtime calls h.
import { h } from '../../ui/h';
import { adopt, allowed, trusted } from '../shared';

/** What Cachet holds back: inert scripts (granted or refusal path) and iframes (docs/scripts.md). */
const SEL =
  'script[type="text/plain"][data-cachet],script[type="text/plain"][data-cachet-refused],iframe[data-cachet]';

// Light DOM, so a constructable stylesheet (no style attribute, no <style>: strict CSP), with
// :where() so any site rule wins.
const CSS =
  ':where(.cachet-placeholder){box-sizing:border-box;max-width:100%;min-height:8em;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:.5em;padding:1em;background:#f1f3f4;color:#202124;border:1px solid #747775;text-align:center}:where(.cachet-placeholder) p{margin:0}:where(.cachet-placeholder) button{font:inherit;padding:.4em 1em;border:1px solid;border-radius:4px;background:#fff;color:inherit;cursor:pointer}';
let styled = false;

/**
 * Activates `<script type="text/plain" data-cachet="purpose">` in document order once the
 * purpose is granted (`data-cachet-refused` ones once it is refused), and loads
 * `<iframe data-cachet="purpose" data-src>` only with consent, showing a placeholder in its box
 * until then. Elements added later are handled too (MutationObserver).
 */
export const scripts: Module = (ctx) => {
  if (typeof document === 'undefined') return;
  const done = new WeakSet<Element>();
  /** iframe → its placeholder while blocked, null once loaded. */
  const frames = new Map<HTMLIFrameElement, HTMLElement | null>();
  let chain: Promise<unknown> = Promise.resolve();

  // Scripts run one after another, each external one without `async` waiting for its load, as
  // the HTML parser would have run them.
  const run = (el: HTMLScriptElement) => {
    done.add(el);
    chain = chain.then(
      () =>
        new Promise<unknown>((next: (v?: unknown) => void) => {
          try {
            const s = document.createElement('script');
            // Not data-cachet: the running script is no longer Cachet's to activate.
            for (const a of el.attributes)
              if (!/^(type|src|nonce|data-cachet(-refused)?)$/.test(a.name))
                s.setAttribute(a.name, a.value);
            if (el.dataset.type) s.type = el.dataset.type;
            // Browsers hide the nonce attribute of a parsed script (HTML "nonce hiding").
            s.nonce = el.nonce ?? '';
            const src = el.getAttribute('src');
            if (src) {
              s.src = trusted().createScriptURL(src);
              s.async = el.hasAttribute('async');
              if (!s.async) s.onload = s.onerror = next;
            } else s.text = trusted().createScript(el.text);
            el.replaceWith(s);
            if (!src || s.async) next();
          } catch (e) {
            ctx.report('script', 'blocked script failed', e);
            next();
          }
        }),
    );
  };

  const placeholder = (f: HTMLIFrameElement, purpose: string) => {
    const { config, lang } = ctx;
    const label = localize(config.purposes.find((x) => x.id === purpose)?.label, lang);
    const text = t(config, lang, 'placeholder.text').replace('{purpose}', label);
    const accept = t(config, lang, 'placeholder.accept');
    // Enabling in place grants the purpose (so every content of that purpose shows); the record
    // carries the exact text this box showed.
    const box = (
      <div class={`cachet-placeholder ${f.className}`.trim()} lang={lang}>
        <p>{text}</p>
        <button
          type="button"
          onClick={() =>
            ctx.consent.decide(
              { [purpose]: true },
              {
                method: 'api',
                notice: { ...ctx.notice('banner'), id: 'api', text: `${text}\n${accept}` },
              },
            )
          }
        >
          {accept}
        </button>
        <button type="button" onClick={() => ctx.openPreferences()}>
          {t(config, lang, 'reopen.label')}
        </button>
      </div>
    ) as HTMLElement;
    // The iframe's box: its width/height attributes, and its classes for the site's own sizing.
    for (const k of ['width', 'height'] as const) {
      const v = f.getAttribute(k);
      if (v) box.style[k] = /^\d+$/.test(v) ? `${v}px` : v;
    }
    if (!styled) {
      styled = true;
      adopt(CSS);
    }
    f.style.setProperty('display', 'none', 'important');
    f.before(box);
    return box;
  };

  const frame = (f: HTMLIFrameElement, purpose: string) => {
    const held = frames.get(f);
    if (allowed(ctx, purpose)) {
      if (held === null) return;
      held?.remove();
      frames.set(f, null);
      f.style.removeProperty('display');
      const src = f.dataset.src;
      // Never a javascript: URL, which would run in this page's origin.
      if (src && /^https?:$/.test(new URL(src, location.href).protocol)) f.src = src;
    } else if (!held) {
      // Withdrawn: the third party stops receiving anything from this page.
      if (held === null) f.src = 'about:blank';
      frames.set(f, placeholder(f, purpose));
    }
  };

  const apply = () => {
    const s = ctx.consent.get();
    for (const el of document.querySelectorAll<HTMLElement>(SEL)) {
      const { cachet, cachetRefused } = el.dataset;
      const purpose = cachet ?? cachetRefused!;
      // A purpose the config does not declare (a typo, or "analytics marketing") can never be
      // granted: say so once, rather than leave it inert without a word.
      if (!ctx.config.purposes.some((p) => p.id === purpose)) {
        if (!done.has(el))
          ctx.report('script', `data-cachet names no declared purpose: "${purpose}"`, el);
        done.add(el);
        continue;
      }
      if (el instanceof HTMLIFrameElement) frame(el, cachet!);
      else if (
        !done.has(el) &&
        // A refused path runs for a purpose decided and not granted, never for one not asked yet
        // (a form box that covers only "contact" is a decision, but not about analytics).
        (cachet
          ? allowed(ctx, cachet)
          : s && cachetRefused! in s.p && !allowed(ctx, cachetRefused!))
      )
        run(el as HTMLScriptElement);
    }
  };

  const mo = new MutationObserver((records) => {
    for (const [f, held] of frames)
      if (!f.isConnected) {
        held?.remove();
        frames.delete(f);
      }
    if (
      records.some((r) =>
        [...r.addedNodes].some(
          (n) => n instanceof Element && (n.matches(SEL) || n.querySelector(SEL)),
        ),
      )
    )
      apply();
  });
  mo.observe(document.documentElement, { childList: true, subtree: true });
  apply();
  const off = ctx.consent.subscribe(apply);
  return () => {
    mo.disconnect();
    off();
  };
};
