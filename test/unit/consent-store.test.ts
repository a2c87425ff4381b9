import { describe, expect, it, vi } from 'vitest';
import { validateConfig } from '../../src/config/validate';
import { createConsentStore, parseState } from '../../src/consent/store';
import type { NoticeShown } from '../../src/consent/types';
import { memoryStorage } from './helpers/memory-storage';

const DAY = 86400_000;
const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const notice: NoticeShown = { id: 'banner', version: 'v1', lang: 'fr', text: 'x', policyUrl: null };
const config = (extra = {}) =>
  validateConfig(
    {
      notice: { version: 'v1' },
      purposes: [
        { id: 'necessary', label: 'N', required: true },
        { id: 'analytics', label: 'A' },
        { id: 'marketing', label: 'M' },
      ],
      ...extra,
    },
    { origin: 'https://www.example.com' },
  ).config!;

function setup(opts: { now?: number; gpc?: boolean; initial?: string; extra?: object } = {}) {
  let now = opts.now ?? T0;
  const storage = memoryStorage(opts.initial);
  const store = createConsentStore(config(opts.extra), storage, {
    now: () => now,
    signals: () => ({ gpc: !!opts.gpc, dnt: false }),
  });
  return { store, storage, tick: (ms: number) => (now += ms) };
}

describe('consent store', () => {
  describe('before any decision', () => {
    it('has no decision and grants only required purposes', () => {
      const { store } = setup();
      expect(store.get()).toBeNull();
      expect(store.hasConsent('analytics')).toBe(false);
      expect(store.hasConsent('necessary')).toBe(true);
      expect(store.subject()).toBeNull();
    });
  });

  describe('decide()', () => {
    it('writes the cookie value {v, sub, ts, exp, nv, p} with a 180-day expiry', () => {
      const { store, storage } = setup();
      store.decide({ analytics: true, marketing: false }, { method: 'banner:accept-all', notice });
      const v = JSON.parse(storage.value!);
      expect(v).toEqual({
        v: 1,
        sub: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        ts: T0 / 1000,
        exp: T0 / 1000 + 180 * 86400,
        nv: 'v1',
        p: { analytics: true, marketing: false },
      });
      expect(storage.expires!.getTime()).toBe(T0 + 180 * DAY);
      expect(store.hasConsent('analytics')).toBe(true);
      expect(store.hasConsent('marketing')).toBe(false);
    });

    it('keeps a refusal as long as a consent (CNIL)', () => {
      const { store, storage } = setup();
      store.decide(store.allChoices(false), { method: 'banner:reject-all', notice });
      expect(storage.expires!.getTime()).toBe(T0 + 180 * DAY);
    });

    it('derives the event: given, refused, updated, withdrawn', () => {
      const { store } = setup();
      expect(
        store.decide({ analytics: false }, { method: 'banner:reject-all', notice }).event,
      ).toBe('refused');
      expect(store.decide({ analytics: true }, { method: 'prefs:save', notice }).event).toBe(
        'updated',
      );
      expect(
        store.decide({ analytics: false, marketing: false }, { method: 'prefs:save', notice })
          .event,
      ).toBe('withdrawn');
      const fresh = setup().store;
      expect(fresh.decide({ marketing: true }, { method: 'form:checkbox', notice }).event).toBe(
        'given',
      );
    });

    it('changes only the purposes it names and ignores unknown or required ones', () => {
      const { store } = setup();
      store.decide({ analytics: true, marketing: true }, { method: 'banner:accept-all', notice });
      const d = store.decide(
        { marketing: false, necessary: false, bogus: true },
        { method: 'api', notice },
      );
      expect(d.purposes).toEqual({ marketing: false });
      expect(d.state.p).toEqual({ analytics: true, marketing: false });
      expect(store.hasConsent('necessary')).toBe(true);
    });

    it('keeps the subject id across decisions, expiry and notice versions', () => {
      const { store, tick } = setup();
      const sub = store.decide({ analytics: true }, { method: 'api', notice }).state.sub;
      tick(200 * DAY);
      expect(store.get()).toBeNull();
      expect(store.decide({ analytics: false }, { method: 'api', notice }).state.sub).toBe(sub);
    });

    it('gives each decision a fresh uuid v4 and the previous state', () => {
      const { store } = setup();
      const a = store.decide({ analytics: true }, { method: 'api', notice });
      const b = store.decide({ analytics: false }, { method: 'api', notice });
      expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(b.id).not.toBe(a.id);
      expect(a.previous).toBeNull();
      expect(b.previous?.p.analytics).toBe(true);
    });

    it('calls subscribers synchronously, in order, and survives one that throws', () => {
      const { store } = setup();
      const seen: string[] = [];
      const onError = vi.fn();
      const s2 = createConsentStore(config(), memoryStorage(), { onError });
      s2.subscribe(() => seen.push('first'));
      s2.subscribe(() => {
        throw new Error('boom');
      });
      s2.subscribe(() => seen.push('third'));
      s2.decide({ analytics: true }, { method: 'api', notice });
      expect(seen).toEqual(['first', 'third']);
      expect(onError).toHaveBeenCalledOnce();
      const off = store.subscribe(() => seen.push('x'));
      off();
      store.decide({ analytics: true }, { method: 'api', notice });
      expect(seen).not.toContain('x');
    });

    it('carries the form and the browser signals', () => {
      const { store } = setup({ gpc: true });
      const d = store.decide(
        { marketing: true },
        { method: 'form:checkbox', notice, form: { id: 'contact', action: '/contact' } },
      );
      expect(d.form).toEqual({ id: 'contact', action: '/contact' });
      expect(d.signals).toEqual({ gpc: true, dnt: false });
    });
  });

  describe('asking again', () => {
    it('asks again after the cookie lifetime', () => {
      const { store, tick } = setup();
      store.decide({ analytics: true }, { method: 'api', notice });
      tick(179 * DAY);
      expect(store.get()).not.toBeNull();
      tick(2 * DAY);
      expect(store.get()).toBeNull();
      expect(store.hasConsent('analytics')).toBe(false);
    });

    it('asks again when the notice version changes', () => {
      const storage = memoryStorage();
      createConsentStore(config(), storage).decide({ analytics: true }, { method: 'api', notice });
      const next = createConsentStore(config({ notice: { version: 'v2' } }), storage);
      expect(next.get()).toBeNull();
    });

    it('honours a shorter configured lifetime', () => {
      const { store, storage } = setup({ extra: { cookie: { days: 30 } } });
      store.decide({ analytics: true }, { method: 'api', notice });
      expect(storage.expires!.getTime()).toBe(T0 + 30 * DAY);
    });
  });

  describe('acceptAllChoices()', () => {
    it('grants every optional purpose', () => {
      expect(setup().store.acceptAllChoices()).toEqual({ analytics: true, marketing: true });
    });
    it('leaves GPC-refused purposes off when the browser sends Global Privacy Control', () => {
      expect(setup({ gpc: true }).store.acceptAllChoices()).toEqual({
        analytics: true,
        marketing: false,
      });
    });
  });
});

