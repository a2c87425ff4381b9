import type { Context } from '../api/context';
import { exemptPurpose } from '../consent/store';

/**
 * True when what serves `purpose` may run now. A consent-exempt purpose (CNIL audience
 * measurement) runs until the visitor objects, or from the start when GPC refuses it; any
 * other purpose needs consent (required purposes always have it).
 */
export function allowed(ctx: Context, purpose: string): boolean {
  const s = ctx.consent.get();
  return purpose === exemptPurpose(ctx.config)
    ? s
      ? s.p[purpose] !== false
      : ctx.consent.acceptAllChoices()[purpose] !== false
    : ctx.consent.hasConsent(purpose);
}

type Policy = { createScript(s: string): string; createScriptURL(s: string): string };
let policy: Policy | undefined;

/**
 * The Trusted Types policy `cachet` (W3C Trusted Types): under `require-trusted-types-for
 * 'script'` a script's text or URL must come from a policy, so the site's CSP lists
 * `trusted-types cachet`. It only passes through what the page itself marked up (blocked
 * scripts) or configured (the Matomo URL); it is never exposed. Created once per page.
 */
export function trusted(): Policy {
  if (!policy) {
    const id = (s: string) => s;
    try {
      policy = (window as any).trustedTypes?.createPolicy('cachet', {
        createScript: id,
        createScriptURL: id,
      });
    } catch {
      // Not allowed by the CSP's trusted-types list: plain strings, which such a page rejects.
    }
    policy ||= { createScript: id, createScriptURL: id };
  }
  return policy;
}

/**
 * A `<script>` for `url`, through the `cachet` policy, with `nonce` (a strict CSP's); not yet in
 * the page. Throws where Trusted Types are enforced without the policy.
 */
export function scriptFor(url: string, nonce = ''): HTMLScriptElement {
  const s = document.createElement('script');
  s.src = trusted().createScriptURL(url) as string;
  s.nonce = nonce;
  return s;
}

/**
 * Adds a constructable stylesheet to the document (or to a shadow root): no `<style>` and no
 * style attribute, which a strict CSP blocks. Engines without them get undefined.
 */
export function adopt(css: string, d: Document | ShadowRoot = document): CSSStyleSheet | undefined {
  try {
    const s = new CSSStyleSheet();
    s.replaceSync(css);
    d.adoptedStyleSheets = [...d.adoptedStyleSheets, s];
    return s;
  } catch {
    // No constructable stylesheets: undefined, and the caller decides (the document's own
    // markup stays unstyled but working; the UI's shadow root falls back to <style>).
  }
}
