import { Failure, notFound } from '../../errors';
import type { EntitlementCaller } from '../catalog-roles';
import { isOpenRequest, type AssignmentRequest, type Requestor } from './model';
import type { RequestDeps } from './ports';
import { auditRequest, initiatorOf, isOwnRequest, mayInCatalog } from './request-access';

/**
 * `POST …/assignmentRequests/{id}/cancel`: only a request still `submitted`, `pendingApproval` or
 * `scheduled` (else 409), by its requestor or target (portal, userAdd) or by a caller who may
 * assign in its catalog. Anyone else is told it does not exist. Due entries of the request stay:
 * the timers re-read it and find it canceled.
 */
export async function cancelRequest(
  deps: RequestDeps,
  who: { requestor: Requestor; caller: EntitlementCaller | null },
  requestId: string,
  correlationId: string,
): Promise<AssignmentRequest> {
  const stored = await deps.requests.get(requestId);
  if (!stored || !(isOwnRequest(stored.value, who.requestor) || (await mayInCatalog(deps, who.caller, stored.value.catalogId, 'assign')))) {
    throw notFound('accessPackageAssignmentRequest', requestId);
  }
  if (!isOpenRequest(stored.value)) throw new Failure('conflict', `The request is ${stored.value.state}; only submitted, pending or scheduled requests can be canceled.`);
  const at = deps.now().toISOString();
  const canceled: AssignmentRequest = {
    ...stored.value,
    state: 'canceled',
    status: 'Canceled',
    completedDateTime: at,
    stages: stored.value.stages.map((s) => (s.status === 'InProgress' ? { ...s, status: 'Expired' } : s)),
  };
  await deps.requests.replace(canceled, stored.etag);
  await auditRequest(deps, initiatorOf(who.requestor), 'Cancel access package assignment request', canceled, correlationId);
  return canceled;
}

/** A person's requests, newest first (the portal's status view): by verified address or user id. */
export async function requestsOf(deps: RequestDeps, who: { email: string | null; userId: string | null }): Promise<AssignmentRequest[]> {
  const found = new Map<string, AssignmentRequest>();
  if (who.userId) for (const r of await deps.requests.find({ targetObjectId: who.userId })) found.set(r.id, r);
  if (who.email) for (const r of await deps.requests.find({ targetEmail: who.email.toLowerCase() })) found.set(r.id, r);
  return [...found.values()].sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime) || b.id.localeCompare(a.id));
}
