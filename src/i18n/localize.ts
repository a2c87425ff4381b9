import type { Localized } from '../config/types';

// A module of its own, without the built-in texts: the preferences dialog, in the file loaded
// on demand (../chunk/parts.ts), needs this and not them.
/** Picks the text for `lang` from a localized value: the language, else French, else the first one. */
export function localize(v: Localized | undefined, lang: string): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return v[lang] ?? v.fr ?? Object.values(v)[0] ?? '';
}
