import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Cookie, HttpRequest, HttpResponseInit } from '@azure/functions';
import { textProblem } from '../../domain/clean-text';
import { Failure } from '../../domain/errors';
import { isWellFormedSecret, newSecret } from '../../domain/secrets';
import { chooseLanguage, stringsFor, type SupportedLocale } from '../../text';
import type { PortalStrings } from '../../text/portal-strings';
import { browserLanguage } from '../../text/accept-language';
import { escapeHtml } from '../../text/format';
import { cookieValue } from '../csrf';
import { ERROR_TABLE } from '../errors';
import { page } from './layout';
import { plainBrand, type PageBrand } from './page-brand';
import { portalShell } from './portal-shell';

/**
 * What every My Access page shares: the visitor's language, their session (cookie), the CSRF
 * double-submit token for its forms, form parsing, redirects, and failures shown as pages with
 * the right status. Pages are server-rendered and work without script.
 */
export const SESSION_COOKIE = 'gatehouse_myaccess';
const CSRF_COOKIE = 'gatehouse_myaccess_csrf';
const MAX_FORM_BYTES = 32_768;

/** How the portal is reached: its path on this host and whether cookies must be Secure. */
export interface PortalSite {
  /** The portal's path (`/api/myaccess`), from the portal base URL. */
  basePath: string;
  /** False only for a loopback http portal (browsers drop Secure cookies on plain http). */
  secureCookies: boolean;
  /**
   * The session cookie's path: wide enough that the redeem pages (`/api/redeem`) see it too, so a
   * guest who signed in once is not asked for another code to accept an invitation.
   */
  sessionCookiePath: string;
  organizationLanguage(): Promise<string>;
  /** The address signed in with this session token, if it is live. */
  sessionEmail(token: string | undefined): Promise<string | undefined>;
  /** The organization's name and company branding for the page's language (absent: the plain look). */
  brand?(locale: SupportedLocale): Promise<PageBrand>;
}

export interface PortalContext {
  request: HttpRequest;
  locale: SupportedLocale;
  t: PortalStrings;
  base: string;
  /** The signed-in address; undefined for a visitor. */
  email: string | undefined;
  sessionToken: string | undefined;
  csrfToken: string;
  /** Set when the visitor had no CSRF cookie yet (and other cookies the handler adds). */
  cookies: Cookie[];
  /** The client's address as the platform's front end reports it (rate limits per client). */
  clientKey: string;
  site: PortalSite;
  /** The organization as pages show it (name, logo, colours, links). */
  brand: PageBrand;
}

/** A rendered page before the shell: title, body HTML (escaped already) and status. */
export interface PortalPage {
  status: number;
  title: string;
  body: string;
  headers?: Record<string, string>;
  /** Which part of the portal's navigation the page belongs to (marked as current). */
  section?: 'packages' | 'requests' | 'approvals';
}

export async function portalContext(request: HttpRequest, site: PortalSite): Promise<PortalContext> {
  const locale = chooseLanguage({ recipientPreferredLanguage: browserLanguage(request.headers.get('accept-language')) ?? null, organizationPreferredLanguage: await site.organizationLanguage() });
  const sessionToken = cookieValue(request, SESSION_COOKIE);
  const email = await site.sessionEmail(sessionToken);
  const existing = cookieValue(request, CSRF_COOKIE);
  const cookies: Cookie[] = [];
  let csrfToken = existing && isWellFormedSecret(existing) ? existing : undefined;
  if (!csrfToken) {
    csrfToken = newSecret(randomBytes);
    cookies.push({ name: CSRF_COOKIE, value: csrfToken, httpOnly: true, sameSite: 'Strict', secure: site.secureCookies, path: cookiePath(site), maxAge: 86_400 });
  }
  const brand = site.brand ? await site.brand(locale) : plainBrand('');
  return { request, locale, t: stringsFor(locale).pages.myAccess, base: site.basePath, email, sessionToken, csrfToken, cookies, clientKey: clientKeyOf(request), site, brand };
}

/** The client's address for per-client limits: Azure's front end appends it last; earlier entries are whatever the client sent. */
export function clientKeyOf(request: HttpRequest): string {
  const forwarded = (request.headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return (forwarded[forwarded.length - 1] ?? 'unknown').replace(/:\d+$/, '').slice(0, 64);
}

const cookiePath = (site: PortalSite): string => site.basePath || '/';

/** The session cookie a correct code sets: HttpOnly, SameSite=Lax (links from mails keep it), 24 h. */
export function sessionCookie(ctx: PortalContext, token: string, maxAgeSeconds: number): Cookie {
  return sessionCookieFor(ctx.site, token, maxAgeSeconds);
}

export function sessionCookieFor(site: PortalSite, token: string, maxAgeSeconds: number): Cookie {
  return { name: SESSION_COOKIE, value: token, httpOnly: true, sameSite: 'Lax', secure: site.secureCookies, path: site.sessionCookiePath, maxAge: maxAgeSeconds };
}

export function clearedSessionCookie(ctx: PortalContext): Cookie {
  return { ...sessionCookie(ctx, '', 0), expires: new Date(0) };
}

/** A urlencoded form, or undefined for anything else or too large. */
export async function readForm(request: HttpRequest): Promise<URLSearchParams | undefined> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > MAX_FORM_BYTES) return undefined;
  return new URLSearchParams(bytes.toString('utf8'));
}

