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
import { createContext } from '../../src/api/create-context';
import { validateConfig } from '../../src/config/validate';
import { buildRecord, type RecordPayload } from '../../src/record/build';
import { canonicalize } from '../../src/record/canonical';
import { noticeHash } from '../../src/record/hash';
import { createSigner, decodePart } from '../../src/record/sign';
import { memoryStorage } from './helpers/memory-storage';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const config = validateConfig(
  {
    site: 'https://www.sociatex.fr',
    lang: 'fr',
    notice: { version: '2022-01-24', policyUrl: 'https://www.sociatex.fr/confidentialite' },
  },
  { origin: 'https://www.sociatex.fr' },
).config!;
const FORM_TEXT =
  'J’autorise SOCIATEX à me contacter de façon personnalisée à propos de ses services. Vos données personnelles ne seront jamais communiquées à des tiers sans votre consentement préalable.';

/** Decides through a real consent store and returns the built payload with its notice hash. */
async function decide(kind: 'banner' | 'form', prev: string | null = null) {
  const ctx = createContext(config, {
    storage: memoryStorage(),
    signals: () => ({ gpc: true, dnt: false }),
  });
  const d =
    kind === 'banner'
      ? ctx.consent.decide(ctx.consent.allChoices(false), {
          method: 'banner:reject-all',
          notice: ctx.notice('banner'),
        })
      : ctx.consent.decide(
          { marketing: true },
          {
            method: 'form:checkbox',
            notice: {
              id: 'form:contact',
              version: '2022-01-24',
              lang: 'fr',
              text: FORM_TEXT,
              policyUrl: null,
            },
            form: { id: 'contact', action: '/contact/envoyer' },
          },
        );
  const p = buildRecord(d, {
    site: config.site,
    url: 'https://www.sociatex.fr/contact',
    iat: '2026-01-24T10:00:00.000Z',
    prev,
  });
  p.notice.hash = await noticeHash(p.notice.text);
  return { d, p };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/**
 * Changes the character at `i` so the decoded bytes change: flipping the top bit of the 6-bit
 * group is significant even in a part's last character, whose low bits may be padding.
 */
function mutate(jws: string, i: number): string {
  const c = jws[i] === '.' ? 'A' : B64[(B64.indexOf(jws[i]) + 32) % 64];
  return jws.slice(0, i) + c + jws.slice(i + 1);
}

describe('buildRecord()', () => {
  it('builds a banner refusal that validates against schema/record.schema.json', async () => {
    const { d, p } = await decide('banner');
    expect(validate(p), JSON.stringify(validate.errors)).toBe(true);
    expect(p).toMatchObject({
      v: 1,
      id: d.id,
      sub: d.state.sub,
      event: 'refused',
      method: 'banner:reject-all',
      purposes: { analytics: false, marketing: false },
      signals: { gpc: true, dnt: false },
      prev: null,
      exp: new Date(d.state.exp * 1000).toISOString(),
      widget: 'cachet@0.1.0-test',
    });
    expect(p.notice.text).toBe(d.notice.text);
    expect(p).not.toHaveProperty('form');
  });

  it('builds a form consent with its form and the previous record id', async () => {
    const { p } = await decide('form', '0b7c6a52-8f3e-4c1d-9a2b-3c4d5e6f7a8b');
    expect(validate(p), JSON.stringify(validate.errors)).toBe(true);
    expect(p.form).toEqual({ id: 'contact', action: '/contact/envoyer' });
    expect(p.notice).toMatchObject({ id: 'form:contact', text: FORM_TEXT });
    expect(p.prev).toBe('0b7c6a52-8f3e-4c1d-9a2b-3c4d5e6f7a8b');
  });

  it('copies only known fields, so a stray key in the decision cannot reach the record', async () => {
    const { d } = await decide('banner');
    const leaky = { ...d, ip: '203.0.113.9', notice: { ...d.notice, userAgent: 'x' } } as typeof d;
    const p = buildRecord(leaky, {
      site: config.site,
      url: 'https://www.sociatex.fr/',
      iat: '2026-01-24T10:00:00.000Z',
      prev: null,
    });
    p.notice.hash = await noticeHash(p.notice.text);
    expect(validate(p)).toBe(true);
    expect(JSON.stringify(p)).not.toContain('203.0.113.9');
  });
});

describe('noticeHash()', () => {
  it('hashes the NFC form, so a decomposed é hashes like the precomposed one', async () => {
    expect(await noticeHash('donne\u0301es')).toBe(await noticeHash('données'));
    expect(await noticeHash('données')).toMatch(/^sha256-[A-Za-z0-9_-]{43}$/);
  });
});

describe('createSigner()', () => {
  const signed = async () => {
    const { p } = await decide('form');
    const sign = createSigner(Promise.resolve(null));
    return { p, jws: await sign(p) };
  };

  it('signs the canonical bytes as an ES256 JWS that jose verifies with the embedded key', async () => {
    const { p, jws } = await signed();
    const header = decodeProtectedHeader(jws);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'cachet-record+jws' });
    const jwk = header.jwk as JWK;
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(header.kid).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
    const { payload } = await compactVerify(jws, await importJWK(jwk, 'ES256'));
    expect(new TextDecoder().decode(payload)).toBe(canonicalize(p));
    expect(decodePart<RecordPayload>(jws)).toEqual(p);
  });

  it('marks the header ephemeral when there is no IndexedDB to keep the key', async () => {
    const { jws } = await signed();
    expect(decodeProtectedHeader(jws).eph).toBe(true);
  });

  it('fails verification when any one character of the JWS changes', async () => {
    const { jws } = await signed();
    const key = await importJWK(decodeProtectedHeader(jws).jwk as JWK, 'ES256');
    for (let i = 0; i < jws.length; i++) {
      await expect(compactVerify(mutate(jws, i), key), `position ${i}`).rejects.toThrow();
    }
  });

  it('keeps one key for every record of the page', async () => {
    const sign = createSigner(Promise.resolve(null));
    const { p } = await decide('banner');
    const [a, b] = [await sign(p), await sign(p)];
    expect(decodeProtectedHeader(a).kid).toBe(decodeProtectedHeader(b).kid);
    // ECDSA signatures are randomised: same bytes signed twice differ (why re-signing is avoided).
    expect(a).not.toBe(b);
  });
});
