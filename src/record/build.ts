import type { Decision } from '../consent/types';

/** A record payload (DESIGN.md, binding; schema/record.schema.json). */
export type RecordPayload = {
  v: 1;
  id: string;
  sub: string;
  iat: string;
  site: string;
  url: string;
  event: Decision['event'];
  method: Decision['method'];
  purposes: Record<string, boolean>;
  notice: {
    id: string;
    version: string;
    lang: string;
    /** Added when signing: hashing is asynchronous and the build must not be. */
    hash?: string;
    text: string;
    policyUrl: string | null;
  };
  form?: { id: string; action: string };
  signals: { gpc: boolean; dnt: boolean };
  prev: string | null;
  exp: string;
  widget: string;
};

/**
 * Builds the payload of a decision's record, synchronously (it is persisted inside the consent
 * subscriber, before the page can navigate away). Fields are copied one by one: the schema
 * rejects unknown keys, and no IP, user agent or form value may slip in (DESIGN.md).
 */
export function buildRecord(
  d: Decision,
  at: { site: string; url: string; iat: string; prev: string | null },
): RecordPayload {
  const n = d.notice;
  return {
    v: 1,
    id: d.id,
    sub: d.state.sub,
    iat: at.iat,
    site: at.site,
    url: at.url,
    event: d.event,
    method: d.method,
    purposes: { ...d.purposes },
    notice: { id: n.id, version: n.version, lang: n.lang, text: n.text, policyUrl: n.policyUrl },
    ...(d.form && { form: { id: d.form.id, action: d.form.action } }),
    signals: { gpc: d.signals.gpc, dnt: d.signals.dnt },
    prev: at.prev,
    exp: new Date(d.state.exp * 1000).toISOString(),
    widget: `cachet@${__CACHET_VERSION__}`,
  };
}
