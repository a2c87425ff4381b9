import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  calculateJwkThumbprint,
  compactVerify,
  decodeProtectedHeader,
  importJWK,
  type JWK,
} from 'jose';
import { describe, expect, it } from 'vitest';
import schema from '../../schema/record.schema.json';
import { canonicalize } from '../../src/record/canonical';
import { newContext } from './harness';
import { useRecordRig } from './record-endpoint';

const validate = addFormats(new Ajv2020({ allErrors: true, strict: true })).compile(schema);
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Changes one character so the decoded bytes change (top bit of the 6-bit group). */
const mutate = (jws: string, i: number) =>
  jws.slice(0, i) +
  (jws[i] === '.' ? 'A' : B64[(B64.indexOf(jws[i]) + 32) % 64]) +
  jws.slice(i + 1);

const rig = useRecordRig();

describe('records signed in Chromium', () => {
  it('verify with jose in Node, and fail once any one character changes', async () => {
    const { ep, browser, site } = rig;
    const { ctx, page: p, consoleErrors } = await newContext(browser);
    await p.goto(site.url);
    await p.waitForFunction(() => window.Cachet?.ready);
    const jws: string[] = await p.evaluate(
      () =>
        new Promise((done) => {
          const out: string[] = [];
          window.Cachet!.on('record', (r) => {
            out.push(r.jws!);
            if (out.length === 4) done(out);
          });
          window.Cachet!.acceptAll();
          window.Cachet!.refuse(['marketing']);
          window.Cachet!.accept(['marketing']);
          window.Cachet!.withdraw();
        }),
    );
    const payloads = [];
    for (const j of jws) {
      const header = decodeProtectedHeader(j);
      expect(header).toMatchObject({ alg: 'ES256', typ: 'cachet-record+jws' });
      // A persistent key: IndexedDB and WebCrypto are both there.
      expect(header.eph).toBeUndefined();
      const jwk = header.jwk as JWK;
      expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
      expect(header.kid).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
      const key = await importJWK(jwk, 'ES256');
      const { payload } = await compactVerify(j, key);
      const text = new TextDecoder().decode(payload);
      const record = JSON.parse(text);
      // The signed bytes are the RFC 8785 form, so the receiver can re-derive them.
      expect(text).toBe(canonicalize(record));
      expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
      const stillValid: number[] = [];
      // Every character of the first record; every 11th of the others (the test stays quick).
      for (let i = 0; i < j.length; i += j === jws[0] ? 1 : 11)
        await compactVerify(mutate(j, i), key).then(
          () => stillValid.push(i),
          () => {},
        );
      expect(stillValid).toEqual([]);
      payloads.push(record);
    }
    expect(payloads.map((r) => r.event)).toEqual(['given', 'updated', 'updated', 'withdrawn']);
    expect(payloads.map((r) => r.prev)).toEqual([null, ...payloads.slice(0, 3).map((r) => r.id)]);
    expect(payloads[0]).toMatchObject({ site: site.origin, url: site.url, method: 'api' });
    // The endpoint got the same bytes.
    await expect
      .poll(() =>
        jws.every(
          (j) =>
            ep.stored.get(JSON.parse(Buffer.from(j.split('.')[1], 'base64url').toString()).id) ===
            j,
        ),
      )
      .toBe(true);
    expect(consoleErrors.filter((e) => !e.includes('404'))).toEqual([]);
    await ctx.close();
  });
});