describe('parseState()', () => {
  const good = { v: 1, sub: 'AAAAAAAAAAAAAAAAAAAAAA', ts: 1, exp: 2, nv: 'v1', p: { a: true } };
  it('reads a well-formed value', () => {
    expect(parseState(JSON.stringify(good))).toEqual(good);
  });
  it.each([
    ['garbage', '%%%'],
    ['a number', '42'],
    ['null', 'null'],
    ['a wrong version', JSON.stringify({ ...good, v: 2 })],
    ['a short subject', JSON.stringify({ ...good, sub: 'abc' })],
    ['a string purpose value', JSON.stringify({ ...good, p: { a: 'yes' } })],
    ['an array of purposes', JSON.stringify({ ...good, p: [true] })],
    ['a negative time', JSON.stringify({ ...good, ts: -1 })],
    ['a huge value', JSON.stringify({ ...good, nv: 'x'.repeat(5000) })],
  ])('treats %s as no decision', (_name, raw) => {
    expect(parseState(raw)).toBeNull();
  });
});

describe('undecided()', () => {
  it('lists every optional purpose before a decision and none after "accept all"', () => {
    const { store } = setup();
    expect(store.undecided()).toEqual(['analytics', 'marketing']);
    store.decide(store.acceptAllChoices(), { method: 'banner:accept-all', notice });
    expect(store.undecided()).toEqual([]);
  });

  it('keeps purposes a form did not cover undecided, so the banner still asks', () => {
    const { store } = setup();
    store.decide({ marketing: true }, { method: 'form:checkbox', notice });
    expect(store.get()?.p).toEqual({ marketing: true });
    expect(store.undecided()).toEqual(['analytics']);
    expect(store.hasConsent('analytics')).toBe(false);
  });

  it("keeps another site's purposes on a shared cookie (cookie.domain), so neither asks again", () => {
    // Site B declares analytics and chat; site A, analytics and marketing; one cookie.
    const b = setup({
      extra: {
        purposes: [
          { id: 'analytics', label: 'A' },
          { id: 'chat', label: 'C' },
        ],
      },
    });
    b.store.decide({ analytics: true, chat: true }, { method: 'banner:accept-all', notice });
    const a = setup({ initial: b.storage.value });
    expect(a.store.undecided()).toEqual(['marketing']);
    const d = a.store.decide(
      { analytics: false, marketing: false },
      { method: 'banner:reject-all', notice },
    );
    expect({ ...d.state.p }).toEqual({ chat: true, analytics: false, marketing: false });
    // A refusal of everything this site asks about is a withdrawal, whatever the other site holds.
    expect(d.event).toBe('withdrawn');
    const again = setup({
      initial: a.storage.value,
      extra: {
        purposes: [
          { id: 'analytics', label: 'A' },
          { id: 'chat', label: 'C' },
        ],
      },
    });
    expect(again.store.undecided()).toEqual([]);
  });

  it('does not read a purpose from a polluted Object.prototype', () => {
    const { store } = setup();
    store.decide({ marketing: true }, { method: 'form:checkbox', notice });
    (Object.prototype as any).analytics = true;
    try {
      expect(store.hasConsent('analytics')).toBe(false);
      expect(store.undecided()).toEqual(['analytics']);
    } finally {
      delete (Object.prototype as any).analytics;
    }
  });
});
