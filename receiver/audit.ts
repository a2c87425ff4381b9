import type { KeyObject } from 'node:crypto';
import { canonicalize } from '../src/record/canonical';
import { genesisHash, nextChainHash, sha256b64 } from './chain';
import { type EcPublicJwk, signedSha256 } from './jws';
import { keyring, verifyReceipt } from './receipt';
import type { Store, StoredRecord } from './store/types';
import { isRejection, verifyRecordJws } from './verify-record';

/** The columns stored beside the JWS, copied from its payload (store/sql.ts, toNewRecord). */
const DERIVED = [
  { field: 'sub', column: 'sub' },
  { field: 'event', column: 'event' },
  { field: 'method', column: 'method' },
  { field: 'purposes', column: 'purposes' },
  { field: 'iat', column: 'iat' },
] as const;

function sameValue(stored: unknown, signed: unknown): boolean {
  if (typeof stored !== 'object' || stored === null) return stored === signed;
  try {
    // purposes: key order is not kept by PostgreSQL's jsonb; compare canonical forms.
    return canonicalize(stored) === canonicalize(signed);
  } catch {
    return false;
  }
}

/** One break found by audit(). */
export interface AuditProblem {
  site: string;
  seq: number | null;
  id: string | null;
  problem: string;
}

/** What audit() checked and found. */
export interface AuditReport {
  ok: boolean;
  records: number;
  tombstones: number;
  sites: Array<{
    site: string;
    records: number;
    tombstones: number;
    headSeq: number;
    chainHash: string;
  }>;
  problems: AuditProblem[];
}

/**
 * Re-checks everything a stored record claims (`cachet-receiver verify`): for each site, seq runs
 * 1…n without a gap; each JWS hashes to its stored SHA-256 and verifies (signature, header,
 * canonical payload, schema, consistency, and every column copied from the payload — id, site,
 * sub, event, method, purposes, iat, and signed_sha256 when set — equal to it, erased_at
 * unset); a row without JWS is a tombstone: erased_at set, no payload column left; each
 * chainHash recomputes from the previous one; each receipt verifies with a registered receiver
 * key and states exactly the row's id, sha256, site, seq, receivedAt and chainHash; the stored
 * head is the last record. Tombstones are checked through their SHA-256 and receipt, which
 * erasure keeps.
 */
export async function audit(
  store: Store,
  options: { extraKeys?: EcPublicJwk[]; maxProblems?: number } = {},
): Promise<AuditReport> {
  const ring: Map<string, KeyObject> = keyring([
    ...((await store.keys()) as EcPublicJwk[]),
    ...(options.extraKeys ?? []),
  ]);
  const max = options.maxProblems ?? 1000;
  const report: AuditReport = { ok: true, records: 0, tombstones: 0, sites: [], problems: [] };
  const problem = (site: string, r: StoredRecord | null, text: string) => {
    report.ok = false;
    if (report.problems.length < max)
      report.problems.push({ site, seq: r?.seq ?? null, id: r?.id ?? null, problem: text });
  };

  const heads = new Map((await store.heads()).map((h) => [h.site, h]));
  let site: string | null = null;
  let seq = 0;
  let hash = '';
  let count = 0;
  let tombs = 0;
  const endSite = () => {
    if (site === null) return;
    const head = heads.get(site);
    if (!head) problem(site, null, 'no chain head stored for this site');
    else if (head.seq !== seq || head.chainHash !== hash)
      problem(site, null, `stored head (seq ${head.seq}) is not the last record (seq ${seq})`);
    heads.delete(site);
    report.sites.push({ site, records: count, tombstones: tombs, headSeq: seq, chainHash: hash });
  };

  let after: { site: string; seq: number } | undefined;
  for (;;) {
    const page = await store.scan({ after, limit: 1000 });
    if (!page.length) break;
    for (const r of page) {
      if (r.site !== site) {
        endSite();
        site = r.site;
        seq = 0;
        hash = genesisHash(site);
        count = 0;
        tombs = 0;
      }
      count++;
      report.records++;
      if (r.seq !== seq + 1)
        problem(
          r.site,
          r,
          `seq ${r.seq} follows seq ${seq}: ${r.seq > seq + 1 ? 'records are missing' : 'seq repeats'}`,
        );
      if (r.jws === null) {
        tombs++;
        report.tombstones++;
        // An erased row keeps nothing of its payload, and says when it was erased.
        if (r.erasedAt === null) problem(r.site, r, 'no JWS stored but erased_at is not set');
        for (const col of DERIVED) {
          if (r[col.field] !== null)
            problem(r.site, r, `column ${col.column} is set on an erased record`);
        }
      } else {
        if (sha256b64(r.jws) !== r.sha256)
          problem(r.site, r, 'the stored JWS does not hash to its stored sha256');
        const v = verifyRecordJws(r.jws);
        if (isRejection(v)) problem(r.site, r, `record JWS: ${v.message}`);
        else {
          if (v.payload.id !== r.id || v.payload.site !== r.site)
            problem(r.site, r, 'record id or site differs from the signed payload');
          // What the consent log, the filters and the CSV export read: it must be what was signed.
          for (const col of DERIVED) {
            if (!sameValue(r[col.field], v.payload[col.field]))
              problem(r.site, r, `column ${col.column} differs from the signed payload`);
          }
          // What idempotency compares (store/sql.ts, sameRecord); null on rows older than it.
          if (r.signedSha256 !== null && r.signedSha256 !== signedSha256(r.jws))
            problem(r.site, r, 'column signed_sha256 differs from the signed payload');
        }
        if (r.erasedAt !== null) problem(r.site, r, 'erased_at is set but the JWS is still stored');
      }
      const expected = nextChainHash(hash, r.sha256);
      if (expected !== r.chainHash)
        problem(r.site, r, 'chain hash does not follow from the previous one');
      const receipt = verifyReceipt(r.receipt, ring);
      if (typeof receipt === 'string') problem(r.site, r, receipt);
      else if (
        receipt.id !== r.id ||
        receipt.sha256 !== r.sha256 ||
        receipt.site !== r.site ||
        receipt.seq !== r.seq ||
        receipt.receivedAt !== r.receivedAt ||
        receipt.chainHash !== r.chainHash
      ) {
        problem(r.site, r, 'receipt does not match the stored record');
      }
      // Continue from what is stored, so one bad row is one problem, not a cascade.
      seq = r.seq;
      hash = r.chainHash;
    }
    const last = page[page.length - 1]!;
    after = { site: last.site, seq: last.seq };
  }
  endSite();
  for (const h of heads.values())
    problem(h.site, null, `chain head at seq ${h.seq} but no records`);
  return report;
}
