// Screenshot of the reopen button after a decision (light and dark). Usage: node scripts/dev/reopen-shot.mjs
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';

const js = readFileSync('dist/cachet.js');
const server = createServer((req, res) => {
  res.writeHead(200, {
    'content-type': req.url === '/cachet.js' ? 'text/javascript' : 'text/html; charset=utf-8',
  });
  res.end(
    req.url === '/cachet.js'
      ? js
      : '<!doctype html><html lang="fr"><body><p>Page</p><script src="/cachet.js" defer></script></body></html>',
  );
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
for (const scheme of ['light', 'dark']) {
  const page = await browser.newPage({
    viewport: { width: 200, height: 120 },
    colorScheme: scheme,
    deviceScaleFactor: 3,
  });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.getByRole('button', { name: 'Tout refuser' }).click();
  await page.getByRole('button', { name: 'Gérer mes cookies' }).waitFor();
  await page.screenshot({ path: `/tmp/reopen-${scheme}.png` });
}
await browser.close();
server.close();
