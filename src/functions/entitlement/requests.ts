import { app } from '@azure/functions';
import { z } from 'zod';
import { httpDeps, requestDeps } from '../../deps';
import type { AuditInitiator } from '../../domain/audit';
import { cancelRequest } from '../../domain/entitlement/requests/cancel-request';
import type { Requestor } from '../../domain/entitlement/requests/model';
import { readAssignment, readAssignments, readRequest, readRequests, type Reader } from '../../domain/entitlement/requests/request-reads';
import { reprocessRequest } from '../../domain/entitlement/requests/reprocess-request';
import { asAccepted, submitRequest } from '../../domain/entitlement/requests/submit-request';
import type { Principal } from '../../domain/principal';
import { endpoint, json } from '../../http/endpoint';
import { BASE, callerOf, context, oneEntity, tags } from './common';
import { listPaged, type PagedListOptions } from './paged-list';
import { ASSIGNMENT_EXPANDABLE, assignmentExpander, REQUEST_EXPANDABLE, requestExpander } from './expansions';
import { assignmentSpec, requestSpec } from './request-specs';
import { assignmentWire, createRequestBody, requestWire, submitInputOf } from './request-wire';

/** Assignment requests and assignments (issue 6): users ask for themselves, catalog role holders assign and read. */

const idParams = z.object({ id: z.string().min(1).max(100) });
// Graph answers 400 for a reprocess of an id that is not valid (request ids are GUIDs).
const guidParams = z.object({ id: z.guid() });
function requestorOf(principal: Principal | undefined): Requestor {
  if (principal?.kind === 'user') return { kind: 'user', userId: principal.userId };
  if (principal?.kind === 'app') return { kind: 'app', appId: principal.appId };
  throw new Error('The endpoint wrapper admits authenticated callers only');
}
const initiatorOf = (r: Requestor): AuditInitiator => (r.kind === 'user' ? { kind: 'user', id: r.userId } : r.kind === 'app' ? { kind: 'app', appId: r.appId } : { kind: 'system', name: 'Gatehouse' });
const readerOf = async (principal: Principal | undefined): Promise<Reader> => ({ caller: await callerOf(principal), userId: principal?.kind === 'user' ? principal.userId : null });

/** How the request and assignment lists page: newest first, documented equality filters from indexes. */
const REQUEST_LIST: PagedListOptions = {
  expandable: REQUEST_EXPANDABLE, order: 'createdDateTime desc',
  indexable: { state: 'state', 'accessPackage/id': 'accessPackageId', 'assignment/target/objectId': 'targetObjectId', 'requestor/objectId': 'requestorUserId' },
};
const ASSIGNMENT_LIST: PagedListOptions = {
  expandable: ASSIGNMENT_EXPANDABLE, order: 'createdDateTime desc',
  indexable: { state: 'state', 'accessPackage/id': 'accessPackageId', 'target/objectId': 'targetUserId', 'assignmentPolicy/id': 'assignmentPolicyId' },
};

app.http('createAssignmentRequest', endpoint({
  operationId: 'createAssignmentRequest', method: 'POST', route: `${BASE}/assignmentRequests`, tags, body: createRequestBody,
  summary: 'Request access for yourself (userAdd, userExtend, userRemove) or assign/remove directly (adminAdd, adminRemove: administrators and catalog assignment roles)',
  responses: {
    201: { description: 'The accessPackageAssignmentRequest' }, 400: { description: 'Invalid answers, justification or schedule' }, 403: { description: 'Not covered by the policy, or may not assign' },
    404: { description: 'No such package, policy, target or assignment' }, 409: { description: 'A request is already open, or the target already has the package' }, 429: { description: 'Too many requests' },
  },
  async handle({ body, principal, id }) {
    const requestor = requestorOf(principal);
    const request = await submitRequest(requestDeps(), submitInputOf(body, { requestor, caller: await callerOf(principal), correlationId: id.requestId }));
    return json(201, { '@odata.context': context('assignmentRequests/$entity'), ...requestWire(asAccepted(request)) });
  },
}, httpDeps));

app.http('listAssignmentRequests', endpoint({
  operationId: 'listAssignmentRequests', method: 'GET', route: `${BASE}/assignmentRequests`, tags,
  summary: "Requests the caller may read: all (administrators), their catalogs' (catalog roles), their own ($filter on state, status, requestType, accessPackage/id, id)",
  responses: { 200: { description: 'A page of accessPackageAssignmentRequests' } },
  async handle({ request, principal }) {
    return listPaged(request, requestSpec, 'assignmentRequests', await readRequests(requestDeps(), await readerOf(principal)), requestWire, requestExpander(request), REQUEST_LIST);
  },
}, httpDeps));

