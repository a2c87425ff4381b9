/** Settings of the HTTP app (createApp); the CLI and startReceiver add server and storage ones. */
export interface AppConfig {
  /** Sites (origins) whose records are accepted: the record's `site` must be one of them. */
  sites: string[];
  /**
   * Extra page origins allowed to post records for any configured site (each site's own origin
   * always is), e.g. "https://example.com" next to "https://www.example.com". @default []
   */
  allowedOrigins: string[];
  /** Bearer token of the admin routes; null disables them (401). @default null */
  adminToken: string | null;
  /** Per-client token bucket; perSecond 0 disables it. @default {perSecond: 20, burst: 100} */
  rateLimit: { perSecond: number; burst: number };
  /** Take the client address from the last X-Forwarded-For entry (behind one proxy). @default false */
  trustProxy: boolean;
  /** Largest single record body, and largest record inside a batch, in bytes. @default 16384 */
  maxRecordBytes: number;
  /** Largest batch body in bytes (sendBeacon's whole quota is 64 KiB). @default 65536 */
  maxBatchBytes: number;
  /** Most records in one batch. @default 50 */
  maxBatchRecords: number;
  /** How far ahead of the receiver clock `iat` may be, in seconds. @default 300 */
  maxFutureSeconds: number;
  /** How old `iat` may be, in days. @default 30 */
  maxAgeDays: number;
  /** Time budget of one request's verification and storage, in ms (503 beyond). @default 10000 */
  timeoutMs: number;
}

/** Sites accepted when none are configured: the demo site (npm start), on both loopback names. */
export const DEV_SITES = ['http://127.0.0.1:5173', 'http://localhost:5173'];

/** Fills an AppConfig's missing settings with their defaults. */
export function resolveAppConfig(c: Partial<AppConfig> = {}): AppConfig {
  return {
    sites: c.sites ?? DEV_SITES,
    allowedOrigins: c.allowedOrigins ?? [],
    adminToken: c.adminToken ?? null,
    rateLimit: c.rateLimit ?? { perSecond: 20, burst: 100 },
    trustProxy: c.trustProxy ?? false,
    maxRecordBytes: c.maxRecordBytes ?? 16 * 1024,
    maxBatchBytes: c.maxBatchBytes ?? 64 * 1024,
    maxBatchRecords: c.maxBatchRecords ?? 50,
    maxFutureSeconds: c.maxFutureSeconds ?? 300,
    maxAgeDays: c.maxAgeDays ?? 30,
    timeoutMs: c.timeoutMs ?? 10_000,
  };
}
