import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CachetError, Context, RecordEnvelope } from '../../src/api/context';
import { createContext } from '../../src/api/create-context';
import { validateConfig } from '../../src/config/validate';
import type { Decision } from '../../src/consent/types';
import { startRecords } from '../../src/record';
import { buildRecord } from '../../src/record/build';
import { startPipeline } from '../../src/record/pipeline';
import { decodePart } from '../../src/record/sign';
import type { Entry, OutboxStore } from '../../src/record/store';
import { memoryStorage } from './helpers/memory-storage';

const ENDPOINT = 'https://consent.example.com/v1/records';
const T0 = Date.UTC(2026, 0, 24, 10, 0, 0);
const S = 1000;

type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | 'network'
  | 'stall'
  | 'ok';

/** A receipt JWS as the receiver would return it (only the payload matters to the widget). */
const receiptFor = (id: string, seq = 1) =>
  `eyJhbGciOiJFUzI1NiJ9.${btoa(JSON.stringify({ id, seq, receivedAt: new Date(T0).toISOString() })).replace(/=+$/, '')}.c2ln`;
const idOf = (jws: string) => decodePart<{ id: string }>(jws).id;

/** An outbox double: the three-method interface over a Map. */
function memoryOutbox(entries: Entry[] = []): OutboxStore & { m: Map<string, Entry> } {
  const m = new Map(entries.map((e) => [e.id, e]));
  return {
    m,
    all: async () => [...m.values()],
    put: async (e) => void m.set(e.id, e),
    del: async (id) => void m.delete(id),
  };
}

/**
 * Starts the record module with doubles for everything it takes from the browser. `replies`
 * are used in order, one per request; once they run out the receiver answers 201.
 */
function setup(
  opts: {
    replies?: Reply[];
    endpoint?: string | null;
    /**
     * Entries an earlier page left in the outbox double (pass its `cookie` too); null to use the
     * module's own (localStorage) outbox.
     */
    outbox?: Entry[] | null;
    random?: number;
    storage?: Storage;
    /** The consent cookie's storage: pass the previous page's to model the next page load. */
    cookie?: ReturnType<typeof memoryStorage>;
    /** false: let the module read the page URL itself. */
    url?: false;
    /** Spy on the loading of the signing part (the real one by default). */
    load?: () => Promise<typeof startPipeline>;
  } = {},
) {
  const cookie = opts.cookie ?? memoryStorage();
  const storage = opts.storage ?? memoryLocalStorage();
  // Entries in the outbox were queued by an earlier page, whose pipeline left this mark.
  if (opts.outbox?.length) storage.setItem('cachet:q', '1');
  const config = validateConfig(
    {
      site: 'https://www.example.com',
      ...(opts.endpoint !== null && { endpoint: opts.endpoint ?? ENDPOINT }),
      notice: { version: '2022-01-24' },
    },
    { origin: 'https://www.example.com' },
  ).config!;
  const ctx: Context = createContext(config, {
    storage: cookie,
    now: () => Date.now(),
    signals: () => ({ gpc: false, dnt: false }),
  });
  const replies = [...(opts.replies ?? [])];
  const requests: { url: string; init: RequestInit; at: number }[] = [];
  let seq = 0;
  const fetch = vi.fn(async (url: string | URL | Request, init: RequestInit = {}) => {
    requests.push({ url: String(url), init, at: Date.now() });
    const r = replies.shift() ?? 'ok';
    if (r === 'network') throw new TypeError('Failed to fetch');
    if (r === 'stall')
      return new Promise<Response>((_, reject) =>
        init.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        ),
      );
    if (r === 'ok') {
      const id = idOf(String(init.body));
      return Response.json(
        { id, status: 'created', receipt: receiptFor(id, ++seq) },
        { status: 201 },
      );
    }
    return new Response(r.body === undefined ? '' : JSON.stringify(r.body), {
      status: r.status,
      headers: r.headers,
    });
  });
  const beacons: { url: string; body: string }[] = [];
  const outbox = memoryOutbox(opts.outbox ?? []);
  const errors: CachetError[] = [];
  const records: RecordEnvelope[] = [];
  ctx.events.on('error', (e) => errors.push(e));
  ctx.events.on('record', (r) => records.push(r));
  /** Retry delays the sender armed (the send timeouts, 15 s, are left out). */
  const delays: number[] = [];
  const stop = startRecords(ctx, {
    setTimeout: (fn, ms) => {
      if (ms !== 15 * S) delays.push(ms);
      return setTimeout(fn, ms);
    },
    clearTimeout: (t) => clearTimeout(t),
    ...(opts.outbox !== null && { store: outbox }),
    storage,
    fetch: fetch as typeof globalThis.fetch,
    beacon: (url, body) => beacons.push({ url, body }) > 0,
    locks: null,
    random: () => opts.random ?? 1,
    ...(opts.url !== false && { url: () => 'https://www.example.com/contact' }),
    ...(opts.load && { load: opts.load }),
  });
  const refuse = () =>
    ctx.consent.decide(ctx.consent.allChoices(false), {
      method: 'banner:reject-all',
      notice: ctx.notice('banner'),
    });
  /** Resolves once the sender has armed its n-th retry. */
  const armed = (n: number) => until(() => delays.length >= n, `retry ${n} armed`);
  running.push(stop);
  return {
    ctx,
    load: opts.load,
    cookie,
    storage,
    fetch,
    requests,
    beacons,
    outbox,
    errors,
    records,
    stop,
    refuse,
    delays,
    armed,
  };
}

