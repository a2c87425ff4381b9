import { afterEach, describe, expect, it, vi } from 'vitest';
import { cookieStorage, cookies } from '../../src/consent/cookie-storage';

afterEach(() => {
  for (const c of document.cookie.split('; ')) {
    const name = c.split('=')[0];
    if (name) document.cookie = `${name}=;path=/;expires=${new Date(0).toUTCString()}`;
  }
});

describe('cookie storage', () => {
  it('round-trips JSON with quotes, commas, semicolons and accents', () => {
    const jar = cookieStorage('cachet', null, false);
    const value = JSON.stringify({ v: 1, p: { a: true, b: false }, nv: 'v1; é, "x"' });
    jar.write(value, new Date(Date.now() + 86400_000));
    expect(jar.read()).toBe(value);
    expect(document.cookie).not.toContain('"');
  });

  it('reads only its own cookie, not one whose name ends the same way', () => {
    document.cookie = 'xcachet=nope;path=/';
    const jar = cookieStorage('cachet', null, false);
    expect(jar.read()).toBeUndefined();
    jar.write('yes', new Date(Date.now() + 86400_000));
    expect(jar.read()).toBe('yes');
  });

  it('treats broken percent-encoding as no value', () => {
    document.cookie = 'cachet=%E0%A4%A;path=/';
    expect(cookieStorage('cachet', null, false).read()).toBeUndefined();
  });

  it('removes the cookie', () => {
    const jar = cookieStorage('cachet', null, false);
    jar.write('x', new Date(Date.now() + 86400_000));
    jar.remove();
    expect(jar.read()).toBeFalsy();
  });

  it('reads document.cookie once per run of script, its own writes included, again after a microtask', async () => {
    const get = vi.spyOn(document, 'cookie', 'get');
    try {
      document.cookie = 'other=1;path=/';
      const jar = cookieStorage('cachet', null, false);
      jar.write('old', new Date(Date.now() + 86400_000));
      jar.read();
      jar.read();
      expect(cookies()).toContain('other=1');
      expect(get).toHaveBeenCalledTimes(1);
      // Its own write (the click that decides): the next read needs no round trip.
      jar.write('mine; é', new Date(Date.now() + 86400_000));
      expect(jar.read()).toBe('mine; é');
      expect(cookies()).toContain('other=1');
      jar.remove();
      expect(jar.read()).toBeFalsy();
      expect(get).toHaveBeenCalledTimes(1);
      // Another tab (or the server) changes the cookie: seen once the microtask checkpoint passed.
      document.cookie = `cachet=${encodeURIComponent('theirs')};path=/`;
      await Promise.resolve();
      expect(jar.read()).toBe('theirs');
      expect(get).toHaveBeenCalledTimes(2);
    } finally {
      get.mockRestore();
    }
  });

  it('reads what the browser kept once the run of script is over', async () => {
    const jar = cookieStorage('cachet', null, false);
    jar.write('kept', new Date(Date.now() + 86400_000));
    await Promise.resolve();
    // Not read in this run: a write leaves nothing cached, the read asks the browser.
    const get = vi.spyOn(document, 'cookie', 'get');
    try {
      expect(jar.read()).toBe('kept');
      expect(get).toHaveBeenCalledTimes(1);
      // A cookie the browser refuses (a domain this page is not under) reads as written for the
      // rest of this run of script, and as absent from the next.
      const elsewhere = cookieStorage('cachet', 'elsewhere.example', false);
      elsewhere.write('refused', new Date(Date.now() + 86400_000));
      expect(jar.read()).toBe('refused');
      await Promise.resolve();
      expect(jar.read()).toBe('kept');
    } finally {
      get.mockRestore();
    }
  });
});
