import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';

/** The consent log's session cookie (HttpOnly, SameSite=Strict, Path=/log). */
export const SESSION_COOKIE = 'cachet_log';

/** Session lifetime in seconds (12 hours): the cookie's Max-Age, and enforced by the server. */
export const SESSION_SECONDS = 43_200;

// A session issued "in the future" by more than this is refused (clocks of several receivers).
const CLOCK_SKEW_SECONDS = 60;

/**
 * The cookie value `<iat>.<mac>`: the issue time (Unix seconds) and an HMAC of it keyed by the
 * admin token, so the token itself never sits in the cookie jar, changing the token ends every
 * session, and the server refuses a copied cookie once it is older than SESSION_SECONDS, whatever
 * the browser keeps (OWASP Session Management Cheat Sheet, "Session Expiration": expiry is
 * enforced on the server side).
 */
export function sessionValue(token: string, iat: number): string {
  const mac = createHmac('sha256', token).update(`cachet-log-session-v2:${iat}`);
  return `${iat}.${mac.digest('base64url')}`;
}

/** Equal-length, constant-time comparison of two strings (both hashed first). */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** True when `value` is a session this token issued and that has not expired at `now`. */
export function validSession(value: string, token: string, now: Date): boolean {
  const m = /^(\d{1,12})\.[A-Za-z0-9_-]{43}$/.exec(value);
  if (!m) return false;
  const iat = Number(m[1]);
  const age = now.getTime() / 1000 - iat;
  // The MAC is compared in constant time (sameSecret) whatever the age, so the time taken says
  // nothing about it.
  const genuine = sameSecret(value, sessionValue(token, iat));
  return genuine && age < SESSION_SECONDS && age > -CLOCK_SKEW_SECONDS;
}

/** True when the request carries a valid admin session cookie or the admin bearer token. */
export function isAdmin(c: Context, token: string | null, now: Date): boolean {
  if (!token) return false;
  const bearer = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer) return sameSecret(bearer, token);
  const cookie = getCookie(c, SESSION_COOKIE);
  return !!cookie && validSession(cookie, token, now);
}

/** Set-Cookie value opening a 12-hour session at `now`. */
export function sessionCookie(token: string, secure: boolean, now: Date): string {
  const iat = Math.floor(now.getTime() / 1000);
  return `${SESSION_COOKIE}=${sessionValue(token, iat)}; Path=/log; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** Set-Cookie value ending the session. */
export const clearSessionCookie = `${SESSION_COOKIE}=; Path=/log; Max-Age=0; HttpOnly; SameSite=Strict`;
