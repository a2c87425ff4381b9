import type { Context, Module } from '../api/context';
import type { ResolvedConfig } from '../config/types';
import { localize, t } from '../i18n';
import { parseMarkup } from '../i18n/markup';
import { noticeHash } from '../record/hash';
import { css, fragment } from './box';

type Profile = NonNullable<ResolvedConfig['forms']>['profiles'][string];

/** The box of one profile in one language, built once and cloned into each form. */
interface Wording {
  lang: string;
  /** The exact source strings shown (checkbox wording, alternative line), joined by "\n". */
  text: string;
  /** Notice hash, computed ahead because the submit guard must stay synchronous. */
  hash: string;
  box: Element;
}

/** One guarded form and its box (children: input, label, alternative, error, 2 hidden inputs). */
interface Guard {
  form: HTMLFormElement;
  name: string;
  p: Profile;
  w: Wording;
  box: Element;
  input: HTMLInputElement;
  /** The error is shown. */
  bad?: boolean;
}

const BOX = '.cachet-consent';
let seq = 0;

/**
 * Form consent: injects the consent checkbox into the site's own forms, blocks submission until a
 * mandatory box is ticked, and turns each submission into a `form:checkbox` decision whose record
 * id travels with the form (docs/forms.md).
 */
export const forms: Module = (ctx: Context) => {
  const cfg = ctx.config.forms;
  if (!cfg || typeof document === 'undefined') return;
  const { profiles } = cfg;
  const fail = (err: unknown) => ctx.report('forms', 'form consent failed', err);
  const report = (code: string, msg: string, detail?: Element) =>
    ctx.report(`forms-${code}`, `${msg}; it gets no consent box`, detail);
  // A broken selector is reported and dropped; the others keep working.
  const valid = (s: string | undefined, where: string) => {
    try {
      document.documentElement.matches(s!);
      return !!s;
    } catch {
      report('selector', `${where} "${s}" is not a valid CSS selector`);
    }
  };
  const named = Object.entries(profiles).filter(([n, p]) =>
    valid(p.selector, `forms.profiles.${n}.selector`),
  );
  const sel = [cfg.selector, ...named.map(([, p]) => p.selector)]
    .filter((s, i) => i || valid(s, 'forms.selector'))
    .join();
  if (!sel) return;

  // Form, and box input → its guard; a form seen but refused (bad profile) maps to undefined.
  const guards = new WeakMap<Element, Guard | undefined>();
  const cache = new Map<string, Wording>();
  let sheet: CSSStyleSheet | undefined;
  const kids = (g: Guard) => g.box.children as unknown as HTMLInputElement[];

  const wording = (name: string, p: Profile): Wording => {
    const lang = ctx.lang;
    const key = `${lang} ${name}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const text = localize(p.text, lang) || t(ctx.config, lang, 'form.text');
    const alt = localize(p.alternative, lang);
    const box = document.createElement('div');
    const add = <E extends HTMLElement>(tag: string, part: string) => {
      const e = box.appendChild(document.createElement(tag)) as E;
      e.className = `cachet-consent__${part}`;
      return e;
    };
    box.className = 'cachet-consent';
    box.lang = lang;
    const input = add<HTMLInputElement>('input', 'input');
    input.type = 'checkbox';
    input.required = p.required;
    // The markup subset becomes DOM nodes, never HTML (Trusted Types stay enforced).
    fragment(parseMarkup(text), add('label', 'label'));
    fragment(parseMarkup(alt), add('p', 'alt'));
    // Announced when it appears, and read again with the box when focus returns to it (WCAG 3.3.1).
    add('p', 'error').setAttribute('aria-live', 'polite');
    for (const n of ['record_id', 'notice_hash']) {
      const hidden = add<HTMLInputElement>('input', n);
      hidden.type = 'hidden';
      hidden.name = `cachet_${n}`;
    }
    const w: Wording = { lang, text: alt ? `${text}\n${alt}` : text, hash: '', box };
    cache.set(key, w);
    // Insecure contexts have no crypto.subtle: the hidden input then stays empty.
    noticeHash(w.text).then(
      (h) => {
        w.hash = h;
      },
      () => {},
    );
    return w;
  };

  /** The error line: shown (and `aria-invalid`) or cleared; the native bubble gets the same words. */
  const flag = (g: Guard, on: boolean) => {
    const msg = t(ctx.config, g.w.lang, 'form.error');
    kids(g)[3].textContent = on ? msg : '';
    g.bad = on;
    g.input.setAttribute('aria-invalid', `${on}`);
    if (g.p.required) g.input.setCustomValidity(g.input.checked ? '' : msg);
  };

  /** Clones the box in the current language; a relabel keeps the tick and a shown error. */
  const mount = (g: Guard) => {
    const old = g.box;
    g.w = wording(g.name, g.p);
    g.box = g.w.box.cloneNode(true) as Element;
    const [input, label, alt, error] = kids(g);
    const id = `cachet-consent-${++seq}`;
    input.id = (label as unknown as HTMLLabelElement).htmlFor = id;
    alt.id = `${id}a`;
    error.id = `${id}e`;
    input.setAttribute('aria-describedby', `${id}a ${id}e`);
    if (old) {
      input.checked = g.input.checked;
      old.replaceWith(g.box);
    }
    g.input = input;
    guards.set(input, g);
    flag(g, !!g.bad);
  };

  /** Before the submit button (or its wrapper holding no other field), in the slot, or at the end. */
  const place = (g: Guard) => {
    const { form, p, box } = g;
    if (p.placement === 'slot') {
      const slot = form.querySelector('[data-cachet-slot]');
      if (slot) return slot.append(box);
      ctx.report('forms-slot', 'a form has no [data-cachet-slot]; box placed before submit', form);
    }
    let at = p.placement === 'end' ? null : form.querySelector('[type=submit],button:not([type])');
    for (
      let up = at?.parentElement;
      up &&
      up !== form &&
      !up.querySelector('select,textarea,input:not([type=submit]):not([type=hidden])');
      up = up.parentElement
    )
      at = up;
    if (at) at.before(box);
    else form.append(box);
  };

  const inject = (form: Element) => {
    if (guards.has(form)) {
      // A form taken out and put back keeps its box; it only catches up with a language change.
      const g = guards.get(form);
      if (g && g.w.lang !== ctx.lang) mount(g);
      return;
    }
    guards.set(form, undefined);
    if (!(form instanceof HTMLFormElement))
      return report('target', `forms selector matched a <${form.localName}>`, form);
    const attr = form.getAttribute('data-cachet');
    const name =
      attr || (attr === null && named.find(([, p]) => form.matches(p.selector!))?.[0]) || 'default';
    const p = profiles[name];
    // `?.purposes`: a name like "constructor" must not pick an Object.prototype member.
    if (!p?.purposes)
      return report('profile', `no profile forms.profiles.${name} for a form`, form);
    if (!sheet)
      try {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      } catch {
        // Engines without constructable stylesheets: the box is unstyled but works.
      }
    // A cloned form carries a dead copy of a box: drop it.
    for (const old of form.querySelectorAll(BOX)) old.remove();
    const g = { form, name, p } as Guard;
    guards.set(form, g);
    mount(g);
    place(g);
  };

  const scan = (root: ParentNode) => {
    if (root instanceof Element && root.matches(sel)) inject(root);
    for (const f of root.querySelectorAll(sel)) inject(f);
  };

  const onSubmit = (e: Event) => {
    const g = guards.get(e.target as Element);
    if (!g || e.defaultPrevented) return;
    try {
      const { form, input, p, w } = g;
      // The site re-rendered its form without our box: put it back, so consent can be given.
      if (!form.contains(g.box)) place(g);
      if (p.required && !input.checked) {
        // Our capture listener on window runs before the site's own handlers: stop them too, so a
        // form sent with fetch(), with novalidate or with requestSubmit() cannot go without consent.
        e.preventDefault();
        e.stopImmediatePropagation();
        flag(g, true);
        input.focus();
        return;
      }
      const id = (form.getAttribute('id') || form.getAttribute('name') || g.name).slice(0, 190);
      // The action attribute, not form.action: a field named "action" would shadow the property.
      const action = new URL(form.getAttribute('action') ?? '', document.baseURI).pathname;
      const { version, policyUrl } = ctx.config.notice;
      const d = ctx.consent.decide(
        Object.fromEntries(p.purposes.map((id) => [id, input.checked])),
        {
          method: 'form:checkbox',
          event: input.checked ? 'given' : 'refused',
          notice: { id: `form:${id}`, version, lang: w.lang, text: w.text, policyUrl },
          form: { id, action },
        },
      );
      // The browser builds the form data after this listener returns, so the backend gets both.
      const [, , , , rid, hash] = kids(g);
      rid.value = d.id;
      hash.value = w.hash;
    } catch (err) {
      fail(err);
    }
  };

  // A tick clears the error; the browser's own validation blocking a submit shows it inline too.
  const onBox = (e: Event) => {
    const g = guards.get(e.target as Element);
    if (g?.input === e.target) flag(g, e.type === 'invalid' || (!g.input.checked && !!g.bad));
  };

  const observer = new MutationObserver((records) => {
    try {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) scan(n);
    } catch (err) {
      fail(err);
    }
  });

  // index.ts setLang() sets ctx.lang, then calls ctx.setLang (the UI's): chain ours after it.
  const c = ctx as Context & { setLang?: (lang: string) => void };
  const prev = c.setLang;
  c.setLang = (lang) => {
    prev?.(lang);
    for (const n of document.querySelectorAll(BOX)) {
      const g = guards.get(n.firstElementChild!);
      if (g) mount(g);
    }
  };

  const listen = (add: boolean) => {
    for (const [type, fn] of [
      ['submit', onSubmit],
      ['change', onBox],
      ['invalid', onBox],
    ] as const)
      window[add ? 'addEventListener' : 'removeEventListener'](type, fn, true);
  };
  listen(true);
  scan(document);
  observer.observe(document, { childList: true, subtree: true });

  return () => {
    observer.disconnect();
    listen(false);
    for (const n of document.querySelectorAll(BOX)) n.remove();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    c.setLang = prev;
  };
};
