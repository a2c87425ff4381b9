/**
 * The demo's web server (node:http, no framework): the SOCIATEX site, the built widget, the
 * configurator bundle and a local Matomo stand-in that logs the hits it receives. Every HTML page
 * is sent under a strict CSP (no inline script or style, Trusted Types enforced) to show that a
 * site using Cachet can keep one.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { type Hit, parseHits } from '../test/fixtures/matomo/matomo-php';

/** Where the demo's files are and which receiver its pages talk to. */
export interface DemoOptions {
  /**
   * Receiver base URL, e.g. `http://127.0.0.1:8787` (records, consent log). A function when the
   * receiver starts after the demo (it must know the demo's origin, a free port in tests).
   */
  receiverUrl: string | (() => string);
  /** Port to listen on; 0 picks a free one. @default 5173 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Repository root (holds demo/, dist/, test/fixtures/). @default process.cwd() */
  root?: string;
  /** The built configurator (demo/build.mjs). @default `<root>/dist/demo/configurator` */
  configuratorDir?: string;
}

/** One tracking request received by the Matomo stand-in. */
export interface MatomoHit {
  time: string;
  type: 'pageview' | 'download' | 'outlink' | 'event' | 'ping';
  url: string;
  visitor: string | null;
  /** Whether the request carried Matomo's first-party `_pk_id` cookie. */
  cookies: boolean;
  params: Record<string, string>;
}

/** A running demo server. */
export interface Demo {
  url: string;
  origin: string;
  hits: MatomoHit[];
  close(): Promise<void>;
}

/** The origins written in the committed files; replaced when the demo runs elsewhere. */
export const DEFAULT_SITE = 'http://127.0.0.1:5173';
export const DEFAULT_RECEIVER = 'http://127.0.0.1:8787';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.sri': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Pages of the site: URL path → fragment in demo/site/pages. */
const PAGES: Record<string, string> = {
  '/': 'index',
  '/contact': 'contact',
  '/devis': 'devis',
  '/newsletter': 'newsletter',
  '/confidentialite': 'confidentialite',
  '/merci': 'merci',
  '/matomo/': 'matomo',
};

const FORM_NAMES: Record<string, [string, string]> = {
  contact: ['Formulaire de contact', 'Contact form'],
  devis: ['Demande de devis', 'Quote request'],
  newsletter: ['Inscription à la newsletter', 'Newsletter sign-up'],
};

/** HTML-escapes a value placed in a template (the only dynamic data on the site). */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Both languages of one string, switched by CSS on `<html lang>`. */
const both = (fr: string, en: string) =>
  `<span data-l="fr">${escapeHtml(fr)}</span><span data-l="en">${escapeHtml(en)}</span>`;

