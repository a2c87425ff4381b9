/**
 * The consent log in real Chromium, over a receiver that received signed records on three days:
 * sign-in with the admin token, filters by subject, event, purpose and date, the per-purpose
 * chart, the full verify and the CSV export.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../receiver/app';
import { createReceiptKey } from '../../receiver/receipt';
import { openSqliteStore } from '../../receiver/store/sqlite';
import type { Store } from '../../receiver/store/types';
import { createRecordSigner, sampleRecord } from '../../receiver/testing/sign-record';
import { launchBrowser, newContext } from './harness';

const SITE = 'https://www.sociatex.example';
const TOKEN = 'log-test-admin-token-0123456789';
const DAY = 86_400_000;
/** Noon UTC, two days ago: the records span three days ending today. */
const T0 = Math.floor(Date.now() / DAY) * DAY - 2 * DAY + 12 * 3_600_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

let browser: Browser;
let store: Store;
let server: Server;
let base: string;
let dir: string;
let alice: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cachet-log-'));
  store = openSqliteStore(join(dir, 'db.sqlite'));
  const keys = createReceiptKey();
  await store.addKey(keys.kid, keys.publicJwk, new Date().toISOString());
  let clock = T0;
  const app = createApp({
    store,
    keys,
    now: () => new Date(clock),
    log: false,
    config: { sites: [SITE], adminToken: TOKEN, rateLimit: { perSecond: 0, burst: 0 } },
  });
  server = await new Promise<Server>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      ok(s as Server),
    ) as Server;
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Day 1: alice accepts everything, bob refuses; day 2: alice withdraws, carol accepts
  // analytics only; day 3: dave accepts all. analytics: 3 consents, 2 refusals overall.
  const signer = createRecordSigner();
  const post = async (at: number, payload: ReturnType<typeof sampleRecord>) => {
    clock = at;
    const res = await app.request('/v1/records', {
      method: 'POST',
      body: signer.sign({ ...payload, iat: new Date(at).toISOString() }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(201);
  };
  const all = { analytics: true, marketing: true };
  const none = { analytics: false, marketing: false };
  const a1 = sampleRecord({ site: SITE, purposes: all });
  alice = a1.sub;
  await post(T0, a1);
  await post(
    T0 + 60_000,
    sampleRecord({ site: SITE, event: 'refused', method: 'banner:reject-all', purposes: none }),
  );
  await post(
    T0 + DAY,
    sampleRecord({
      site: SITE,
      sub: alice,
      prev: a1.id,
      event: 'withdrawn',
      method: 'api',
      purposes: none,
    }),
  );
  await post(
    T0 + DAY + 60_000,
    sampleRecord({
      site: SITE,
      method: 'prefs:save',
      purposes: { analytics: true, marketing: false },
    }),
  );
  await post(T0 + 2 * DAY, sampleRecord({ site: SITE, purposes: all }));
  clock = Date.now();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => {
    server?.closeAllConnections();
    server?.close(() => ok());
  });
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The record rows shown: their event column. */
const events = (p: Page) =>
  p.locator('table.records tbody tr td:nth-child(2) .pill').allTextContents();

/** Submits the filter form after `set` filled it. */
async function filter(p: Page, set: (p: Page) => Promise<void>) {
  await p.goto(`${base}/log`);
  await set(p);
  await Promise.all([p.waitForURL(/\/log\?/), p.getByRole('button', { name: 'Filter' }).click()]);
}

describe('the consent log', () => {
  it('asks for the admin token, then lists every record newest first, all verified', async () => {
    const { ctx, page: p } = await newContext(browser);
    try {
      const res = await p.goto(`${base}/log`);
      expect(res?.status()).toBe(401);
      await p.getByLabel('Admin token').fill('not-the-token');
      await p.getByRole('button', { name: 'Open the log' }).click();
      expect(await p.getByRole('alert').textContent()).toContain('not the admin token');
      await p.getByLabel('Admin token').fill(TOKEN);
      await Promise.all([
        p.waitForURL(`${base}/log`),
        p.getByRole('button', { name: 'Open the log' }).click(),
      ]);
      expect(await events(p)).toEqual(['given', 'given', 'withdrawn', 'refused', 'given']);
      expect(await p.locator('table.records .status').allTextContents()).toEqual(
        Array(5).fill('✓ Verified'),
      );
      // The chart: one panel per purpose over the last 14 days, aggregated on the server.
      const analytics = p.locator('figure.chart', { hasText: 'analytics' });
      expect(await analytics.locator('figcaption').textContent()).toContain('60 % consent');
      expect(await analytics.locator('svg title').first().textContent()).toContain(
        'analytics: 3 consents and 2 refusals',
      );
      expect(await analytics.locator(`svg g title`).allTextContents()).toEqual([
        `${day(T0)}: 1 consent, 1 refusal (50 % consent)`,
        `${day(T0 + DAY)}: 1 consent, 1 refusal (50 % consent)`,
        `${day(T0 + 2 * DAY)}: 1 consent, 0 refusals (100 % consent)`,
      ]);
      const verify = await p.request.get(`${base}/log/verify`);
      expect(verify.status()).toBe(200);
      expect(await verify.text()).toContain('All 5 records verify');
    } finally {
      await ctx.close();
    }
  });

  it('filters by subject, event, purpose and date', async () => {
    const { ctx, page: p } = await newContext(browser);
    try {
      await p.goto(`${base}/log?token=${TOKEN}`);

      await filter(p, (q) => q.getByLabel('Subject', { exact: true }).fill(alice));
      expect(await events(p)).toEqual(['withdrawn', 'given']);

      await filter(p, (q) =>
        q
          .getByLabel('Event', { exact: true })
          .selectOption('refused')
          .then(() => {}),
      );
      expect(await events(p)).toEqual(['refused']);

      await filter(p, async (q) => {
        await q.getByLabel('Purpose', { exact: true }).selectOption('marketing');
        await q.getByLabel('Decision', { exact: true }).selectOption('yes');
      });
      expect(await events(p)).toEqual(['given', 'given']);
      // The chart follows the purpose filter.
      expect(await p.locator('figure.chart figcaption strong').allTextContents()).toEqual([
        'marketing',
      ]);

      await filter(p, async (q) => {
        await q.getByLabel('From', { exact: true }).fill(day(T0 + DAY));
        await q.getByLabel('To', { exact: true }).fill(day(T0 + DAY));
      });
      expect(await events(p)).toEqual(['given', 'withdrawn']);

      await filter(p, (q) => q.getByLabel('Subject', { exact: true }).fill('not-a-subject'));
      expect(await p.getByRole('alert').textContent()).toContain('22 base64url characters');

      // A record's page: its chain neighbours and the subject's other decision.
      await filter(p, (q) => q.getByLabel('Subject', { exact: true }).fill(alice));
      await p.locator('table.records tbody tr').first().getByRole('link').click();
      expect(await p.locator('h1').textContent()).toContain('withdrawn');
      expect(await p.locator('.checks .ok').count()).toBe(4);
      expect(await p.locator('.chain').textContent()).toContain('#3 (this record)');
      expect(await p.getByRole('heading', { name: 'This subject’s decisions' }).count()).toBe(1);
    } finally {
      await ctx.close();
    }
  });

  it('exports the records as CSV', async () => {
    const { ctx, page: p } = await newContext(browser);
    try {
      await p.goto(`${base}/log?token=${TOKEN}`);
      const href = await p.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
      const res = await p.request.get(`${base}${href}`);
      expect(res.headers()['content-disposition']).toContain('.csv');
      const lines = (await res.text()).trim().split('\r\n');
      expect(lines[0]).toMatch(/^id,site,seq,/);
      expect(lines).toHaveLength(6);
    } finally {
      await ctx.close();
    }
  });
});
