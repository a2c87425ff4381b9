/**
 * The small markup subset marketers may use in any text: **bold**, *italic*, a line break
 * (newline), and [text](https://…) links. Parsing returns parts, never HTML, so wording can
 * never inject markup into the page (DESIGN.md: no innerHTML anywhere).
 */
export type Part =
  | { t: 'text'; v: string }
  | { t: 'b' | 'i'; c: Part[] }
  | { t: 'br' }
  | { t: 'a'; href: string; c: Part[] };

// Only absolute http(s) URLs, site-relative paths and mailto/tel: never javascript: or data:.
// Not `//host` nor `/\host` either: browsers read both as another site (WHATWG URL, special
// schemes treat `\` as `/`).
const SAFE_URL = /^(https?:\/\/|\/(?![/\\])|mailto:|tel:|#)/i;

// **bold**, *italic*, [text](url) or a newline; bold and italic neither start nor end with a space.
const TOKEN = /\*\*(\S(?:.*?\S)?)\*\*|\*(\S(?:.*?\S)?)\*|\[([^[\]]+)\]\(([^()\s]+)\)|\n/g;

/** Parses marketer wording into parts. Anything that is not the subset stays plain text. */
export function parseMarkup(src: string): Part[] {
  const out: Part[] = [];
  let last = 0;
  for (const m of src.matchAll(TOKEN)) {
    const [all, b, i, label, href] = m;
    // An unsafe link stays text, as written.
    if (label && !SAFE_URL.test(href)) continue;
    if (m.index > last) out.push({ t: 'text', v: src.slice(last, m.index) });
    out.push(
      b
        ? { t: 'b', c: parseMarkup(b) }
        : i
          ? { t: 'i', c: parseMarkup(i) }
          : label
            ? { t: 'a', href, c: parseMarkup(label) }
            : { t: 'br' },
    );
    last = m.index + all.length;
  }
  if (last < src.length) out.push({ t: 'text', v: src.slice(last) });
  return out;
}

/** The visible text of parts (what a screen reader would read), for plain-text contexts. */
export function plainText(parts: Part[]): string {
  return parts
    .map((p) => (p.t === 'text' ? p.v : p.t === 'br' ? '\n' : 'c' in p ? plainText(p.c) : ''))
    .join('');
}
