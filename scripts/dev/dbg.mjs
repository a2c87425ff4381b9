import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';

const js = readFileSync('/work/main/dist/cachet.js');
const server = createServer((req, res) => {
  if (req.url === '/cachet.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    return res.end(js);
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(
    '<!doctype html><html lang=fr><body><p>x</p><script src="/cachet.js" defer></script></body></html>',
  );
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const b = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
const p = await b.newPage();
p.on('console', (m) => console.log('console', m.type(), m.text()));
p.on('pageerror', (e) => console.log('pageerror', e.message));
await p.goto(`http://127.0.0.1:${server.address().port}/`);
await p.waitForTimeout(500);
await p.getByRole('button', { name: 'Personnaliser' }).click();
await p.waitForTimeout(300);
console.log(
  await p.evaluate(() => {
    const r = document.querySelector('#cachet').shadowRoot;
    return `${r.innerHTML.slice(0, 600)} open=${r.querySelector('dialog')?.open}`;
  }),
);
await b.close();
server.close();
