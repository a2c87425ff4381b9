import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { malformedBodies } from '../../receiver/testing/malformed';
import { makeApp, SITE } from './helpers/receiver-fixture';

const RUNS = 10_000;

describe('fuzz: malformed bodies (fast-check)', () => {
  let ctx: Awaited<ReturnType<typeof makeApp>>;
  beforeAll(async () => {
    ctx = await makeApp({ config: { sites: [SITE] } });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it(`refuses ${RUNS.toLocaleString('en')} malformed bodies with a 4xx and a JSON error, storing nothing`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(malformedBodies(fc, SITE), async (body) => {
        const res = await ctx.app.request('/v1/records', {
          method: 'POST',
          body: body as BodyInit,
          headers: { 'content-type': 'text/plain', origin: SITE },
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const json = (await res.json()) as {
          error?: { code: string; message: string };
          results?: Array<{ status: number; error?: object }>;
        };
        if (res.status === 200) {
          // A batch: every item refused, each with its own error.
          expect(json.results!.every((r) => r.status >= 400 && r.status < 500 && r.error)).toBe(
            true,
          );
        } else {
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(json.error).toEqual({ code: expect.any(String), message: expect.any(String) });
        }
      }),
      { numRuns: RUNS },
    );
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(RUNS);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect((await ctx.store.stats()).total).toBe(0);
    console.log(
      `fuzz: ${RUNS} bodies, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}, stored 0`,
    );
  }, 120_000);
});
