import type { AuditInitiator } from '../../audit';
import { Failure, notFound } from '../../errors';
import type { EntitlementCaller } from '../catalog-roles';
import type { AccessPackage } from '../model';
import { approvalsAssignedTo } from '../approvals/decide-stage';
import { policiesForAsker } from './applicable-policies';
import { deliverRequest } from './deliver-request';
import type { AssignmentRequest } from './model';
import type { RequestDeps } from './ports';
import { auditRequest, mayInCatalog } from './request-access';
import { readRequests, type Reader } from './request-reads';

/**
 * The `filterByCurrentUser` functions Graph documents besides `on='target'`, and the two request
 * operations that act on finished work: deleting a request, reprocessing an assignment.
 */

const same = (a: string | null | undefined, b: string | null): boolean => !!a && b !== null && a.toLowerCase() === b.toLowerCase();

/** `assignmentRequests/filterByCurrentUser(on='createdBy')`: the requests the signed-in user made. */
export async function requestsCreatedBy(deps: RequestDeps, reader: Reader): Promise<AssignmentRequest[]> {
  return reader.userId ? deps.requests.find({ requestorUserId: reader.userId }) : [];
}

/** `assignmentRequests/filterByCurrentUser(on='approver')`: the requests waiting on the signed-in user's decision. */
export async function requestsAwaiting(deps: RequestDeps, userId: string | null): Promise<AssignmentRequest[]> {
  return userId ? approvalsAssignedTo(deps, userId) : [];
}

/** `accessPackages/filterByCurrentUser(on='allowedRequestor')`: the packages a policy lets the signed-in user request. */
export async function packagesRequestableBy(deps: RequestDeps, userId: string | null): Promise<AccessPackage[]> {
  if (!userId) return [];
  // Every package is weighed against its policies, one storage page at a time.
  const out: AccessPackage[] = [];
  let continuation: string | undefined;
  do {
    const page = await deps.packages.page({}, { top: 100, continuation });
    for (const pkg of page.items) {
      const applicable = await policiesForAsker(deps, pkg.id, { kind: 'user', userId });
      if (applicable && applicable.policies.length > 0) out.push(pkg);
    }
    continuation = page.continuation;
  } while (continuation);
  return out;
}

const FINISHED = new Set<AssignmentRequest['state']>(['denied', 'canceled', 'deliveryFailed']);

/**
 * Deletes a finished request (Graph: a denied or completed one); one whose assignment is still
 * active is refused with 409, as Graph refuses a request that still has its assignment.
 */
export async function deleteRequest(deps: RequestDeps, caller: EntitlementCaller, by: AuditInitiator, id: string, correlationId: string): Promise<void> {
  const stored = await deps.requests.get(id);
  if (!stored || !(await mayInCatalog(deps, caller, stored.value.catalogId, 'read'))) throw notFound('accessPackageAssignmentRequest', id);
  const request = stored.value;
  if (!(await mayInCatalog(deps, caller, request.catalogId, 'assign'))) throw new Failure('accessDenied', 'Only administrators and assignment managers may delete requests.');
  let finished = FINISHED.has(request.state);
  if (!finished && request.state === 'delivered') {
    const assignment = request.assignmentId ? (await deps.packageAssignments.get(request.assignmentId))?.value : undefined;
    finished = !assignment || assignment.state === 'expired' || request.requestType.endsWith('Remove');
  }
  if (!finished) throw new Failure('conflict', `The request is ${request.state} and its assignment is active; only denied, canceled, failed or ended requests can be deleted.`);
  await deps.requests.remove(id, stored.etag);
  await auditRequest(deps, by, 'Delete access package assignment request', request, correlationId);
}

/**
 * `assignments/{id}/reprocess`: retries the delivery of the request behind the assignment when it
 * failed or was partial; an assignment that is fine is left as it is (Graph answers 202 either way).
 */
export async function reprocessAssignment(deps: RequestDeps, caller: EntitlementCaller, by: AuditInitiator, assignmentId: string, correlationId: string): Promise<void> {
  const assignment = (await deps.packageAssignments.get(assignmentId))?.value;
  if (!assignment || !(await mayInCatalog(deps, caller, assignment.catalogId, 'read'))) throw notFound('accessPackageAssignment', assignmentId);
  if (!(await mayInCatalog(deps, caller, assignment.catalogId, 'assign'))) throw new Failure('accessDenied', 'Only administrators and assignment managers may reprocess assignments.');
  const retry = (await deps.requests.find({ assignmentId })).filter((r) => r.state === 'deliveryFailed' || r.state === 'partiallyDelivered');
  for (const request of retry) await deliverRequest(deps, request.id, by, correlationId);
}