/** The CSP of every page: scripts and styles from files of this origin only. */
export function contentSecurityPolicy(receiverOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${receiverOrigin}`,
    "frame-src 'self'",
    "frame-ancestors 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    // W3C Trusted Types: nothing writes HTML from strings; the only policy is the widget's own
    // `cachet`, which passes the configured Matomo URL to the script it loads.
    "require-trusted-types-for 'script'",
    'trusted-types cachet',
  ].join('; ');
}

function hitOf(h: Hit): MatomoHit {
  const { _method, _cookie, ...params } = h;
  // Matomo HTTP Tracking API: download/link mark those hits, e_c an event, ping a heartbeat.
  const type: MatomoHit['type'] = params.download
    ? 'download'
    : params.link
      ? 'outlink'
      : params.e_c
        ? 'event'
        : params.ping
          ? 'ping'
          : 'pageview';
  return {
    time: new Date().toISOString(),
    type,
    url: params.download ?? params.link ?? params.url ?? '',
    visitor: params._id || null,
    cookies: /(^|;\s*)_pk_id[.=]/.test(_cookie),
    params,
  };
}

/** Starts the demo site; resolves once it listens. */
export async function startDemo(opts: DemoOptions): Promise<Demo> {
  const root = resolve(opts.root ?? process.cwd());
  const site = join(root, 'demo', 'site');
  const configuratorDir = resolve(
    opts.configuratorDir ?? join(root, 'dist', 'demo', 'configurator'),
  );
  const receiverBase = () =>
    (typeof opts.receiverUrl === 'function' ? opts.receiverUrl() : opts.receiverUrl).replace(
      /\/$/,
      '',
    );
  const hits: MatomoHit[] = [];
  let origin = '';

  // The committed files name the default origins; the running ones replace them (tests use free ports).
  const localize = (s: string) =>
    s.replaceAll(DEFAULT_RECEIVER, new URL(receiverBase()).origin).replaceAll(DEFAULT_SITE, origin);

  const layout = () => readFileSync(join(site, 'layout.html'), 'utf8');

  /** Assembles a page: layout + fragment; `vars` are already-escaped HTML snippets. */
  function renderPage(name: string, vars: Record<string, string> = {}): string {
    const fragment = readFileSync(join(site, 'pages', `${name}.html`), 'utf8');
    const meta = /^<!--\s*title:\s*(.*?)\s*\|\s*(.*?);\s*nav:\s*(\w+)\s*-->/.exec(fragment);
    let content = fragment.replace(/^<!--.*?-->\s*/, '');
    for (const [k, v] of Object.entries(vars)) content = content.replaceAll(`{{${k}}}`, v);
    let html = layout()
      .replace('{{TITLE}}', escapeHtml(meta?.[1] ?? 'SOCIATEX'))
      .replace('{{TITLE_EN}}', escapeHtml(meta?.[2] ?? 'SOCIATEX'))
      .replace('{{CONTENT}}', () => content)
      .replace(`data-nav="${meta?.[3]}"`, `data-nav="${meta?.[3]}" aria-current="page"`);
    // W3C Subresource Integrity: the page pins the exact widget build it was tested with.
    const sri = join(root, 'dist', 'cachet.js.sri');
    if (existsSync(sri))
      html = html.replace(
        'src="/cachet.js"',
        `src="/cachet.js" integrity="${escapeHtml(readFileSync(sri, 'utf8').trim())}"`,
      );
    return localize(html);
  }

  function thanks(q: URLSearchParams, record: string): string {
    const form = q.get('formulaire') ?? '';
    const validId = /^[0-9a-f-]{36}$/i.test(record);
    const [fr, en] = FORM_NAMES[form] ?? ['Formulaire', 'Form'];
    const newsletter = form === 'newsletter';
    return renderPage('merci', {
      HEADING: newsletter
        ? both('Merci, votre inscription est enregistrée', 'Thank you, you are signed up')
        : both('Merci, votre demande a bien été envoyée', 'Thank you, your request has been sent'),
      LEAD: newsletter
        ? both(
            'Vous recevrez notre prochaine lettre d’information au début du mois.',
            'You will receive our next newsletter at the start of the month.',
          )
        : both(
            'Un conseiller SOCIATEX vous répond sous 24 heures ouvrées.',
            'A SOCIATEX adviser will answer within one working day.',
          ),
      FORM: both(fr, en),
      RECORD: validId
        ? `<code class="record-id">${escapeHtml(record)}</code>`
        : both(
            'aucun : le formulaire a été envoyé sans la case de consentement.',
            'none: the form was sent without the consent checkbox.',
          ),
      LINK: validId
        ? `<p><a class="btn btn-primary" href="${escapeHtml(`${receiverBase()}/log/records/${record}`)}">${both('Voir cet enregistrement dans le journal des consentements', 'See this record in the consent log')}</a></p><p class="meta">${both('Le journal est réservé à l’administrateur : ouvrez une fois le lien avec le jeton affiché par « npm start ».', 'The log is for the administrator: open the link with the token printed by “npm start” once.')}</p>`
        : '',
    });
  }

  function send(
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type: string,
    headers: Record<string, string> = {},
  ) {
    const h: Record<string, string> = {
      'content-type': type,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      ...headers,
    };
    if (type.startsWith('text/html'))
      h['content-security-policy'] = contentSecurityPolicy(new URL(receiverBase()).origin);
    res.writeHead(status, h);
    res.end(body);
  }

  /** Serves a file under `dir`, never outside it. */
  function sendFile(
    res: ServerResponse,
    dir: string,
    rel: string,
    transform?: (s: string) => string,
  ) {
    const file = normalize(join(dir, decodeURIComponent(rel)));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) return false;
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const data = readFileSync(file);
    send(res, 200, transform ? transform(data.toString('utf8')) : data, type);
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname.replace(/\.html$/, '').replace(/\/index$/, '/');
    const method = req.method ?? 'GET';

    if (path === '/merci' && method === 'POST') {
      // Post/Redirect/Get: the site keeps the record id with the lead, then thanks the visitor.
      // The id goes to the thank-you page in a short-lived cookie, not in its address: Matomo
      // records page addresses and referrers, and the id would link a visit to a named lead.
      const f = new URLSearchParams(body);
      const record = f.get('cachet_record_id') ?? '';
      const q = new URLSearchParams({ formulaire: f.get('formulaire') ?? '' });
      send(res, 303, '', 'text/plain', {
        location: `/merci?${q}`,
        'set-cookie': `demo_record=${/^[0-9a-f-]{36}$/i.test(record) ? record : ''}; Path=/merci; Max-Age=600; HttpOnly; SameSite=Lax`,
      });
      return;
    }
    if (path === '/merci') {
      const record = /(?:^|;\s*)demo_record=([0-9a-f-]{36})/i.exec(req.headers.cookie ?? '')?.[1];
      return send(res, 200, thanks(url.searchParams, record ?? ''), TYPES['.html']);
    }
    if (path === '/matomo') return send(res, 301, '', 'text/plain', { location: '/matomo/' });
    if (PAGES[path]) return send(res, 200, renderPage(PAGES[path]), TYPES['.html']);

    if (path === '/cachet.config.json')
      return sendFile(res, join(root, 'demo'), 'cachet.config.json', localize) || notFound(res);
    if (path === '/privacy-policy-fr.txt')
      return sendFile(res, join(root, 'demo'), 'privacy-policy-fr.txt') || notFound(res);
    if (
      [
        '/cachet.js',
        '/cachet-records.js',
        '/cachet-prefs.js',
        '/cachet.js.sri',
        '/cachet.mjs',
      ].includes(path)
    )
      return sendFile(res, join(root, 'dist'), path.slice(1)) || notFound(res);

    if (path === '/matomo/matomo.js')
      return sendFile(res, join(root, 'test', 'fixtures', 'matomo'), 'matomo.js') || notFound(res);
    if (path === '/matomo/matomo.php') {
      for (const h of parseHits(method, req.url ?? '/', body, req.headers.cookie ?? ''))
        hits.push(hitOf(h));
      if (hits.length > 500) hits.splice(0, hits.length - 500);
      return send(res, 204, '', 'text/plain');
    }
    if (path === '/matomo/hits.json') {
      if (method === 'DELETE') hits.length = 0;
      return send(res, 200, JSON.stringify({ hits }), TYPES['.json']);
    }

    if (path === '/configurator')
      return send(res, 301, '', 'text/plain', { location: '/configurator/' });
    if (path.startsWith('/configurator/')) {
      const rel = path.slice('/configurator/'.length) || 'index.html';
      if (
        sendFile(
          res,
          configuratorDir,
          existsSync(join(configuratorDir, `${rel}.html`)) ? `${rel}.html` : rel,
        )
      )
        return;
      if (!existsSync(configuratorDir))
        return send(
          res,
          503,
          'The configurator is not built: run "npm start" (or node demo/build.mjs).',
          'text/plain; charset=utf-8',
        );
      return notFound(res);
    }
    if (path.startsWith('/assets/') && sendFile(res, site, path.slice(1))) return;
    if (path === '/plaquette-sociatex.pdf' && sendFile(res, site, 'plaquette-sociatex.pdf')) return;
    if (path === '/favicon.ico')
      return send(res, 301, '', 'text/plain', { location: '/assets/favicon.svg' });
    notFound(res);
  }

  function notFound(res: ServerResponse) {
    send(res, 404, 'Not found', 'text/plain; charset=utf-8');
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 64 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((e) => {
        console.error('demo:', e);
        if (!res.headersSent) send(res, 500, 'Internal error', 'text/plain');
        else res.end();
      });
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 5173, opts.host ?? '127.0.0.1', ok);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  return {
    url: `${origin}/`,
    origin,
    hits,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
