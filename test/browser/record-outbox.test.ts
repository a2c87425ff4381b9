import { decodeProtectedHeader } from 'jose';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { newContext, page } from './harness';
import { useRecordRig } from './record-endpoint';

/**
 * The IndexedDB outbox as the page sees it. It must never create the database: the signer loads
 * on demand, so a read that comes first would leave an empty `cachet` database behind (and the
 * transaction on it would throw in a callback, a promise that never settles). No database yet
 * reads as an empty outbox.
 */
const outbox = (p: Page) =>
  p.evaluate(
    () =>
      new Promise<{ id: string; jws: string }[]>((done, fail) => {
        const r = indexedDB.open('cachet');
        r.onupgradeneeded = () => r.transaction!.abort();
        r.onsuccess = () => {
          try {
            const q = r.result.transaction('o').objectStore('o').getAll();
            q.onsuccess = () => done(q.result);
            q.onerror = () => fail(q.error);
          } catch (e) {
            fail(e);
          } finally {
            r.result.close();
          }
        };
        r.onerror = () => (r.error?.name === 'AbortError' ? done([]) : fail(r.error));
      }),
  );
/** Makes a decision through the API and returns its record id (known synchronously). */
const decide = (p: Page, how: 'rejectAll' | 'acceptAll' = 'rejectAll') =>
  p.evaluate((how) => {
    let id = '';
    const off = window.Cachet!.on('change', (d) => {
      id = d.id;
    });
    window.Cachet![how]();
    off();
    return id;
  }, how);
const ready = (p: Page) => p.waitForFunction(() => window.Cachet?.ready);

const rig = useRecordRig((attrs) => ({
  '/': page({ attrs, body: '<p><a id="next" href="/next">Page suivante</a></p>' }),
  '/next': page({ attrs }),
  // Same site, without the widget.
  '/plain': page({ body: '<p>Sans widget.</p>' }).replace(/<script src[^>]*><\/script>/, ''),
}));
beforeEach(() => {
  rig.ep.fault = () => null;
  rig.ep.delay = 0;
});
describe('the IndexedDB outbox', () => {
  it('keeps a record across a reload while the endpoint is down, and sends the same bytes after', async () => {
    const { ep, browser, site } = rig;
    const { ctx, page: p } = await newContext(browser);
    ep.fault = () => 'drop';
    await p.goto(site.url);
    await ready(p);
    // Read before the signer has loaded (as a poll may): empty, and no database left behind.
    expect(await outbox(p)).toEqual([]);
    const id = await decide(p);
    await expect.poll(async () => (await outbox(p)).map((e) => e.id)).toEqual([id]);
    const [{ jws }] = await outbox(p);
    expect(ep.stored.has(id)).toBe(false);
    await p.reload();
    await ready(p);
    expect((await outbox(p)).map((e) => e.jws)).toEqual([jws]);
    ep.fault = () => null;
    await expect.poll(() => ep.stored.get(id), { timeout: 15_000 }).toBe(jws);
    await expect.poll(async () => (await outbox(p)).length).toBe(0);
    const receipts = await p.evaluate(() => window.Cachet!.receipts());
    expect(receipts[0]).toMatchObject({ id, payload: { id } });
    // The key pair survived the reload too: same kid, not ephemeral.
    const id2 = await decide(p, 'acceptAll');
    await expect.poll(() => ep.stored.has(id2)).toBe(true);
    const [h1, h2] = [jws, ep.stored.get(id2)!].map((j) => decodeProtectedHeader(j));
    expect(h2.kid).toBe(h1.kid);
    expect(h2.eph).toBeUndefined();
    await ctx.close();
  });
});

describe('a `cachet` database that another script of the site made', () => {
  it('is left alone, and records still arrive, signed with an ephemeral key', async () => {
    const { ep, browser, site } = rig;
    const { ctx, page: p } = await newContext(browser);
    await p.goto(site.url);
    await ready(p);
    const stores = () =>
      p.evaluate(
        () =>
          new Promise<string[]>((done, fail) => {
            const r = indexedDB.open('cachet', 1);
            r.onupgradeneeded = () => r.result.createObjectStore('theirs');
            r.onsuccess = () => {
              done([...r.result.objectStoreNames]);
              r.result.close();
            };
            r.onerror = () => fail(r.error);
          }),
      );
    expect(await stores()).toEqual(['theirs']);
    const id = await decide(p);
    await expect.poll(() => ep.stored.has(id), { timeout: 15_000 }).toBe(true);
    expect(decodeProtectedHeader(ep.stored.get(id)!).eph).toBe(true);
    expect(await stores()).toEqual(['theirs']);
    await ctx.close();
  });
});