/**
 * A posted form's text meets the same rules as JSON bodies (src/domain/clean-text.ts): no control
 * or bidirectional characters; line breaks only in the free-text fields (justification, answers).
 * Throws `validationFailed` naming the field, which the page shows with 400.
 */
export function assertCleanForm(form: URLSearchParams): void {
  for (const [key, value] of form) {
    const multiline = key === 'justification' || key.startsWith('answer.');
    const problem = textProblem(value, multiline ? 'justification' : key);
    if (problem) throw new Failure('validationFailed', `${key.startsWith('answer.') ? 'answer' : key} ${problem}.`, { details: [{ target: key, message: problem }] });
  }
}

/** The posted CSRF field equals the visitor's CSRF cookie (constant time). */
export function csrfOk(ctx: PortalContext, form: URLSearchParams | undefined): boolean {
  const field = form?.get('csrf') ?? '';
  const cookie = cookieValue(ctx.request, CSRF_COOKIE) ?? '';
  if (!isWellFormedSecret(field) || !isWellFormedSecret(cookie)) return false;
  return timingSafeEqual(Buffer.from(field), Buffer.from(cookie));
}

export const csrfField = (ctx: PortalContext): string => `<input type="hidden" name="csrf" value="${escapeHtml(ctx.csrfToken)}">`;

/** A 303 to a page of the portal (after a post), carrying cookies. */
export function seeOther(location: string, cookies: Cookie[] = []): HttpResponseInit {
  return { status: 303, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }, ...(cookies.length ? { cookies } : {}) };
}

/** Where to go back after signing in: a path inside the portal only, never another site. */
export function safeReturnTo(ctx: PortalContext, value: string | null | undefined): string {
  const fallback = `${ctx.base}/requests`;
  if (!value || value.length > 2_048 || !value.startsWith(`${ctx.base}/`) || /[\\\s]|\/\/|%2f|%5c/i.test(value.slice(ctx.base.length))) return fallback;
  return value;
}

/** The current page's path and query, to come back to after signing in. */
export function hereOf(ctx: PortalContext): string {
  const url = new URL(ctx.request.url);
  return safeReturnTo(ctx, `${ctx.base}${url.pathname.slice(url.pathname.indexOf('/myaccess') + '/myaccess'.length)}${url.search}`);
}

/** The page in the portal's shell: the header (organization, navigation, who is signed in, sign-out) and the footer. */
export function respond(ctx: PortalContext, p: PortalPage, cookies: Cookie[] = []): HttpResponseInit {
  const all = [...ctx.cookies, ...cookies];
  const shell = portalShell({ ...ctx, csrfField: csrfField(ctx) }, p.section);
  return page({
    lang: stringsFor(ctx.locale).locale,
    title: p.title,
    bodyHtml: p.body,
    status: p.status,
    headerHtml: shell.header,
    footerHtml: shell.footer,
    cssVariables: shell.cssVariables,
    ...(p.headers ? { headers: p.headers } : {}),
    ...(all.length ? { cookies: all } : {}),
  });
}

/** An expected failure as a page: its message (safe to show) under a localized heading, its status. */
export function failurePage(ctx: PortalContext, failure: Failure): PortalPage {
  const status = ERROR_TABLE[failure.code].status;
  const headers: Record<string, string> = failure.retryAfterSeconds ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
  if (failure.code === 'throttled') {
    const minutes = Math.max(1, Math.ceil((failure.retryAfterSeconds ?? 60) / 60));
    return { status, title: ctx.t.throttledTitle, body: `<p role="alert">${escapeHtml(ctx.t.throttledBody(minutes))}</p>`, headers };
  }
  return { status, title: ctx.t.errorTitle, body: `<p role="alert">${escapeHtml(failure.message)}</p><p class="muted">${escapeHtml(ctx.t.errorStatus(status))}</p>`, headers };
}

/** One neutral page for unknown, unpublished, internal-only packages alike: it reveals nothing. */
export function notAvailablePage(ctx: PortalContext): PortalPage {
  return { status: 404, title: ctx.t.notAvailableTitle, body: `<p>${escapeHtml(ctx.t.notAvailableBody)}</p>` };
}

/** An inline notice above a form: an error (`role="alert"`) or a confirmation (`role="status"`). */
export function notice(text: string, kind: 'error' | 'status'): string {
  return `<p class="card" role="${kind === 'error' ? 'alert' : 'status'}">${escapeHtml(text)}</p>`;
}

/** Runs a page handler; an expected failure becomes a page with its status. */
export async function asPage(ctx: PortalContext, run: () => Promise<HttpResponseInit | PortalPage>): Promise<HttpResponseInit> {
  try {
    const out = await run();
    return 'title' in out ? respond(ctx, out) : out;
  } catch (error) {
    if (error instanceof Failure) return respond(ctx, failurePage(ctx, error));
    throw error;
  }
}
