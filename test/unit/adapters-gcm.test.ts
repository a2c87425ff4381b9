import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gcm } from '../../src/adapters/gcm';
import { scripts } from '../../src/adapters/scripts';
import type { Decision } from '../../src/consent/types';
import { init } from '../../src/index';
import { adapterContext, PURPOSES, stored } from './helpers/adapters';
import { memoryStorage } from './helpers/memory-storage';

const MAP = {
  ad_storage: 'marketing',
  ad_user_data: 'marketing',
  ad_personalization: 'marketing',
  analytics_storage: 'analytics',
  security_storage: 'necessary',
};
const consentCalls = () =>
  (window.dataLayer ?? []).map((a) => [...(a as IArguments)]).filter((a) => a[0] === 'consent');

beforeEach(() => {
  delete window.dataLayer;
  delete window.gtag;
});
afterEach(() => document.body.replaceChildren());

describe('Google Consent Mode v2', () => {
  it('sets every mapped type denied by default at once, required purposes granted', () => {
    gcm(adapterContext({ gcm: MAP }));
    expect(consentCalls()).toEqual([
      [
        'consent',
        'default',
        {
          ad_storage: 'denied',
          ad_user_data: 'denied',
          ad_personalization: 'denied',
          analytics_storage: 'denied',
          security_storage: 'granted',
        },
      ],
    ]);
  });

  it('pushes Arguments objects, as Google’s gtag snippet does (gtag.js ignores arrays)', () => {
    gcm(adapterContext({ gcm: MAP }));
    expect(Object.prototype.toString.call(window.dataLayer![0])).toBe('[object Arguments]');
  });

  it('uses the site’s own gtag when it has one', () => {
    const calls: unknown[][] = [];
    window.gtag = (...a: unknown[]) => calls.push(a);
    gcm(adapterContext({ gcm: { analytics_storage: 'analytics' } }));
    expect(calls).toEqual([['consent', 'default', { analytics_storage: 'denied' }]]);
  });

  it('updates on each decision', () => {
    const ctx = adapterContext({ gcm: MAP });
    gcm(ctx);
    ctx.decideApi({ analytics: true });
    ctx.decideApi({ analytics: false, marketing: true });
    expect(consentCalls().slice(1)).toEqual([
      [
        'consent',
        'update',
        {
          ad_storage: 'denied',
          ad_user_data: 'denied',
          ad_personalization: 'denied',
          analytics_storage: 'granted',
          security_storage: 'granted',
        },
      ],
      [
        'consent',
        'update',
        {
          ad_storage: 'granted',
          ad_user_data: 'granted',
          ad_personalization: 'granted',
          analytics_storage: 'denied',
          security_storage: 'granted',
        },
      ],
    ]);
  });

  it('gives a returning visitor the default, then the stored decision, before any tag', () => {
    gcm(adapterContext({ gcm: MAP }, { initial: stored({ analytics: true }) }));
    expect(consentCalls().map((c) => [c[1], (c[2] as any).analytics_storage])).toEqual([
      ['default', 'denied'],
      ['update', 'granted'],
    ]);
  });

  it('does nothing without a gcm config', () => {
    gcm(adapterContext());
    expect(window.dataLayer).toBeUndefined();
  });
});

describe('Global Privacy Control, end to end', () => {
  function page(gpc: boolean) {
    // Test fixture markup (never the widget's own DOM code).
    document.body.innerHTML =
      '<script type="text/plain" data-cachet="marketing" id="ads">1</script><script type="text/plain" data-cachet="analytics" id="stats">1</script>';
    const changes: Decision[] = [];
    const cachet = init(
      { notice: { version: 'v1' }, purposes: PURPOSES, gcm: MAP },
      {
        storage: memoryStorage(),
        signals: () => ({ gpc, dnt: false }),
        modules: [gcm, scripts],
      },
    );
    cachet.on('change', (d) => changes.push(d));
    return { cachet, changes };
  }
  const ran = (id: string) => document.getElementById(id)?.getAttribute('type') !== 'text/plain';
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('"accept all" leaves marketing refused, its scripts blocked and ad storage denied', async () => {
    const { cachet, changes } = page(true);
    cachet.acceptAll();
    await flush();
    expect(cachet.hasConsent('marketing')).toBe(false);
    expect(cachet.hasConsent('analytics')).toBe(true);
    expect([ran('ads'), ran('stats')]).toEqual([false, true]);
    expect((consentCalls().at(-1)![2] as any).ad_storage).toBe('denied');
    expect(changes[0].signals).toEqual({ gpc: true, dnt: false });
    expect(changes[0].purposes.marketing).toBe(false);
    cachet.destroy();
  });

  it('an explicit choice still grants it', async () => {
    const { cachet } = page(true);
    cachet.acceptAll();
    cachet.accept(['marketing']);
    await flush();
    expect(ran('ads')).toBe(true);
    expect((consentCalls().at(-1)![2] as any).ad_storage).toBe('granted');
    cachet.destroy();
  });

  it('without the signal, "accept all" grants everything', async () => {
    const { cachet, changes } = page(false);
    cachet.acceptAll();
    await flush();
    expect(ran('ads')).toBe(true);
    expect(changes[0].signals.gpc).toBe(false);
    cachet.destroy();
  });
});