describe('without IndexedDB', () => {
  it('signs with an ephemeral key and keeps the outbox in localStorage', async () => {
    const { ep, browser, site } = rig;
    const { ctx, page: p } = await newContext(browser);
    await ctx.addInitScript(() =>
      Object.defineProperty(window, 'indexedDB', { get: () => undefined, configurable: true }),
    );
    ep.fault = () => 'drop';
    await p.goto(site.url);
    await ready(p);
    const id = await decide(p);
    const queued = () => p.evaluate((id) => localStorage.getItem(`cachet:o:${id}`), id);
    await expect.poll(queued).not.toBeNull();
    ep.fault = () => null;
    await expect.poll(() => ep.stored.has(id), { timeout: 15_000 }).toBe(true);
    expect(decodeProtectedHeader(ep.stored.get(id)!).eph).toBe(true);
    await expect.poll(queued).toBeNull();
    await ctx.close();
  });
});

describe('a decision made just before the page navigates away', () => {
  it('arrives after clicking "Tout refuser" then a link', async () => {
    const { ep, browser, site } = rig;
    const { ctx, page: p } = await newContext(browser);
    await p.goto(site.url);
    await ready(p);
    const ids: string[] = [];
    await p.exposeFunction('seen', (id: string) => ids.push(id));
    await p.evaluate(() => window.Cachet!.on('change', (d) => (window as any).seen(d.id)));
    await p.getByRole('button', { name: 'Tout refuser' }).click();
    await p.click('#next');
    await p.waitForURL('**/next');
    await expect.poll(() => ids.length).toBe(1);
    await expect.poll(() => ep.stored.has(ids[0]), { timeout: 15_000 }).toBe(true);
    await ctx.close();
  });

  it('arrives when the link is followed in the same task as the decision', async () => {
    const { ep, browser, site } = rig;
    const { ctx, page: p } = await newContext(browser);
    await p.goto(site.url);
    await ready(p);
    const id = await p.evaluate(() => {
      let id = '';
      window.Cachet!.on('change', (d) => {
        id = d.id;
      });
      window.Cachet!.rejectAll();
      document.getElementById('next')!.click();
      return id;
    });
    await p.waitForURL('**/next');
    await expect.poll(() => ep.stored.has(id), { timeout: 15_000 }).toBe(true);
    await ctx.close();
  });

  it('arrives at the next page load when the endpoint was unreachable when leaving', async () => {
    const { ep, browser, site } = rig;
    const { ctx, page: p } = await newContext(browser);
    await p.goto(site.url);
    await ready(p);
    ep.fault = () => 'reset';
    const id = await decide(p);
    // Leave for a page without the widget: nothing can send the record from there. The endpoint
    // stays down a while longer, so a beacon or keepalive send the first page started at pagehide,
    // which may reach the server after /plain has loaded, is refused too: only the next page
    // that loads Cachet can deliver the record.
    await p.goto(`${site.origin}/plain`);
    await new Promise((r) => setTimeout(r, 300));
    ep.fault = () => null;
    await p.goto(`${site.origin}/next`);
    await expect.poll(() => ep.stored.has(id), { timeout: 15_000 }).toBe(true);
    await ctx.close();
  });
});

describe('two tabs of the site', () => {
  it('never send the same record at once (Web Locks)', async () => {
    const { ep, browser, site } = rig;
    const { ctx, page: a } = await newContext(browser);
    const b = await ctx.newPage();
    await Promise.all([a.goto(site.url), b.goto(`${site.origin}/next`)]);
    await Promise.all([ready(a), ready(b)]);
    ep.delay = 150;
    const before = { requests: ep.requests, overlaps: ep.overlaps, duplicates: ep.duplicates };
    const ids = (
      await Promise.all(
        [a, b].map((p) =>
          p.evaluate(() => {
            const ids: string[] = [];
            const off = window.Cachet!.on('change', (d) => ids.push(d.id));
            for (let i = 0; i < 10; i++) window.Cachet![i % 2 ? 'acceptAll' : 'rejectAll']();
            off();
            return ids;
          }),
        ),
      )
    ).flat();
    await expect.poll(() => ids.every((id) => ep.stored.has(id)), { timeout: 20_000 }).toBe(true);
    // Both tabs drain the one shared outbox; without the lock they would send the same records.
    expect(ep.overlaps - before.overlaps).toBe(0);
    expect(ep.duplicates - before.duplicates).toBe(0);
    expect(ep.requests - before.requests).toBe(20);
    await ctx.close();
  });
});
