import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, SITE, TOKEN } from './helpers/receiver-fixture';
import { noticeHashOf, signSample } from './helpers/sign-record';

const T0 = new Date('2026-11-26T10:00:00.000Z');
const HOUR = 3_600_000;

let clock: Date;
let ctx: Awaited<ReturnType<typeof makeApp>>;

beforeEach(async () => {
  clock = new Date(T0);
  ctx = await makeApp({ now: () => clock });
});
afterEach(async () => {
  await ctx.close();
});

const login = (token: string, app = ctx.app) =>
  app.request('/log/login', {
    method: 'POST',
    body: new URLSearchParams({ token }),
  });

/** The session cookie (name=value) a successful sign-in sets. */
async function signIn(): Promise<string> {
  const res = await login(TOKEN);
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

const page = (cookie: string, path = '/log') => ctx.app.request(path, { headers: { cookie } });

describe('consent log: sign-in', () => {
  it('refuses a sign-in body above 4 KiB with 413, declared or streamed, without reading it', async () => {
    const declared = await login(`${'x'.repeat(1 << 20)}`);
    expect(declared.status).toBe(413);
    expect(declared.headers.get('set-cookie')).toBeNull();

    // Chunked (no Content-Length): 16 MiB offered, reading stops at the limit.
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x78);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 16 << 20) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await ctx.app.request('/log/login', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(256 * 1024);
    // A sign-in of normal size still works.
    expect((await login(TOKEN)).status).toBe(303);
  });

  it('answers a flood of wrong tokens, on the form or the ?token= link, with 429 and Retry-After', async () => {
    const rx = await makeApp({
      now: () => clock,
      config: { rateLimit: { perSecond: 1, burst: 3 } },
    });
    try {
      for (let i = 0; i < 3; i++) expect((await login(`wrong-${i}`, rx.app)).status).toBe(401);
      const limited = await login('wrong-3', rx.app);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await limited.json()).error.code).toBe('rate_limited');
      expect((await rx.app.request('/log?token=wrong-4')).status).toBe(429);
      // Record traffic has its own buckets.
      expect((await rx.post(signSample({ site: SITE }, clock).jws)).status).toBe(201);
      clock = new Date(T0.getTime() + 5_000);
      expect((await login('wrong-5', rx.app)).status).toBe(401);
    } finally {
      await rx.close();
    }
  });
});

describe('consent log: session', () => {
  it('signs its issue time into the cookie, and the server ends the session after 12 hours', async () => {
    const cookie = await signIn();
    expect(cookie).toMatch(/^cachet_log=\d+\.[A-Za-z0-9_-]{43}$/);
    clock = new Date(T0.getTime() + 12 * HOUR - 1_000);
    expect((await page(cookie)).status).toBe(200);
    // The browser would have dropped it (Max-Age); a copy replayed later is refused all the same.
    clock = new Date(T0.getTime() + 12 * HOUR);
    const late = await page(cookie);
    expect(late.status).toBe(401);
    expect(await late.text()).toContain('action="/log/login"');
  });

  it('refuses a cookie whose issue time was changed, one of the old format, and one of another token', async () => {
    const cookie = await signIn();
    const [, iat, mac] = /^cachet_log=(\d+)\.(.+)$/.exec(cookie)!;
    expect((await page(`cachet_log=${Number(iat) + 3_600}.${mac}`)).status).toBe(401);
    // The previous format: an HMAC of a fixed label, the same forever.
    const old = createHmac('sha256', TOKEN).update('cachet-log-session-v1').digest('base64url');
    expect((await page(`cachet_log=${old}`)).status).toBe(401);
    const other = createHmac('sha256', 'another-token')
      .update(`cachet-log-session-v2:${iat}`)
      .digest('base64url');
    expect((await page(`cachet_log=${iat}.${other}`)).status).toBe(401);
    expect((await page(cookie)).status).toBe(200);
  });
});

describe('consent log: record page', () => {
  it('shows the links of a notice as text next to their label, never as anchors', async () => {
    const text =
      'Voir la [politique](https://evil.example/p) ou [ceci](/\\evil.example/p).\nAccepter';
    const { jws, payload } = signSample(
      {
        site: SITE,
        notice: {
          id: 'banner',
          version: '2022-01-24',
          lang: 'fr',
          hash: noticeHashOf(text),
          text,
          policyUrl: null,
        },
      },
      clock,
    );
    expect((await ctx.post(jws)).status).toBe(201);
    const res = await ctx.admin(`/log/records/${payload.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const shown = /<div class="notice-text"[^>]*>([\s\S]*?)<\/div>/.exec(html)![1]!;
    expect(shown).not.toMatch(/<a[\s>]/);
    expect(shown).toContain(
      '<span class="link">politique</span> <code class="href">[https://evil.example/p]</code>',
    );
    expect(shown).toContain('/\\evil.example/p');
    expect(html).not.toContain('href="https://evil.example');
    expect(html).not.toContain('href="/\\evil');
  });
});
