import type { Cookie } from '@azure/functions';
import { cookieValue } from '../csrf';
import type { PortalContext } from './portal-http';

/**
 * The packages a visitor reached by a share link in this browser, so the home page of someone the
 * directory does not know can list them (nothing else was shared with them). Only ids, at most 20,
 * kept in a cookie; the home page shows a package only if a policy admits the signed-in visitor.
 */
const REACHED_COOKIE = 'gatehouse_myaccess_reached';
const MAX = 20;
const ID = /^[0-9A-Za-z-]{1,64}$/;

export function reachedPackageIds(ctx: PortalContext): string[] {
  return (cookieValue(ctx.request, REACHED_COOKIE) ?? '').split('.').filter((id) => ID.test(id)).slice(0, MAX);
}

/** The cookie with `packageId` added first, or undefined when it is already there. */
export function reachedCookie(ctx: PortalContext, packageId: string): Cookie | undefined {
  const now = reachedPackageIds(ctx);
  if (!ID.test(packageId) || now.includes(packageId)) return undefined;
  const value = [packageId, ...now].slice(0, MAX).join('.');
  return { name: REACHED_COOKIE, value, httpOnly: true, sameSite: 'Lax', secure: ctx.site.secureCookies, path: ctx.base || '/', maxAge: 180 * 86_400 };
}
