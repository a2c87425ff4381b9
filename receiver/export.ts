import type { Store, StoredRecord } from './store/types';
import { decodePayload } from './verify-record';

/** Export formats of GET /v1/export. */
export type ExportFormat = 'ndjson' | 'csv';

/** CSV columns, in order (docs/receiver.md "Export"). */
export const CSV_COLUMNS = [
  'id',
  'site',
  'seq',
  'received_at',
  'iat',
  'sub',
  'event',
  'method',
  'purposes',
  'notice_id',
  'notice_version',
  'notice_hash',
  'sha256',
  'chain_hash',
  'erased_at',
  'jws',
  'receipt',
] as const;

/** The stored fields an auditor needs to re-check signatures and the chain. */
export function storedFields(r: StoredRecord) {
  return {
    id: r.id,
    site: r.site,
    seq: r.seq,
    receivedAt: r.receivedAt,
    sha256: r.sha256,
    chainHash: r.chainHash,
    jws: r.jws,
    receipt: r.receipt,
    erasedAt: r.erasedAt,
  };
}

/** One NDJSON line: the stored fields. */
export function ndjsonLine(r: StoredRecord): string {
  return `${JSON.stringify(storedFields(r))}\n`;
}

// RFC 4180 quoting; a leading = + - @ TAB or CR gets an apostrophe so a spreadsheet shows the
// text instead of running it as a formula (OWASP "CSV Injection"). A spreadsheet may also split
// on another separator than the comma (French Excel: `;`), so OWASP's advice goes for what starts
// a cell there too: = + - @ after ; | TAB or a line break get the apostrophe as well, and a cell
// holding ; | or TAB is quoted like one holding a comma. NDJSON is the exact export.
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  s = s.replace(/([;|\t\r\n])(?=[=+\-@])/g, "$1'");
  return /[",;|\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (CRLF, RFC 4180). */
export function csvLine(r: StoredRecord): string {
  const p = decodePayload(r.jws);
  const values = [
    r.id,
    r.site,
    r.seq,
    r.receivedAt,
    r.iat,
    r.sub,
    r.event,
    r.method,
    r.purposes,
    p?.notice.id,
    p?.notice.version,
    p?.notice.hash,
    r.sha256,
    r.chainHash,
    r.erasedAt,
    r.jws,
    r.receipt,
  ];
  return `${values.map(cell).join(',')}\r\n`;
}

/** Streams the records (tombstones included) in chain order, 500 rows per storage query. */
export function exportStream(
  store: Store,
  format: ExportFormat,
  range: { from?: string; to?: string; site?: string },
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const line = format === 'csv' ? csvLine : ndjsonLine;
  let after: { site: string; seq: number } | undefined;
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started && format === 'csv')
        controller.enqueue(enc.encode(`${CSV_COLUMNS.join(',')}\r\n`));
      started = true;
      const page = await store.scan({ ...range, after, limit: 500 });
      if (!page.length) {
        controller.close();
        return;
      }
      const last = page[page.length - 1]!;
      after = { site: last.site, seq: last.seq };
      controller.enqueue(enc.encode(page.map(line).join('')));
    },
  });
}
