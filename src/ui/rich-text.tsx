/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { type Part, parseMarkup } from '../i18n/markup';
import { Fragment, h } from './h';

function render(parts: Part[]): (Node | string)[] {
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

/** Marketer wording as DOM nodes: the markup subset only, everything else is text. */
export function RichText({ text }: { text: string }) {
  return <>{render(parseMarkup(text))}</>;
}
