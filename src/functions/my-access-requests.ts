import { requestDeps } from '../deps';
import { Failure } from '../domain/errors';
import { cancelRequest, requestsOf } from '../domain/entitlement/requests/cancel-request';
import { submitRequest } from '../domain/entitlement/requests/submit-request';
import { ERROR_TABLE } from '../http/errors';
import { csrfOk, hereOf, notAvailablePage, readForm, seeOther, type PortalContext } from '../http/pages/portal-http';
import { extendPage, requestsPage } from '../http/pages/portal-request-pages';
import { signInPage } from '../http/pages/portal-sign-in-pages';
import { packageNames, portalRoute, requestorOf } from './my-access-wiring';

/** The requester's status view, cancelling an open request, and the one-click extension page (issue 6). */

async function statusView(ctx: PortalContext, options: { submitted?: boolean; error?: string; status?: number } = {}) {
  const { userId } = await requestorOf(ctx.email!);
  const names = packageNames();
  const requests = await requestsOf(requestDeps(), { email: ctx.email!, userId });
  const rows = await Promise.all(requests.map(async (request) => ({ request, packageName: await names(request.accessPackageId) })));
  return requestsPage(ctx, rows, options);
}

portalRoute(
  { operationId: 'myAccessRequestsPage', method: 'GET', route: 'requests', summary: "The signed-in visitor's requests and their states (HTML)", responses: { 200: { description: 'HTML' } } },
  async (ctx, { query }) => (ctx.email ? statusView(ctx, { submitted: query.get('submitted') === '1' }) : signInPage(ctx, hereOf(ctx))),
);

portalRoute(
  {
    operationId: 'myAccessCancelRequest', method: 'POST', route: 'requests/{id}/cancel',
    summary: 'Cancel one of the visitor\'s open requests (form post, CSRF-checked)',
    responses: { 303: { description: 'Canceled: back to the status view' }, 409: { description: 'No longer open' } },
  },
  async (ctx, { params, id }) => {
    const back = `${ctx.base}/requests`;
    const form = await readForm(ctx.request);
    if (!ctx.email || !form || !csrfOk(ctx, form)) return seeOther(back, ctx.cookies);
    const { requestor } = await requestorOf(ctx.email);
    try {
      await cancelRequest(requestDeps(), { requestor, caller: null }, params['id'] ?? '', id.requestId);
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      return statusView(ctx, { error: error.message, status: ERROR_TABLE[error.code].status });
    }
    return seeOther(back, ctx.cookies);
  },
);

/** The visitor's own assignment, or undefined (someone else's looks like a missing one). */
async function ownAssignment(ctx: PortalContext, assignmentId: string) {
  const { userId } = await requestorOf(ctx.email!);
  const assignment = /^[0-9A-Za-z-]{1,64}$/.test(assignmentId) ? (await requestDeps().packageAssignments.get(assignmentId))?.value : undefined;
  if (!assignment) return undefined;
  const mine = (userId && assignment.targetUserId.toLowerCase() === userId.toLowerCase()) || assignment.target.email?.toLowerCase() === ctx.email;
  return mine ? assignment : undefined;
}

portalRoute(
  { operationId: 'myAccessExtendPage', method: 'GET', route: 'assignments/{id}/extend', summary: 'The extension page of an expiring assignment (HTML; never changes state)', responses: { 200: { description: 'HTML' }, 404: { description: 'Not available' } } },
  async (ctx, { params }) => {
    if (!ctx.email) return signInPage(ctx, hereOf(ctx));
    const assignment = await ownAssignment(ctx, params['id'] ?? '');
    return assignment ? extendPage(ctx, assignment, await packageNames()(assignment.accessPackageId)) : notAvailablePage(ctx);
  },
);

portalRoute(
  {
    operationId: 'myAccessExtendAssignment', method: 'POST', route: 'assignments/{id}/extend',
    summary: 'Request an extension (userExtend) of the visitor\'s assignment (form post, CSRF-checked)',
    responses: { 303: { description: 'Requested: to the status view' }, 403: { description: 'The policy does not allow extension' }, 404: { description: 'Not available' } },
  },
  async (ctx, { params, id }) => {
    const here = `${ctx.base}/assignments/${encodeURIComponent(params['id'] ?? '')}/extend`;
    const form = await readForm(ctx.request);
    if (!ctx.email || !form || !csrfOk(ctx, form)) return seeOther(here, ctx.cookies);
    const assignment = await ownAssignment(ctx, params['id'] ?? '');
    if (!assignment) return notAvailablePage(ctx);
    const { requestor } = await requestorOf(ctx.email);
    try {
      await submitRequest(requestDeps(), {
        requestType: 'userExtend',
        requestor,
        caller: null,
        accessPackageId: assignment.accessPackageId,
        assignmentPolicyId: assignment.assignmentPolicyId,
        target: { objectId: assignment.targetUserId, email: null, displayName: null },
        assignmentId: assignment.id,
        justification: form.get('justification')?.trim() || null,
        answers: [],
        schedule: null,
        correlationId: id.requestId,
      });
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      return extendPage(ctx, assignment, await packageNames()(assignment.accessPackageId), { error: error.message, status: ERROR_TABLE[error.code].status });
    }
    return seeOther(`${ctx.base}/requests?submitted=1`, ctx.cookies);
  },
);
