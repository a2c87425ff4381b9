// What a widget adds to the JS heap, by V8 node type: a heap snapshot (after GC) of the
// benchmark page once loaded and settled, per widget ("page" is the page alone), with the
// largest groups by type and name. The benchmark's "JS heap added" row, taken apart.
// Usage: node scripts/dev/heap-by-type.mjs page cachet orestbida
import { chromium } from 'playwright-core';
import { startServer } from '../../bench/lib/server.mjs';
import { BASELINE, widgetPage } from '../../bench/lib/widgets.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';
import { settledLoad, widget } from './trace-load.mjs';

const ids = process.argv.slice(2);
const ws = ids.map((id) => (id === 'page' ? BASELINE : widget(id)));
const server = await startServer(ws, widgetPage);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  // JSFLAGS="--no-sparkplug" and the like: which V8 feature a group comes from.
  args: [...CHROMIUM_ARGS, ...(process.env.JSFLAGS ? [`--js-flags=${process.env.JSFLAGS}`] : [])],
});
for (const w of ws) {
  const { ctx, page } = await settledLoad(browser, server.origin, w);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  let chunks = '';
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => (chunks += e.chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  const snap = JSON.parse(chunks);
  const m = snap.snapshot.meta;
  const nf = m.node_fields.length;
  const types = m.node_types[0];
  const ti = m.node_fields.indexOf('type'),
    si = m.node_fields.indexOf('self_size'),
    ni = m.node_fields.indexOf('name');
  const by = new Map();
  const byName = new Map();
  for (let i = 0; i < snap.nodes.length; i += nf) {
    const t = types[snap.nodes[i + ti]];
    const sz = snap.nodes[i + si];
    by.set(t, (by.get(t) ?? 0) + sz);
    const name =
      t === 'code' || t === 'hidden' || t === 'array' || t === 'object' || t === 'closure'
        ? `${t}:${snap.strings[snap.nodes[i + ni]].slice(0, 40)}`
        : t;
    byName.set(name, (byName.get(name) ?? 0) + sz);
  }
  console.log('==', w.id, [...by].map(([k, v]) => `${k} ${(v / 1024).toFixed(0)}K`).join(', '));
  console.log(
    [...byName]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([k, v]) => `  ${(v / 1024).toFixed(1)}K ${k}`)
      .join('\n'),
  );
  await ctx.close();
}
await browser.close();
process.exit(0);
