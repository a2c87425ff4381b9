/**
 * A stand-in receiver for the record browser tests, on its own 127.0.0.1 port (so requests are
 * cross-origin, as from a real site): it speaks the wire contract of DESIGN.md (one JWS or
 * {"records":[…]} as text/plain; 201/200 + receipt; 409 for other bytes under a known id),
 * deduplicates by id, and injects the faults a test asks for.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, page, serve, type TestServer } from './harness';

/** A fault the endpoint can inject into one request. */
export type Fault =
  | 'drop' // close the connection without an answer
  | 'reset' // TCP RST
  | 'stall' // hold the request 30 s, then store and answer (the client has given up by then)
  | 'ack-lost' // store the record, then close without an answer
  | '500'
  | '503'; // with Retry-After, in seconds or as an HTTP date

export interface Endpoint {
  url: string;
  /** id → JWS, each stored once. */
  stored: Map<string, string>;
  /** Record copies received in answered requests, duplicates included. */
  received: number;
  duplicates: number;
  conflicts: number;
  requests: number;
  batches: number;
  faults: Record<Fault, number>;
  /** Times a record id arrived while another request carrying it was still being handled. */
  overlaps: number;
  /** Picks the fault for each request (null: answer normally). */
  fault: (body: string) => Fault | null;
  /** Delay before answering a normal request, in ms. */
  delay: number;
  close(): Promise<void>;
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const idOf = (jws: string): string => {
  try {
    return JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString()).id;
  } catch {
    return '';
  }
};

/** Starts the endpoint on a free port of 127.0.0.1. */
export async function startEndpoint(): Promise<Endpoint> {
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Map<string, number>();
  let seq = 0;
  const ep: Endpoint = {
    url: '',
    stored: new Map(),
    received: 0,
    duplicates: 0,
    conflicts: 0,
    requests: 0,
    batches: 0,
    faults: { drop: 0, reset: 0, stall: 0, 'ack-lost': 0, '500': 0, '503': 0 },
    overlaps: 0,
    fault: () => null,
    delay: 0,
    close: async () => {},
  };
  const store = (jws: string) => {
    const id = idOf(jws);
    if (!id) return { status: 400, error: { code: 'invalid', message: 'no id' } };
    ep.received++;
    const had = ep.stored.get(id);
    if (had !== undefined && had !== jws) {
      ep.conflicts++;
      return { id, status: 409, error: { code: 'conflict', message: 'other bytes' } };
    }
    if (had) ep.duplicates++;
    else ep.stored.set(id, jws);
    const receipt = `${b64({ alg: 'ES256', kid: 'test' })}.${b64({
      id,
      sha256: createHash('sha256').update(jws).digest('base64url'),
      seq: ++seq,
      receivedAt: new Date().toISOString(),
    })}.c2ln`;
    return { id, status: had ? 200 : 201, receipt };
  };
  const answer = (res: ServerResponse, body: string) => {
    if (body.startsWith('{')) {
      ep.batches++;
      let list: string[] = [];
      try {
        list = JSON.parse(body).records;
      } catch {}
      const results = list.map(store);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ results }));
      return;
    }
    const r = store(body);
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(r.error ? { error: r.error } : r));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Simple requests need no preflight, but the answer must be readable cross-origin, and
    // Retry-After is not a CORS-safelisted response header.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', 'Retry-After');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-headers': 'content-type' });
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('error', () => {});
    req.on('end', () => {
      ep.requests++;
      const body = Buffer.concat(chunks).toString();
      const ids = body.startsWith('{') ? [] : [idOf(body)];
      for (const id of ids) {
        if (inFlight.get(id)) ep.overlaps++;
        inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      }
      const done = () => {
        for (const id of ids) inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
      };
      const f = ep.fault(body);
      if (f) ep.faults[f]++;
      const later = (ms: number, fn: () => void) => {
        const t = setTimeout(() => {
          timers.delete(t);
          fn();
        }, ms);
        timers.add(t);
      };
      switch (f) {
        case 'drop':
          done();
          req.socket.destroy();
          return;
        case 'reset':
          done();
          req.socket.resetAndDestroy();
          return;
        case 'ack-lost':
          if (!body.startsWith('{')) store(body);
          done();
          req.socket.destroy();
          return;
        case '500':
          done();
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"error":{"code":"internal","message":"injected"}}');
          return;
        case '503': {
          done();
          const r = Math.random();
          // RFC 9110 §10.2.3: delay-seconds or an HTTP-date.
          const ra = r < 0.6 ? '0' : r < 0.8 ? '1' : new Date(Date.now() + 1000).toUTCString();
          res.writeHead(503, { 'retry-after': ra, 'content-type': 'application/json' });
          res.end('{"error":{"code":"unavailable","message":"injected"}}');
          return;
        }
        case 'stall':
          later(30_000, () => {
            done();
            if (!res.destroyed) answer(res, body);
          });
          return;
        default:
          later(ep.delay, () => {
            done();
            answer(res, body);
          });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  ep.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/records`;
  ep.close = () =>
    new Promise<void>((r) => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      server.close(() => r());
    });
  return ep;
}

/** What a record browser test runs against: the endpoint, Chromium, and the site's pages. */
export interface RecordRig {
  ep: Endpoint;
  browser: Browser;
  site: TestServer;
}

/**
 * Starts the rig before the file's tests and stops it after. `pages` maps paths to HTML, given
 * the script tag attributes that point the widget at the endpoint.
 */
export function useRecordRig(
  pages: (attrs: string) => Record<string, string> = (attrs) => ({ '/': page({ attrs }) }),
): RecordRig {
  const rig = {} as RecordRig;
  beforeAll(async () => {
    rig.ep = await startEndpoint();
    rig.browser = await launchBrowser();
    const routes = Object.entries(pages(`data-endpoint="${rig.ep.url}"`));
    rig.site = await serve({
      ...Object.fromEntries(routes.map(([path, body]) => [path, { body }])),
    });
  });
  afterAll(async () => {
    await rig.browser?.close();
    await rig.site?.close();
    await rig.ep?.close();
  });
  return rig;
}
