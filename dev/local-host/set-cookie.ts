import type { RpcHttpCookie } from './rpc-types';

/** .NET `Uri.EscapeDataString`: everything but RFC 3986 unreserved characters is escaped. */
function escapeDataString(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Formats one cookie as the host does: it turns the RPC cookie into ASP.NET Core `CookieOptions`
 * (whose `Path` defaults to "/") and appends it with `Response.Cookies.Append`, which escapes the
 * name and value and writes the attributes in lower case in this order.
 */
export function formatSetCookie(cookie: RpcHttpCookie): string {
  const parts = [`${escapeDataString(cookie.name ?? '')}=${escapeDataString(cookie.value ?? '')}`];
  const seconds = cookie.expires?.value?.seconds;
  if (typeof seconds === 'number') parts.push(`expires=${new Date(seconds * 1000).toUTCString()}`);
  const maxAge = cookie.maxAge?.value;
  if (typeof maxAge === 'number') parts.push(`max-age=${Math.trunc(maxAge)}`);
  if (cookie.domain?.value) parts.push(`domain=${cookie.domain.value}`);
  parts.push(`path=${cookie.path?.value ?? '/'}`);
  if (cookie.secure?.value) parts.push('secure');
  // The RPC 'none' means "not set"; 'explicitNone' is an explicit SameSite=None.
  const sameSite = { lax: 'lax', strict: 'strict', explicitNone: 'none', none: undefined }[cookie.sameSite ?? 'none'];
  if (sameSite) parts.push(`samesite=${sameSite}`);
  if (cookie.httpOnly?.value) parts.push('httponly');
  return parts.join('; ');
}
