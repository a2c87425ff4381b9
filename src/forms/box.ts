import type { Part } from '../i18n/markup';

/**
 * Default look of the consent box. `:where()` has zero specificity, so any rule of the site's own
 * stylesheet wins; applied as a constructable stylesheet because a strict CSP blocks `<style>`.
 */
export const css =
  ':where(.cachet-consent){display:grid;grid-template-columns:auto 1fr;gap:.3em .6em;margin:1em 0}' +
  ':where(.cachet-consent__input){font:inherit;width:1.1em;height:1.1em;margin:.2em 0 0}' +
  ':where(.cachet-consent__alt,.cachet-consent__error){grid-column:2;margin:0;font-size:.9em}' +
  ':where(.cachet-consent__alt:empty,.cachet-consent__error:empty){display:none}' +
  ':where(.cachet-consent__error){color:#b3261e}';

/** Renders marketer wording parts as DOM nodes: text nodes and a few elements, never HTML. */
export function fragment<N extends ParentNode>(parts: Part[], into: N): N {
  for (const p of parts) {
    if (p.t === 'text') into.append(p.v);
    else {
      const e = document.createElement({ br: 'br', a: 'a', b: 'strong', i: 'em' }[p.t]);
      if (p.t === 'a') Object.assign(e, { href: p.href, target: '_blank', rel: 'noopener' });
      into.append('c' in p ? fragment(p.c, e) : e);
    }
  }
  return into;
}
