/** @jsxRuntime classic */
/** @jsx h */
import { adopt } from '../adapters/shared';
import type { Context, Module } from '../api/context';
import { localize, t } from '../i18n';
import { bare } from '../record';
import { noticeHash } from '../record/hash';
// biome-ignore lint/correctness/noUnusedImports: the classic JSX runtime calls h.
import { h } from '../ui/h';
import { RichText } from '../ui/rich-text';

/** A box template and the exact text it shows. */
type Wording = [HTMLElement, string];

/** A form's guard: its `focusin`, `submit`, `change` and `invalid` events, or (no event) a language check. */
type Guard = (e?: Event) => void;

const BOX = 'cachet-consent';
const BOXES = `.${BOX}`;
/**
 * Default look of the consent box. `:where()` has zero specificity, so any rule of the site's own
 * stylesheet wins; a constructable stylesheet, because a strict CSP blocks `<style>`.
 */
const CSS =
  // minmax(0,…) and overflow-wrap: a long word or a bare URL in the wording wraps in a narrow form.
  ':where(.cachet-consent){display:grid;grid-template-columns:auto minmax(0,1fr);gap:.3em .6em;margin:1em 0;overflow-wrap:anywhere}' +
  // appearance: a site's `*{all:unset}` would otherwise leave the mandatory box invisible.
  ':where(.cachet-consent__input){appearance:auto;font:inherit;width:1.1em;height:1.1em;margin:.2em 0 0}' +
  ':where(.cachet-consent__alt,.cachet-consent__error){grid-column:2;margin:0;font-size:.9em}' +
  // An empty error line stays in the accessibility tree, out of the grid's flow: a live region
  // that is display:none when its text arrives may not be announced.
  ':where(.cachet-consent__alt:empty){display:none}' +
  ':where(.cachet-consent__error:empty){position:absolute}' +
  ':where(.cachet-consent__error){color:#b3261e}';
let seq = 0;

/**
 * Form consent: injects the consent checkbox into the site's own forms, blocks submission until a
 * mandatory box is ticked, and turns each submission into a `form:checkbox` decision whose record
 * id travels with the form (docs/forms.md).
 */
