import type { AuditInitiator } from '../../audit';
import { Failure, notFound } from '../../errors';
import { endAssignment } from '../assignments/end-assignment';
import { requireCatalogAccess } from '../catalog-roles';
import { askerOf, candidateOf } from './applicable-policies';
import type { AssignmentRequest } from './model';
import type { RequestDeps } from './ports';
import { auditRequest, catalogRolesOf, initiatorOf } from './request-access';
import { justificationProblems } from './request-rules';
import { invalid } from './request-targets';
import type { SubmitRequestInput } from './submit-input';
import { throttlePackage } from './throttle';
import { scheduleFollowUp } from './follow-up-hint';

/**
 * userRemove (the target gives up their access, where the policy lets them), adminRemove (a caller
 * who may assign in the catalog) and systemRemove (Gatehouse itself): the request is recorded, the
 * assignment ends through `endAssignment`, and the request is `delivered`.
 */
export async function submitRemoval(deps: RequestDeps, input: SubmitRequestInput): Promise<AssignmentRequest> {
  if (!input.assignmentId) throw invalid('assignment.id', 'A removal names the assignment to remove.');
  const assignment = (await deps.packageAssignments.get(input.assignmentId))?.value;
  if (!assignment) throw notFound('assignment.id', input.assignmentId);
  if (input.requestType === 'userRemove') {
    const who = await candidateOf(deps, askerOf(input.requestor));
    if (!who.userId || who.userId.toLowerCase() !== assignment.targetUserId.toLowerCase()) throw notFound('assignment.id', input.assignmentId);
    const policy = (await deps.policies.get(assignment.assignmentPolicyId))?.value;
    // Without its policy nothing forbids giving access up.
    if (policy && !policy.requestorSettings.enableTargetsToSelfRemoveAccess) throw new Failure('accessDenied', 'The policy does not let targets remove their own access.');
    await throttlePackage(deps, assignment.accessPackageId);
  } else if (input.requestType === 'adminRemove') {
    if (!input.caller) throw new Failure('accessDenied', 'Only administrators and assignment managers may remove access directly.');
    await requireCatalogAccess(catalogRolesOf(deps), input.caller, assignment.catalogId, 'assign');
  } else if (input.requestor.kind !== 'system') {
    throw invalid('requestType', 'systemRemove requests are made by Gatehouse itself.');
  }
  if (input.accessPackageId && input.accessPackageId !== assignment.accessPackageId) throw invalid('assignment.accessPackageId', 'The assignment is for another access package.');
  const problems = justificationProblems(input.justification);
  if (problems.length > 0) throw new Failure('validationFailed', 'Invalid request: justification.', { details: problems });
  if (assignment.state === 'expired') throw new Failure('conflict', 'The assignment has already ended.');

  const at = deps.now().toISOString();
  const request: AssignmentRequest = {
    id: deps.newId(),
    requestType: input.requestType,
    state: 'submitted',
    status: 'Accepted',
    accessPackageId: assignment.accessPackageId,
    catalogId: assignment.catalogId,
    assignmentPolicyId: assignment.assignmentPolicyId,
    target: { ...assignment.target, objectId: assignment.targetUserId },
    targetObjectId: assignment.targetUserId,
    targetEmail: assignment.target.email ?? '',
    requestor: input.requestor,
    assignmentId: assignment.id,
    justification: input.justification,
    answers: [],
    schedule: { startDateTime: at, expiration: { type: 'noExpiration', endDateTime: null, duration: null } },
    stages: [],
    createdDateTime: at,
    completedDateTime: null,
    reason: null,
    pendingRoleScopeIds: [],
    proposedConnectedOrganizationId: null,
  };
  await scheduleFollowUp(deps, request.id);
  await deps.requests.insert(request, 'An assignment request with this id already exists.');
  const by = initiatorOf(input.requestor);
  await auditRequest(deps, by, 'Create access package assignment request', request, input.correlationId);
  return completeRemoval(deps, request.id, by, input.correlationId);
}

/** Ends the assignment of a recorded removal and marks it `delivered`; repeatable (the follow-up timer finishes a removal a crash cut off). */
export async function completeRemoval(deps: RequestDeps, requestId: string, by: AuditInitiator, correlationId: string): Promise<AssignmentRequest> {
  const recorded = (await deps.requests.get(requestId))?.value;
  if (!recorded) throw notFound('accessPackageAssignmentRequest', requestId);
  if (recorded.state !== 'submitted' || !recorded.assignmentId) return recorded;
  await endAssignment(deps, recorded.assignmentId, 'removed', by, correlationId);
  const stored = await deps.requests.get(requestId);
  if (!stored) throw new Error(`Request ${requestId} vanished while its assignment was removed`);
  const done: AssignmentRequest = { ...stored.value, state: 'delivered', status: 'Delivered', completedDateTime: deps.now().toISOString() };
  await deps.requests.replace(done, stored.etag);
  await auditRequest(deps, by, 'Remove access package assignment', done, correlationId);
  return done;
}
