import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { type AppConfig, resolveAppConfig } from './config';
import { HttpError, type Rejection, reject } from './errors';
import { type ExportFormat, exportStream, storedFields } from './export';
import { GroupCommit } from './group-commit';
import { mountConsentLog } from './log';
import { RateLimiter } from './rate-limit';
import type { ReceiptKey } from './receipt';
import { FilterError, sameRecord } from './store/sql';
import type { Store, StoredRecord } from './store/types';
import { decodePayload, isRejection, toNewRecord, verifyRecordJws } from './verify-record';

/** Hono environment: on Node, @hono/node-server passes the IncomingMessage as `incoming`. */
export type ReceiverEnv = { Bindings: { incoming?: IncomingMessage } | undefined };

/** The receiver's Hono app type (extend it with app.route('/admin', …)). */
export type ReceiverApp = Hono<ReceiverEnv>;

/** One structured log line. */
export type LogLine = Record<string, unknown>;

/** Options of createApp. */
export interface CreateAppOptions {
  store: Store;
  /** The receiver key signing receipts. */
  keys: ReceiptKey;
  config?: Partial<AppConfig>;
  /** Clock, injectable for tests. @default () => new Date() */
  now?: () => Date;
  /** Structured log sink, one object per request; false silences it. @default JSON lines on stdout */
  log?: ((line: LogLine) => void) | false;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SUB = /^[A-Za-z0-9_-]{22}$/;
const RETRY_AFTER_STORAGE = 5;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Writes one JSON line to stdout. */
export const stdoutLog = (line: LogLine): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

/**
 * Bearer-token guard for admin routes (RFC 6750). Both sides are hashed first so
 * timingSafeEqual compares equal lengths and the comparison time says nothing about the token.
 */
export function adminAuth(token: string | null): MiddlewareHandler {
  const want = token ? createHash('sha256').update(token).digest() : null;
  return async (c, next) => {
    const m = /^Bearer +([^\s]+) *$/i.exec(c.req.header('authorization') ?? '');
    const got = createHash('sha256')
      .update(m?.[1] ?? '')
      .digest();
    if (!want || !m || !timingSafeEqual(got, want)) {
      c.header('WWW-Authenticate', 'Bearer realm="cachet-receiver"');
      throw new HttpError(401, 'unauthorized', 'a valid admin bearer token is required');
    }
    await next();
  };
}

/** The admin JSON view of a stored record: chain position, receipt, and the decoded payload. */
export function recordView(r: StoredRecord, extra: Record<string, unknown> = {}) {
  return { ...storedFields(r), ...extra, record: decodePayload(r.jws) };
}

async function readBody(req: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new HttpError(413, 'too_large', `the body is larger than ${limit} bytes`);
  const length = req.headers.get('content-length');
  const declared = Number(length ?? 0);
  if (declared > limit) throw tooLarge();
  // With a Content-Length the HTTP parser cannot deliver more bytes than declared (RFC 9112
  // §6.3), so read it whole: @hono/node-server serves arrayBuffer() straight from the socket,
  // without building a web stream (a third of the CPU time of a request).
  try {
    if (length !== null && Number.isSafeInteger(declared)) {
      return new Uint8Array(await req.arrayBuffer());
    }
  } catch {
    // The client went away (or sent less than it declared) before the body was complete.
    throw new HttpError(400, 'bad_body', 'the body could not be read');
  }
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw new HttpError(400, 'bad_body', 'the body could not be read');
    });
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, rej) => {
    timer = setTimeout(
      () => rej(new HttpError(503, 'timeout', 'the request took too long', RETRY_AFTER_STORAGE)),
      ms,
    );
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** A dated query parameter (YYYY-MM-DD or ISO 8601) as an ISO instant, undefined when absent. */
function dateParam(c: Context, name: string): string | undefined {
  const v = c.req.query(name);
  if (v === undefined || v === '') return undefined;
  const t = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)
    ? Date.parse(v)
    : Number.NaN;
  if (Number.isNaN(t))
    throw new HttpError(
      400,
      'bad_query',
      `"${name}" must be a date (YYYY-MM-DD) or an ISO 8601 time`,
    );
  return new Date(t).toISOString();
}

