/**
 * The consent log: an admin page served by the receiver under /log. Records newest first with
 * their verification status, one record with its signed payload, receipt and place in the chain,
 * filters, a per-purpose consent chart, the full `verify` and exports. Rendered on the server;
 * the pages carry no script at all (CSP `default-src 'none'`), so nothing can inject markup.
 */
import type { KeyObject } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type Part, parseMarkup } from '../../src/i18n/markup';
import { audit } from '../audit';
import { nextChainHash, sha256b64 } from '../chain';
import { type ExportFormat, exportStream } from '../export';
import { decodeSegment, type EcPublicJwk } from '../jws';
import { keyring, verifyReceipt } from '../receipt';
import type { RecordPayload } from '../schema';
import { FilterError } from '../store/sql';
import type { RecordFilter, Store, StoredRecord } from '../store/types';
import { decodePayload, isRejection, verifyRecordJws } from '../verify-record';
import { aggregateRates, dayRange } from './aggregate';
import { ratesChart } from './chart';
import { h, type Safe } from './html';
import { clearSessionCookie, isAdmin, sameSecret, sessionCookie } from './session';
import { css } from './style';

/** What the consent log needs from the receiver. */
export interface ConsentLogOptions {
  store: Store;
  /** The receiver's admin token; null disables the log. */
  adminToken: string | null;
  /** Clock, injectable for tests. @default () => new Date() */
  now?: () => Date;
  /** Most records the chart aggregates per page view. @default 20000 */
  chartLimit?: number;
}

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const EVENTS = ['given', 'refused', 'updated', 'withdrawn'] as const;
const SUB = /^[A-Za-z0-9_-]{22}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PURPOSE = /^[a-z][a-z0-9_-]{0,39}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PAGE_SIZE = 50;
// The sign-in form carries one token (43 characters when generated): a few KiB is plenty, and
// nothing larger is buffered (OWASP Denial of Service Cheat Sheet, "limit the request size").
const LOGIN_MAX_BYTES = 4096;

/** One verification step of a stored record. */
export interface Check {
  name: string;
  /** null: not applicable (an erased payload). */
  ok: boolean | null;
  detail: string;
}

/** Overall status shown in the list: every applicable check passed, or not, or erased. */
export type Status = 'verified' | 'invalid' | 'erased';

const kidOf = (jws: string) => {
  try {
    return String(JSON.parse(decodeSegment(jws.split('.')[0] ?? '')?.toString('utf8') ?? '{}').kid);
  } catch {
    return '?';
  }
};

/**
 * Re-checks one stored record as `verify` would: stored bytes, client signature and schema,
 * receiver receipt (signature and every field), and the chain link from the previous hash.
 */
export function checkRecord(
  r: StoredRecord,
  ring: Map<string, KeyObject>,
  prevChainHash: string | null,
): Check[] {
  const out: Check[] = [];
  if (r.jws) {
    const same = sha256b64(r.jws) === r.sha256;
    out.push({
      name: 'Stored bytes',
      ok: same,
      detail: same
        ? 'the JWS hashes to the SHA-256 stored and chained at reception'
        : 'the stored JWS does not hash to its stored SHA-256',
    });
    const v = verifyRecordJws(r.jws);
    out.push(
      isRejection(v)
        ? { name: 'Client signature', ok: false, detail: v.message }
        : {
            name: 'Client signature',
            ok: v.payload.id === r.id && v.payload.site === r.site,
            detail: `ES256 by the browser key ${v.kid}${v.eph ? ' (ephemeral key: this browser had no IndexedDB/WebCrypto)' : ''}; canonical payload valid against record.schema.json`,
          },
    );
  } else
    out.push({
      name: 'Payload',
      ok: null,
      detail: `erased on ${fmtTime(r.erasedAt ?? '')}; the tombstone keeps its SHA-256 and receipt, so the chain still verifies`,
    });
  const receipt = verifyReceipt(r.receipt, ring);
  if (typeof receipt === 'string')
    out.push({ name: 'Receiver receipt', ok: false, detail: receipt });
  else {
    const match =
      receipt.id === r.id &&
      receipt.sha256 === r.sha256 &&
      receipt.site === r.site &&
      receipt.seq === r.seq &&
      receipt.receivedAt === r.receivedAt &&
      receipt.chainHash === r.chainHash;
    out.push({
      name: 'Receiver receipt',
      ok: match,
      detail: match
        ? `ES256 by the receiver key ${kidOf(r.receipt)}; states this id, SHA-256, site, seq ${r.seq}, reception time and chain hash`
        : 'the receipt does not state what is stored',
    });
  }
  if (prevChainHash === null)
    out.push({ name: 'Chain link', ok: false, detail: `no chain hash stored at seq ${r.seq - 1}` });
  else {
    const ok = nextChainHash(prevChainHash, r.sha256) === r.chainHash;
    out.push({
      name: 'Chain link',
      ok,
      detail: ok
        ? `SHA-256(chain hash #${r.seq - 1} ‖ SHA-256(JWS)) equals chain hash #${r.seq}`
        : 'the chain hash does not follow from the previous one',
    });
  }
  return out;
}

