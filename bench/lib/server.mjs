// A static server on 127.0.0.1 for the benchmark pages. Files are read once at start, served
// uncompressed with no caching headers (every load is cold anyway: a fresh browser context).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';

const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
};

function walk(dir, prefix, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, `${prefix}${name}/`, out);
    else if (/\.(js|css)$/.test(name)) out[`${prefix}${name}`] = p;
  }
}

/**
 * Serves `/<widget id>` (its test page), `/config/<id>.js`, every widget's files, a Matomo stub
 * under /matomo/ and the records endpoint under /v1/ (`api`, else a 503 stub); counts requests.
 */
export async function startServer(widgets, pageOf, { api } = {}) {
  const routes = new Map();
  const add = (path, body, type) => routes.set(path, { body: Buffer.from(body), type });
  for (const w of widgets) {
    add(`/${w.id}`, pageOf(w), TYPES['.html']);
    if (w.config) add(`/config/${w.id}.js`, w.config, TYPES['.js']);
    const files = { ...w.files };
    for (const [prefix, dir] of Object.entries(w.dir ?? {})) walk(dir, prefix, files);
    for (const [path, file] of Object.entries(files))
      add(path, readFileSync(file), TYPES[extname(file)]);
  }
  add('/matomo/matomo.js', '/* Matomo stub: must never load before consent */', TYPES['.js']);
  const counts = { matomo: 0, records: 0 };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/matomo/')) counts.matomo++;
    if (path.startsWith('/v1/')) {
      counts.records++;
      if (api) return api(req, res);
      // No receiver: 503 keeps records in the widget's outbox without retries during a run.
      req.resume();
      res.writeHead(503, { 'retry-after': '3600' });
      res.end();
      return;
    }
    const r = routes.get(path);
    if (!r) {
      res.writeHead(path === '/favicon.ico' ? 204 : 404);
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': r.type ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(r.body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    counts,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
