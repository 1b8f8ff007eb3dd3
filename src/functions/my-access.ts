import { z } from 'zod';
import { mailDeps, requestDeps } from '../deps';
import { noticeableMailDelayMinutes } from '../domain/outbox/mail-queue-status';
import { portalSignInDeps } from '../deps/portal';
import { Failure } from '../domain/errors';
import { liveAssignmentOf } from '../domain/entitlement/portal/home-view';
import { packageView, portalAsker, type PackageView } from '../domain/entitlement/portal/package-view';
import { PASSCODE_VALIDITY_MINUTES, sendPasscode, verifyPasscode, normalizeEmail } from '../domain/entitlement/portal/passcodes';
import { endSession, SESSION_HOURS } from '../domain/entitlement/portal/sessions';
import { submitRequest } from '../domain/entitlement/requests/submit-request';
import { ERROR_TABLE } from '../http/errors';
import { assertCleanForm, clearedSessionCookie, csrfOk, hereOf, notAvailablePage, readForm, safeReturnTo, seeOther, sessionCookie } from '../http/pages/portal-http';
import { answersOf, packagePage, type PackagePageOptions } from '../http/pages/portal-package-page';
import { reachedCookie } from '../http/pages/portal-reached';
import { singleLine } from '../text/format';
import { portalHomeStringsFor } from '../text/portal-home';
import { codePage, forwardPage, signInPage } from '../http/pages/portal-sign-in-pages';
import type { PortalContext } from '../http/pages/portal-http';
import { portalRoute, requestorOf } from './my-access-wiring';

/** The My Access portal (issue 6): the share link's landing page, the package page and the one-time-passcode sign-in. */

const emailField = z.email().max(320);

portalRoute(
  { operationId: 'myAccessForward', method: 'GET', route: '@{hint}', summary: 'The share link (`/@<hint>#/access-packages/<id>`): forwards to the package page', responses: { 200: { description: 'HTML' } } },
  async (ctx) => forwardPage(ctx),
);

portalRoute(
  {
    operationId: 'myAccessPackagePage', method: 'GET', route: 'access-packages/{id}',
    summary: 'An access package: what it grants, and the request forms for a signed-in visitor (HTML). Unknown, unpublished or internal-only: one neutral 404 page',
    responses: { 200: { description: 'HTML' }, 404: { description: 'Not available' } },
  },
  async (ctx, { params }) => {
    const view = await packageView(requestDeps(), params['id'] ?? '', ctx.email);
    if (!view) return notAvailablePage(ctx);
    const reached = reachedCookie(ctx, view.accessPackage.id);
    if (reached) ctx.cookies.push(reached);
    return packagePage(ctx, view, hereOf(ctx), await visitorOptions(ctx, view));
  },
);

/** For a signed-in visitor: their live access to the package, and whether the directory knows their name. */
async function visitorOptions(ctx: PortalContext, view: PackageView): Promise<PackagePageOptions> {
  if (!ctx.email || view.policies === null) return {};
  const deps = requestDeps();
  const live = await liveAssignmentOf(deps, ctx.email, view.accessPackage.id);
  if (live) return { access: { endDateTime: live.endDateTime } };
  const { user } = await portalAsker(deps, ctx.email);
  return { askName: !user?.displayName };
}

/** "First Last" from the form, or null when either is missing or too long. */
function nameOf(form: URLSearchParams): string | null {
  const given = singleLine(form.get('givenName') ?? '');
  const surname = singleLine(form.get('surname') ?? '');
  if (!given || !surname || given.length > 64 || surname.length > 64) return null;
  return `${given} ${surname}`;
}

