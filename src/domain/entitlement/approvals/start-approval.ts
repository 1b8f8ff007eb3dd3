import { Failure, notFound } from '../../errors';
import type { AssignmentRequest } from '../requests/model';
import type { RequestDeps } from '../requests/ports';
import { announceStage, notStartedStages, TIMER, withStageOpened } from './stages';
import { auditRequest } from '../requests/request-access';

/**
 * Opens the first approval stage of a stored `submitted` request: resolves its approvers, sets
 * `pendingApproval`, schedules escalation and automatic denial, mails the approvers.
 * Safe to repeat: a request already `pendingApproval` has its first stage announced again (the
 * due index and the outbox keep one of each), anything else is a conflict.
 */
export async function startApproval(deps: RequestDeps, requestId: string, correlationId: string): Promise<AssignmentRequest> {
  const stored = await deps.requests.get(requestId);
  if (!stored) throw notFound('accessPackageAssignmentRequest', requestId);
  const policy = (await deps.policies.get(stored.value.assignmentPolicyId))?.value;
  if (!policy) throw notFound('assignmentPolicy', stored.value.assignmentPolicyId);
  if (stored.value.state === 'pendingApproval') {
    const index = stored.value.stages.find((s) => s.status === 'InProgress')?.index;
    if (index !== undefined) await announceStage(deps, stored.value, policy, index);
    return stored.value;
  }
  if (stored.value.state !== 'submitted') throw new Failure('conflict', `The request is ${stored.value.state}; only a submitted request can go to approval.`);
  const stageCount = policy.requestApprovalSettings.stages.length;
  if (stageCount === 0) throw new Failure('conflict', 'The request’s policy has no approval stages.');

  const fresh: AssignmentRequest = { ...stored.value, stages: notStartedStages(requestId, stageCount), state: 'pendingApproval', status: 'PendingApproval' };
  const request = await withStageOpened(deps, fresh, policy, 0, deps.now());
  try {
    await deps.requests.replace(request, stored.etag);
  } catch (error) {
    if (error instanceof Failure && error.code === 'preconditionFailed') throw new Failure('conflict', 'The request changed while its approval was starting.');
    throw error;
  }
  await auditRequest(deps, TIMER, 'Start access package assignment request approval', request, correlationId, [
    { displayName: 'state', oldValue: 'submitted', newValue: 'pendingApproval' },
    { displayName: 'approvers', oldValue: null, newValue: request.stages[0]?.approverIds.join(',') ?? '' },
  ]);
  await announceStage(deps, request, policy, 0);
  return request;
}
