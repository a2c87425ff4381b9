import type { ComponentChildren } from 'preact';
import { type Part, parseMarkup } from '../i18n/markup';

function render(parts: Part[]): ComponentChildren {
  return parts.map((p) =>
    p.t === 'text' ? (
      p.v
    ) : p.t === 'br' ? (
      <br />
    ) : p.t === 'a' ? (
      <a href={p.href} target="_blank" rel="noopener">
        {render(p.c)}
      </a>
    ) : p.t === 'b' ? (
      <strong>{render(p.c)}</strong>
    ) : (
      <em>{render(p.c)}</em>
    ),
  );
}

/** Marketer wording rendered as Preact nodes: the markup subset only, everything else is text. */
export function RichText({ text }: { text: string }) {
  return <>{render(parseMarkup(text))}</>;
}
