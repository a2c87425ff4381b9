import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../receiver/audit';
import { sha256b64 } from '../../receiver/chain';
import { openSqliteStore } from '../../receiver/store/sqlite';
// @ts-expect-error: a plain .mjs build script without types
import { buildReceiver } from '../../scripts/build-receiver.mjs';
import { SITE, tempDir } from './helpers/receiver-fixture';
import { signSample } from './helpers/sign-record';

const KILLS = 20;
const WRITERS = 6;

/**
 * Durability under SIGKILL: the built receiver (what `cachet-receiver` runs) is killed with
 * SIGKILL at random moments while writers post records, then restarted, 20 times. A record is
 * "acknowledged" when a 201/200 with a receipt came back; every acknowledged record must be in
 * the database afterwards, with its receipt, in one continuous chain that `verify` finds clean.
 */
describe('crash test: kill -9 under load', () => {
  const build = join(
    process.cwd(),
    'node_modules',
    '.cache',
    `cachet-receiver-crash-${process.pid}`,
  );
  let tmp: ReturnType<typeof tempDir>;
  let child: ChildProcess | null = null;
  let url = '';

  beforeAll(async () => {
    tmp = tempDir();
    await buildReceiver(build);
  }, 120_000);
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(build, { recursive: true, force: true });
    tmp.cleanup();
  });

  function start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const p = spawn(
        process.execPath,
        [
          join(build, 'cli.mjs'),
          'serve',
          '--port',
          '0',
          '--data-dir',
          tmp.dir,
          '--sites',
          SITE,
          '--quiet',
        ],
        {
          env: { ...process.env, CACHET_RATE_LIMIT: '0', DATABASE_URL: '' },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      child = p;
      let err = '';
      p.stderr!.on('data', (d) => {
        err += d;
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m && !url) {
          url = m[1]!;
          resolve();
        }
      });
      p.once('exit', (code) => {
        if (!url) reject(new Error(`receiver exited (${code}) before listening: ${err}`));
      });
    });
  }

  function kill(): Promise<void> {
    const p = child!;
    url = '';
    return new Promise((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }

  it(`loses no acknowledged record over ${KILLS} SIGKILLs`, async () => {
    const acked = new Map<string, { sha256: string; receipt: string }>();
    const queue: string[] = [];
    const unexpected: string[] = [];
    let sent = 0;
    let failures = 0;
    let running = true;

    const post = async (jwsList: string[]) => {
      const target = url;
      if (!target) {
        queue.push(...jwsList);
        await new Promise((r) => setTimeout(r, 20));
        return;
      }
      const body = jwsList.length === 1 ? jwsList[0]! : JSON.stringify({ records: jwsList });
      sent++;
      try {
        const res = await fetch(`${target}/v1/records`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'text/plain' },
          signal: AbortSignal.timeout(5000),
        });
        const json = (await res.json()) as any;
        const results = jwsList.length === 1 ? [{ ...json, status: res.status }] : json.results;
        results.forEach((r: any, i: number) => {
          const jws = jwsList[i]!;
          if (r.status === 201 || r.status === 200) {
            const id = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).id;
            acked.set(id, { sha256: sha256b64(jws), receipt: r.receipt });
          } else if (r.status === 503) queue.push(jws);
          else unexpected.push(`${r.status} ${JSON.stringify(r.error)}`);
        });
      } catch {
        // Connection refused or reset by the kill: not acknowledged, the outbox sends it again.
        failures++;
        queue.push(...jwsList);
      }
    };

    const writer = async (w: number) => {
      let n = 0;
      while (running || queue.length) {
        n++;
        const size = (n + w) % 5 === 0 ? 5 : 1;
        const batch: string[] = [];
        for (let i = 0; i < size; i++)
          batch.push(queue.shift() ?? (running ? signSample({ site: SITE }).jws : ''));
        const list = batch.filter(Boolean);
        if (list.length) await post(list);
        else await new Promise((r) => setTimeout(r, 10));
      }
    };

    await start();
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    for (let k = 0; k < KILLS; k++) {
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
      await kill();
      await start();
    }
    await new Promise((r) => setTimeout(r, 300));
    running = false;
    await Promise.all(writers);
    child!.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    child = null;

    const store = openSqliteStore(join(tmp.dir, 'cachet.sqlite'));
    try {
      const lost: string[] = [];
      for (const [id, a] of acked) {
        const r = await store.get(id);
        if (!r || r.sha256 !== a.sha256 || r.receipt !== a.receipt) lost.push(id);
      }
      const report = await audit(store);
      console.log(
        `crash test: ${KILLS} SIGKILLs, ${sent} requests (${failures} cut by a kill), ${acked.size} acknowledged records, ${report.records} stored, ${lost.length} lost, verify ${report.ok ? 'clean' : 'BROKEN'}`,
      );
      expect(unexpected).toEqual([]);
      expect(lost).toEqual([]);
      expect(acked.size).toBeGreaterThan(100);
      expect(report.problems).toEqual([]);
      // Every sent record was eventually acknowledged, and stored exactly once: seq 1…n, no gap.
      expect(report.records).toBe(acked.size);
      expect(report.sites).toEqual([
        expect.objectContaining({ site: SITE, records: acked.size, headSeq: acked.size }),
      ]);
    } finally {
      await store.close();
    }
  }, 150_000);
});
