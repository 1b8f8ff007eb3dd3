import { requestDeps } from '../deps';
import { Failure } from '../domain/errors';
import { approvalsAssignedTo, decideStage } from '../domain/entitlement/approvals/decide-stage';
import { approvalDetails } from '../domain/entitlement/portal/approval-view';
import { ERROR_TABLE } from '../http/errors';
import { assertCleanForm, csrfOk, hereOf, readForm, seeOther, type PortalContext, type PortalPage } from '../http/pages/portal-http';
import { approvalPage, approvalsPage } from '../http/pages/portal-approval-pages';
import { signInPage } from '../http/pages/portal-sign-in-pages';
import { escapeHtml } from '../text/format';
import { packageNames, portalRoute } from './my-access-wiring';

/**
 * The approver's pages (issue 6): approvers sign in with the same one-time passcode; the address
 * must belong to a directory user, who must be an approver of the request's current stage.
 */

const messagePage = (ctx: PortalContext, status: number, title: string, text: string): PortalPage => ({ status, title, body: `<p>${escapeHtml(text)}</p>` });

async function approverOf(ctx: PortalContext) {
  return ctx.email ? requestDeps().people.userByEmail(ctx.email) : undefined;
}

/** The request with the stage the approver may decide now, or undefined (the same for any other request). */
async function decidable(userId: string, requestId: string) {
  const request = (await approvalsAssignedTo(requestDeps(), userId)).find((r) => r.id === requestId);
  const stage = request?.stages.find((s) => s.status === 'InProgress');
  return request && stage ? { request, stage, details: await approvalDetails(requestDeps(), request, stage) } : undefined;
}

portalRoute(
  { operationId: 'myAccessApprovalsPage', method: 'GET', route: 'approvals', summary: 'Requests the signed-in approver may decide (HTML)', responses: { 200: { description: 'HTML' }, 403: { description: 'Not a directory user' } } },
  async (ctx, { query }) => {
    if (!ctx.email) return signInPage(ctx, hereOf(ctx));
    const user = await approverOf(ctx);
    if (!user) return messagePage(ctx, 403, ctx.t.approvalsTitle, ctx.t.notInDirectory);
    const names = packageNames();
    const requests = await approvalsAssignedTo(requestDeps(), user.id);
    const rows = await Promise.all(requests.map(async (request) => ({ request, packageName: await names(request.accessPackageId) })));
    return approvalsPage(ctx, rows, { decided: query.get('decided') === '1' });
  },
);

portalRoute(
  {
    operationId: 'myAccessApprovalPage', method: 'GET', route: 'approvals/{id}',
    summary: 'One request to approve or deny (HTML); `?decision=Approve|Deny` only preselects, a GET never decides',
    responses: { 200: { description: 'HTML' }, 403: { description: 'Not a directory user' }, 404: { description: 'Nothing to decide' } },
  },
  async (ctx, { params, query }) => {
    if (!ctx.email) return signInPage(ctx, hereOf(ctx));
    const user = await approverOf(ctx);
    if (!user) return messagePage(ctx, 403, ctx.t.approvalTitle, ctx.t.notInDirectory);
    const found = await decidable(user.id, params['id'] ?? '');
    if (!found) return messagePage(ctx, 404, ctx.t.approvalTitle, ctx.t.nothingToDecide);
    const wanted = query.get('decision');
    const preselect = wanted === 'Approve' || wanted === 'Deny' ? wanted : null;
    return approvalPage(ctx, { ...found, packageName: await packageNames()(found.request.accessPackageId), preselect });
  },
);

portalRoute(
  {
    operationId: 'myAccessDecideApproval', method: 'POST', route: 'approvals/{id}',
    summary: 'Approve or deny the current stage (form post, CSRF-checked); errors shown on the page with their status',
    responses: { 303: { description: 'Decided: to the approvals list' }, 400: { description: 'Justification required' }, 403: { description: 'Not an approver' }, 409: { description: 'Already decided' } },
  },
  async (ctx, { params, id }) => {
    const requestId = params['id'] ?? '';
    const here = `${ctx.base}/approvals/${encodeURIComponent(requestId)}`;
    const form = await readForm(ctx.request);
    if (!ctx.email || !form || !csrfOk(ctx, form)) return seeOther(here, ctx.cookies);
    const user = await approverOf(ctx);
    if (!user) return messagePage(ctx, 403, ctx.t.approvalTitle, ctx.t.notInDirectory);
    const decision = form.get('decision');
    if (decision !== 'Approve' && decision !== 'Deny') return seeOther(here, ctx.cookies);
    try {
      assertCleanForm(form);
      await decideStage(requestDeps(), { userId: user.id, displayName: user.displayName }, requestId, form.get('stageId') ?? '', { reviewResult: decision, justification: form.get('justification')?.trim() || null }, id.requestId);
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      const found = await decidable(user.id, requestId);
      const status = ERROR_TABLE[error.code].status;
      if (!found) return messagePage(ctx, status, ctx.t.approvalTitle, error.message);
      return approvalPage(ctx, { ...found, packageName: await packageNames()(found.request.accessPackageId), preselect: decision, error: error.message, status });
    }
    return seeOther(`${ctx.base}/approvals?decided=1`, ctx.cookies);
  },
);
