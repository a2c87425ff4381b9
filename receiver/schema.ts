import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import receiptSchema from '../schema/receipt.schema.json';
import recordSchema from '../schema/record.schema.json';
import type { RecordPayload as BuiltRecord } from '../src/record/build';

/** The payload of a record JWS, as the widget builds it (src/record/build.ts), signed: with its notice hash. */
export type RecordPayload = BuiltRecord & { notice: BuiltRecord['notice'] & { hash: string } };

/** The payload of a receipt JWS (schema/receipt.schema.json). */
export interface ReceiptPayload {
  id: string;
  sha256: string;
  site: string;
  seq: number;
  receivedAt: string;
  chainHash: string;
}

// The published schemas are the single source of truth; ajv compiles them once at start.
const ajv = new Ajv2020({ strict: true, allErrors: false });
addFormats(ajv, ['date-time', 'uri']);
const checkRecord = ajv.compile<RecordPayload>(recordSchema);
const checkReceipt = ajv.compile<ReceiptPayload>(receiptSchema);

function firstError(errors: typeof checkRecord.errors): string {
  const e = errors?.[0];
  if (!e) return 'invalid';
  const at = e.instancePath || '/';
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `${at}: unknown field "${p.additionalProperty}"`;
  if (e.keyword === 'required') return `${at}: missing field "${p.missingProperty}"`;
  return `${at} ${e.message}`;
}

/** Validates a record payload; returns null when valid, else a message naming the field. */
export function recordSchemaError(payload: unknown): string | null {
  return checkRecord(payload) ? null : firstError(checkRecord.errors);
}

/** Validates a receipt payload; returns null when valid, else a message naming the field. */
export function receiptSchemaError(payload: unknown): string | null {
  return checkReceipt(payload) ? null : firstError(checkReceipt.errors);
}
