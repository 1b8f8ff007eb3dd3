import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Cookie, HttpRequest } from '@azure/functions';
import { isLoopbackUrl } from '../config';
import { isWellFormedSecret, newSecret } from '../domain/secrets';

/**
 * Double-submit CSRF protection for the server-rendered forms guests post (no script, no session):
 * the page sets a random token in an HttpOnly, SameSite=Strict cookie scoped to the form's path and
 * repeats it in a hidden field; a post counts only when both are present and equal.
 */
export interface CsrfGuard {
  /** A fresh token and the cookie that carries it. */
  issue(): { token: string; cookie: Cookie };
  /** Whether the posted field matches the request's cookie (constant time). */
  verify(request: HttpRequest, field: string | null): boolean;
}

export function createCsrfGuard(options: { cookieName: string; path: string; publicBaseUrl: () => string }): CsrfGuard {
  return {
    issue() {
      const token = newSecret(randomBytes);
      const base = options.publicBaseUrl();
      // Browsers drop Secure cookies on plain http, which only the loopback dev host uses.
      const secure = !(base.startsWith('http://') && isLoopbackUrl(base));
      return { token, cookie: { name: options.cookieName, value: token, httpOnly: true, sameSite: 'Strict', secure, path: options.path, maxAge: 3600 } };
    },
    verify(request, field) {
      const cookie = cookieValue(request, options.cookieName);
      if (!cookie || !field || !isWellFormedSecret(cookie) || !isWellFormedSecret(field)) return false;
      return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
    },
  };
}

/** One cookie's value from the request's Cookie header. */
export function cookieValue(request: HttpRequest, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
