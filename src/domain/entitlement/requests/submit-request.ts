import { Failure, notFound, type ErrorDetail } from '../../errors';
import { startApproval } from '../approvals/start-approval';
import { requireCatalogAccess } from '../catalog-roles';
import { nameBasedId } from '../ids';
import type { AssignmentPolicy } from '../policy';
import { askerOf, candidateOf, policiesForAsker, policyCovers } from './applicable-policies';
import { mayRequestOnBehalf } from './on-behalf';
import { deliverRequest } from './deliver-request';
import { isSelfServiceRequest, isUpdateRequest, type Assignment, type AssignmentRequest, type Subject } from './model';
import type { RequestDeps } from './ports';
import type { SubmitRequestInput } from './submit-input';
import { auditRequest, catalogRolesOf, initiatorOf } from './request-access';
import { checkAnswers, justificationProblems, resolveSchedule } from './request-rules';
import { invalid, openRequestsFor, requireNoConflict, requireTargetFitsPolicy, subjectFor } from './request-targets';
import { submitRemoval } from './submit-removal';
import { throttlePackage, throttleRequestor } from './throttle';
import { scheduleFollowUp } from './follow-up-hint';

export type { SubmitRequestInput } from './submit-input';

/**
 * Validates and records a request, then moves it on: approval (`approvals/start-approval.ts`) or
 * straight to delivery (`deliver-request.ts`, which schedules a future start). A refused request
 * writes nothing. Removals end the assignment at once (`submit-removal.ts`).
 */
export async function submitRequest(deps: RequestDeps, input: SubmitRequestInput): Promise<AssignmentRequest> {
  const selfService = isSelfServiceRequest(input.requestType);
  if (selfService) await throttleRequestor(deps, input.requestor);
  if (input.requestType === 'userRemove' || input.requestType === 'adminRemove' || input.requestType === 'systemRemove') return submitRemoval(deps, input);
  const plan = isUpdateRequest(input.requestType) ? await planUpdate(deps, input) : await planAddition(deps, input);
  if (selfService) await throttlePackage(deps, plan.policy.accessPackageId);
  const { answers, problems: answerProblems } = checkAnswers(plan.policy.questions, input.answers, selfService);
  const { schedule, problems: scheduleProblems } = resolveSchedule(plan.policy, input.schedule, selfService, deps.now());
  const problems: ErrorDetail[] = [...justificationProblems(input.justification), ...answerProblems, ...scheduleProblems];
  if (problems.length > 0) throw new Failure('validationFailed', `Invalid request: ${[...new Set(problems.map((p) => p.target))].join(', ')}.`, { details: problems });
  await requireNoConflict(deps, plan.policy.accessPackageId, plan.target, !isUpdateRequest(input.requestType));

  const request: AssignmentRequest = {
    id: deps.newId(),
    requestType: input.requestType,
    state: 'submitted',
    status: 'Accepted',
    accessPackageId: plan.policy.accessPackageId,
    catalogId: plan.policy.catalogId,
    assignmentPolicyId: plan.policy.id,
    target: plan.target,
    targetObjectId: plan.target.objectId ?? '',
    targetEmail: plan.target.email ?? '',
    requestor: input.requestor,
    assignmentId: plan.assignment?.id ?? (plan.target.objectId ? nameBasedId('assignment', plan.policy.accessPackageId, plan.policy.id, plan.target.objectId) : null),
    justification: input.justification,
    answers,
    schedule,
    stages: [],
    createdDateTime: deps.now().toISOString(),
    completedDateTime: null,
    reason: null,
    pendingRoleScopeIds: [],
    proposedConnectedOrganizationId: null,
  };
  // Written first: if this instance stops before approval or delivery has started, the timer carries on.
  await scheduleFollowUp(deps, request.id);
  await deps.requests.insert(request, 'An assignment request with this id already exists.');
  // Two identical requests at once both pass the check above; after inserting, each yields to any other (rarely both do, and the client retries).
  if ((await openRequestsFor(deps, request.accessPackageId, request.target)).some((r) => r.id !== request.id)) {
    await deps.requests.remove(request.id);
    throw new Failure('conflict', 'There is already a request in progress for this access package and target.');
  }
  const by = initiatorOf(input.requestor);
  await auditRequest(deps, by, 'Create access package assignment request', request, input.correlationId);

  const approval = plan.policy.requestApprovalSettings;
  const needsApproval = input.requestType === 'userAdd' ? approval.isApprovalRequiredForAdd : (input.requestType === 'userExtend' || input.requestType === 'userUpdate') && approval.isApprovalRequiredForUpdate;
  if (needsApproval) return startApproval(deps, request.id, input.correlationId);
  return deliverRequest(deps, request.id, by, input.correlationId);
}

/**
 * The request as Graph's `POST assignmentRequests` answers it: accepted (`submitted`, `Accepted`),
 * as the documented examples show. Approval or delivery has moved it on since (here in the same
 * call, or by the follow-up timer); `GET assignmentRequests/{id}` shows where it is.
 */
export const asAccepted = (request: AssignmentRequest): AssignmentRequest => ({ ...request, state: 'submitted', status: 'Accepted', completedDateTime: null, stages: [], reason: null });

interface Plan {
  policy: AssignmentPolicy;
  target: Subject;
  assignment?: Assignment;
}

async function requirePolicyOf(deps: RequestDeps, accessPackageId: string, policyId: string | null): Promise<AssignmentPolicy> {
  if (!policyId) throw invalid('assignment.assignmentPolicyId', 'An assignment policy is required.');
  const policy = (await deps.policies.get(policyId))?.value;
  if (!policy) throw notFound('assignment.assignmentPolicyId', policyId);
  if (policy.accessPackageId !== accessPackageId) throw invalid('assignment.assignmentPolicyId', 'The policy belongs to another access package.');
  return policy;
}

