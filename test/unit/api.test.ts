/** The public API's promises (docs/api.md) that do not depend on a module: start-up and bad calls. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CachetError } from '../../src/api/context';
import { type Cachet, init } from '../../src/index';
import { memoryStorage } from './helpers/memory-storage';

let cachet: Cachet | null = null;
afterEach(() => {
  cachet?.destroy();
  cachet = null;
  vi.restoreAllMocks();
});

const CONFIG = {
  notice: { version: 'v1' },
  purposes: [
    { id: 'analytics', label: 'A' },
    { id: 'marketing', label: 'M' },
  ],
};
const start = () => {
  const storage = memoryStorage();
  cachet = init(CONFIG, { modules: [], storage });
  const errors: CachetError[] = [];
  const decisions: unknown[] = [];
  cachet.on('error', (e) => errors.push(e));
  cachet.on('change', (d) => decisions.push(d));
  return { cachet, errors, decisions, storage };
};

describe('ready', () => {
  it('fires once init() has returned, so a listener finds the API where the caller put it', async () => {
    const seen: unknown[] = [];
    const listener = () => seen.push((globalThis as any).api);
    document.addEventListener('cachet:ready', listener);
    (globalThis as any).api = init(CONFIG, { modules: [], storage: memoryStorage() });
    cachet = (globalThis as any).api;
    expect(seen).toEqual([]);
    await Promise.resolve();
    document.removeEventListener('cachet:ready', listener);
    expect(seen).toEqual([cachet]);
    delete (globalThis as any).api;
  });

  it('reaches a callback registered with on() right after init()', async () => {
    const { cachet } = start();
    const ready = vi.fn();
    cachet.on('ready', ready);
    await Promise.resolve();
    expect(ready).toHaveBeenCalledWith({ consent: null });
  });
});

describe('calls that would record something wrong', () => {
  it('reports a purpose the config does not declare and records no decision', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { cachet, errors, decisions } = start();
    cachet.accept(['newsletter']);
    cachet.refuse(['analytics', 'newsletter']);
    expect(decisions).toEqual([]);
    expect(cachet.getConsent()).toBeNull();
    expect(errors.map((e) => [e.code, String(e.detail)])).toEqual([
      ['api', 'Error: unknown purpose "newsletter"'],
      ['api', 'Error: unknown purpose "newsletter"'],
    ]);
    cachet.accept(['analytics']);
    expect(cachet.hasConsent('analytics')).toBe(true);
  });

  it('refuses a language code the records could not carry, and keeps the current one', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { cachet, errors } = start();
    const langs: unknown[] = [];
    cachet.on('lang', (l) => langs.push(l));
    for (const bad of ['EN', 'english', '', 42, undefined]) cachet.setLang(bad as string);
    expect(errors).toHaveLength(5);
    expect(langs).toEqual([]);
    cachet.setLang('en-GB');
    expect(langs).toEqual([{ lang: 'en-GB' }]);
  });
});
