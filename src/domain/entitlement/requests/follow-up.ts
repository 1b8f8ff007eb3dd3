import { announceStage, currentStage, mailDenied, TIMER } from '../approvals/stages';
import { startApproval } from '../approvals/start-approval';
import type { AssignmentRequest } from './model';
import type { DueEntry, RequestDeps } from './ports';
import { deliverRequest } from './deliver-request';
import { completeRemoval } from './submit-removal';

/** True when the request's policy asks approval for its type. */
async function needsApproval(deps: RequestDeps, request: AssignmentRequest): Promise<boolean> {
  const policy = (await deps.policies.get(request.assignmentPolicyId))?.value;
  if (!policy) return false;
  const approval = policy.requestApprovalSettings;
  return request.requestType === 'userAdd' ? approval.isApprovalRequiredForAdd : request.requestType === 'userExtend' && approval.isApprovalRequiredForUpdate;
}

/**
 * The `requestFollowUp` entry: completes what a request's last change should have set off. Every
 * step it calls is idempotent (mails by outbox id, due entries by key, grants by relation), so a
 * request that went on normally is left as it is.
 */
export async function followUpRequest(deps: RequestDeps, entry: DueEntry, _now: Date, correlationId: string): Promise<void> {
  const request = (await deps.requests.get(entry.subjectId))?.value;
  if (!request) return;
  switch (request.state) {
    case 'submitted':
      if (request.requestType === 'userAdd' || request.requestType === 'adminAdd' || request.requestType === 'userExtend') {
        if (await needsApproval(deps, request)) await startApproval(deps, request.id, correlationId);
        else await deliverRequest(deps, request.id, TIMER, correlationId);
      } else {
        await completeRemoval(deps, request.id, TIMER, correlationId);
      }
      return;
    case 'pendingApproval': {
      const stage = currentStage(request);
      const policy = (await deps.policies.get(request.assignmentPolicyId))?.value;
      if (stage && policy) await announceStage(deps, request, policy, stage.index);
      return;
    }
    case 'scheduled':
      await deps.schedule.schedule({ kind: 'scheduledStart', subjectId: request.id, dueAt: new Date(request.schedule.startDateTime) });
      return;
    case 'delivering':
      await deliverRequest(deps, request.id, TIMER, correlationId);
      return;
    case 'denied':
      await mailDenied(deps, request);
      return;
    default:
      return;
  }
}