/** Lets real asynchronous work (WebCrypto) finish; fake timers leave setImmediate alone. */
async function until(cond: () => boolean, what: string) {
  const end = performance.now() + 10_000;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** What the subscriber persists for `d` when the page navigates before it is signed. */
function leavePending(storage: Storage, d: Decision) {
  const built = buildRecord(d, {
    site: 'https://www.example.com',
    url: 'https://www.example.com/',
    iat: '2026-01-24T09:59:00.000Z',
    prev: null,
  });
  storage.setItem(`cachet:p:${d.id}`, JSON.stringify(built));
}

/** A Storage per test: a module left running by another test cannot touch it. */
function memoryLocalStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
  };
}
const running: (() => void)[] = [];
/** Waits for the sender to go idle: the outbox settled or a retry timer armed. */
const idle = async () => {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
};

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  for (const stop of running.splice(0)) stop();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('record module', () => {
  describe('on a decision', () => {
    it('persists the unsigned record before decide() returns, so a navigation cannot lose it', () => {
      const { refuse, fetch, storage } = setup();
      const d = refuse();
      const pending = JSON.parse(storage.getItem(`cachet:p:${d.id}`)!);
      expect(pending).toMatchObject({
        id: d.id,
        event: 'refused',
        iat: new Date(T0).toISOString(),
      });
      expect(fetch).not.toHaveBeenCalled();
    });

    it('tells the site owner when no storage outlives the page (localStorage full), and still sends', async () => {
      const storage = memoryLocalStorage();
      storage.setItem = () => {
        throw new DOMException('quota', 'QuotaExceededError');
      };
      const { refuse, errors, records } = setup({ storage });
      refuse();
      expect(errors.map((e) => e.code)).toEqual(['record-storage']);
      await until(() => records.length === 1, 'the record, signed from memory');
    });

    it('records the page URL without its query string or fragment', async () => {
      (window as any).happyDOM.setURL(
        'https://www.example.com/devis;jsessionid=SECRET/etape;x=1?utm_source=x&email=a@b.fr#form',
      );
      const { refuse, records } = setup({ url: false });
      refuse();
      await until(() => records.length === 1, 'a record');
      // Nor a servlet session id in its path.
      expect(records[0].payload.url).toBe('https://www.example.com/devis/etape');
    });

    it('chains each record to the subject’s previous one', async () => {
      const { ctx, refuse, records } = setup();
      const a = refuse();
      const b = ctx.consent.decide(
        { analytics: true },
        { method: 'api', notice: ctx.notice('banner') },
      );
      await until(() => records.length === 2, 'two records');
      const byId = Object.fromEntries(records.map((r) => [r.id, r.payload]));
      expect(byId[a.id].prev).toBeNull();
      expect(byId[b.id].prev).toBe(a.id);
    });

    it('signs decisions made within one millisecond in the order they were made', async () => {
      // Date is frozen (fake timers): all four share one iat. This Storage lists its keys newest
      // first, an order the HTML standard allows (key() promises none).
      const storage = memoryLocalStorage();
      const key = storage.key;
      storage.key = (i) => key(storage.length - 1 - i);
      const { ctx, records } = setup({ storage });
      const api = { method: 'api' as const, notice: ctx.notice('banner') };
      const made = [
        ctx.consent.decide(ctx.consent.allChoices(true), api),
        ctx.consent.decide({ marketing: false }, api),
        ctx.consent.decide({ marketing: true }, api),
        ctx.consent.decide(ctx.consent.allChoices(false), { ...api, event: 'withdrawn' }),
      ];
      await until(() => records.length === 4, 'four records');
      expect(new Set(records.map((r) => r.payload.iat)).size).toBe(1);
      expect(records.map((r) => r.id)).toEqual(made.map((d) => d.id));
    });

    it('emits the signed record and sends it as text/plain with keepalive and no credentials', async () => {
      const { refuse, requests, records } = setup();
      const d = refuse();
      await until(() => requests.length === 1, 'a request');
      expect(records[0].id).toBe(d.id);
      expect(records[0].jws).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const { url, init } = requests[0];
      expect(url).toBe(ENDPOINT);
      expect(init).toMatchObject({
        method: 'POST',
        body: records[0].jws,
        keepalive: true,
        credentials: 'omit',
        headers: { 'content-type': 'text/plain' },
      });
    });
  });

  describe('on 201', () => {
    it('keeps the receipt, empties the outbox and emits "receipt"', async () => {
      const { ctx, refuse, outbox } = setup();
      const got: unknown[] = [];
      ctx.events.on('receipt', (r) => got.push(r));
      const d = refuse();
      await until(() => got.length === 1, 'a receipt');
      await idle();
      expect(outbox.m.size).toBe(0);
      const receipts = await ctx.receipts!();
      expect(receipts[0]).toMatchObject({ id: d.id, payload: { id: d.id, seq: 1 } });
    });

    it('lists receipts latest first and keeps the latest 50', async () => {
      const { ctx, refuse, requests } = setup();
      const ids: string[] = [];
      for (let i = 0; i < 55; i++) {
        ids.push(refuse().id);
        await until(() => requests.length === i + 1, `request ${i}`);
        await idle();
      }
      const receipts = await ctx.receipts!();
      expect(receipts).toHaveLength(50);
      expect(receipts[0].id).toBe(ids[54]);
      expect(receipts[49].id).toBe(ids[5]);
    });
  });

  describe('retries', () => {
    it('keeps the record after a network error and retries after a jittered delay', async () => {
      const { refuse, requests, outbox, delays, armed } = setup({
        replies: ['network'],
        random: 0.5,
      });
      refuse();
      await armed(1);
      expect(outbox.m.size).toBe(1);
      // Full jitter: random() × min(cap, 1 s × 2^0) = 500 ms.
      expect(delays).toEqual([500]);
      await vi.advanceTimersByTimeAsync(499);
      expect(requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await until(() => outbox.m.size === 0, 'delivery');
      expect(requests).toHaveLength(2);
    });

    it.each([408, 500, 502, 503, 504])(
      'keeps the record when the receiver answers %i',
      async (status) => {
        const { refuse, requests, outbox, errors, armed } = setup({ replies: [{ status }] });
        refuse();
        await armed(1);
        expect(outbox.m.size).toBe(1);
        await vi.advanceTimersByTimeAsync(S);
        await until(() => outbox.m.size === 0, 'delivery');
        expect(requests).toHaveLength(2);
        expect(errors).toEqual([]);
      },
    );

    it('doubles the delay after each failure: 1 s, 2 s, 4 s', async () => {
      const { refuse, requests, outbox, armed } = setup({
        replies: [{ status: 500 }, { status: 500 }, { status: 500 }],
      });
      refuse();
      for (const [n, delay] of [
        [1, S],
        [2, 2 * S],
        [3, 4 * S],
      ]) {
        await armed(n);
        await vi.advanceTimersByTimeAsync(delay - 1);
        expect(requests).toHaveLength(n);
        await vi.advanceTimersByTimeAsync(1);
        await until(() => requests.length === n + 1, `send ${n + 1}`);
      }
      await until(() => outbox.m.size === 0, 'delivery');
      expect(requests.map((r) => r.at - T0)).toEqual([0, S, 3 * S, 7 * S]);
    });

    it('caps the delay at 5 minutes', async () => {
      const { refuse, requests, delays, armed } = setup({
        replies: Array(12).fill({ status: 503 }),
      });
      refuse();
      for (let n = 1; n <= 12; n++) {
        await armed(n);
        await vi.advanceTimersByTimeAsync(delays[n - 1]);
        await until(() => requests.length === n + 1, `send ${n + 1}`);
      }
      // 1, 2, 4, … 256 s, then 300 s (the cap) instead of 512, 1024, 2048 s.
      expect(delays.map((d) => d / S)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
      const gaps = requests.slice(1).map((r, i) => r.at - requests[i].at);
      expect(gaps).toEqual(delays);
    });

    it('honours Retry-After in seconds on 429', async () => {
      const { refuse, requests, outbox, armed } = setup({
        replies: [{ status: 429, headers: { 'retry-after': '30' } }],
      });
      refuse();
      await armed(1);
      await vi.advanceTimersByTimeAsync(30 * S - 1);
      expect(requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await until(() => outbox.m.size === 0, 'delivery');
      expect(requests[1].at - requests[0].at).toBe(30 * S);
    });

    it('honours a Retry-After HTTP date on 503', async () => {
      const date = new Date(T0 + 90 * S).toUTCString();
      const { refuse, requests, outbox, armed } = setup({
        replies: [{ status: 503, headers: { 'retry-after': date } }],
      });
      refuse();
      await armed(1);
      await vi.advanceTimersByTimeAsync(90 * S - 1);
      expect(requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await until(() => outbox.m.size === 0, 'delivery');
      expect(requests[1].at - T0).toBe(90 * S);
    });

    it('aborts a send that stalls past timeoutMs and retries it', async () => {
      const { refuse, requests, outbox, armed } = setup({ replies: ['stall'] });
      refuse();
      await until(() => requests.length === 1, 'first send');
      await vi.advanceTimersByTimeAsync(15 * S - 1);
      expect(requests[0].init.signal?.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(requests[0].init.signal?.aborted).toBe(true);
      await armed(1);
      await vi.advanceTimersByTimeAsync(S);
      await until(() => outbox.m.size === 0, 'delivery');
      expect(requests).toHaveLength(2);
    });

    it('does not take a 2xx without a receipt (a captive portal page) as delivered', async () => {
      const { refuse, outbox, armed } = setup({ replies: [{ status: 200, body: '<html>' }] });
      refuse();
      await armed(1);
      expect(outbox.m.size).toBe(1);
      await vi.advanceTimersByTimeAsync(S);
      await until(() => outbox.m.size === 0, 'delivery');
    });

    it('starts again from 1 s after a success', async () => {
      const { refuse, requests, delays, armed } = setup({
        replies: [{ status: 500 }, { status: 500 }, 'ok', { status: 500 }],
      });
      refuse();
      await armed(1);
      await vi.advanceTimersByTimeAsync(S);
      await armed(2);
      await vi.advanceTimersByTimeAsync(2 * S);
      await until(() => requests.length === 3, 'delivery');
      refuse();
      await armed(3);
      expect(delays).toEqual([S, 2 * S, S]);
    });

    it('waits out the backoff for new records, and retries at once when back online', async () => {
      const { refuse, requests, outbox, armed } = setup({ replies: ['network'] });
      refuse();
      await armed(1);
      refuse();
      await until(() => outbox.m.size === 2, 'the second record queued');
      await idle();
      expect(requests).toHaveLength(1);
      dispatchEvent(new Event('online'));
      await until(() => outbox.m.size === 0, 'delivery');
      expect(requests).toHaveLength(3);
    });
  });

  describe('dead letters', () => {
    it.each([400, 403, 409, 413, 422])(
      'moves the record out of the outbox on %i and reports it',
      async (status) => {
        const { refuse, requests, outbox, errors, storage } = setup({
          replies: [{ status, body: { error: { code: 'bad', message: 'nope' } } }],
        });
        const seen: Event[] = [];
        const listen = (e: Event) => seen.push(e);
        document.addEventListener('cachet:error', listen);
        const d = refuse();
        await until(() => errors.length === 1, 'an error');
        document.removeEventListener('cachet:error', listen);
        expect(errors[0]).toMatchObject({
          code: 'record-rejected',
          detail: { id: d.id, status, error: { code: 'bad', message: 'nope' } },
        });
        expect(seen).toHaveLength(1);
        expect(outbox.m.size).toBe(0);
        const dead = JSON.parse(storage.getItem('cachet:d')!);
        expect(dead[0]).toMatchObject({ id: d.id, status });
        await vi.advanceTimersByTimeAsync(10 * 60 * S);
        expect(requests).toHaveLength(1);
      },
    );
  });

  describe('at page load', () => {
    it('signs records left pending by the previous page, keeping their time, then sends them', async () => {
      const storage = memoryLocalStorage();
      const first = setup({ endpoint: null, storage });
      first.stop();
      // A decision made just before navigating: persisted by the subscriber, never signed.
      const d = first.refuse();
      leavePending(storage, d);
      const next = setup({ storage, cookie: first.cookie });
      await until(() => next.outbox.m.size === 0 && next.requests.length === 1, 'delivery');
      const sent = decodePart<Record<string, string>>(String(next.requests[0].init.body));
      expect(sent).toMatchObject({ id: d.id, iat: '2026-01-24T09:59:00.000Z' });
      expect(storage.getItem(`cachet:p:${d.id}`)).toBeNull();
    });

    it('loads the signing part only when there is something to sign or send', async () => {
      const loader = () => vi.fn(async () => startPipeline);
      const storage = memoryLocalStorage();
      const read = vi.spyOn(storage, 'getItem');
      // A first visit: no consent cookie, so nothing can be left over; localStorage is not read.
      const first = setup({ storage, outbox: null, load: loader() });
      await Promise.resolve();
      expect(first.load).not.toHaveBeenCalled();
      expect(read).not.toHaveBeenCalled();
      const d = first.refuse();
      expect(first.load).toHaveBeenCalledTimes(1);
      await until(() => first.requests.length === 1 && !storage.getItem('cachet:q'), 'delivery');
      // The next page: decided, outbox empty, nothing pending.
      const next = setup({ storage, outbox: null, cookie: first.cookie, load: loader() });
      await Promise.resolve();
      expect(next.load).not.toHaveBeenCalled();
      // A page after a failed send: the mark says the outbox holds a record.
      storage.setItem('cachet:q', '1');
      const third = setup({ storage, outbox: null, cookie: first.cookie, load: loader() });
      expect(third.load).toHaveBeenCalledTimes(1);
      // Something under the pending prefix that is no record (a hand edit) is no work.
      storage.removeItem('cachet:q');
      storage.setItem(`cachet:p:${d.id}`, '{}');
      const fourth = setup({ storage, outbox: null, cookie: first.cookie, load: loader() });
      expect(fourth.load).not.toHaveBeenCalled();
      // A page after a decision that was never signed.
      leavePending(storage, d);
      const fifth = setup({ storage, outbox: null, cookie: first.cookie, load: loader() });
      expect(fifth.load).toHaveBeenCalledTimes(1);
    });

    it('drains the outbox left by the previous page', async () => {
      const old = setup({ endpoint: null });
      old.refuse();
      await until(() => old.records.length === 1, 'a signed record');
      const { id, jws } = old.records[0];
      old.stop();
      const next = setup({ outbox: [{ id, jws: jws!, t: T0 }], cookie: old.cookie });
      await until(() => next.outbox.m.size === 0, 'delivery');
      expect(next.requests.map((r) => r.init.body)).toEqual([jws]);
    });

    it('never re-signs a pending record that already reached the outbox', async () => {
      const storage = memoryLocalStorage();
      const old = setup({ endpoint: null, storage });
      const d = old.refuse();
      await until(() => old.records.length === 1, 'a signed record');
      old.stop();
      const { jws } = old.records[0];
      // The page died between queueing the record and clearing its pending copy.
      storage.setItem(`cachet:p:${d.id}`, JSON.stringify(old.records[0].payload));
      const next = setup({
        storage,
        outbox: [{ id: d.id, jws: jws!, t: T0 }],
        cookie: old.cookie,
      });
      await until(() => next.outbox.m.size === 0, 'delivery');
      await idle();
      expect(next.requests.map((r) => r.init.body)).toEqual([jws]);
      expect(next.records).toEqual([]);
      expect(storage.getItem(`cachet:p:${d.id}`)).toBeNull();
    });

    it('keeps the outbox in localStorage where IndexedDB is missing (happy-dom has none)', async () => {
      localStorage.clear();
      const { refuse, requests, armed, cookie } = setup({
        storage: localStorage,
        outbox: null,
        replies: [{ status: 503 }],
      });
      const d = refuse();
      await armed(1);
      const queued = JSON.parse(localStorage.getItem(`cachet:o:${d.id}`)!);
      expect(queued).toMatchObject({ id: d.id, jws: requests[0].init.body });
      // The next page (same cookie, same localStorage) finds it there.
      const next = setup({ storage: localStorage, outbox: null, cookie });
      await until(() => localStorage.getItem(`cachet:o:${d.id}`) === null, 'delivery');
      expect(next.requests.map((r) => r.init.body)).toEqual([queued.jws]);
      localStorage.clear();
    });
  });

  describe('on pagehide', () => {
    it('beacons queued records in batches under 16 KB, and keeps them for the next page', async () => {
      const old = setup({ endpoint: null });
      for (let i = 0; i < 60; i++) old.refuse();
      await until(() => old.records.length === 60, '60 signed records');
      old.stop();
      const outbox = old.records.map((r, i) => ({ id: r.id, jws: r.jws!, t: T0 + i }));
      const {
        beacons,
        outbox: box,
        requests,
      } = setup({
        outbox,
        cookie: old.cookie,
        replies: Array(60).fill('network'),
      });
      await until(() => requests.length > 0, 'a send');
      await idle();
      const vis = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
      document.dispatchEvent(new Event('visibilitychange'));
      dispatchEvent(new Event('pagehide'));
      vis.mockRestore();
      const batches = beacons.map((b) => JSON.parse(b.body).records as string[]);
      expect(batches.flat().sort()).toEqual(outbox.map((e) => e.jws).sort());
      for (const b of beacons) {
        expect(b.url).toBe(ENDPOINT);
        expect(b.body.length).toBeLessThan(16 * 1024);
        expect(JSON.parse(b.body).records.length).toBeLessThanOrEqual(50);
      }
      expect(box.m.size).toBe(60);
    });
  });

  describe('without an endpoint', () => {
    it('builds, signs and emits records, and sends nothing', async () => {
      const { refuse, records, fetch, outbox, beacons } = setup({ endpoint: null });
      const d = refuse();
      await until(() => records.length === 1, 'a record');
      expect(records[0]).toMatchObject({ id: d.id, payload: { id: d.id, event: 'refused' } });
      dispatchEvent(new Event('pagehide'));
      expect(fetch).not.toHaveBeenCalled();
      expect(beacons).toEqual([]);
      expect(outbox.m.size).toBe(0);
    });
  });

  describe('in an insecure context (plain http)', () => {
    it('says once that records need https, and builds none', async () => {
      vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) });
      const { refuse, errors, records, storage, fetch } = setup();
      vi.unstubAllGlobals();
      refuse();
      await idle();
      expect(errors.map((e) => e.code)).toEqual(['record-insecure']);
      expect(records).toEqual([]);
      expect(storage.length).toBe(0);
      expect(fetch).not.toHaveBeenCalled();
    });
  });
});
