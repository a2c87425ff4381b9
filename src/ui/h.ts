/**
 * A tiny JSX factory that builds real DOM nodes. The UI is a handful of static layers redrawn
 * on a few state changes, so a virtual DOM (Preact: 4.1 KB brotli) would cost a third of the
 * 14 KB budget for nothing a person would notice. Components stay JSX, as with Preact.
 * Never innerHTML: text goes through text nodes, attributes through setAttribute (CSP/TT safe).
 */
type Child = Node | string | number | boolean | null | undefined | Child[];
type Props = Record<string, unknown> | null;

function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (Array.isArray(c)) append(parent, c);
    else if (c instanceof Node) parent.appendChild(c);
    else if (c != null && c !== false && c !== true)
      parent.appendChild(document.createTextNode(String(c)));
  }
}

/** Creates an element (or calls a component) with props and children. */
export function h(tag: string | ((p: any) => Node), props: Props, ...children: Child[]): Node {
  if (typeof tag === 'function') return tag({ ...props, children });
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v == null || v === false) continue;
    if (k[0] === 'o' && k[1] === 'n')
      el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    // A property, not an attribute: `checked` is live state.
    else if (k === 'checked') (el as HTMLInputElement).checked = !!v;
    else el.setAttribute(k === 'className' ? 'class' : k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** `<>…</>`: a fragment of the children. */
export function Fragment({ children }: { children: Child[] }): Node {
  const f = document.createDocumentFragment();
  append(f, children);
  return f;
}

// The classic JSX runtime finds its types on the factory (TypeScript: JSX namespace lookup).
export declare namespace h {
  namespace JSX {
    type Element = Node;
    interface ElementChildrenAttribute {
      children: unknown;
    }
    interface IntrinsicElements {
      [tag: string]: Record<string, unknown>;
    }
  }
}