/** Outcome of one record of a POST. */
interface ItemResult {
  id: string | null;
  status: number;
  receipt?: string;
  error?: { code: string; message: string };
}

/**
 * The receiver as a portable `Request → Response` Hono app (DESIGN.md, binding API). Tests call
 * `app.request()` without a port; receiver/server.ts serves it with @hono/node-server.
 */
export function createApp(options: CreateAppOptions): ReceiverApp {
  const { store, keys } = options;
  const cfg = resolveAppConfig(options.config);
  const clock = options.now ?? (() => new Date());
  const log = options.log === false ? null : (options.log ?? stdoutLog);
  const seal = (fields: Parameters<ReceiptKey['sign']>[0]) => keys.sign(fields);
  const commits = new GroupCommit(store, seal, () => clock().toISOString());
  const limiter = new RateLimiter(cfg.rateLimit.perSecond, cfg.rateLimit.burst);
  // The consent log's own buckets: record traffic from one address (a NAT, the demo) does not
  // lock its admin out, nor the reverse.
  const logLimiter = new RateLimiter(cfg.rateLimit.perSecond, cfg.rateLimit.burst);
  const requireAdmin = adminAuth(cfg.adminToken);
  /** A storage failure: logged with its cause, answered 503 with Retry-After (the client retries). */
  const unavailable = (what: string, e: unknown, message: string) => {
    log?.({
      t: clock().toISOString(),
      level: 'error',
      error: `${what}: ${(e as Error).message}`.slice(0, 300),
    });
    return new HttpError(503, 'storage_unavailable', message, RETRY_AFTER_STORAGE);
  };

  // Each site's own origin may post its records, plus the configured extra origins.
  const originsBySite = new Map(cfg.sites.map((s) => [s, new Set([s, ...cfg.allowedOrigins])]));
  const allOrigins = new Set([...cfg.sites, ...cfg.allowedOrigins]);

  const app: ReceiverApp = new Hono<ReceiverEnv>();

  const clientIp = (c: Context<ReceiverEnv>): string => {
    if (cfg.trustProxy) {
      const xff = c.req.header('x-forwarded-for');
      if (xff) return xff.split(',').pop()!.trim();
    }
    return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
  };

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      if (err.retryAfter) c.header('Retry-After', String(err.retryAfter));
      return c.json(err.toJSON(), err.status as 400);
    }
    // Never a stack trace in a response; the log gets the error class and message only.
    log?.({
      t: clock().toISOString(),
      level: 'error',
      error: `${err.name}: ${err.message}`.slice(0, 300),
    });
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'no such route' } }, 404));

  // One JSON line per request: route pattern (never the raw path, which may hold a subject id),
  // status and duration; no record content, no address.
  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    log?.({
      t: clock().toISOString(),
      method: c.req.method,
      path: routePath(c, -1),
      status: c.res.status,
      ms: Math.round((performance.now() - t0) * 10) / 10,
    });
  });

  app.use('/v1/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
  });

  // CORS (Fetch standard) for the record endpoint: allowed origins get their own origin back,
  // so fetch(keepalive) and sendBeacon can post (text/plain needs no preflight; JSON does).
  app.use('/v1/records', async (c, next) => {
    c.header('Vary', 'Origin');
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      if (!allOrigins.has(origin))
        throw new HttpError(
          403,
          'origin_not_allowed',
          `origin ${origin.slice(0, 200)} may not post records here`,
        );
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', 'Retry-After');
    }
    await next();
  });

  const rateLimit =
    (buckets: RateLimiter): MiddlewareHandler<ReceiverEnv> =>
    async (c, next) => {
      const wait = buckets.take(clientIp(c), clock().getTime());
      if (wait)
        throw new HttpError(429, 'rate_limited', 'too many requests from this client', wait);
      await next();
    };
  app.use('/v1/*', rateLimit(limiter));
  // Every page of the consent log checks the admin token (sign-in form, ?token= link) or its
  // session: without a limit, wrong tokens could be tried as fast as the server answers
  // (OWASP Authentication Cheat Sheet, "Protect against automated attacks").
  app.use('/log/*', rateLimit(logLimiter));

  app.options('/v1/records', (c) => {
    c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
    c.header('Access-Control-Allow-Headers', 'Content-Type');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  });

  async function accept(jws: string, origin: string | undefined): Promise<ItemResult> {
    const fail = (r: Rejection, id: string | null = null): ItemResult => ({
      id,
      status: r.status,
      error: { code: r.code, message: r.message },
    });
    if (Buffer.byteLength(jws) > cfg.maxRecordBytes)
      return fail(reject(413, 'too_large', `a record is larger than ${cfg.maxRecordBytes} bytes`));
    const v = verifyRecordJws(jws);
    if (isRejection(v)) return fail(v);
    const p = v.payload;
    const origins = originsBySite.get(p.site);
    if (!origins)
      return fail(
        reject(403, 'site_not_allowed', `site ${p.site} is not served by this receiver`),
        p.id,
      );
    if (origin !== undefined && !origins.has(origin))
      return fail(
        reject(
          403,
          'origin_not_allowed',
          `origin ${origin.slice(0, 200)} may not post records of ${p.site}`,
        ),
        p.id,
      );
    const now = clock().getTime();
    const iat = Date.parse(p.iat);
    if (iat > now + cfg.maxFutureSeconds * 1000 || iat < now - cfg.maxAgeDays * 86_400_000) {
      // A retry of a record stored while it was fresh is still a duplicate: answer its receipt.
      const old = await store.get(p.id).catch(() => {
        throw new HttpError(
          503,
          'storage_unavailable',
          'storage does not answer; retry later',
          RETRY_AFTER_STORAGE,
        );
      });
      if (old && sameRecord(old, v)) return { id: p.id, status: 200, receipt: old.receipt };
      const future = iat > now;
      const msg = future
        ? `"iat" is more than ${cfg.maxFutureSeconds} s ahead of the receiver clock`
        : `"iat" is older than ${cfg.maxAgeDays} days`;
      return fail(reject(422, future ? 'iat_in_future' : 'iat_too_old', msg), p.id);
    }
    let outcome: Awaited<ReturnType<GroupCommit['append']>>;
    try {
      outcome = await commits.append(toNewRecord(p, jws, v.sha256, v.signedSha256));
    } catch (e) {
      throw unavailable('storage', e, 'the record could not be stored; retry later');
    }
    if (outcome.status === 'conflict')
      return fail(
        reject(409, 'conflict', `record ${p.id} is already stored with other signed bytes`),
        p.id,
      );
    return {
      id: p.id,
      status: outcome.status === 'created' ? 201 : 200,
      receipt: outcome.record.receipt,
    };
  }

  app.post('/v1/records', async (c) => {
    const origin = c.req.header('origin');
    const bytes = await readBody(c.req.raw, Math.max(cfg.maxBatchBytes, cfg.maxRecordBytes));
    let text: string;
    try {
      text = utf8.decode(bytes).trim();
    } catch {
      throw new HttpError(400, 'bad_encoding', 'the body is not UTF-8');
    }
    // Batch or single is told by the body, never the content type: the widget posts text/plain
    // (a CORS-safelisted type, so no preflight) and sendBeacon sends a text/plain Blob.
    if (text.startsWith('{')) {
      let batch: unknown;
      try {
        batch = JSON.parse(text);
      } catch {
        throw new HttpError(400, 'bad_batch', 'the body starts with "{" but is not JSON');
      }
      const records = (batch as { records?: unknown }).records;
      if (!Array.isArray(records) || Object.keys(batch as object).length !== 1) {
        throw new HttpError(400, 'bad_batch', 'a batch body must be {"records":[jws, …]}');
      }
      if (records.length === 0) throw new HttpError(400, 'bad_batch', '"records" is empty');
      if (records.length > cfg.maxBatchRecords)
        throw new HttpError(
          413,
          'too_many_records',
          `a batch holds at most ${cfg.maxBatchRecords} records`,
        );
      const results = await withTimeout(
        Promise.all(
          records.map((r) =>
            typeof r === 'string'
              ? accept(r.trim(), origin)
              : Promise.resolve<ItemResult>({
                  id: null,
                  status: 400,
                  error: { code: 'malformed_jws', message: 'each batch item must be a JWS string' },
                }),
          ),
        ),
        cfg.timeoutMs,
      );
      return c.json({ results }, 200);
    }
    if (text.length === 0) throw new HttpError(400, 'malformed_jws', 'the body is empty');
    if (bytes.byteLength > cfg.maxRecordBytes)
      throw new HttpError(413, 'too_large', `a record is larger than ${cfg.maxRecordBytes} bytes`);
    const r = await withTimeout(accept(text, origin), cfg.timeoutMs);
    if (r.error) throw new HttpError(r.status, r.error.code, r.error.message);
    return c.json({ id: r.id, status: r.status, receipt: r.receipt }, r.status as 200);
  });

  app.on(['GET', 'PUT', 'PATCH', 'DELETE'], '/v1/records', (c) => {
    c.header('Allow', 'POST, OPTIONS');
    throw new HttpError(405, 'method_not_allowed', 'POST records here');
  });

  app.get('/v1/records/:id', requireAdmin, async (c) => {
    const id = c.req.param('id');
    const r = UUID.test(id) ? await store.get(id) : null;
    if (!r) throw new HttpError(404, 'not_found', 'no record with this id');
    const prevChainHash = await store.chainHashAt(r.site, r.seq - 1);
    return c.json(recordView(r, { prevChainHash }));
  });

  app.get('/v1/subjects/:sub/records', requireAdmin, async (c) => {
    const sub = c.req.param('sub');
    if (!SUB.test(sub))
      throw new HttpError(400, 'bad_subject', 'a subject id is 22 base64url characters');
    const records = await store.bySubject(sub);
    return c.json({ sub, records: records.map((r) => recordView(r)) });
  });

  app.delete('/v1/subjects/:sub', requireAdmin, async (c) => {
    const sub = c.req.param('sub');
    if (!SUB.test(sub))
      throw new HttpError(400, 'bad_subject', 'a subject id is 22 base64url characters');
    let erased: number;
    try {
      erased = await store.eraseSubject(sub, clock().toISOString());
    } catch (e) {
      // Sending the request again is safe and finishes the job (docs/receiver.md, Erasure).
      throw unavailable('erasure', e, 'the erasure could not be completed; retry later');
    }
    return c.json({ sub, erased });
  });

  app.get('/v1/export', requireAdmin, async (c) => {
    const format = (c.req.query('format') ?? 'ndjson') as ExportFormat;
    if (format !== 'ndjson' && format !== 'csv')
      throw new HttpError(400, 'bad_query', '"format" must be ndjson or csv');
    const from = dateParam(c, 'from');
    const to = dateParam(c, 'to');
    const site = c.req.query('site') || undefined;
    c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    c.header('Content-Disposition', `attachment; filename="cachet-export.${format}"`);
    return c.body(exportStream(store, format, { from, to, site }));
  });

  let jwksCache: { at: number; body: { keys: object[] } } | null = null;
  app.get('/.well-known/jwks.json', async (c) => {
    const now = clock().getTime();
    if (!jwksCache || now - jwksCache.at > 60_000) {
      // Every key any receiver of this database ever used, so old receipts stay verifiable.
      const stored = (await store.keys()) as { kid?: string }[];
      const list = stored.some((k) => k.kid === keys.kid) ? stored : [...stored, keys.publicJwk];
      jwksCache = { at: now, body: { keys: list } };
    }
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(jwksCache.body);
  });

  app.get('/healthz', async (c) => {
    try {
      await withTimeout(store.ping(), 2000);
      return c.json({ status: 'ok', store: store.kind });
    } catch {
      c.header('Retry-After', String(RETRY_AFTER_STORAGE));
      return c.json(
        {
          status: 'unavailable',
          store: store.kind,
          error: { code: 'storage_unavailable', message: 'storage does not answer' },
        },
        503,
      );
    }
  });

  // The consent log (receiver/log): admin pages behind the same token, no script.
  mountConsentLog(app, { store, adminToken: cfg.adminToken, now: clock });

  return app;
}

/** Re-exported so routes added by others (app.route('/admin', …)) reuse the same errors. */
export { FilterError, HttpError };
