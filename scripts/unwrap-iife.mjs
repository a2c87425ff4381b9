// Turns the IIFE that vite writes, `(function(){…})();`, into `"use strict";{…}`: the same
// private scope, but its code is now the script's own top level, which Chromium compiles on the
// thread that streams the file. Inside a function wrapper it was parsed again on the main thread
// when called (V8.ParseFunction in a trace); measured as ~0.8× script evaluation in the bench.
// A block only keeps `let`, `const`, `class` and (strict mode) function declarations private:
// a `var` there would become a global of the host page. So each top-level `var` becomes `let`,
// and the build fails if a `var` hides anywhere else outside a nested function, or a name is
// declared twice, rather than leak.
import { parseAst } from 'rolldown/parseAst';

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** Every node below `node`, not entering nested functions (but arrows, with `arrows`). */
function* walk(node, arrows = false) {
  for (const v of Object.values(node)) {
    for (const c of Array.isArray(v) ? v : [v]) {
      if (!c || typeof c.type !== 'string') continue;
      yield c;
      if (!FUNCTIONS.has(c.type) || (arrows && c.type === 'ArrowFunctionExpression'))
        yield* walk(c, arrows);
    }
  }
}

export function unwrapIife(src) {
  const ast = parseAst(src);
  const [stmt, ...rest] = ast.body;
  const call = stmt?.expression;
  const fn = call?.callee;
  if (
    rest.length ||
    stmt.type !== 'ExpressionStatement' ||
    call?.type !== 'CallExpression' ||
    call.arguments.length ||
    fn?.type !== 'FunctionExpression' ||
    fn.params.length
  )
    throw new Error('unwrap-iife: expected exactly `(function(){…})();`');
  const body = fn.body.body;
  const edits = [];
  const names = new Set();
  const declare = (n) => {
    if (names.has(n)) throw new Error(`unwrap-iife: "${n}" is declared twice at top level`);
    names.add(n);
  };
  for (const s of body) {
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations) {
        if (d.id.type !== 'Identifier') throw new Error('unwrap-iife: destructuring at top level');
        declare(d.id.name);
      }
      if (s.kind === 'var') edits.push(s.start);
    } else if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id) {
      declare(s.id.name);
    }
    for (const n of walk(s))
      if (n.type === 'VariableDeclaration' && n.kind === 'var')
        throw new Error(`unwrap-iife: a var inside a top-level statement at ${n.start}`);
    // `this` and `arguments` of the wrapper (arrow functions see them too) would change meaning.
    for (const n of walk(s, true))
      if (n.type === 'ThisExpression' || (n.type === 'Identifier' && n.name === 'arguments'))
        throw new Error(`unwrap-iife: top-level this/arguments at ${n.start}`);
  }
  let inner = src.slice(fn.body.start + 1, fn.body.end - 1);
  for (const at of edits.reverse()) {
    const i = at - fn.body.start - 1;
    inner = `${inner.slice(0, i)}let${inner.slice(i + 3)}`;
  }
  return `"use strict";{${inner}}\n`;
}
