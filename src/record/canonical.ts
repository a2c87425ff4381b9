/**
 * RFC 8785 JSON Canonicalization Scheme (JCS), for the values records may hold: strings,
 * booleans, integers, null, arrays and objects. The widget signs these bytes and the receiver
 * hashes the same bytes (DESIGN.md, binding), so this file is shared by both sides.
 */
export function canonicalize(value: unknown): string {
  // Template literals join arrays with ",": no whitespace, as RFC 8785 §3.2.1 requires.
  if (Array.isArray(value)) return `[${value.map(canonicalize)}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // RFC 8785 §3.2.3: members sorted by their UTF-16 code units, which is what sort() compares.
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalize(o[k])}`)}}`;
  }
  // Records carry integers only: other numbers have no single canonical form here.
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw new TypeError(`JCS: unsupported number ${value}`);
  // RFC 8785 §3.2.2: JSON.stringify's serialisation of null, booleans, integers and strings
  // (ECMA-262 QuoteJSONString) is the JCS one; it yields undefined for functions and symbols.
  const s = JSON.stringify(value);
  if (s === undefined) throw new TypeError(`JCS: unsupported type ${typeof value}`);
  return s;
}
