import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';

/** The consent log's session cookie (HttpOnly, SameSite=Strict, Path=/log). */
export const SESSION_COOKIE = 'cachet_log';

/**
 * The cookie value: an HMAC of a fixed label keyed by the admin token, so the token itself never
 * sits in the cookie jar, and changing the token ends every session.
 */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('cachet-log-session-v1').digest('base64url');
}

/** Equal-length, constant-time comparison of two strings (both hashed first). */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** True when the request carries the admin session cookie or the admin bearer token. */
export function isAdmin(c: Context, token: string | null): boolean {
  if (!token) return false;
  const bearer = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer) return sameSecret(bearer, token);
  const cookie = getCookie(c, SESSION_COOKIE);
  return !!cookie && sameSecret(cookie, sessionValue(token));
}

/** Set-Cookie value opening a 12-hour session. */
export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${sessionValue(token)}; Path=/log; Max-Age=43200; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** Set-Cookie value ending the session. */
export const clearSessionCookie = `${SESSION_COOKIE}=; Path=/log; Max-Age=0; HttpOnly; SameSite=Strict`;
