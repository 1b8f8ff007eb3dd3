import { nameBasedId } from '../ids';
import { portalLinks } from '../portal-links';
import type { Assignment } from '../requests/model';
import type { DueEntry, RequestDeps } from '../requests/ports';
import { Failure } from '../../errors';
import { mailContext, packageForMail, targetRecipient, userRecipient } from '../approvals/mail-context';
import { TIMER } from '../approvals/stages';
import { DAY_MS, endAssignment, finishEnded } from './end-assignment';
const ATTEMPTS = 3;

/** Which notice is due `msLeft` before the end: the 1-day one in the last day, else the 14-day one in the last 14 days. */
export function noticeDue(msLeft: number): 14 | 1 | undefined {
  if (msLeft <= 0) return undefined;
  if (msLeft <= DAY_MS) return 1;
  return msLeft <= 14 * DAY_MS ? 14 : undefined;
}

/**
 * The `assignmentNotice` entry: mails "your access expires" once per notice and end date, with the
 * one-click extension link when the policy lets targets extend. The mail is recorded before the
 * assignment notes it, so a crash in between re-sends under the same outbox id (sent once).
 */
export async function sendExpiryNotice(deps: RequestDeps, entry: DueEntry, now: Date, correlationId: string, attempt = 1): Promise<void> {
  const stored = await deps.packageAssignments.get(entry.subjectId);
  const assignment = stored?.value;
  if (!stored || !assignment || assignment.state === 'expired' || !assignment.endDateTime) return;
  const due = noticeDue(Date.parse(assignment.endDateTime) - now.getTime());
  if (!due || assignment.expiryNotices.includes(due)) return;

  await mailExpiring(deps, assignment, due);
  const next: Assignment = { ...assignment, expiryNotices: [...assignment.expiryNotices, due], modifiedDateTime: deps.now().toISOString() };
  try {
    await deps.packageAssignments.replace(next, stored.etag);
  } catch (error) {
    if (error instanceof Failure && error.code === 'preconditionFailed' && attempt < ATTEMPTS) return sendExpiryNotice(deps, entry, now, correlationId, attempt + 1);
    throw error;
  }
}

async function mailExpiring(deps: RequestDeps, assignment: Assignment, daysLeft: 14 | 1): Promise<void> {
  const context = await mailContext(deps);
  const recipient = userRecipient(await deps.people.user(assignment.targetUserId), context) ?? (await targetRecipient(deps, assignment.target, context));
  if (!recipient || !assignment.endDateTime) return;
  const policy = (await deps.policies.get(assignment.assignmentPolicyId))?.value;
  const extendable = policy?.requestorSettings.enableTargetsToSelfUpdateAccess === true;
  await deps.mail.send({
    v: 1,
    outboxId: nameBasedId('accessExpiring', assignment.id, assignment.endDateTime, String(daysLeft)),
    kind: 'accessExpiring',
    to: [{ address: recipient.address, ...(recipient.displayName ? { displayName: recipient.displayName } : {}) }],
    recipientLanguage: recipient.language,
    data: {
      organization: context.organization,
      accessPackage: await packageForMail(deps, assignment.accessPackageId),
      daysLeft,
      expiresDateTime: new Date(assignment.endDateTime).toISOString(),
      extendUrl: extendable ? portalLinks.extend(deps.site.portalBaseUrl, assignment.id) : null,
    },
  });
}

/** The `assignmentEnd` entry: ends the assignment if its (possibly extended) end has come. */
export async function expireAssignment(deps: RequestDeps, entry: DueEntry, now: Date, correlationId: string): Promise<void> {
  const assignment = (await deps.packageAssignments.get(entry.subjectId))?.value;
  if (!assignment?.endDateTime || Date.parse(assignment.endDateTime) > now.getTime()) return;
  if (assignment.state !== 'expired') {
    await endAssignment(deps, assignment.id, 'expired', TIMER, correlationId);
    return;
  }
  // Ended by this very entry in an earlier run that stopped before its consequences: finish them.
  if (Date.parse(assignment.endDateTime) === entry.dueAt.getTime()) await finishEnded(deps, assignment, TIMER, correlationId);
}
