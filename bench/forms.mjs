// Form consent benchmark, in real Chromium on the built dist/cachet.mjs (run `npm run build`
// first): how long Cachet takes to put its checkbox into 1,000 forms of one page.
//
//   node bench/forms.mjs [--runs 10] [--forms 1000] [--cpu 4]
//
// Every run is a fresh browser context. Rows (median, min, max over the runs):
// - init() on a page of N forms, checkbox injection included (synchronous, one task);
// - the same init() with `forms: false`, so the difference is the forms module's share;
// - N forms appended after load in one batch, until every box is in (MutationObserver path);
// - the first style + layout of the page once the boxes are in (the forms module itself never
//   reads layout, so this is the browser's own cost of N more boxes).
// With BENCH_JSON=1 the last line is the JSON that bench/run.mjs reads (bench/README.md).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './browser.mjs';
import { summary } from './lib/stats.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RUNS = arg('runs', 10);
const N = arg('forms', 1000);
const CPU = arg('cpu', 1);

const esm = readFileSync('dist/cachet.mjs');
const form = (i) =>
  `<form id="f${i}" data-cachet method="post" action="/lead"><p><label>E-mail <input name="email" type="email"></label></p><div class="actions"><button>Envoyer</button></div></form>`;
const config = (forms) => ({
  site: 'http://127.0.0.1',
  notice: { version: '2022-01-24' },
  purposes: [{ id: 'contact', label: 'Contact' }],
  forms: forms && {
    profiles: {
      default: {
        purposes: ['contact'],
        text: 'J’autorise SOCIATEX à me contacter de façon personnalisée à propos de ses services. Vos [données](/confidentialite) personnelles ne seront jamais communiquées à des tiers sans votre consentement préalable.',
        alternative:
          'Vous ne souhaitez pas donner votre consentement ? Appelez-nous directement au +33 1 83 64 64 04.',
      },
    },
  },
  ui: { banner: false, reopenButton: false },
});

// The measuring happens in the page, with performance.now(), around the calls themselves.
const probe = (mode) => `
import { init } from '/cachet.mjs';
const n = ${N};
const out = {};
const html = (i) => ${JSON.stringify(form(0))}.replace('f0', 'f' + i);
if (${JSON.stringify(mode)} === 'later') {
  init(${JSON.stringify(config(true))});
  await new Promise((r) => setTimeout(r, 50));
  const t = document.createElement('template');
  // A template, not innerHTML on the live page: the parse is not what is measured.
  t.content.append(...Array.from({ length: n }, (_, i) => {
    const d = document.createElement('div');
    d.append(document.createRange().createContextualFragment(html(i)));
    return d;
  }));
  const frag = t.content;
  const t0 = performance.now();
  document.body.append(frag);
  await Promise.resolve();
  out.ms = performance.now() - t0;
} else {
  const t0 = performance.now();
  init(${JSON.stringify(config(mode === 'init'))});
  out.ms = performance.now() - t0;
  const t1 = performance.now();
  void document.body.offsetHeight;
  out.layoutMs = performance.now() - t1;
}
out.boxes = document.querySelectorAll('.cachet-consent').length;
window.__result = out;
`;

const page = (mode) =>
  `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>forms bench</title></head><body><main>${
    mode === 'later' ? '' : Array.from({ length: N }, (_, i) => form(i)).join('')
  }</main><script type="module" src="/probe-${mode}.js"></script></body></html>`;

const routes = new Map([['/cachet.mjs', [esm, 'text/javascript']]]);
for (const mode of ['init', 'off', 'later']) {
  routes.set(`/${mode}`, [page(mode), 'text/html; charset=utf-8']);
  routes.set(`/probe-${mode}.js`, [probe(mode), 'text/javascript']);
}
const server = createServer((req, res) => {
  const r = routes.get((req.url ?? '/').split('?')[0]);
  res.writeHead(r ? 200 : 404, { 'content-type': r?.[1] ?? 'text/plain' });
  res.end(r?.[0] ?? '');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const samples = { init: [], off: [], later: [], layout: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so machine noise hits every row alike.
    for (const mode of ['init', 'off', 'later']) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      if (CPU > 1) {
        const cdp = await ctx.newCDPSession(p);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
      }
      await p.goto(`${origin}/${mode}`);
      const r = await p.waitForFunction(() => window.__result, null, { timeout: 60_000 });
      const out = await r.jsonValue();
      const want = mode === 'off' ? 0 : N;
      if (out.boxes !== want) throw new Error(`${mode}: ${out.boxes} boxes, expected ${want}`);
      samples[mode].push(out.ms);
      if (mode === 'init') samples.layout.push(out.layoutMs);
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}

const n = N.toLocaleString('en');
const rows = [
  [`Inject the checkbox into ${n} forms (init() with forms)`, samples.init],
  [`init() on the same page, forms: false`, samples.off],
  [`${n} forms added after load, until every box is in`, samples.later],
  [`First layout after injecting ${n} boxes`, samples.layout],
].map(([label, v]) => ({ label, ...summary(v), unit: 'ms' }));

const cell = (x) => x.toFixed(1).padStart(8);
console.log(`\nForm consent, ${RUNS} runs, ${n} forms, CPU ${CPU}x (Chromium, dist/cachet.mjs)\n`);
console.log(`${'what'.padEnd(58)}  median       min       max`);
for (const r of rows)
  console.log(`${r.label.padEnd(58)}${cell(r.median)}  ${cell(r.min)}  ${cell(r.max)}`);
if (process.env.BENCH_JSON) console.log(JSON.stringify({ rows }));
