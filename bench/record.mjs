// Record benchmark in real Chromium against the built dist/cachet.js (run `node scripts/build.mjs`
// first): record size, time to build + sign + enqueue one record, and outbox drain of 100
// records against a local endpoint. Prints one table. Run: node bench/record.mjs
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const files = {
  '/cachet.js': readFileSync('dist/cachet.js'),
  '/cachet-records.js': readFileSync('dist/cachet-records.js'),
};

// One server: the page, the widget and the endpoint (201 + receipt; 503 while `down`).
const stored = new Map();
let down = false;
const server = createServer((req, res) => {
  if (files[req.url]) {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    return res.end(files[req.url]);
  }
  if (req.url === '/v1/records') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (down) {
        res.writeHead(503, { 'retry-after': '3600' });
        return res.end();
      }
      const body = Buffer.concat(chunks).toString();
      const list = body.startsWith('{') ? JSON.parse(body).records : [body];
      const results = list.map((jws) => {
        const { id } = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString());
        stored.set(id, jws);
        const receipt = `e30.${Buffer.from(JSON.stringify({ id })).toString('base64url')}.c2ln`;
        return { id, status: 201, receipt };
      });
      res.writeHead(body.startsWith('{') ? 200 : 201, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body.startsWith('{') ? { results } : results[0]));
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Bench</title>' +
      '<script src="/cachet.js" defer data-endpoint="/v1/records"></script></head><body><p>Bench</p></body></html>',
  );
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await (await browser.newContext()).newPage();
await page.goto(url);
await page.waitForFunction(() => window.Cachet?.ready);

// Build + sign + enqueue: from decide() to the "record" event (emitted once the signed record
// is in the IndexedDB outbox); each run waits for the previous receipt so runs do not overlap.
const times = await page.evaluate(async () => {
  const out = [];
  const c = window.Cachet;
  for (let i = 0; i < 101; i++) {
    let t0 = 0;
    const receipt = new Promise((r) => {
      const off = c.on('receipt', () => {
        off();
        r();
      });
    });
    const signed = new Promise((r) => {
      const off = c.on('record', (rec) => {
        off();
        r([performance.now() - t0, rec]);
      });
    });
    t0 = performance.now();
    i % 2 ? c.acceptAll() : c.rejectAll();
    const [ms, rec] = await signed;
    await receipt;
    if (i > 0)
      out.push({
        ms,
        jws: rec.jws.length,
        payload: new TextEncoder().encode(JSON.stringify(rec.payload)).length,
      });
  }
  return out;
});
const ms = times.map((t) => t.ms).sort((a, b) => a - b);
const median = ms[Math.floor(ms.length / 2)];

// Drain: 100 records queued while the endpoint answers 503 (Retry-After: 1 h), then a reload
// with the endpoint up: time from navigation to the last record stored.
down = true;
const ids = await page.evaluate(() => {
  const ids = [];
  const off = window.Cachet.on('change', (d) => ids.push(d.id));
  for (let i = 0; i < 100; i++) window.Cachet[i % 2 ? 'acceptAll' : 'rejectAll']();
  off();
  return ids;
});
await page.waitForFunction(
  (n) =>
    new Promise((done) => {
      const r = indexedDB.open('cachet', 1);
      r.onsuccess = () => {
        const q = r.result.transaction('o').objectStore('o').count();
        q.onsuccess = () => done(q.result >= n);
      };
    }),
  100,
  { polling: 100 },
);
down = false;
const t0 = Date.now();
await page.reload();
while (!ids.every((id) => stored.has(id))) await new Promise((r) => setTimeout(r, 5));
const drain = Date.now() - t0;

console.table({
  'record size, JWS (bytes)': { value: times[0].jws },
  'record size, payload JSON (bytes)': { value: times[0].payload },
  'build+sign+enqueue, median of 100 (ms)': { value: +median.toFixed(2) },
  'build+sign+enqueue, min (ms)': { value: +ms[0].toFixed(2) },
  'build+sign+enqueue, max (ms)': { value: +ms[ms.length - 1].toFixed(2) },
  'drain of 100 queued records after reload (ms)': { value: drain },
  'drain throughput (records/s)': { value: Math.round(100000 / drain) },
});
await browser.close();
server.close();
