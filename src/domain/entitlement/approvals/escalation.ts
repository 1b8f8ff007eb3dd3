import { Failure } from '../../errors';
import type { AssignmentRequest } from '../requests/model';
import type { DueEntry, RequestDeps } from '../requests/ports';
import { resolveApprovers } from './approvers';
import { currentStage, mailApprovers, mailDenied, stageDeadlines, TIMER } from './stages';
import { auditRequest } from '../requests/request-access';

/**
 * The approval side of the timer. Each due entry is a hint: the request is read again and acted
 * on only when its stage in progress is still due, so a stale entry (a stage decided meanwhile,
 * a later stage, a second run) does nothing.
 */

const isStale = (error: unknown): boolean => error instanceof Failure && error.code === 'preconditionFailed';
const ATTEMPTS = 3;

/** Adds the escalation approvers to a stage nobody decided within `durationBeforeEscalation`, and mails them. */
export async function escalateApproval(deps: RequestDeps, entry: DueEntry, now: Date, correlationId: string, attempt = 1): Promise<void> {
  const stored = await deps.requests.get(entry.subjectId);
  const request = stored?.value;
  const stage = request && request.state === 'pendingApproval' ? currentStage(request) : undefined;
  if (!stored || !request || !stage?.startedDateTime) return;
  const policy = (await deps.policies.get(request.assignmentPolicyId))?.value;
  const settings = policy?.requestApprovalSettings.stages[stage.index];
  if (!settings?.isEscalationEnabled) return;
  const { escalationAt, timeoutAt } = stageDeadlines(settings, new Date(stage.startedDateTime));
  if (!escalationAt || escalationAt > now) return;
  // Escalated by an earlier run whose mails may not all have been recorded: record them again (once each by outbox id).
  if (stage.escalatedDateTime) return mailApprovers(deps, request, stage.index, stage.escalationApproverIds, 'escalation', timeoutAt);

  const added = await resolveApprovers(deps, request, settings.escalationApprovers, settings.fallbackEscalationApprovers);
  const next: AssignmentRequest = {
    ...request,
    status: 'PendingApprovalEscalated',
    stages: request.stages.map((s) => (s.id === stage.id ? { ...s, escalationApproverIds: added, escalatedDateTime: deps.now().toISOString() } : s)),
  };
  try {
    await deps.requests.replace(next, stored.etag);
  } catch (error) {
    // Changed meanwhile (decided, cancelled): read it again and decide anew.
    if (isStale(error) && attempt < ATTEMPTS) return escalateApproval(deps, entry, now, correlationId, attempt + 1);
    throw error;
  }
  await auditRequest(deps, TIMER, 'Escalate access package assignment request', next, correlationId, [
    { displayName: `stages[${stage.index}].escalationApprovers`, oldValue: null, newValue: added.join(',') },
  ]);
  await mailApprovers(deps, next, stage.index, added, 'escalation', timeoutAt);
}

/**
 * Denies a request whose stage nobody decided within `durationBeforeAutomaticDenial`: the stage
 * `Expired`, the request `denied` with status `TimedOut`, and the requestor is told.
 */
export async function timeOutApproval(deps: RequestDeps, entry: DueEntry, now: Date, correlationId: string, attempt = 1): Promise<void> {
  const stored = await deps.requests.get(entry.subjectId);
  const request = stored?.value;
  // Timed out by an earlier run whose mail may not have been recorded: record it again (sent once by outbox id).
  if (request?.state === 'denied' && request.status === 'TimedOut') return mailDenied(deps, request);
  const stage = request && request.state === 'pendingApproval' ? currentStage(request) : undefined;
  if (!stored || !request || !stage?.startedDateTime) return;
  const policy = (await deps.policies.get(request.assignmentPolicyId))?.value;
  const settings = policy?.requestApprovalSettings.stages[stage.index];
  // Without its policy the stage's deadline is the entry itself, if it was set after the stage started.
  const timeoutAt = settings ? stageDeadlines(settings, new Date(stage.startedDateTime)).timeoutAt : entry.dueAt > new Date(stage.startedDateTime) ? entry.dueAt : null;
  if (!timeoutAt || timeoutAt > now) return;

  const at = deps.now().toISOString();
  const next: AssignmentRequest = {
    ...request,
    state: 'denied',
    status: 'TimedOut',
    completedDateTime: at,
    reason: 'No approver decided before the request timed out.',
    stages: request.stages.map((s) => (s.id === stage.id ? { ...s, status: 'Expired' } : s)),
  };
  try {
    await deps.requests.replace(next, stored.etag);
  } catch (error) {
    if (isStale(error) && attempt < ATTEMPTS) return timeOutApproval(deps, entry, now, correlationId, attempt + 1);
    throw error;
  }
  await auditRequest(deps, TIMER, 'Deny access package assignment request (timed out)', next, correlationId, [
    { displayName: 'state', oldValue: 'pendingApproval', newValue: 'denied' },
    { displayName: 'status', oldValue: request.status, newValue: 'TimedOut' },
  ]);
  await mailDenied(deps, next);
}
