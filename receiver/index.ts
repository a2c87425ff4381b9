/**
 * The reference receiver as a library (docs/receiver.md): the Hono app, the stores, the audit,
 * and startReceiver() for Node. The CLI is receiver/cli.ts.
 */
export {
  adminAuth,
  type CreateAppOptions,
  createApp,
  type LogLine,
  type ReceiverApp,
  recordView,
} from './app';
export { type AuditProblem, type AuditReport, audit } from './audit';
export { genesisHash, nextChainHash, sha256b64 } from './chain';
export { type AppConfig, DEV_SITES, resolveAppConfig } from './config';
export { HttpError } from './errors';
export { csvLine, ndjsonLine } from './export';
export {
  createReceiptKey,
  keyring,
  loadOrCreateReceiptKey,
  RECEIPT_TYP,
  type ReceiptKey,
  verifyReceipt,
} from './receipt';
export type { ReceiptPayload, RecordPayload } from './schema';
export {
  type ExtendContext,
  purgeExpired,
  type RunningReceiver,
  type StartOptions,
  startReceiver,
} from './server';
export { type ReceiverSettings, resolveSettings } from './settings';
export { openStore } from './store/open';
export { openPostgresStore } from './store/postgres';
export { openSqliteStore } from './store/sqlite';
export type * from './store/types';
export { decodePayload, RECORD_TYP, type VerifiedRecord, verifyRecordJws } from './verify-record';