export const forms: Module = (ctx: Context) => {
  const cfg = ctx.config.forms;
  if (!cfg || typeof document === 'undefined') return;
  const d = document;
  const { profiles } = cfg;
  const report = (code: string, msg: string, detail?: unknown) =>
    ctx.report(`forms${code}`, msg, detail);
  // Each selector with its profile ("" for forms.selector, last: a profile's own selector wins).
  // A broken one is reported and dropped; the others keep working.
  const named = [
    ...Object.entries(profiles).map(([n, p]) => [n, p.selector, `profiles.${n}.`]),
    ['', cfg.selector, ''],
    // biome-ignore lint/suspicious/useIterableCallbackReturn: no return (undefined) drops a broken one.
  ].filter(([, s, where]) => {
    try {
      d.documentElement.matches(s!);
      return s;
    } catch {
      report('-selector', `bad forms.${where}selector "${s}"`);
    }
  }) as string[][];
  const sel = named.map((x) => x[1]).join();
  if (!sel) return;

  // Form, and box input → its guard; a form seen but refused (bad profile) maps to undefined.
  const guards = new WeakMap<Node, Guard | undefined>();
  let sheet: CSSStyleSheet | undefined;

  /**
   * A profile's box per language, built once and cloned into each form (1,000 forms stay fast),
   * with the exact source strings shown (wording, alternative line) joined by "\n".
   */
  const cache = new Map<string, Wording>();
  /**
   * Each wording's notice hash ('' while computed). WebCrypto is asynchronous and the submit guard
   * must stay synchronous, so it is computed ahead: when the visitor first focuses a field of the
   * form or ticks its box, not for every page view that merely shows a form.
   */
  const hashes = new Map<string, string>();
  const hashOf = (text: string) => {
    if (!hashes.has(text)) {
      hashes.set(text, '');
      noticeHash(text).then(
        (x) => hashes.set(text, x),
        () => {},
      );
    }
    return hashes.get(text)!;
  };

  const inject = (form: Element) => {
    // A form taken out and put back keeps its box; it only catches up with a language change.
    if (guards.has(form)) return guards.get(form)?.();
    guards.set(form, undefined);
    if (!(form instanceof HTMLFormElement))
      return report('-target', `a <${form.localName}> is not a form`, form);
    const attr = form.getAttribute('data-cachet');
    const name =
      attr || (attr === null && named.find(([, s]) => form.matches(s))?.[0]) || 'default';
    const p = profiles[name];
    // `?.purposes`: a name like "constructor" must not pick an Object.prototype member.
    if (!p?.purposes) return report('-profile', `no forms.profiles.${name}`, form);
    sheet ||= adopt(CSS);

    let box: HTMLElement | undefined;
    let input: HTMLInputElement;
    // The box's parts, taken from each fresh clone: a site script may add its own elements to the
    // box later (a custom checkmark), so they are never looked up by position after that.
    let error: Element;
    let recordId: HTMLInputElement;
    let hashInput: HTMLInputElement;
    let w: Wording;
    let bad = false;

    /** The error line: shown (and `aria-invalid`) or cleared; the native bubble gets the same words. */
    const flag = (on: boolean) => {
      const msg = t(ctx.config, box!.lang, 'form.error');
      error.textContent = on ? msg : '';
      bad = on;
      input.setAttribute('aria-invalid', `${on}`);
      if (p.required) input.setCustomValidity(input.checked ? '' : msg);
    };

    /** Clones the box in the current language; a relabel keeps the tick and a shown error. */
    const mount = () => {
      const old = box;
      const lang = ctx.lang;
      const key = `${lang} ${name}`;
      if (!cache.has(key)) {
        const text = localize(p.text, lang) || t(ctx.config, lang, 'form.text');
        const alt = localize(p.alternative, lang);
        // The markup subset becomes DOM nodes, never HTML (Trusted Types stay enforced). The error
        // is announced when it appears, and read again with the box when focus returns (WCAG 3.3.1).
        const c: Wording = [
          <div class={BOX} lang={lang}>
            <input class="cachet-consent__input" type="checkbox" required={p.required} />
            {/* biome-ignore lint/a11y/noLabelWithoutControl: each clone gets its own for/id pair. */}
            <label class="cachet-consent__label">
              <RichText text={text} />
            </label>
            <p class="cachet-consent__alt">
              <RichText text={alt} />
            </p>
            <p class="cachet-consent__error" aria-live="polite" />
            <input type="hidden" name="cachet_record_id" class="cachet-consent__record_id" />
            <input type="hidden" name="cachet_notice_hash" class="cachet-consent__notice_hash" />
          </div>,
          alt ? `${text}\n${alt}` : text,
        ] as Wording;
        cache.set(key, c);
      }
      w = cache.get(key)!;
      // A relabel follows a language switch on a live page: the new wording is hashed at once,
      // since a visitor already in the form may send it with no new focus (Enter, or a click on
      // a button that Safari does not focus).
      if (old) hashOf(w[1]);
      box = w[0].cloneNode(true) as HTMLElement;
      const [i, label, a, e, rid, hid] = box.children as unknown as [
        HTMLInputElement,
        HTMLLabelElement,
        Element,
        Element,
        HTMLInputElement,
        HTMLInputElement,
      ];
      [error, recordId, hashInput] = [e, rid, hid];
      const id = `${BOX}-${++seq}`;
      i.id = label.htmlFor = id;
      a.id = `${id}a`;
      e.id = `${id}e`;
      i.setAttribute('aria-describedby', `${id}a ${id}e`);
      if (old) {
        i.checked = input.checked;
        old.replaceWith(box);
      }
      input = i;
      guards.set(input, guard);
      flag(bad);
    };

    /** Before the submit button (or its wrapper holding no other field), in the slot, or at the end. */
    const place = () => {
      // A copy of the box in the form is stale (a page cached with it, or a site that restores
      // a saved copy of its form): its inputs would go with the form, an empty record id first.
      for (const old of form.querySelectorAll(BOXES)) if (old !== box) old.remove();
      const slot = p.placement === 'slot' && form.querySelector('[data-cachet-slot]');
      if (slot) return slot.append(box!);
      if (slot === null) report('-slot', 'no [data-cachet-slot] in a form', form);
      let at =
        p.placement === 'end' ? null : form.querySelector('[type=submit],button:not([type])');
      for (
        let up = at?.parentElement;
        up &&
        up !== form &&
        !up.querySelector('select,textarea,input:not([type=submit]):not([type=hidden])');
        up = up.parentElement
      )
        at = up;
      if (at) at.before(box!);
      else form.append(box!);
    };

    const guard: Guard = (e) => {
      if (!e) return box!.lang !== ctx.lang && mount();
      // The visitor is filling in the form: its wording is hashed now, not between the submit and
      // the page going away; a focus also loads the record pipeline, for the decision to come.
      const hash = hashOf(w[1]);
      if (e.type === 'focusin') ctx.prepare?.();
      else if (e.type !== 'submit') {
        // A tick clears the error; the browser's own validation blocking a submit shows it too.
        if (e.target === input) flag(e.type === 'invalid' || (!input.checked && bad));
      } else if (!e.defaultPrevented)
        try {
          // The site re-rendered its form without our box: put it back, so consent can be given.
          if (!form.contains(box!)) place();
          const on = input.checked;
          if (p.required && !on) {
            // Our capture listener on window runs before the site's own handlers: stop them too,
            // so a form sent with fetch(), novalidate or requestSubmit() cannot go without consent.
            e.preventDefault();
            e.stopImmediatePropagation();
            flag(true);
            input.focus();
            return;
          }
          const id = (form.getAttribute('id') || form.getAttribute('name') || name).slice(0, 190);
          // The action attribute, not form.action: a field named "action" would shadow it. The
          // button that sent the form may name another (formaction): that is where it goes.
          // An empty or missing one means the page's own address, whatever <base> says (HTML,
          // "form submission algorithm").
          const action = bare(
            new URL(
              ((e as SubmitEvent).submitter?.getAttribute('formaction') ??
                form.getAttribute('action')) ||
                location.href,
              d.baseURI,
            ).pathname,
          );
          // The browser builds the form data after this listener returns: the backend gets both.
          recordId.value = ctx.consent.decide(Object.fromEntries(p.purposes.map((x) => [x, on])), {
            method: 'form:checkbox',
            event: on ? 'given' : 'refused',
            // The banner notice brings the version and policy URL; the text is this box's.
            notice: { ...ctx.notice('banner'), id: `form:${id}`, lang: box!.lang, text: w[1] },
            form: { id, action },
          }).id;
          hashInput.value = hash;
        } catch (err) {
          report('', 'form consent failed', err);
        }
    };

    guards.set(form, guard);
    mount();
    place();
    // Focus already inside (an autofocus field): no focusin will come before the visitor sends.
    if (form.contains(d.activeElement)) guard({ type: 'focusin' } as Event);
  };

  const scan = (root: ParentNode) => {
    try {
      if ((root as Element).matches?.(sel)) inject(root as Element);
      for (const f of root.querySelectorAll(sel)) inject(f);
    } catch (err) {
      report('', 'form consent failed', err);
    }
  };

  const observer = new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) scan(n);
  });

  // Each guarded form the selectors match catches up with a new language (guard without event).
  const offLang = ctx.events.on('lang', () => scan(d));

  // focusin: the form owner of the focused field (the box input has its own guard, for change).
  const on = (e: Event) =>
    guards.get(e.type === 'focusin' ? (e.target as HTMLInputElement).form! : (e.target as Node))?.(
      e,
    );
  const listen = (m: 'addEventListener' | 'removeEventListener') => {
    for (const type of ['submit', 'change', 'invalid', 'focusin']) window[m](type, on, true);
  };
  listen('addEventListener');
  scan(d);
  observer.observe(d, { childList: true, subtree: true });

  return () => {
    observer.disconnect();
    listen('removeEventListener');
    for (const n of d.querySelectorAll(BOXES)) n.remove();
    d.adoptedStyleSheets = d.adoptedStyleSheets.filter((s) => s !== sheet);
    offLang();
  };
};
