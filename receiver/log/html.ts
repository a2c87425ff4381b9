/**
 * A tiny escaping template for the consent log's server-rendered pages: every interpolated value
 * is HTML-escaped unless it is itself a template result, so record contents (subject ids, page
 * URLs, notice texts written by marketers) can never become markup.
 */

/** Markup that is already safe (built by `h`). */
export class Safe {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

const ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

function render(v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Safe) return v.html;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** Tagged template: `h\`<p>${text}</p>\`` escapes `text`; arrays and nested `h` are kept. */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Safe {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Safe(out);
}
