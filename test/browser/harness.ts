/**
 * Real-browser test harness: Debian's Chromium driven by playwright-core (never a downloaded
 * browser), and a tiny HTTP server on 127.0.0.1 serving the built dist/ and test pages.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

export { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

/** Launches Chromium with a fresh profile (playwright creates a new user-data dir per launch). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** The built script-tag file, read once: tests run what a site would run. */
export function distFile(name = 'cachet.js'): Buffer {
  return readFileSync(join(process.cwd(), 'dist', name));
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) => void | Promise<void>;

export interface TestServer {
  url: string;
  origin: string;
  server: Server;
  /** Adds or replaces a route (exact path, query ignored). */
  route(
    path: string,
    h: Handler | { body: string | Buffer; type?: string; headers?: Record<string, string> },
  ): void;
  /** Every request seen, in order. */
  requests: { method: string; path: string; headers: IncomingMessage['headers']; body: Buffer }[];
  close(): Promise<void>;
}

/** Serves `/cachet.js`, `/cachet-records.js` and `/cachet-prefs.js` (dist) plus the given routes on 127.0.0.1, on a free port. */
export async function serve(
  routes: Record<string, Parameters<TestServer['route']>[1]> = {},
): Promise<TestServer> {
  const table = new Map<string, Handler>();
  const requests: TestServer['requests'] = [];
  const route: TestServer['route'] = (path, h) => {
    table.set(
      path,
      typeof h === 'function'
        ? h
        : (_req, res) => {
            res.writeHead(200, {
              'content-type':
                h.type ??
                (path.endsWith('.js')
                  ? 'text/javascript'
                  : path.endsWith('.json')
                    ? 'application/json'
                    : 'text/html; charset=utf-8'),
              ...h.headers,
            });
            res.end(h.body);
          },
    );
  };
  // Read once: a concurrent build empties dist/ for a moment.
  for (const name of ['cachet.js', 'cachet-records.js', 'cachet-prefs.js']) {
    const js = distFile(name);
    route(`/${name}`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(js);
    });
  }
  for (const [p, h] of Object.entries(routes)) route(p, h);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const path = (req.url ?? '/').split('?')[0];
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      const h = table.get(path);
      try {
        if (h) await h(req, res, body);
        else {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not found');
        }
      } catch (e) {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(e));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    server,
    route,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

/** A minimal HTML page loading the built widget with the given tag attributes and body. */
export function page(
  opts: { head?: string; body?: string; attrs?: string; lang?: string } = {},
): string {
  return `<!doctype html><html lang="${opts.lang ?? 'fr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Test</title>${opts.head ?? ''}<script src="/cachet.js" defer ${opts.attrs ?? ''}></script></head><body><main><h1>Page de test</h1><p>Contenu.</p>${opts.body ?? ''}</main></body></html>`;
}

/** A new context collecting console errors and CSP violations for later assertions. */
export async function newContext(
  browser: Browser,
  opts: Parameters<Browser['newContext']>[0] = {},
) {
  const ctx: BrowserContext = await browser.newContext(opts);
  const p = await ctx.newPage();
  const consoleErrors: string[] = [];
  p.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  p.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  return { ctx, page: p, consoleErrors };
}
