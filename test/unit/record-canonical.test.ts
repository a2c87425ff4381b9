import canonicalizeRef from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/record/canonical';

// Text a record may hold: French, emoji, quotes, backslashes, control characters, line breaks,
// and lone surrogates (ECMA-262 well-formed JSON.stringify escapes them as \\uXXXX).
const pieces = fc.constantFrom(
  'J’autorise SOCIATEX à me contacter',
  'Données personnelles « préalable »',
  'œ Ÿ ç É ê',
  'e\u0301',
  '😀',
  '👩‍💻',
  '"',
  '\\',
  '\n',
  '\t',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u2028',
  '\ud800',
  '\udfff',
  '</script>',
);
const text = fc
  .array(fc.oneof(pieces, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), {
    maxLength: 6,
  })
  .map((a) => a.join(''));
const key = fc.oneof(fc.constantFrom('a', 'B', 'é', 'Z', '10', '1', '€', '😀', '\ufb33', ''), text);
const scalar = fc.oneof(text, fc.boolean(), fc.constant(null), fc.maxSafeInteger(), fc.integer());
const json = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(key, tie('v'), { maxKeys: 5 }),
  ),
})).v;

/** A record-shaped object with generated strings. */
const record = fc.record({
  v: fc.constant(1),
  id: fc.uuid({ version: 4 }),
  sub: fc.string({ minLength: 22, maxLength: 22 }),
  iat: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  site: fc.webUrl(),
  url: fc.webUrl(),
  event: fc.constantFrom('given', 'refused', 'updated', 'withdrawn'),
  method: fc.constantFrom('banner:accept-all', 'form:checkbox', 'api'),
  purposes: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/), fc.boolean()),
  notice: fc.record({
    id: text,
    version: text,
    lang: fc.constantFrom('fr', 'en'),
    hash: text,
    text,
    policyUrl: fc.option(fc.webUrl()),
  }),
  form: fc.option(fc.record({ id: text, action: text }), { nil: undefined }),
  signals: fc.record({ gpc: fc.boolean(), dnt: fc.boolean() }),
  prev: fc.option(fc.uuid({ version: 4 })),
  exp: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  widget: fc.constant('cachet@0.1.0'),
});

describe('canonicalize()', () => {
  it('gives the same bytes as the canonicalize package on generated records', () => {
    fc.assert(
      fc.property(record, (r) => {
        expect(canonicalize(r)).toBe(canonicalizeRef(r));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same bytes as the canonicalize package on any JSON of strings, integers, booleans and null', () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(canonicalize(v)).toBe(canonicalizeRef(v));
      }),
      { numRuns: 1000 },
    );
  });

  it('sorts keys by UTF-16 code units and escapes as RFC 8785 §3.2.2.2 says', () => {
    // RFC 8785 §3.2.3: 😀 (code units D83D DE00) sorts before U+FB33 despite its higher code point.
    expect(canonicalize({ '😀': 1, '€': 2, '\ufb33': 3, '\r': 4, '1': 5 })).toBe(
      '{"\\r":4,"1":5,"€":2,"😀":1,"דּ":3}',
    );
    expect(canonicalize({ b: [true, null, 'é\n"\\'], a: -0 })).toBe(
      '{"a":0,"b":[true,null,"é\\n\\"\\\\"]}',
    );
  });

  it('refuses values without one canonical form here', () => {
    for (const v of [1.5, Number.NaN, 2 ** 53, () => 1, undefined, Symbol('x')])
      expect(() => canonicalize(v)).toThrow(TypeError);
  });
});
