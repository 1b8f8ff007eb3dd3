import type { AuditInitiator } from '../../audit';
import { Failure } from '../../errors';
import { nameBasedId } from '../ids';
import { portalLinks } from '../portal-links';
import type { Assignment } from '../requests/model';
import type { RequestDeps } from '../requests/ports';
import { mailContext, packageForMail, targetRecipient, userRecipient } from '../approvals/mail-context';
import { applyGuestLifecycle } from './lifecycle';

/** The expiry mails go this many days before the end. */
export const NOTICE_DAYS = [14, 1] as const;
export const DAY_MS = 24 * 60 * 60 * 1000;
const ATTEMPTS = 3;

/**
 * Schedules an assignment's expiry notices and end (after delivery and after an extension).
 * Notices whose time has already passed are left out (a 7-day assignment gets no 14-day mail);
 * entries for an earlier end date may remain, and the timer ignores them.
 */
export async function scheduleAssignment(deps: RequestDeps, assignment: Assignment): Promise<void> {
  if (!assignment.endDateTime || assignment.state === 'expired') return;
  const end = Date.parse(assignment.endDateTime);
  const now = deps.now().getTime();
  for (const days of NOTICE_DAYS) {
    const at = end - days * DAY_MS;
    if (at > now) await deps.schedule.schedule({ kind: 'assignmentNotice', subjectId: assignment.id, dueAt: new Date(at) });
  }
  await deps.schedule.schedule({ kind: 'assignmentEnd', subjectId: assignment.id, dueAt: new Date(end) });
}

/**
 * Ends an assignment (expiry or removal): revokes its resource roles, sets `expired`, mails
 * "access ended" for an expiry, and applies the guest lifecycle when it was the target's last.
 * The request that delivered it keeps its state and gets status `Expired`; nothing is deleted.
 * A resource role that another live assignment of the same user also grants is kept. Ending an
 * assignment already `expired` changes nothing.
 */
export async function endAssignment(
  deps: RequestDeps,
  assignmentId: string,
  reason: 'expired' | 'removed',
  by: AuditInitiator,
  correlationId: string,
  attempt = 1,
): Promise<Assignment | undefined> {
  const stored = await deps.packageAssignments.get(assignmentId);
  if (!stored) return undefined;
  const assignment = stored.value;
  if (assignment.state === 'expired') return assignment;

  const others = (await deps.packageAssignments.find({ targetUserId: assignment.targetUserId })).filter((a) => a.id !== assignment.id && a.state !== 'expired');
  await revokeRoles(deps, assignment, others, by, correlationId);
  // Mailed before the state changes: a retry after a crash sends under the same outbox id.
  if (reason === 'expired') await mailEnded(deps, assignment);

  const at = deps.now().toISOString();
  const ended: Assignment = { ...assignment, state: 'expired', status: 'Expired', expiredDateTime: at, modifiedDateTime: at };
  try {
    await deps.packageAssignments.replace(ended, stored.etag);
  } catch (error) {
    if (error instanceof Failure && error.code === 'preconditionFailed' && attempt < ATTEMPTS) return endAssignment(deps, assignmentId, reason, by, correlationId, attempt + 1);
    throw error;
  }
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName: reason === 'expired' ? 'Access package assignment expired' : 'Remove access package assignment',
    category: 'EntitlementManagement',
    activityAt: deps.now(),
    initiatedBy: by,
    targetResources: [
      { id: assignment.id, type: 'Other', displayName: 'accessPackageAssignment', modifiedProperties: [{ displayName: 'state', oldValue: assignment.state, newValue: 'expired' }] },
      { id: assignment.targetUserId, type: 'User' },
    ],
    result: 'success',
    correlationId,
  });
  await finishEnded(deps, ended, by, correlationId);
  return ended;
}

/**
 * What follows an assignment's end once it is stored: its requests' status and the guest
 * lifecycle. Safe to repeat, so the timer repeats it when an earlier run stopped in between.
 */
export async function finishEnded(deps: RequestDeps, ended: Assignment, by: AuditInitiator, correlationId: string): Promise<void> {
  await markRequestsExpired(deps, ended.id);
  await applyGuestLifecycle(deps, ended.targetUserId, by, correlationId);
}

const roleKey = (s: { roleOriginId: string; scopeOriginId: string }): string => `${s.roleOriginId}|${s.scopeOriginId}`;

async function revokeRoles(deps: RequestDeps, assignment: Assignment, others: readonly Assignment[], by: AuditInitiator, correlationId: string): Promise<void> {
  const kept = new Set<string>();
  for (const packageId of new Set(others.map((a) => a.accessPackageId))) {
    for (const scope of await deps.roleScopes.find({ accessPackageId: packageId })) kept.add(roleKey(scope));
  }
  for (const scope of await deps.roleScopes.find({ accessPackageId: assignment.accessPackageId })) {
    if (!kept.has(roleKey(scope))) await deps.grants.revoke(assignment.targetUserId, scope, by, correlationId);
  }
}

/** The delivered requests of the assignment stay readable, with status `Expired`. */
async function markRequestsExpired(deps: RequestDeps, assignmentId: string): Promise<void> {
  for (const request of await deps.requests.find({ assignmentId })) {
    if ((request.state !== 'delivered' && request.state !== 'partiallyDelivered') || request.status === 'Expired') continue;
    const stored = await deps.requests.get(request.id);
    if (!stored) continue;
    try {
      await deps.requests.replace({ ...stored.value, status: 'Expired' }, stored.etag);
    } catch (error) {
      // Changed meanwhile (a reprocess, an extension): its own writer decides the status.
      if (!(error instanceof Failure && error.code === 'preconditionFailed')) throw error;
    }
  }
}

async function mailEnded(deps: RequestDeps, assignment: Assignment): Promise<void> {
  const context = await mailContext(deps);
  const recipient = userRecipient(await deps.people.user(assignment.targetUserId), context) ?? (await targetRecipient(deps, assignment.target, context));
  if (!recipient) return;
  await deps.mail.send({
    v: 1,
    outboxId: nameBasedId('accessEnded', assignment.id, assignment.endDateTime ?? assignment.modifiedDateTime),
    kind: 'accessEnded',
    to: [{ address: recipient.address, ...(recipient.displayName ? { displayName: recipient.displayName } : {}) }],
    recipientLanguage: recipient.language,
    data: {
      organization: context.organization,
      accessPackage: await packageForMail(deps, assignment.accessPackageId),
      endedDateTime: deps.now().toISOString(),
      requestAgainUrl: portalLinks.accessPackage(deps.site.portalBaseUrl, assignment.accessPackageId),
    },
  });
}
