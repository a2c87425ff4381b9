import { own } from '../config/own';
import type { ResolvedConfig } from '../config/types';
import { en } from './en';
import { fr, type TextKey } from './fr';
import { localize } from './localize';

export { localize };

// Without a prototype (../config/own.ts): `builtIn.de` must not find a polluted Object.prototype.de.
const builtIn: Record<string, Record<string, string>> = own({ fr, en });
/** The languages Cachet has its own texts in. */
export const BUILT_IN = Object.keys(builtIn);

/** One UI text: config override for the language, else the built-in text, else French. */
export function t(config: Pick<ResolvedConfig, 'texts'>, lang: string, key: TextKey): string {
  return config.texts[lang]?.[key] ?? builtIn[lang]?.[key] ?? config.texts.fr?.[key] ?? fr[key];
}

/** The notice layers whose exact text is recorded. */
export type Layer = 'banner' | 'prefs';

/**
 * All strings of a layer in display order: what the visitor saw. DESIGN.md (binding): the notice
 * hash covers these strings joined by "\n". The UI renders exactly these strings.
 */
export function noticeStrings(config: ResolvedConfig, lang: string, layer: Layer): string[] {
  const k = (key: TextKey) => t(config, lang, key);
  if (layer === 'banner')
    return [
      k('banner.title'),
      k('banner.close'),
      k('banner.text'),
      k('banner.acceptAll'),
      k('banner.rejectAll'),
      k('banner.customize'),
    ];
  const out = [k('prefs.title'), k('prefs.close'), k('prefs.text')];
  for (const p of config.purposes) out.push(localize(p.label, lang), localize(p.description, lang));
  out.push(k('prefs.rejectAll'), k('prefs.acceptAll'), k('prefs.save'));
  return out.filter((s) => s !== '');
}

export type { TextKey };
