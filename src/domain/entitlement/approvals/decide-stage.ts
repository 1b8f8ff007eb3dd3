import { Failure, notFound } from '../../errors';
import { deliverRequest } from '../requests/deliver-request';
import type { AssignmentRequest, RequestStage } from '../requests/model';
import type { RequestDeps } from '../requests/ports';
import { scheduleFollowUp } from '../requests/follow-up-hint';
import { isRequestParty } from './approvers';
import { announceStage, currentStage, deciders, mailDenied, withStageOpened } from './stages';
import { auditRequest } from '../requests/request-access';

export interface StageDecision {
  reviewResult: 'Approve' | 'Deny';
  justification: string | null;
}

const NOT_AN_APPROVER = 'You are not an approver of this stage of the request.';

/**
 * `PATCH …/assignmentApprovals/{requestId}/stages/{stageId}`: 403 when the approver may not decide
 * (or is the requestor), 409 when the stage is already decided; approval of the last stage
 * delivers, a denial ends the request.
 *
 * The decision is one ETag-guarded write of the request, so of two approvers deciding at once
 * exactly one wins and the other gets 409. Its consequences (next stage's mails and due entries,
 * delivery, the denial mail) follow the write.
 */
export async function decideStage(
  deps: RequestDeps,
  approver: { userId: string; displayName: string | null },
  requestId: string,
  stageId: string,
  decision: StageDecision,
  correlationId: string,
): Promise<void> {
  const stored = await deps.requests.get(requestId);
  if (!stored) throw notFound('assignmentApproval', requestId);
  const request = stored.value;
  const stage = request.stages.find((s) => s.id === stageId);
  if (!stage) throw notFound('approvalStage', stageId);

  const user = await deps.people.user(approver.userId);
  if (!user?.accountEnabled) throw new Failure('accessDenied', NOT_AN_APPROVER);
  if (isRequestParty(request, user)) throw new Failure('accessDenied', 'A requestor cannot approve their own request.');
  const mayDecide = deciders(stage).includes(approver.userId);
  if (!mayDecide) throw new Failure('accessDenied', NOT_AN_APPROVER);
  if (stage.status !== 'InProgress' || request.state !== 'pendingApproval') {
    throw new Failure('conflict', stage.status === 'Completed' ? 'This stage of the request has already been decided.' : `This stage cannot be decided: it is ${stage.status} and the request is ${request.state}.`);
  }
  const policy = (await deps.policies.get(request.assignmentPolicyId))?.value;
  const settings = policy?.requestApprovalSettings.stages[stage.index];
  const justification = decision.justification?.trim() ? decision.justification.trim() : null;
  if (settings?.isApproverJustificationRequired && !justification) {
    throw new Failure('validationFailed', 'A justification is required for this decision.', { details: [{ target: 'justification', message: 'is required by the policy for this stage.' }] });
  }

  const now = deps.now();
  const decided: RequestStage = {
    ...stage,
    status: 'Completed',
    reviewResult: decision.reviewResult,
    reviewedBy: { id: approver.userId, displayName: approver.displayName ?? user.displayName },
    reviewedDateTime: now.toISOString(),
    justification,
  };
  let next: AssignmentRequest = { ...request, stages: request.stages.map((s) => (s.id === stage.id ? decided : s)) };
  const nextIndex = stage.index + 1;
  const hasNextStage = decision.reviewResult === 'Approve' && !!policy && nextIndex < Math.min(next.stages.length, policy.requestApprovalSettings.stages.length);
  const startsLater = Date.parse(request.schedule.startDateTime) > now.getTime();
  if (decision.reviewResult === 'Deny') {
    next = { ...next, state: 'denied', status: 'Denied', reason: justification, completedDateTime: now.toISOString() };
  } else if (hasNextStage) {
    next = { ...(await withStageOpened(deps, next, policy, nextIndex, now)), status: 'PendingApproval' };
  } else if (startsLater) {
    next = { ...next, state: 'scheduled', status: 'Scheduled' };
  } else {
    next = { ...next, state: 'delivering', status: 'Delivering' };
  }

  // Written first: what the decision sets off (mails, next stage, delivery) is finished by the timer if this instance stops.
  await scheduleFollowUp(deps, request.id);
  try {
    await deps.requests.replace(next, stored.etag);
  } catch (error) {
    if (error instanceof Failure && error.code === 'preconditionFailed') throw new Failure('conflict', 'The request was decided or changed by someone else meanwhile.');
    throw error;
  }
  await auditRequest(deps, { kind: 'user', id: approver.userId }, decision.reviewResult === 'Approve' ? 'Approve access package assignment request' : 'Deny access package assignment request', next, correlationId, [
    { displayName: `stages[${stage.index}].reviewResult`, oldValue: 'NotReviewed', newValue: decision.reviewResult },
    { displayName: 'state', oldValue: request.state, newValue: next.state },
  ]);

  if (next.state === 'denied') await mailDenied(deps, next);
  else if (hasNextStage && policy) await announceStage(deps, next, policy, nextIndex);
  else if (next.state === 'scheduled') await deps.schedule.schedule({ kind: 'scheduledStart', subjectId: next.id, dueAt: new Date(next.schedule.startDateTime) });
  else await deliverRequest(deps, next.id, { kind: 'user', id: approver.userId }, correlationId);
}

/** Requests with a stage in progress that `userId` may decide (`filterByCurrentUser(on='approver')`). */
export async function approvalsAssignedTo(deps: RequestDeps, userId: string): Promise<AssignmentRequest[]> {
  const pending = await deps.requests.find({ awaitingDecisionBy: userId });
  return pending
    .filter((request) => {
      const stage = currentStage(request);
      return !!stage && deciders(stage).includes(userId);
    })
    .sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime));
}
