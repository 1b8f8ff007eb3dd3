import { entitlementModule, httpDeps, requestDeps } from '../../deps';
import { approvalsAssignedTo, decideStage } from '../../domain/entitlement/approvals/decide-stage';
import { readApproval } from '../../domain/entitlement/approvals/read-approval';
import { Failure, notFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { endpoint, json } from '../../http/endpoint';
import { approvalParams, approvalWire, decisionBody, stageParams, stageWire } from './approval-wire';
import { BASE, callerOf, context, register, tags } from './common';

/** Approvals of access package assignment requests (issue 6, item 4): approvers are users deciding for themselves. */

/** Graph v1.0 documents approvals under `accessPackageAssignmentApprovals`; `assignmentApprovals` stays too. */
const documentedPath = (route: string) => route.replace('/assignmentApprovals', '/accessPackageAssignmentApprovals');
const deps = () => ({ ...requestDeps(), rolesIn: entitlementModule().deps.rolesIn });

/** Graph offers these to delegated callers only: an application has no approver identity. */
function approverOf(principal: Principal | undefined): string {
  if (principal?.kind !== 'user') throw new Failure('accessDenied', 'Approvals are decided by signed-in users only.');
  return principal.userId;
}
const viewerOf = (principal: Principal | undefined): string | null => (principal?.kind === 'user' ? principal.userId : null);

register(endpoint({
  operationId: 'filterAssignmentApprovalsByCurrentUser', method: 'GET', route: `${BASE}/assignmentApprovals/filterByCurrentUser(on='approver')`, tags,
  summary: 'The approvals the signed-in user may decide now (a stage in progress lists them)',
  responses: { 200: { description: 'A collection of approval objects with their stages' } },
  async handle({ principal }) {
    const userId = approverOf(principal);
    const pending = await approvalsAssignedTo(deps(), userId);
    return json(200, { '@odata.context': context('assignmentApprovals'), value: pending.map((r) => approvalWire(r, userId)) });
  },
}, httpDeps), documentedPath);

register(endpoint({
  operationId: 'getAssignmentApproval', method: 'GET', route: `${BASE}/assignmentApprovals/{id}`, tags, params: approvalParams,
  summary: 'The approval of an assignment request (id = the request id), with its stages',
  responses: { 200: { description: 'The approval' }, 403: { description: 'Neither an approver nor a reader of the catalog' }, 404: { description: 'No such request, or it needed no approval' } },
  async handle({ params, principal }) {
    const request = await readApproval(deps(), await callerOf(principal), params.id);
    return json(200, { '@odata.context': context('assignmentApprovals/$entity'), ...approvalWire(request, viewerOf(principal)) });
  },
}, httpDeps), documentedPath);

register(endpoint({
  operationId: 'listAssignmentApprovalStages', method: 'GET', route: `${BASE}/assignmentApprovals/{id}/stages`, tags, params: approvalParams,
  summary: 'The stages of an approval', responses: { 200: { description: 'A collection of approvalStage' }, 403: { description: 'Neither an approver nor a reader of the catalog' }, 404: { description: 'No such approval' } },
  async handle({ params, principal }) {
    const request = await readApproval(deps(), await callerOf(principal), params.id);
    return json(200, { '@odata.context': context(`assignmentApprovals('${params.id}')/stages`), value: request.stages.map((s) => stageWire(s, viewerOf(principal))) });
  },
}, httpDeps), documentedPath);

register(endpoint({
  operationId: 'getAssignmentApprovalStage', method: 'GET', route: `${BASE}/assignmentApprovals/{id}/stages/{stageId}`, tags, params: stageParams,
  summary: 'One stage of an approval', responses: { 200: { description: 'The approvalStage' }, 403: { description: 'Neither an approver nor a reader of the catalog' }, 404: { description: 'No such approval or stage' } },
  async handle({ params, principal }) {
    const request = await readApproval(deps(), await callerOf(principal), params.id);
    const stage = request.stages.find((s) => s.id === params.stageId);
    if (!stage) throw notFound('approvalStage', params.stageId);
    return json(200, { '@odata.context': context(`assignmentApprovals('${params.id}')/stages/$entity`), ...stageWire(stage, viewerOf(principal)) });
  },
}, httpDeps), documentedPath);

register(endpoint({
  operationId: 'decideAssignmentApprovalStage', method: 'PATCH', route: `${BASE}/assignmentApprovals/{id}/stages/{stageId}`, tags, params: stageParams, body: decisionBody,
  summary: 'Approve or deny a stage (`reviewResult` Approve|Deny, `justification`); approving the last stage delivers the access',
  responses: {
    204: { description: 'Decided' },
    400: { description: 'The stage requires a justification' },
    403: { description: 'Not an approver of this stage, or the requestor' },
    404: { description: 'No such approval or stage' },
    409: { description: 'The stage was already decided, expired or has not started' },
  },
  async handle({ params, body, principal, id }) {
    const userId = approverOf(principal);
    await decideStage(requestDeps(), { userId, displayName: null }, params.id, params.stageId, { reviewResult: body.reviewResult, justification: body.justification ?? null }, id.requestId);
    return { status: 204 };
  },
}, httpDeps), documentedPath);
