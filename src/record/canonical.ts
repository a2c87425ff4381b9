/**
 * RFC 8785 JSON Canonicalization Scheme (JCS), for the values records may hold: strings,
 * booleans, integers, null, arrays and objects. The widget signs these bytes and the receiver
 * hashes the same bytes (DESIGN.md, binding), so this file is shared by both sides.
 */
export function canonicalize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      // RFC 8785 §3.2.2.2: JSON.stringify's escaping (ECMA-262 QuoteJSONString) is the JCS one.
      return JSON.stringify(value);
    case 'number':
      // Records carry integers only; non-integers or unsafe integers have no single canonical form here.
      if (!Number.isSafeInteger(value)) throw new TypeError(`JCS: unsupported number ${value}`);
      return String(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
      const obj = value as Record<string, unknown>;
      // RFC 8785 §3.2.3: members sorted by their UTF-16 code units; JS string comparison is exactly that.
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalize(obj[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`JCS: unsupported type ${typeof value}`);
  }
}
