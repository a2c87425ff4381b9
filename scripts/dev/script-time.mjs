// ScriptDuration (CDP Performance.getMetrics) of the script-tag build with only some modules, to
// find where start-up time goes. Usage: node scripts/dev/script-time.mjs [module…]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';

const mods = process.argv.slice(2);
execFileSync('node', ['scripts/dev/core-size.mjs', ...(mods.length ? mods : ['ui'])], {
  stdio: 'inherit',
});
// With the compile hint, as scripts/build.mjs writes dist/cachet.js.
const js = `//# allFunctionsCalledOnLoad\n${readFileSync('/tmp/cachet-core/x.js', 'utf8')}`;
const html =
  '<!doctype html><html lang="fr"><head><meta charset="utf-8"><script src="/c.js" defer></script></head><body><form data-cachet action="/x"><input name=a><button>Go</button></form></body></html>';
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': req.url === '/c.js' ? 'text/javascript' : 'text/html' });
  res.end(req.url === '/c.js' ? js : html);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const times = [];
for (let i = 0; i < 15; i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForTimeout(400);
  const { metrics } = await cdp.send('Performance.getMetrics');
  times.push(metrics.find((m) => m.name === 'ScriptDuration').value * 1000);
  await ctx.close();
}
times.sort((a, b) => a - b);
console.log(`script ms median ${times[7].toFixed(1)} (min ${times[0].toFixed(1)})`);
await browser.close();
server.close();
