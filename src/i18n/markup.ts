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
const SAFE_URL = /^(https?:\/\/|\/(?!\/)|mailto:|tel:|#)/i;

/** Parses marketer wording into parts. Anything that is not the subset stays plain text. */
export function parseMarkup(src: string): Part[] {
  const out: Part[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\n') {
      flush();
      out.push({ t: 'br' });
      i++;
      continue;
    }
    if (ch === '[') {
      const close = src.indexOf('](', i + 1);
      const end = close < 0 ? -1 : src.indexOf(')', close + 2);
      if (close > i && end > close) {
        const href = src.slice(close + 2, end).trim();
        const label = src.slice(i + 1, close);
        if (SAFE_URL.test(href) && label && !label.includes('[')) {
          flush();
          out.push({ t: 'a', href, c: parseMarkup(label) });
          i = end + 1;
          continue;
        }
      }
    }
    if (ch === '*') {
      const bold = src[i + 1] === '*';
      const mark = bold ? '**' : '*';
      const end = src.indexOf(mark, i + mark.length);
      const inner = end < 0 ? '' : src.slice(i + mark.length, end);
      if (inner && !inner.startsWith(' ') && !inner.endsWith(' ') && !inner.includes('\n')) {
        flush();
        out.push({ t: bold ? 'b' : 'i', c: parseMarkup(inner) });
        i = end + mark.length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** The visible text of parts (what a screen reader would read), for plain-text contexts. */
export function plainText(parts: Part[]): string {
  return parts
    .map((p) => (p.t === 'text' ? p.v : p.t === 'br' ? '\n' : 'c' in p ? plainText(p.c) : ''))
    .join('');
}
