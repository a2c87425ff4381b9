import type { Module } from '../../api/context';
import { allowed } from '../shared';

declare global {
  interface Window {
    dataLayer?: unknown[];
    gtag?: (...args: unknown[]) => void;
  }
}

/**
 * Google Consent Mode v2: `gtag('consent', 'default', …)` with every mapped type denied (granted
 * only for required purposes) as soon as Cachet starts, then `gtag('consent', 'update', …)` for a
 * stored decision and after each new one. `config.gcm` maps consent type → purpose id.
 */
export const gcm: Module = (ctx) => {
  const map = ctx.config.gcm;
  if (!map) return;
  const w = window;
  w.dataLayer ||= [];
  // Google's snippet, as documented: gtag.js reads an Arguments object, not an array.
  w.gtag ||= function gtag() {
    // biome-ignore lint/complexity/noArguments: gtag.js tells commands apart by the Arguments object.
    w.dataLayer!.push(arguments);
  };
  const state = (on: (purpose: string) => boolean) =>
    Object.fromEntries(Object.entries(map).map(([k, p]) => [k, on(p) ? 'granted' : 'denied']));
  const update = () =>
    w.gtag!(
      'consent',
      'update',
      state((p) => allowed(ctx, p)),
    );
  w.gtag(
    'consent',
    'default',
    state((p) => ctx.config.purposes.some((x) => x.id === p && x.required)),
  );
  if (ctx.consent.get()) update();
  return ctx.consent.subscribe(update);
};