portalRoute(
  {
    operationId: 'myAccessRequestAccess', method: 'POST', route: 'access-packages/{id}',
    summary: 'Request access (form post of a signed-in visitor, CSRF-checked); errors are shown on the page with their status',
    responses: { 303: { description: 'Submitted: to the status view' }, 400: { description: 'Invalid' }, 404: { description: 'Not available' }, 409: { description: 'Already requested' }, 429: { description: 'Too many requests' } },
  },
  async (ctx, { params, id }) => {
    const packageId = params['id'] ?? '';
    const here = `${ctx.base}/access-packages/${encodeURIComponent(packageId)}`;
    const form = await readForm(ctx.request);
    if (!ctx.email || !form || !csrfOk(ctx, form)) return seeOther(here, ctx.cookies);
    const deps = requestDeps();
    const view = await packageView(deps, packageId, ctx.email);
    if (!view) return notAvailablePage(ctx);
    const policyId = form.get('policyId') ?? '';
    const policy = view.policies?.find((p) => p.id === policyId);
    const { requestor, userId } = await requestorOf(ctx.email);
    const known = await visitorOptions(ctx, view);
    if (known.access) return packagePage(ctx, view, here, known);
    const name = known.askName ? nameOf(form) : null;
    const start = form.get('start') || null;
    const end = form.get('end') || null;
    try {
      assertCleanForm(form);
      if (known.askName && !name) throw new Failure('validationFailed', portalHomeStringsFor(ctx.locale).nameRequired, { details: [{ target: 'givenName', message: 'required' }] });
      await submitRequest(deps, {
        requestType: 'userAdd',
        requestor,
        caller: null,
        accessPackageId: view.accessPackage.id,
        assignmentPolicyId: policyId || null,
        target: { objectId: userId, email: ctx.email, displayName: name },
        assignmentId: null,
        justification: form.get('justification')?.trim() || null,
        answers: policy ? answersOf(policy, form) : [],
        schedule: start || end ? { startDateTime: start && `${start}T00:00:00Z`, expiration: end ? { type: 'afterDateTime', endDateTime: `${end}T23:59:59Z`, duration: null } : null } : null,
        correlationId: id.requestId,
      });
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      const page = packagePage(ctx, view, here, { ...known, error: error.message, status: ERROR_TABLE[error.code].status, posted: form });
      return error.retryAfterSeconds ? { ...page, headers: { 'retry-after': String(error.retryAfterSeconds) } } : page;
    }
    return seeOther(`${ctx.base}/requests?submitted=1`, ctx.cookies);
  },
);

portalRoute(
  {
    operationId: 'myAccessSendCode', method: 'POST', route: 'sign-in',
    summary: 'Mail a one-time passcode (same answer for every address; rate-limited per address and client)',
    responses: { 200: { description: 'The code form' }, 400: { description: 'Not an email address' }, 429: { description: 'Too many codes' } },
  },
  async (ctx) => {
    const form = await readForm(ctx.request);
    const returnTo = safeReturnTo(ctx, form?.get('returnTo'));
    if (!form || !csrfOk(ctx, form)) return seeOther(returnTo, ctx.cookies);
    const email = (form.get('email') ?? '').trim();
    if (!emailField.safeParse(email).success) return signInPage(ctx, returnTo, 400, { email, error: ctx.t.emailInvalid });
    await sendPasscode(portalSignInDeps(), { email, clientKey: ctx.clientKey, language: ctx.locale });
    const delayMinutes = await noticeableMailDelayMinutes(mailDeps(), 'code');
    return codePage(ctx, { email: normalizeEmail(email), returnTo, minutes: PASSCODE_VALIDITY_MINUTES, delayMinutes });
  },
);

portalRoute(
  {
    operationId: 'myAccessVerifyCode', method: 'POST', route: 'verify',
    summary: 'Check a one-time passcode; a correct one sets the session cookie (HttpOnly, SameSite=Lax, 24 h) and returns to the page',
    responses: { 303: { description: 'Signed in' }, 400: { description: 'Wrong, expired or used-up code' }, 429: { description: 'Too many attempts' } },
  },
  async (ctx) => {
    const form = await readForm(ctx.request);
    const returnTo = safeReturnTo(ctx, form?.get('returnTo'));
    if (!form || !csrfOk(ctx, form)) return seeOther(returnTo, ctx.cookies);
    const email = normalizeEmail(form.get('email') ?? '');
    if (!emailField.safeParse(email).success) return signInPage(ctx, returnTo, 400, { error: ctx.t.emailInvalid });
    const outcome = await verifyPasscode(portalSignInDeps(), { email, code: form.get('code') ?? '', clientKey: ctx.clientKey });
    if (!outcome.ok) return codePage(ctx, { email, returnTo, minutes: PASSCODE_VALIDITY_MINUTES, error: ctx.t.codeInvalid, status: 400 });
    return seeOther(returnTo, [...ctx.cookies, sessionCookie(ctx, outcome.token, SESSION_HOURS * 3_600)]);
  },
);

portalRoute(
  { operationId: 'myAccessSignOut', method: 'POST', route: 'sign-out', summary: 'End the portal session', responses: { 303: { description: 'Signed out' } } },
  async (ctx) => {
    const form = await readForm(ctx.request);
    const home = `${ctx.base}/access-packages`;
    if (!form || !csrfOk(ctx, form)) return seeOther(home, ctx.cookies);
    await endSession(portalSignInDeps(), ctx.sessionToken);
    return seeOther(home, [...ctx.cookies, clearedSessionCookie(ctx)]);
  },
);