/** userAdd: the requestor for themselves, under a policy that covers them; adminAdd: anyone the policy fits, by a caller who may assign. */
async function planAddition(deps: RequestDeps, input: SubmitRequestInput): Promise<Plan> {
  if (!(await deps.packages.get(input.accessPackageId))) throw notFound('assignment.accessPackageId', input.accessPackageId);
  if (input.requestType === 'adminAdd') {
    const policy = await requirePolicyOf(deps, input.accessPackageId, input.assignmentPolicyId);
    if (!input.caller) throw new Failure('accessDenied', 'Only administrators and assignment managers may assign access directly.');
    await requireCatalogAccess(catalogRolesOf(deps), input.caller, policy.catalogId, 'assign');
    const { userType, ...target } = await subjectFor(deps, input.target);
    requireTargetFitsPolicy(policy, { objectId: target.objectId, userType });
    return { policy, target };
  }
  const asker = askerOf(input.requestor);
  const who = await candidateOf(deps, asker);
  const named = input.target;
  if (named.objectId && who.userId && named.objectId.toLowerCase() !== who.userId.toLowerCase() && input.assignmentPolicyId) {
    return planOnBehalf(deps, input, who.userId, named.objectId);
  }
  if ((named.objectId && named.objectId.toLowerCase() !== who.userId?.toLowerCase()) || (named.email && asker.kind === 'external' && named.email.toLowerCase() !== who.email)) {
    throw new Failure('accessDenied', 'A userAdd request is for the requestor only; administrators assign others with adminAdd.');
  }
  const applicable = await policiesForAsker(deps, input.accessPackageId, asker);
  if (!applicable) throw notFound('assignment.accessPackageId', input.accessPackageId);
  // Graph's documented userAdd may name the package alone: the one policy that admits the requestor is meant.
  if (!input.assignmentPolicyId && applicable.policies.length !== 1) {
    throw invalid('assignment.assignmentPolicyId', applicable.policies.length === 0 ? 'No policy of the access package lets this requestor request it.' : 'Several policies admit this requestor: name one.');
  }
  const policy = input.assignmentPolicyId ? await requirePolicyOf(deps, input.accessPackageId, input.assignmentPolicyId) : applicable.policies[0]!;
  if (!applicable.policies.some((p) => p.id === policy.id)) throw new Failure('accessDenied', 'The policy does not let this requestor request the access package.');
  const { userType: _userType, ...target } = await subjectFor(deps, { objectId: who.userId, email: who.email, displayName: named.displayName });
  return { policy, target };
}

/**
 * userAdd for someone else: the requestor is one of the policy's on-behalf-of requestors, and the
 * policy covers the target as it would cover them asking themselves.
 */
async function planOnBehalf(deps: RequestDeps, input: SubmitRequestInput, requestorId: string, targetId: string): Promise<Plan> {
  const policy = await requirePolicyOf(deps, input.accessPackageId, input.assignmentPolicyId);
  if (!(await mayRequestOnBehalf(deps, policy, requestorId, targetId))) {
    throw new Failure('accessDenied', 'A userAdd request is for the requestor, or for another user only where the policy names the requestor among its on-behalf-of requestors.');
  }
  const candidate = await candidateOf(deps, { kind: 'user', userId: targetId });
  if (!(await policyCovers(deps, policy, candidate))) throw new Failure('accessDenied', 'The policy does not cover the target user.');
  const { userType: _userType, ...target } = await subjectFor(deps, input.target);
  return { policy, target };
}

/**
 * userExtend/userUpdate: the requestor's own assignment that has not ended, where its policy lets
 * targets update it; adminUpdate: any assignment of a catalog where the caller may assign.
 */
async function planUpdate(deps: RequestDeps, input: SubmitRequestInput): Promise<Plan> {
  if (!input.assignmentId) throw invalid('assignment.id', `A ${input.requestType} request names the assignment to update.`);
  const assignment = (await deps.packageAssignments.get(input.assignmentId))?.value;
  if (input.requestType === 'adminUpdate') {
    if (!assignment) throw notFound('assignment.id', input.assignmentId);
    if (!input.caller) throw new Failure('accessDenied', 'Only administrators and assignment managers may update assignments directly.');
    await requireCatalogAccess(catalogRolesOf(deps), input.caller, assignment.catalogId, 'assign');
  } else {
    const who = await candidateOf(deps, askerOf(input.requestor));
    // Someone else's assignment is as absent as a missing one.
    if (!assignment || !who.userId || assignment.targetUserId.toLowerCase() !== who.userId.toLowerCase()) throw notFound('assignment.id', input.assignmentId);
  }
  if (input.accessPackageId && input.accessPackageId !== assignment.accessPackageId) throw invalid('assignment.accessPackageId', 'The assignment is for another access package.');
  if (assignment.state === 'expired') throw new Failure('conflict', 'The assignment has ended; request the access package again.');
  const policy = (await deps.policies.get(assignment.assignmentPolicyId))?.value;
  if (!policy) throw new Failure('conflict', "The assignment's policy no longer exists; it cannot be extended.");
  if (input.requestType !== 'adminUpdate' && !policy.requestorSettings.enableTargetsToSelfUpdateAccess) throw new Failure('accessDenied', 'The policy does not let targets extend their access.');
  return { policy, target: { ...assignment.target, objectId: assignment.targetUserId }, assignment };
}
