// localStorage keys of the record pipeline, shared by cachet.js and the on-demand pipeline.
import type { RecordPayload } from './build';
/** Unsigned records, one key each: written synchronously at the decision. */
export const PENDING = 'cachet:p:';
/** The receipts of this browser, latest first (at most KEEP). */
export const RECEIPTS = 'cachet:r';
/** Records the receiver rejected for good (at most KEEP). */
export const DEAD = 'cachet:d';
/** [subject, id] of the last record, for the `prev` link. */
export const LAST = 'cachet:l';
/** Set while the outbox holds records: the next page load starts the pipeline. */
export const QUEUED = 'cachet:q';
export const KEEP = 50;

/** A pending record that can be signed (what another version or a hand edit left is skipped). */
export const signable = (p?: RecordPayload) => typeof p?.notice?.text === 'string';