app.http('filterAssignmentRequestsByCurrentUser', endpoint({
  operationId: 'filterAssignmentRequestsByCurrentUser', method: 'GET', route: `${BASE}/assignmentRequests/filterByCurrentUser(on='target')`, tags,
  summary: 'The signed-in user’s own requests (they are the target)',
  responses: { 200: { description: 'A page of accessPackageAssignmentRequests' } },
  async handle({ request, principal }) {
    return listPaged(request, requestSpec, 'assignmentRequests', await readRequests(requestDeps(), await readerOf(principal), true), requestWire, requestExpander(request), REQUEST_LIST);
  },
}, httpDeps));

app.http('getAssignmentRequest', endpoint({
  operationId: 'getAssignmentRequest', method: 'GET', route: `${BASE}/assignmentRequests/{id}`, tags, params: idParams,
  summary: 'One request (administrators, catalog roles, the requestor and the target)',
  responses: { 200: { description: 'The accessPackageAssignmentRequest' }, 404: { description: 'No such request, or not readable by the caller' } },
  async handle({ request, params, principal }) {
    const found = await readRequest(requestDeps(), await readerOf(principal), params.id);
    return json(200, oneEntity(request, requestSpec, REQUEST_EXPANDABLE, { '@odata.context': context('assignmentRequests/$entity'), ...(await requestExpander(request)(found)) }));
  },
}, httpDeps));

app.http('cancelAssignmentRequest', endpoint({
  operationId: 'cancelAssignmentRequest', method: 'POST', route: `${BASE}/assignmentRequests/{id}/cancel`, tags, params: idParams,
  summary: 'Cancel a submitted, pending or scheduled request (its requestor or target, or a caller who may assign in the catalog); 200 with the request',
  responses: { 200: { description: 'The canceled request' }, 404: { description: 'No such request' }, 409: { description: 'No longer cancelable' } },
  async handle({ params, principal, id }) {
    const canceled = await cancelRequest(requestDeps(), { requestor: requestorOf(principal), caller: await callerOf(principal) }, params.id, id.requestId);
    return json(200, { '@odata.context': context('assignmentRequests/$entity'), ...requestWire(canceled) });
  },
}, httpDeps));

app.http('reprocessAssignmentRequest', endpoint({
  operationId: 'reprocessAssignmentRequest', method: 'POST', route: `${BASE}/assignmentRequests/{id}/reprocess`, tags, params: guidParams,
  summary: 'Retry the delivery of a deliveryFailed or partiallyDelivered request',
  responses: { 202: { description: 'Retried; read the request for its state' }, 404: { description: 'No such request' }, 409: { description: 'Not in a failed or partial state' } },
  async handle({ params, principal, id }) {
    const requestor = requestorOf(principal);
    await reprocessRequest(requestDeps(), { requestor, caller: await callerOf(principal) }, initiatorOf(requestor), params.id, id.requestId);
    return { status: 202 };
  },
}, httpDeps));

app.http('listAccessPackageAssignments', endpoint({
  operationId: 'listAccessPackageAssignments', method: 'GET', route: `${BASE}/assignments`, tags,
  summary: "Assignments the caller may read ($filter on state, accessPackage/id, assignmentPolicy/id, target/objectId, id)",
  responses: { 200: { description: 'A page of accessPackageAssignments' } },
  async handle({ request, principal }) {
    return listPaged(request, assignmentSpec, 'assignments', await readAssignments(requestDeps(), await readerOf(principal)), assignmentWire, assignmentExpander(request), ASSIGNMENT_LIST);
  },
}, httpDeps));

app.http('filterAssignmentsByCurrentUser', endpoint({
  operationId: 'filterAssignmentsByCurrentUser', method: 'GET', route: `${BASE}/assignments/filterByCurrentUser(on='target')`, tags,
  summary: 'The signed-in user’s own assignments',
  responses: { 200: { description: 'A page of accessPackageAssignments' } },
  async handle({ request, principal }) {
    return listPaged(request, assignmentSpec, 'assignments', await readAssignments(requestDeps(), await readerOf(principal), true), assignmentWire, assignmentExpander(request), ASSIGNMENT_LIST);
  },
}, httpDeps));

app.http('getAccessPackageAssignment', endpoint({
  operationId: 'getAccessPackageAssignment', method: 'GET', route: `${BASE}/assignments/{id}`, tags, params: idParams,
  summary: 'One assignment (administrators, catalog roles, its target)',
  responses: { 200: { description: 'The accessPackageAssignment' }, 404: { description: 'No such assignment, or not readable by the caller' } },
  async handle({ request, params, principal }) {
    const found = await readAssignment(requestDeps(), await readerOf(principal), params.id);
    return json(200, oneEntity(request, assignmentSpec, ASSIGNMENT_EXPANDABLE, { '@odata.context': context('assignments/$entity'), ...(await assignmentExpander(request)(found)) }));
  },
}, httpDeps));
