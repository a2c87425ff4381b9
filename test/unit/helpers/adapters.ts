// biome-ignore-all lint/suspicious/noDocumentCookie: cookies set as a site or a tracker would.
import type { Context } from '../../../src/api/context';
import { createContext } from '../../../src/api/create-context';
import type { CachetConfig } from '../../../src/config/types';
import { validateConfig } from '../../../src/config/validate';
import { memoryStorage } from './memory-storage';

export const DAY = 86400;

/** Purposes used by the adapter tests: one required, two optional. */
export const PURPOSES = [
  { id: 'necessary', label: 'Nécessaire', required: true },
  { id: 'analytics', label: { fr: 'Mesure d’audience', en: 'Audience measurement' } },
  { id: 'marketing', label: { fr: 'Marketing', en: 'Marketing' } },
  { id: 'video', label: { fr: 'Vidéos', en: 'Videos' } },
];

/** A stored decision (cookie value) made `ageDays` ago with the given purposes. */
export function stored(p: Record<string, boolean>, ageDays = 0, days = 180): string {
  const ts = Math.floor(Date.now() / 1000) - ageDays * DAY;
  return JSON.stringify({
    v: 1,
    sub: 'AAAAAAAAAAAAAAAAAAAAAA',
    ts,
    exp: ts + days * DAY,
    nv: 'v1',
    p,
  });
}

/** A context over an in-memory consent cookie, with GPC injectable. */
export function adapterContext(
  extra: CachetConfig = {},
  opts: { initial?: string; gpc?: boolean } = {},
): Context & { decideApi(choices: Record<string, boolean>): void } {
  const { config, errors } = validateConfig(
    { notice: { version: 'v1' }, purposes: PURPOSES, ...extra },
    { origin: location.origin },
  );
  if (!config) throw new Error(JSON.stringify(errors));
  const ctx = createContext(config, {
    storage: memoryStorage(opts.initial),
    signals: () => ({ gpc: !!opts.gpc, dnt: false }),
  });
  return Object.assign(ctx, {
    decideApi: (choices: Record<string, boolean>) =>
      void ctx.consent.decide(choices, { method: 'api', notice: ctx.notice('banner') }),
  });
}

/** Removes every cookie of this test document. */
export function clearCookies() {
  for (const c of document.cookie.split(';')) {
    const name = c.split('=')[0].trim();
    if (name) document.cookie = `${name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/`;
  }
}

/** Cookie names present now. */
export const cookieNames = () =>
  document.cookie
    .split(';')
    .map((c) => c.split('=')[0].trim())
    .filter(Boolean);
