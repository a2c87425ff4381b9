// Screenshots of the banner and the preferences dialog: fr/en, light/dark, desktop/375 px.
// Usage: node scripts/dev/screenshots.mjs [outDir] [--clip]   (needs a built dist/)
// --clip: desktop shots are cropped to the layer (banner or dialog) plus a margin, to keep the
// files small (docs/screenshots); phone shots stay whole, they show how much screen the layer takes.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';

const args = process.argv.slice(2);
const clip = args.includes('--clip');
const out = args.find((a) => !a.startsWith('--')) ?? '/tmp/shots';
await mkdir(out, { recursive: true });
const js = readFileSync('dist/cachet.js');
const prefsJs = readFileSync('dist/cachet-prefs.js');
const html = (lang) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Demo</title><link rel="stylesheet" href="/site.css"><script src="/cachet.js" defer data-config="/cfg.json"></script></head><body><header><b>SOCIATEX</b> <a href="#">Services</a> <a href="#">Contact</a></header><main><h1>${lang === 'fr' ? 'Votre informatique, entre de bonnes mains' : 'Your IT, in good hands'}</h1><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p><p>Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.</p></main></body></html>`;
const css =
  'body{font:16px/1.6 Georgia,serif;margin:0;padding:0 24px;background:#f4f1ea;color:#222}header{padding:16px 0;border-bottom:1px solid #ccc;display:flex;gap:16px}main{max-width:720px}';
const cfg = JSON.stringify({
  notice: { version: '2022-01-24', policyUrl: '/confidentialite' },
  purposes: [
    {
      id: 'contact',
      label: { fr: 'Être recontacté', en: 'Being contacted' },
      description: {
        fr: 'Un conseiller vous recontacte au sujet de votre demande.',
        en: 'An adviser contacts you about your request.',
      },
    },
    {
      id: 'marketing',
      label: { fr: 'Informations personnalisées', en: 'Personalised information' },
      description: {
        fr: 'Le service Marketing vous communique des informations personnalisées sur nos services.',
        en: 'Marketing sends you personalised information about our services.',
      },
    },
    {
      id: 'analytics',
      services: ['Matomo'],
      label: { fr: 'Mesure d’audience', en: 'Audience measurement' },
      description: {
        fr: 'Matomo enregistre votre parcours de navigation et vos téléchargements de plaquettes, de façon anonymisée, au sein de l’Union européenne.',
        en: 'Matomo records your browsing and brochure downloads, anonymised, within the European Union.',
      },
    },
  ],
});
const server = createServer((req, res) => {
  const p = req.url.split('?')[0];
  const lang = p.includes('en') ? 'en' : 'fr';
  const types = {
    '/cachet.js': 'text/javascript',
    '/cachet-prefs.js': 'text/javascript',
    '/site.css': 'text/css',
    '/cfg.json': 'application/json',
  };
  const bodies = {
    '/cachet.js': js,
    '/cachet-prefs.js': prefsJs,
    '/site.css': css,
    '/cfg.json': cfg,
  };
  res.writeHead(200, { 'content-type': types[p] ?? 'text/html; charset=utf-8' });
  res.end(bodies[p] ?? html(lang));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
/** Waits for the layer's entry animation to end, then shoots it (cropped with --clip on desktop). */
async function shoot(page, layer, path) {
  const el = page.locator('#cachet').locator(layer);
  await el.waitFor();
  await el.evaluate((e) => Promise.all(e.getAnimations().map((a) => a.finished)));
  const vp = page.viewportSize();
  const box = await el.boundingBox();
  const m = 24;
  const x = Math.max(0, Math.floor(box.x - m));
  const y = Math.max(0, Math.floor(box.y - m));
  const area = {
    x,
    y,
    width: Math.min(vp.width, Math.ceil(box.x + box.width + m)) - x,
    height: Math.min(vp.height, Math.ceil(box.y + box.height + m)) - y,
  };
  await page.screenshot({ path, type: 'png', ...(clip && vp.width > 600 ? { clip: area } : {}) });
}

for (const lang of ['fr', 'en'])
  for (const scheme of ['light', 'dark'])
    for (const [w, h] of [
      [1280, 800],
      [375, 740],
    ]) {
      const ctx = await browser.newContext({
        viewport: { width: w, height: h },
        colorScheme: scheme,
      });
      const page = await ctx.newPage();
      page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()));
      await page.goto(`${base}/${lang}`);
      const name = `${lang}-${scheme}-${w}`;
      await page.locator('#cachet').waitFor({ state: 'attached' });
      await shoot(page, '.b', `${out}/banner-${name}.png`);
      await page
        .getByRole('button', { name: lang === 'fr' ? 'Personnaliser' : 'Customise' })
        .click();
      await shoot(page, 'dialog', `${out}/prefs-${name}.png`);
      await ctx.close();
    }
await browser.close();
server.close();
console.log(`screenshots in ${out}`);
