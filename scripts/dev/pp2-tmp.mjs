import { chromium } from 'playwright-core';
import { probeScript } from '../../bench/lib/probe.mjs';
import { startServer } from '../../bench/lib/server.mjs';
import { WIDGETS, widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';

const w = WIDGETS.find((x) => x.id === (process.argv[2] ?? 'cachet'));
const server = await startServer([w], widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const ctx = await browser.newContext();
await ctx.addInitScript({ content: probeScript(w.find, 300) });
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await cdp.send('Debugger.enable');
cdp.on('Debugger.scriptParsed', (e) =>
  console.log(
    'parsed',
    e.url || '(no url)',
    e.length,
    e.hasSourceURL,
    e.stackTrace
      ? JSON.stringify(
          e.stackTrace.callFrames
            .slice(0, 3)
            .map(
              (f) =>
                `${f.functionName}@${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`,
            ),
        )
      : '',
  ),
);
await cdp.send('Debugger.setAsyncCallStackDepth', { maxDepth: 4 });
const ready = new Promise((ok) => page.on('console', (m) => m.text() === '__bench:ready' && ok()));
await page.goto(`${server.origin}/${w.id}`);
await ready;
await browser.close();
await server.close();
