import { getByRole, getByText } from '@testing-library/dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scripts } from '../../src/adapters/scripts';
import type { Decision } from '../../src/consent/types';
import { adapterContext, stored } from './helpers/adapters';

const flush = () => new Promise((r) => setTimeout(r, 0));
const html = (markup: string) => {
  // Test fixture markup, parsed by the test DOM (never the widget).
  document.body.innerHTML = markup;
};
const active = () =>
  [...document.querySelectorAll('script:not([type="text/plain"])')].map(
    (s) => s.id || s.getAttribute('src'),
  );

const stops: (() => void)[] = [];
const start = (ctx: ReturnType<typeof adapterContext>) => {
  const stop = scripts(ctx);
  if (stop) stops.push(stop);
  return ctx;
};

beforeEach(() => {
  // Test DOM: external scripts "load" without fetching anything.
  (window as any).happyDOM.settings.handleDisabledFileLoadingAsSuccess = true;
  document.documentElement.lang = 'fr';
});
afterEach(() => {
  for (const s of stops.splice(0)) s();
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

describe('script blocking', () => {
  it('keeps blocked scripts inert before a decision and after a refusal', async () => {
    html('<script type="text/plain" data-cachet="analytics" id="a">window.x = 1</script>');
    const ctx = start(adapterContext());
    await flush();
    ctx.decideApi({ analytics: false });
    await flush();
    expect(active()).toEqual([]);
    expect(document.getElementById('a')?.getAttribute('type')).toBe('text/plain');
  });

  it('activates each script of a granted purpose once, keeping its attributes', async () => {
    html(
      '<script type="text/plain" data-cachet="analytics" id="inline" data-foo="1">window.x = 1</script>' +
        '<script type="text/plain" data-cachet="analytics" src="/lib.js" async defer crossorigin="anonymous" referrerpolicy="no-referrer"></script>' +
        '<script type="text/plain" data-cachet="marketing" id="other">window.y = 1</script>',
    );
    const ctx = start(adapterContext());
    ctx.decideApi({ analytics: true });
    ctx.decideApi({ analytics: true });
    await flush();
    const inline = document.getElementById('inline') as HTMLScriptElement;
    expect(inline.type).toBe('');
    expect(inline.text).toBe('window.x = 1');
    expect(inline.dataset.foo).toBe('1');
    expect(inline.hasAttribute('data-cachet')).toBe(false);
    const ext = document.querySelector('script[src="/lib.js"]') as HTMLScriptElement;
    expect(ext.getAttribute('type')).toBeNull();
    for (const a of ['async', 'defer', 'crossorigin', 'referrerpolicy'])
      expect(ext.hasAttribute(a)).toBe(true);
    expect(document.querySelectorAll('script').length).toBe(3);
    expect(document.getElementById('other')?.getAttribute('type')).toBe('text/plain');
  });

  it('keeps the nonce, which browsers hide from the attribute', async () => {
    html('<script type="text/plain" data-cachet="analytics" id="n">1</script>');
    const el = document.getElementById('n')!;
    el.setAttribute('nonce', '');
    Object.defineProperty(el, 'nonce', { value: 'abc123' });
    start(adapterContext({}, { initial: stored({ analytics: true }) }));
    await flush();
    expect((document.getElementById('n') as HTMLScriptElement).nonce).toBe('abc123');
  });

  it('runs scripts in document order: an inline script waits for the external one before it', async () => {
    html(
      '<script type="text/plain" data-cachet="analytics" src="/lib.js"></script>' +
        '<script type="text/plain" data-cachet="analytics" id="after">init()</script>',
    );
    // The external script is held (not connected) until the test says it has loaded.
    let lib: HTMLScriptElement | undefined;
    const replace = Element.prototype.replaceWith;
    vi.spyOn(Element.prototype, 'replaceWith').mockImplementation(function (this: Element, ...n) {
      const s = n[0] as HTMLScriptElement;
      if (s.src) lib = s;
      else replace.apply(this, n);
    });
    start(adapterContext({}, { initial: stored({ analytics: true }) }));
    await flush();
    expect(lib?.getAttribute('src')).toBe('/lib.js');
    expect(document.getElementById('after')?.getAttribute('type')).toBe('text/plain');
    lib!.dispatchEvent(new Event('load'));
    await flush();
    expect(document.getElementById('after')?.getAttribute('type')).toBeNull();
  });

  it('restores the original type given in data-type (e.g. module)', async () => {
    html('<script type="text/plain" data-cachet="analytics" data-type="module" id="m">1</script>');
    start(adapterContext({}, { initial: stored({ analytics: true }) }));
    await flush();
    expect((document.getElementById('m') as HTMLScriptElement).type).toBe('module');
  });

  it('runs data-cachet-refused scripts only once the purpose is refused', async () => {
    html('<script type="text/plain" data-cachet-refused="marketing" id="r">1</script>');
    const ctx = start(adapterContext());
    await flush();
    expect(active()).toEqual([]);
    ctx.decideApi({ analytics: true, marketing: false });
    await flush();
    expect(active()).toEqual(['r']);
  });

  it('does not run a refusal script for a purpose a decision left out (a form box on contact only)', async () => {
    html('<script type="text/plain" data-cachet-refused="marketing" id="r">1</script>');
    const ctx = start(adapterContext());
    ctx.decideApi({ analytics: true });
    await flush();
    expect(active()).toEqual([]);
    ctx.decideApi({ marketing: false });
    await flush();
    expect(active()).toEqual(['r']);
  });

  it('reports, once, a script or iframe naming a purpose the config does not declare', async () => {
    html(
      '<script type="text/plain" data-cachet="analytics marketing" id="two">1</script>' +
        '<iframe data-cachet="videos" data-src="https://example.com/v"></iframe>',
    );
    const ctx = adapterContext();
    const errors: string[] = [];
    ctx.events.on('error', (e) => errors.push(`${e.code}: ${e.message}`));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    start(ctx);
    ctx.decideApi({ analytics: true, marketing: true });
    ctx.decideApi({ analytics: true });
    await flush();
    expect(errors).toEqual([
      'script: data-cachet names no declared purpose: "analytics marketing"',
      'script: data-cachet names no declared purpose: "videos"',
    ]);
    expect(active()).toEqual([]);
  });

  it('never runs a refusal script when the purpose is granted', async () => {
    html('<script type="text/plain" data-cachet-refused="marketing" id="r">1</script>');
    start(adapterContext({}, { initial: stored({ marketing: true }) })).decideApi({
      marketing: true,
    });
    await flush();
    expect(active()).toEqual([]);
  });

  it('activates scripts added later (single-page apps)', async () => {
    const ctx = start(adapterContext());
    ctx.decideApi({ analytics: true });
    const s = document.createElement('script');
    s.type = 'text/plain';
    s.dataset.cachet = 'analytics';
    s.id = 'late';
    s.text = '1';
    document.body.append(s);
    await flush();
    await flush();
    expect(active()).toEqual(['late']);
  });

  it('creates its Trusted Types policy once, named cachet', async () => {
    vi.resetModules();
    const createPolicy = vi.fn((_name: string, rules: object) => rules);
    (window as any).trustedTypes = { createPolicy };
    try {
      const { scripts: fresh } = await import('../../src/adapters/scripts');
      html(
        '<script type="text/plain" data-cachet="analytics">1</script><script type="text/plain" data-cachet="analytics" src="/a.js"></script>',
      );
      const stop = fresh(adapterContext({}, { initial: stored({ analytics: true }) }));
      if (stop) stops.push(stop);
      await flush();
      await flush();
      expect(createPolicy).toHaveBeenCalledTimes(1);
      expect(createPolicy.mock.calls[0][0]).toBe('cachet');
    } finally {
      delete (window as any).trustedTypes;
    }
  });
});

describe('iframe blocking', () => {
  const frame = () => document.querySelector('iframe')!;
  const EMBED =
    '<iframe data-cachet="video" data-src="https://video.example.com/embed/1" width="560" height="315" class="embed" title="Vidéo"></iframe>';

  it('does not load the iframe and shows a placeholder naming the purpose, in its box', () => {
    html(EMBED);
    start(adapterContext());
    expect(frame().getAttribute('src')).toBeNull();
    expect(frame().style.display).toBe('none');
    const box = document.querySelector<HTMLElement>('.cachet-placeholder')!;
    expect(box.classList.contains('embed')).toBe(true);
    expect([box.style.width, box.style.height]).toEqual(['560px', '315px']);
    expect(box.textContent).toContain('«\u00a0Vidéos\u00a0»');
    expect(getByRole(box, 'button', { name: 'Accepter et afficher' })).toBeTruthy();
    expect(getByRole(box, 'button', { name: 'Gérer mes cookies' })).toBeTruthy();
  });

  it('speaks the page language', () => {
    html(EMBED);
    const ctx = adapterContext({ lang: 'en' });
    start(ctx);
    const box = document.querySelector<HTMLElement>('.cachet-placeholder')!;
    expect(box.lang).toBe('en');
    expect(getByText(box, /accept “Videos”/)).toBeTruthy();
  });

  it('loads the iframe in place when the visitor enables it, recording what the box said', () => {
    html(EMBED);
    const ctx = start(adapterContext());
    const decisions: Decision[] = [];
    ctx.consent.subscribe((d) => decisions.push(d));
    getByRole(document.body, 'button', { name: 'Accepter et afficher' }).click();
    expect(frame().src).toBe('https://video.example.com/embed/1');
    expect(frame().style.display).toBe('');
    expect(document.querySelector('.cachet-placeholder')).toBeNull();
    expect(decisions[0]).toMatchObject({ method: 'api', purposes: { video: true } });
    expect(decisions[0].notice.id).toBe('api');
    expect(decisions[0].notice.text).toBe(
      'Ce contenu d’un service tiers s’affiche si vous acceptez «\u00a0Vidéos\u00a0».\nAccepter et afficher',
    );
  });

  it('offers the preferences instead', () => {
    html(EMBED);
    const ctx = start(adapterContext());
    const open = vi.fn();
    ctx.openPreferences = open;
    getByRole(document.body, 'button', { name: 'Gérer mes cookies' }).click();
    expect(open).toHaveBeenCalled();
    expect(frame().getAttribute('src')).toBeNull();
  });

  it('unloads the iframe and shows the placeholder again when consent is withdrawn', () => {
    html(EMBED);
    const ctx = start(adapterContext({}, { initial: stored({ video: true }) }));
    expect(frame().src).toBe('https://video.example.com/embed/1');
    expect(document.querySelector('.cachet-placeholder')).toBeNull();
    ctx.decideApi({ video: false });
    expect(frame().src).toBe('about:blank');
    expect(document.querySelectorAll('.cachet-placeholder')).toHaveLength(1);
  });

  it('never loads a javascript: URL', () => {
    html('<iframe data-cachet="video" data-src="javascript:alert(1)"></iframe>');
    start(adapterContext({}, { initial: stored({ video: true }) }));
    expect(frame().getAttribute('src')).toBeNull();
  });

  it('blocks iframes added later and removes the placeholder of a removed iframe', async () => {
    const ctx = start(adapterContext());
    const f = document.createElement('iframe');
    f.dataset.cachet = 'video';
    f.dataset.src = 'https://video.example.com/embed/2';
    document.body.append(f);
    await flush();
    expect(document.querySelectorAll('.cachet-placeholder')).toHaveLength(1);
    f.remove();
    await flush();
    expect(document.querySelectorAll('.cachet-placeholder')).toHaveLength(0);
    ctx.decideApi({ video: true });
    expect(f.getAttribute('src')).toBeNull();
  });
});