/** The list status of a record from its checks. */
export function statusOf(checks: Check[]): Status {
  if (checks.some((c) => c.ok === false)) return 'invalid';
  return checks.some((c) => c.ok === null) ? 'erased' : 'verified';
}

/** "2025-11-26 10:48:12 UTC" from an ISO time. */
function fmtTime(iso: string): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '';
}

/**
 * Marketer wording as the visitor saw it: the widget's markup subset, rendered as safe HTML. A
 * link is shown as its label followed by its target in plain text, never as an anchor: the log is
 * evidence, not navigation, and a target written into a record by anyone who can post one
 * (`/\evil.example/p`, which a browser resolves to another host) must not be one click away
 * from an admin session.
 */
function asShown(text: string): Safe {
  const render = (parts: Part[]): Safe[] =>
    parts.map((p) =>
      p.t === 'text'
        ? h`${p.v}`
        : p.t === 'br'
          ? h`<br>`
          : p.t === 'a'
            ? h`<span class="link">${render(p.c)}</span> <code class="href">[${p.href}]</code>`
            : p.t === 'b'
              ? h`<strong>${render(p.c)}</strong>`
              : h`<em>${render(p.c)}</em>`,
    );
  return h`${render(parseMarkup(text))}`;
}

function pathOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

const STATUS_TEXT: Record<Status, string> = {
  verified: '✓ Verified',
  invalid: '✗ Invalid',
  erased: 'Erased',
};
const statusBadge = (s: Status) =>
  h`<span class="status ${s === 'verified' ? 'ok' : s === 'invalid' ? 'bad' : 'erased'}">${STATUS_TEXT[s]}</span>`;
const eventPill = (e: string | null) =>
  e ? h`<span class="pill ev-${e}">${e}</span>` : h`<span class="pill ev-erased">erased</span>`;
const purposeChips = (p: Record<string, boolean> | null) =>
  p
    ? Object.entries(p).map(
        ([k, v]) =>
          h`<span class="p ${v ? 'on' : 'off'}" title="${k}: ${v ? 'granted' : 'refused'}">${k} ${v ? '✓' : '✗'}</span>`,
      )
    : '';

function layout(title: string, current: string, body: Safe, authed = true): string {
  return h`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><link rel="icon" href="/log/favicon.svg" type="image/svg+xml"><title>${title} · Cachet consent log</title><link rel="stylesheet" href="/log/log.css"></head>
<body><header class="top"><div class="in"><a class="brand" href="/log"><i></i>Cachet · consent log</a>
${
  authed
    ? h`<nav aria-label="Consent log"><a href="/log" ${current === 'records' ? h`aria-current="page"` : ''}>Records</a><a href="/log/verify" ${current === 'verify' ? h`aria-current="page"` : ''}>Verify the chain</a><a href="/.well-known/jwks.json">Receiver keys</a></nav>
<form method="post" action="/log/logout"><button type="submit">Log out</button></form>`
    : ''
}</div></header>
<main>${body}</main></body></html>`.html;
}

/**
 * Mounts the consent log on a receiver app at /log (and sends /log/ there): the one line
 * receiver/app.ts needs.
 */
export function mountConsentLog<A extends Hono<any>>(app: A, options: ConsentLogOptions): A {
  app.get('/log/', (c) => c.redirect(`/log${new URL(c.req.url).search}`, 301));
  app.route('/log', consentLog(options));
  return app;
}

