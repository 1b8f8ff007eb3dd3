import { app } from '@azure/functions';
import { z } from 'zod';
import { httpDeps, requestDeps } from '../../deps';
import { deleteRequest, packagesRequestableBy, reprocessAssignment, requestsAwaiting, requestsCreatedBy } from '../../domain/entitlement/requests/request-lookups';
import type { Principal } from '../../domain/principal';
import { endpoint } from '../../http/endpoint';
import type { ListQuerySpec } from '../../http/odata';
import { BASE, callerOf, listInMemory, tags } from './common';
import { assignmentSpec, requestSpec } from './request-specs';
import { assignmentWire, requestWire } from './request-wire';
import { packageWire } from './wire';
import { ASSIGNMENT_EXPANDABLE, assignmentExpander, REQUEST_EXPANDABLE, requestExpander } from './expansions';

/** The rest of Graph's request and assignment operations: filterByCurrentUser variants, delete, reprocess an assignment. */

const idParams = z.object({ id: z.string().min(1).max(100) });
const userIdOf = (principal: Principal | undefined): string | null => (principal?.kind === 'user' ? principal.userId : null);
const initiator = (principal: Principal | undefined) => (principal?.kind === 'user' ? { kind: 'user' as const, id: principal.userId } : principal?.kind === 'app' ? { kind: 'app' as const, appId: principal.appId } : { kind: 'system' as const, name: 'Gatehouse' });
const packageSpec: ListQuerySpec = {
  resource: 'AccessPackage',
  entityType: 'microsoft.graph.accessPackage',
  filterable: { displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'contains'] }, 'catalog/id': { type: { kind: 'guid' }, operators: ['eq'] } },
  selectable: ['id', 'displayName', 'description', 'isHidden', 'createdDateTime', 'modifiedDateTime'],
  defaultPageSize: 100,
};

app.http('filterAssignmentRequestsByCreator', endpoint({
  operationId: 'filterAssignmentRequestsByCreator', method: 'GET', route: `${BASE}/assignmentRequests/filterByCurrentUser(on='createdBy')`, tags,
  summary: 'The requests the signed-in user made', responses: { 200: { description: 'A page of accessPackageAssignmentRequests' } },
  async handle({ request, principal }) {
    const found = await requestsCreatedBy(requestDeps(), { caller: await callerOf(principal), userId: userIdOf(principal) });
    return listInMemory(request, requestSpec, 'assignmentRequests', found, requestWire, requestExpander(request), REQUEST_EXPANDABLE);
  },
}, httpDeps));

app.http('filterAssignmentRequestsByApprover', endpoint({
  operationId: 'filterAssignmentRequestsByApprover', method: 'GET', route: `${BASE}/assignmentRequests/filterByCurrentUser(on='approver')`, tags,
  summary: 'The requests waiting on the signed-in user’s approval', responses: { 200: { description: 'A page of accessPackageAssignmentRequests' } },
  async handle({ request, principal }) {
    return listInMemory(request, requestSpec, 'assignmentRequests', await requestsAwaiting(requestDeps(), userIdOf(principal)), requestWire, requestExpander(request), REQUEST_EXPANDABLE);
  },
}, httpDeps));

app.http('filterAccessPackagesByAllowedRequestor', endpoint({
  operationId: 'filterAccessPackagesByAllowedRequestor', method: 'GET', route: `${BASE}/accessPackages/filterByCurrentUser(on='allowedRequestor')`, tags,
  summary: 'The access packages a policy lets the signed-in user request', responses: { 200: { description: 'A page of accessPackages' } },
  async handle({ request, principal }) {
    const found = await packagesRequestableBy(requestDeps(), userIdOf(principal));
    return listInMemory(request, packageSpec, 'accessPackages', found, (p) => ({ ...packageWire(p), catalog: { id: p.catalogId } }), packageWire);
  },
}, httpDeps));

app.http('filterAssignmentsByCreator', endpoint({
  operationId: 'filterAssignmentsByCreator', method: 'GET', route: `${BASE}/assignments/filterByCurrentUser(on='createdBy')`, tags,
  summary: 'The assignments made by requests of the signed-in user', responses: { 200: { description: 'A page of accessPackageAssignments' } },
  async handle({ request, principal }) {
    const deps = requestDeps();
    const mine = new Set((await requestsCreatedBy(deps, { caller: await callerOf(principal), userId: userIdOf(principal) })).flatMap((r) => (r.assignmentId ? [r.assignmentId] : [])));
    const found = (await Promise.all([...mine].map(async (assignmentId) => (await deps.packageAssignments.get(assignmentId))?.value))).filter((a) => a !== undefined);
    return listInMemory(request, assignmentSpec, 'assignments', found, assignmentWire, assignmentExpander(request), ASSIGNMENT_EXPANDABLE);
  },
}, httpDeps));

app.http('deleteAssignmentRequest', endpoint({
  operationId: 'deleteAssignmentRequest', method: 'DELETE', route: `${BASE}/assignmentRequests/{id}`, tags, params: idParams,
  summary: 'Delete a denied, canceled, failed or ended request', responses: { 204: { description: 'Deleted' }, 404: { description: 'No such request' }, 409: { description: 'Its assignment is still active' } },
  async handle({ params, principal, id }) {
    await deleteRequest(requestDeps(), await callerOf(principal), initiator(principal), params.id, id.requestId);
    return { status: 204 };
  },
}, httpDeps));

app.http('reprocessAccessPackageAssignment', endpoint({
  operationId: 'reprocessAccessPackageAssignment', method: 'POST', route: `${BASE}/assignments/{id}/reprocess`, tags, params: idParams,
  summary: 'Retry the delivery behind an assignment whose request failed or was partial; 202', responses: { 202: { description: 'Accepted' }, 404: { description: 'No such assignment' } },
  async handle({ params, principal, id }) {
    await reprocessAssignment(requestDeps(), await callerOf(principal), initiator(principal), params.id, id.requestId);
    return { status: 202 };
  },
}, httpDeps));
