import type { AuditInitiator } from '../../audit';
import { addDuration, parseDuration } from '../duration';
import { nameBasedId } from '../ids';
import { portalLinks } from '../portal-links';
import type { ApprovalStage, AssignmentPolicy } from '../policy';
import type { AssignmentRequest, RequestStage } from '../requests/model';
import type { RequestDeps } from '../requests/ports';
import { resolveApprovers } from './approvers';
import { mailContext, packageForMail, targetRecipient, userRecipient } from './mail-context';

/** The system as an audit initiator for what the timer does. */
export const TIMER: AuditInitiator = { kind: 'system', name: 'Entitlement management' };

export const stageIdOf = (requestId: string, index: number): string => nameBasedId('approvalStage', requestId, String(index));

/** One `NotStarted` stage per stage of the policy. */
export function notStartedStages(requestId: string, count: number): RequestStage[] {
  return Array.from({ length: count }, (_, index) => ({
    id: stageIdOf(requestId, index),
    index,
    status: 'NotStarted',
    reviewResult: 'NotReviewed',
    reviewedBy: null,
    reviewedDateTime: null,
    justification: null,
    startedDateTime: null,
    approverIds: [],
    escalationApproverIds: [],
    escalatedDateTime: null,
  }));
}

/** The stage in progress, if any (at most one is). */
export const currentStage = (request: AssignmentRequest): RequestStage | undefined => request.stages.find((s) => s.status === 'InProgress');

/** Everyone who may decide a stage now: its approvers and, once escalated, its escalation approvers. */
export const deciders = (stage: RequestStage): string[] => [...new Set([...stage.approverIds, ...stage.escalationApproverIds])];

/** When a stage started at `startedAt` is denied automatically, and when it escalates (null: never). */
export function stageDeadlines(settings: ApprovalStage, startedAt: Date): { timeoutAt: Date | null; escalationAt: Date | null } {
  const denial = parseDuration(settings.durationBeforeAutomaticDenial);
  const escalation = settings.isEscalationEnabled && settings.durationBeforeEscalation ? parseDuration(settings.durationBeforeEscalation) : undefined;
  return { timeoutAt: denial ? addDuration(startedAt, denial) : null, escalationAt: escalation ? addDuration(startedAt, escalation) : null };
}

/** The request with stage `index` in progress and its approvers resolved (not yet stored). */
export async function withStageOpened(deps: RequestDeps, request: AssignmentRequest, policy: AssignmentPolicy, index: number, now: Date): Promise<AssignmentRequest> {
  const settings = policy.requestApprovalSettings.stages[index];
  const approverIds = settings ? await resolveApprovers(deps, request, settings.primaryApprovers, settings.fallbackPrimaryApprovers) : [];
  return {
    ...request,
    stages: request.stages.map((s) => (s.index === index ? { ...s, status: 'InProgress', startedDateTime: now.toISOString(), approverIds } : s)),
  };
}

/**
 * After a stage was stored as started: its escalation and automatic denial go into the due index,
 * and each approver is mailed. Repeating it schedules and mails nothing new.
 */
export async function announceStage(deps: RequestDeps, request: AssignmentRequest, policy: AssignmentPolicy, index: number): Promise<void> {
  const stage = request.stages.find((s) => s.index === index);
  const settings = policy.requestApprovalSettings.stages[index];
  if (!stage?.startedDateTime || !settings) return;
  const { timeoutAt, escalationAt } = stageDeadlines(settings, new Date(stage.startedDateTime));
  if (timeoutAt) await deps.schedule.schedule({ kind: 'approvalTimeout', subjectId: request.id, dueAt: timeoutAt });
  if (escalationAt) await deps.schedule.schedule({ kind: 'approvalEscalation', subjectId: request.id, dueAt: escalationAt });
  await mailApprovers(deps, request, index, stage.approverIds, 'primary', timeoutAt);
}

/** The approval-request mail to each of `approverIds` (those without a mail address only see it in the API and the portal). */
export async function mailApprovers(
  deps: RequestDeps,
  request: AssignmentRequest,
  stageIndex: number,
  approverIds: readonly string[],
  role: 'primary' | 'escalation',
  decideBy: Date | null,
): Promise<void> {
  if (approverIds.length === 0) return;
  const context = await mailContext(deps);
  const accessPackage = await packageForMail(deps, request.accessPackageId);
  const target = await targetRecipient(deps, request.target, context);
  // The mail's schema needs the requestor's address; a target without one cannot be shown.
  if (!target) return;
  const base = deps.site.portalBaseUrl;
  for (const approverId of approverIds) {
    const recipient = userRecipient(await deps.people.user(approverId), context);
    if (!recipient) continue;
    await deps.mail.send({
      v: 1,
      outboxId: nameBasedId('approvalMail', request.id, String(stageIndex), approverId, role),
      kind: 'approvalRequest',
      to: [{ address: recipient.address, ...(recipient.displayName ? { displayName: recipient.displayName } : {}) }],
      recipientLanguage: recipient.language,
      data: {
        organization: context.organization,
        requestor: { displayName: target.displayName ?? target.address, email: target.address },
        accessPackage,
        justification: request.justification,
        answers: request.answers.map((a) => ({ question: a.displayValue, answer: a.value })),
        approveUrl: portalLinks.approval(base, request.id, 'Approve'),
        denyUrl: portalLinks.approval(base, request.id, 'Deny'),
        decideByDateTime: decideBy?.toISOString() ?? null,
      },
    });
  }
}

/** Tells the person a request was for that it was denied (by an approver, or because nobody decided in time). */
export async function mailDenied(deps: RequestDeps, request: AssignmentRequest): Promise<void> {
  const context = await mailContext(deps);
  const recipient = await targetRecipient(deps, request.target, context);
  if (!recipient) return;
  await deps.mail.send({
    v: 1,
    outboxId: nameBasedId('requestDenied', request.id),
    kind: 'requestDenied',
    to: [{ address: recipient.address, ...(recipient.displayName ? { displayName: recipient.displayName } : {}) }],
    recipientLanguage: recipient.language,
    data: {
      organization: context.organization,
      accessPackage: await packageForMail(deps, request.accessPackageId),
      reason: request.reason,
      requestsUrl: portalLinks.requests(deps.site.portalBaseUrl),
    },
  });
}