/** The consent log routes (paths relative to /log). */
export function consentLog(options: ConsentLogOptions): Hono {
  const { store, adminToken } = options;
  const now = options.now ?? (() => new Date());
  const chartLimit = options.chartLimit ?? 20_000;
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });

  app.get('/favicon.svg', (c) => {
    c.header('Content-Type', 'image/svg+xml');
    return c.body(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#1d4ed8"/><rect x="8" y="8" width="16" height="16" rx="3" fill="#fff"/></svg>',
    );
  });
  app.get('/log.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    return c.body(css);
  });

  const secure = (c: Context) =>
    new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

  const loginPage = (c: Context, message: string | null, status: 401 | 413 | 200 = 401) =>
    c.html(
      layout(
        'Sign in',
        '',
        h`<section class="card login"><h1>Consent log</h1>
<p>${adminToken ? 'Enter the receiver’s admin token. npm start prints a link that signs you in; a self-hosted receiver keeps it in <data-dir>/admin-token or CACHET_ADMIN_TOKEN.' : 'The consent log is disabled: this receiver has no admin token.'}</p>
${message ? h`<p class="err" role="alert">${message}</p>` : ''}
${adminToken ? h`<form method="post" action="/log/login"><label for="token"><strong>Admin token</strong></label><input id="token" name="token" type="password" autocomplete="current-password" required><button class="btn primary" type="submit">Open the log</button></form>` : ''}</section>`,
        false,
      ),
      status,
    );

  app.get('/login', (c) => loginPage(c, null, 200));
  app.post(
    '/login',
    // 413 on Content-Length before reading, or as soon as a chunked body passes the limit.
    bodyLimit({
      maxSize: LOGIN_MAX_BYTES,
      onError: (c) => loginPage(c, `The form is larger than ${LOGIN_MAX_BYTES} bytes.`, 413),
    }),
    async (c) => {
      const body = await c.req.parseBody();
      const token = typeof body.token === 'string' ? body.token.trim() : '';
      if (!adminToken || !token || !sameSecret(token, adminToken))
        return loginPage(c, 'This is not the admin token.');
      c.header('Set-Cookie', sessionCookie(adminToken, secure(c), now()));
      return c.redirect('/log', 303);
    },
  );
  app.post('/logout', (c) => {
    c.header('Set-Cookie', clearSessionCookie);
    return c.redirect('/log/login', 303);
  });

  // Everything below needs the admin session (or the bearer token).
  app.use('*', async (c, next) => {
    if (isAdmin(c, adminToken, now())) return next();
    const url = new URL(c.req.url);
    const token = url.searchParams.get('token');
    if (c.req.method === 'GET' && adminToken && token && sameSecret(token, adminToken)) {
      // The link printed by `npm start`: open the session, then drop the token from the address.
      url.searchParams.delete('token');
      c.header('Set-Cookie', sessionCookie(adminToken, secure(c), now()));
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    return loginPage(c, token ? 'This is not the admin token.' : null);
  });

  const ring = async () => keyring((await store.keys()) as EcPublicJwk[]);
  const verifyOne = async (r: StoredRecord, keys: Map<string, KeyObject>) =>
    checkRecord(r, keys, await store.chainHashAt(r.site, r.seq - 1));

  app.get('/', async (c) => {
    const q = (k: string) => (c.req.query(k) ?? '').trim();
    const problems: string[] = [];
    const filter: RecordFilter = {};
    const sub = q('sub');
    if (SUB.test(sub)) filter.sub = sub;
    else if (sub) problems.push('A subject id is 22 base64url characters.');
    const event = q('event');
    if ((EVENTS as readonly string[]).includes(event)) filter.event = event;
    const purpose = q('purpose');
    if (PURPOSE.test(purpose)) filter.purpose = purpose;
    else if (purpose) problems.push('Unknown purpose id.');
    const granted = q('granted');
    if (filter.purpose && (granted === 'yes' || granted === 'no'))
      filter.granted = granted === 'yes';
    const site = q('site');
    if (site) filter.site = site;
    const from = q('from');
    const to = q('to');
    if (from && !DAY.test(from)) problems.push('“From” must be a date.');
    if (to && !DAY.test(to)) problems.push('“To” must be a date.');
    const nextDay = (d: string) =>
      new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString();
    if (DAY.test(from)) filter.from = `${from}T00:00:00.000Z`;
    // "To" is the last day shown: records before the next midnight (UTC).
    if (DAY.test(to)) filter.to = nextDay(to);

    let page: Awaited<ReturnType<Store['list']>> = { records: [], next: null };
    try {
      page = await store.list({ ...filter, limit: PAGE_SIZE, cursor: q('cursor') || null });
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      problems.push(e.message);
    }
    const [stats, all, keys] = await Promise.all([store.stats(filter), store.stats(), ring()]);
    const rows = await Promise.all(
      page.records.map(async (r) => ({
        r,
        p: decodePayload(r.jws),
        status: statusOf(await verifyOne(r, keys)),
      })),
    );

    // Chart: the chosen days, else the last 14 (UTC), aggregated here on the server.
    const today = now().toISOString().slice(0, 10);
    const lastDay = DAY.test(to) ? to : today;
    const firstDay = DAY.test(from)
      ? from
      : new Date(Date.parse(`${lastDay}T00:00:00Z`) - 13 * 86_400_000).toISOString().slice(0, 10);
    const days = firstDay <= lastDay ? dayRange(firstDay, lastDay) : [];
    const inChart: { receivedAt: string; purposes: Record<string, boolean> | null }[] = [];
    let cursor: string | null = null;
    let capped = false;
    if (days.length) {
      const chartFilter: RecordFilter = {
        site: filter.site,
        sub: filter.sub,
        event: filter.event,
        from: `${days[0]}T00:00:00.000Z`,
        to: nextDay(days[days.length - 1]!),
        tombstones: false,
      };
      do {
        const chunk = await store.list({ ...chartFilter, limit: 500, cursor });
        for (const r of chunk.records)
          inChart.push({ receivedAt: r.receivedAt, purposes: r.purposes });
        cursor = chunk.next;
        capped = !!cursor && inChart.length >= chartLimit;
      } while (cursor && !capped);
    }
    let rates = aggregateRates(inChart, days);
    if (filter.purpose) rates = rates.filter((p) => p.purpose === filter.purpose);

    const purposes = Object.keys(all.byPurpose).sort();
    const sites = Object.keys(all.bySite).sort();
    const keep = new URLSearchParams();
    for (const k of ['sub', 'event', 'purpose', 'granted', 'site', 'from', 'to'])
      if (q(k)) keep.set(k, q(k));
    const exportQuery = (format: ExportFormat) => {
      const e = new URLSearchParams({ format });
      if (DAY.test(from)) e.set('from', from);
      if (DAY.test(to)) e.set('to', to);
      if (site) e.set('site', site);
      return `/log/export?${e}`;
    };
    const filtered = keep.toString() !== '';
    const body = h`<div class="head"><div><h1>Consent records</h1><p>${filtered ? 'Filtered: ' : ''}${stats.total} record${stats.total === 1 ? '' : 's'}${filtered ? ` of ${all.total}` : ''}, newest first. Each one is re-verified as it is shown.</p></div>
<div class="actions"><a class="btn" href="${exportQuery('ndjson')}">Export NDJSON</a><a class="btn" href="${exportQuery('csv')}">Export CSV</a><a class="btn primary" href="/log/verify">Verify the whole chain</a></div></div>
<div class="stats">
<div><strong>${stats.total}</strong><span>records</span></div>
${EVENTS.map((e) => h`<div><strong>${stats.byEvent[e] ?? 0}</strong><span>${e}</span></div>`)}
<div><strong>${stats.erased}</strong><span>erased</span></div>
</div>
<section class="card" aria-labelledby="chart-title"><h2 id="chart-title">Consent and refusal per purpose, per day</h2>
${ratesChart(rates, days)}${capped ? h`<p class="legend">Only the latest ${chartLimit} records of the period are counted.</p>` : ''}</section>
<section class="card" aria-labelledby="filter-title"><h2 id="filter-title">Filters</h2>
<form class="filters" method="get" action="/log">
<div><label for="f-sub">Subject</label><input id="f-sub" name="sub" value="${sub}" placeholder="22-character subject id" spellcheck="false"></div>
<div><label for="f-event">Event</label><select id="f-event" name="event"><option value="">Any</option>${EVENTS.map((e) => h`<option value="${e}" ${event === e ? h`selected` : ''}>${e}</option>`)}</select></div>
<div><label for="f-purpose">Purpose</label><select id="f-purpose" name="purpose"><option value="">Any</option>${purposes.map((p) => h`<option value="${p}" ${purpose === p ? h`selected` : ''}>${p}</option>`)}</select></div>
<div><label for="f-granted">Decision</label><select id="f-granted" name="granted"><option value="">Any</option><option value="yes" ${granted === 'yes' ? h`selected` : ''}>Granted</option><option value="no" ${granted === 'no' ? h`selected` : ''}>Refused</option></select></div>
<div><label for="f-from">From</label><input type="date" id="f-from" name="from" value="${from}"></div>
<div><label for="f-to">To</label><input type="date" id="f-to" name="to" value="${to}"></div>
${sites.length > 1 ? h`<div><label for="f-site">Site</label><select id="f-site" name="site"><option value="">Any</option>${sites.map((s) => h`<option value="${s}" ${site === s ? h`selected` : ''}>${s}</option>`)}</select></div>` : site ? h`<input type="hidden" name="site" value="${site}">` : ''}
<div class="go"><button class="btn primary" type="submit">Filter</button>${filtered ? h`<a class="btn" href="/log">Clear</a>` : ''}</div>
</form>${problems.map((p) => h`<p class="err" role="alert">${p}</p>`)}</section>
<section class="card" aria-labelledby="list-title"><h2 id="list-title">Records</h2>
${
  rows.length
    ? h`<div class="scroll"><table class="records"><thead><tr><th scope="col">Received</th><th scope="col">Event</th><th scope="col">Purposes</th><th scope="col" class="hide-s">Notice</th><th scope="col" class="hide-s">Site</th><th scope="col" class="hide-s">Page</th><th scope="col">Status</th></tr></thead><tbody>
${rows.map(
  ({ r, p, status }) =>
    h`<tr data-id="${r.id}"><td class="when"><a href="/log/records/${r.id}">${fmtTime(r.receivedAt)}</a></td><td class="ev">${eventPill(r.event)}${p ? h`<br><small class="mono">${r.method}</small>` : ''}</td><td class="pu">${purposeChips(r.purposes)}</td><td class="hide-s">${p ? h`${p.notice.version}<br><small>${p.notice.id}</small>` : '—'}</td><td class="hide-s">${r.site}</td><td class="page hide-s" title="${p?.url ?? ''}">${pathOf(p?.url) || '—'}</td><td class="st">${statusBadge(status)}</td></tr>`,
)}</tbody></table></div>`
    : h`<p class="empty">No record${filtered ? ' matches these filters' : ' yet: decide on the demo site’s banner or send one of its forms'}.</p>`
}
<div class="pager"><span>${rows.length ? `${rows.length} shown` : ''}</span>${page.next ? h`<a class="btn" href="/log?${new URLSearchParams([...keep, ['cursor', page.next]])}">Older records →</a>` : ''}</div></section>`;
    return c.html(layout('Records', 'records', body));
  });

  app.get('/records/:id', async (c) => {
    const id = c.req.param('id');
    const r = UUID.test(id) ? await store.get(id) : null;
    if (!r)
      return c.html(
        layout(
          'Not found',
          'records',
          h`<section class="card"><h1>No such record</h1><p>The receiver has no record <code>${id}</code> yet. A record sent when a form is submitted usually arrives within a second: reload this page. Records still waiting in a browser’s outbox are sent on its next page load.</p><p><a class="btn" href="/log">All records</a></p></section>`,
        ),
        404,
      );
    const keys = await ring();
    const prevHash = await store.chainHashAt(r.site, r.seq - 1);
    const checks = checkRecord(r, keys, prevHash);
    const status = statusOf(checks);
    const p: RecordPayload | null = decodePayload(r.jws);
    const near = await store.scan({
      site: r.site,
      after: { site: r.site, seq: Math.max(0, r.seq - 2) },
      limit: 3,
    });
    const prev = near.find((x) => x.seq === r.seq - 1);
    const next = near.find((x) => x.seq === r.seq + 1);
    const history = r.sub ? await store.bySubject(r.sub) : [];
    const json = (s: string | undefined) => {
      try {
        return JSON.stringify(
          JSON.parse(decodeSegment(s ?? '')?.toString('utf8') ?? 'null'),
          null,
          2,
        );
      } catch {
        return '(not JSON)';
      }
    };
    const [rh, rp] = (r.jws ?? '').split('.');
    const [ch, cp] = r.receipt.split('.');
    const body = h`<div class="head"><div><p><a href="/log">← All records</a></p><h1>Record ${eventPill(r.event)} ${statusBadge(status)}</h1><p class="mono">${r.id}</p></div>
<div class="actions">${r.sub ? h`<a class="btn" href="/log?sub=${r.sub}">This subject’s records</a>` : ''}</div></div>
<div class="grid2">
<section class="card"><h2>Decision</h2><dl class="kv">
<dt>Event</dt><dd>${r.event ?? 'erased'}${r.method ? h` · <code>${r.method}</code>` : ''}</dd>
<dt>Purposes</dt><dd>${purposeChips(r.purposes) || '—'}</dd>
<dt>Subject</dt><dd>${r.sub ? h`<a class="mono" href="/log?sub=${r.sub}">${r.sub}</a>` : '—'}</dd>
<dt>Site</dt><dd>${r.site}</dd>
<dt>Page</dt><dd>${p?.url ?? '—'}</dd>
${p?.form ? h`<dt>Form</dt><dd><code>${p.form.id}</code> → <code>${p.form.action}</code></dd>` : ''}
<dt>Decided (client)</dt><dd>${p ? fmtTime(p.iat) : '—'}</dd>
<dt>Received</dt><dd>${fmtTime(r.receivedAt)}</dd>
<dt>Valid until</dt><dd>${p ? fmtTime(p.exp) : '—'}</dd>
<dt>Signals</dt><dd>${p ? `GPC ${p.signals.gpc ? 'on' : 'off'}, DNT ${p.signals.dnt ? 'on' : 'off'}` : '—'}</dd>
<dt>Previous decision</dt><dd>${p?.prev ? h`<a class="mono" href="/log/records/${p.prev}">${p.prev}</a>` : 'none (first decision of this subject)'}</dd>
<dt>Widget</dt><dd>${p?.widget ?? '—'}</dd>
</dl></section>
<section class="card"><h2>Verification</h2><ul class="checks">${checks.map(
      (k) =>
        h`<li class="${k.ok === null ? 'na' : k.ok ? 'ok' : 'bad'}"><b aria-hidden="true">${k.ok === null ? '–' : k.ok ? '✓' : '✗'}</b><span><strong>${k.name}</strong>: ${k.ok === null ? 'not applicable' : k.ok ? 'valid' : 'INVALID'}<small>${k.detail}</small></span></li>`,
    )}</ul></section>
</div>
${
  p
    ? h`<section class="card"><h2>Notice shown</h2><dl class="kv"><dt>Layer</dt><dd><code>${p.notice.id}</code> · version <strong>${p.notice.version}</strong> · ${p.notice.lang}</dd><dt>Policy</dt><dd>${p.notice.policyUrl ?? '—'}</dd><dt>Text hash</dt><dd class="mono">${p.notice.hash}</dd></dl>
<div class="notice-text" lang="${p.notice.lang}">${asShown(p.notice.text)}</div>
<details class="notice-src"><summary>Source text, as signed and hashed</summary><pre>${p.notice.text}</pre></details></section>`
    : ''
}
<section class="card"><h2>Place in the chain of ${r.site}</h2>
<div class="chain">${prev ? h`<a href="/log/records/${prev.id}"><strong>← #${prev.seq}</strong>${fmtTime(prev.receivedAt)}</a>` : h`<span class="here-none"></span>`}<span class="here"><strong>#${r.seq} (this record)</strong>${fmtTime(r.receivedAt)}</span>${next ? h`<a href="/log/records/${next.id}"><strong>#${next.seq} →</strong>${fmtTime(next.receivedAt)}</a>` : ''}</div>
<dl class="kv"><dt>Sequence</dt><dd>${r.seq}</dd><dt>Previous chain hash</dt><dd class="mono">${prevHash ?? '—'}</dd><dt>SHA-256 of the JWS</dt><dd class="mono">${r.sha256}</dd><dt>Chain hash</dt><dd class="mono">${r.chainHash}</dd></dl></section>
<div class="grid2">
<section class="card"><h2>Signed record (JWS)</h2>${
      r.jws
        ? h`<p>Protected header</p><pre>${json(rh)}</pre><p>Payload</p><pre>${json(rp)}</pre><details><summary>Compact serialisation</summary><pre>${r.jws}</pre></details>`
        : h`<p>Erased on ${fmtTime(r.erasedAt ?? '')}.</p>`
    }</section>
<section class="card"><h2>Receipt</h2><p>Protected header</p><pre>${json(ch)}</pre><p>Payload</p><pre>${json(cp)}</pre><details><summary>Compact serialisation</summary><pre>${r.receipt}</pre></details></section>
</div>
${
  history.length > 1
    ? h`<section class="card"><h2>This subject’s decisions</h2><div class="scroll"><table class="records"><thead><tr><th scope="col">Received</th><th scope="col">Event</th><th scope="col">Purposes</th></tr></thead><tbody>${history
        .slice()
        .reverse()
        .map(
          (x) =>
            h`<tr><td class="when">${x.id === r.id ? h`<strong>${fmtTime(x.receivedAt)} (this one)</strong>` : h`<a href="/log/records/${x.id}">${fmtTime(x.receivedAt)}</a>`}</td><td class="st">${eventPill(x.event)}</td><td class="pu">${purposeChips(x.purposes)}</td></tr>`,
        )}</tbody></table></div></section>`
    : ''
}`;
    return c.html(layout(`Record ${r.id}`, 'records', body));
  });

  app.get('/verify', async (c) => {
    const t0 = performance.now();
    const report = await audit(store);
    const ms = Math.round(performance.now() - t0);
    const body = h`<div class="head"><div><h1>Verify the chain</h1><p>The same check as <code>cachet-receiver verify</code>: every record signature, every receipt, every chain link and each site’s head.</p></div><div class="actions"><a class="btn" href="/log/verify">Run again</a></div></div>
<div class="banner ${report.ok ? 'ok' : 'bad'}" role="status">${report.ok ? `✓ All ${report.records} records verify` : `✗ ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found in ${report.records} records`} (${report.tombstones} erased) — checked in ${ms} ms.</div>
<section class="card"><h2>Chains</h2>${
      report.sites.length
        ? h`<div class="scroll"><table><thead><tr><th scope="col">Site</th><th scope="col">Records</th><th scope="col">Erased</th><th scope="col">Head</th><th scope="col">Head chain hash</th></tr></thead><tbody>${report.sites.map(
            (s) =>
              h`<tr><td>${s.site}</td><td>${s.records}</td><td>${s.tombstones}</td><td>#${s.headSeq}</td><td class="mono">${s.chainHash}</td></tr>`,
          )}</tbody></table></div>`
        : h`<p class="empty">No record yet.</p>`
    }</section>
${
  report.problems.length
    ? h`<section class="card"><h2>Problems</h2><div class="scroll"><table><thead><tr><th scope="col">Site</th><th scope="col">Seq</th><th scope="col">Record</th><th scope="col">Problem</th></tr></thead><tbody>${report.problems.map(
        (p) =>
          h`<tr><td>${p.site}</td><td>${p.seq ?? '—'}</td><td>${p.id ? h`<a class="mono" href="/log/records/${p.id}">${p.id}</a>` : '—'}</td><td>${p.problem}</td></tr>`,
      )}</tbody></table></div></section>`
    : ''
}`;
    return c.html(layout('Verify', 'verify', body), report.ok ? 200 : 409);
  });

  app.get('/export', (c) => {
    const format = c.req.query('format') === 'csv' ? 'csv' : 'ndjson';
    const day = (k: string) => {
      const v = c.req.query(k) ?? '';
      return DAY.test(v) ? v : undefined;
    };
    const from = day('from');
    const to = day('to');
    const site = c.req.query('site') || undefined;
    c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    c.header('Content-Disposition', `attachment; filename="cachet-consent-log.${format}"`);
    return c.body(
      exportStream(store, format, {
        from: from && `${from}T00:00:00.000Z`,
        to: to && new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString(),
        site,
      }),
    );
  });

  return app;
}
