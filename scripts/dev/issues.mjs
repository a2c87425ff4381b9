// The inspector issues (Chromium's Audits domain) a widget raises while the benchmark page
// loads, with where in the script they come from. Each one captures a JS stack, and V8 must
// then collect the source positions of every function on it (a reparse): cheap to list, costly
// at start-up. Usage: node scripts/dev/issues.mjs [widget]
import { chromium } from 'playwright-core';
import { startServer } from '../../bench/lib/server.mjs';
import { widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';
import { widget } from './trace-load.mjs';

const w = widget(process.argv[2]);
const server = await startServer([w], widgetPage);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await (await browser.newContext()).newPage();
const cdp = await page.context().newCDPSession(page);
const seen = new Map();
cdp.on('Audits.issueAdded', ({ issue }) => {
  const d = Object.values(issue.details)[0];
  const at = d.sourceCodeLocation ?? d.sourceLocation ?? {};
  const key = `${issue.code} ${Object.values(d).find((v) => typeof v === 'string') ?? ''} ${at.url?.split('/').pop() ?? ''}:${at.lineNumber}:${at.columnNumber}`;
  seen.set(key, (seen.get(key) ?? 0) + 1);
});
await cdp.send('Audits.enable');
await page.goto(`${server.origin}/${w.id}`);
await page.waitForTimeout(800);
for (const [k, n] of seen) console.log(`${String(n).padStart(4)}× ${k}`);
if (!seen.size) console.log('no issue');
await browser.close();
await server.close();
