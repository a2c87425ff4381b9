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

  it('reads document.cookie once per run of script, again after its own write or a microtask', async () => {
    const get = vi.spyOn(document, 'cookie', 'get');
    try {
      const jar = cookieStorage('cachet', null, false);
      jar.read();
      jar.read();
      cookies();
      expect(get).toHaveBeenCalledTimes(1);
      jar.write('mine', new Date(Date.now() + 86400_000));
      expect(jar.read()).toBe('mine');
      expect(get).toHaveBeenCalledTimes(2);
      // Another tab (or the server) changes the cookie: seen once the microtask checkpoint passed.
      document.cookie = `cachet=${encodeURIComponent('theirs')};path=/`;
      await Promise.resolve();
      expect(jar.read()).toBe('theirs');
    } finally {
      get.mockRestore();
    }
  });
});
