/**
 * Objects without a prototype. A page whose Object.prototype was polluted by a bug elsewhere
 * (`Object.prototype.matomo = {url: …}`, `Object.prototype.analytics = true`) must lend Cachet
 * nothing: in these, a key that is not there reads as undefined.
 */

export const isObj = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An empty object without a prototype. */
export const nothing = (): Record<string, any> => Object.create(null);

/** A deep copy with own keys only, in objects without a prototype. */
export function own<T>(v: T): T {
  if (Array.isArray(v)) return v.map(own) as T;
  if (!isObj(v)) return v;
  const o = nothing();
  for (const [k, x] of Object.entries(v)) o[k] = own(x);
  return o as T;
}
