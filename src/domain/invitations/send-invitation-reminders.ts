import type { AuditInitiator } from '../audit';
import { Failure } from '../errors';
import { auditInvitation } from './audit-invitation';
import type { Invitation } from './invitation';
import type { InvitationDeps, OrganizationView, ReminderEntry } from './ports';
import { recordInvitation } from './record-invitation';
import { mayBeReminded, nextReminder, normalizeReminderDays } from './reminders';

const SYSTEM: AuditInitiator = { kind: 'system', name: 'sendInvitationReminders' };
/** Reminders handled per run; the rest wait for the next run (the index keeps them due). */
export const REMINDERS_PER_RUN = 500;

/** The organization's schedule, or none when it is off or unusable. */
export const reminderScheduleOf = (organization: Pick<OrganizationView, 'reminderSchedule'>): number[] => {
  const days = normalizeReminderDays(organization.reminderSchedule);
  return typeof days === 'string' ? [] : days;
};

/** Puts the next reminder of `invitation` in the due-date index, when the schedule has one left. */
export async function scheduleNextReminder(deps: Pick<InvitationDeps, 'reminders'>, invitation: Invitation, organization: OrganizationView): Promise<void> {
  const entry = nextReminderEntry(invitation, organization);
  if (entry) await deps.reminders.schedule(entry);
}

/** The index entry of the next reminder of `invitation`, or null when the schedule has none left. */
export function nextReminderEntry(invitation: Invitation, organization: OrganizationView): ReminderEntry | null {
  const next = nextReminder(invitation.invitedAt, reminderScheduleOf(organization), invitation.remindersSent);
  return next ? { guestId: invitation.guestId, index: next.index, invitedAt: invitation.invitedAt, dueAt: next.dueAt } : null;
}

export interface ReminderRun {
  sent: number;
  skipped: number;
}

/**
 * The daily reminder run: reads only the due entries of the index and mails each guest still
 * pending, enabled and not deleted, with a fresh link. The invitation's reminder count moves on in
 * the same ETag-guarded write that records the mail, so a reminder is never sent twice (an entry
 * that no longer matches the count is stale and only removed).
 */
export async function sendInvitationReminders(deps: InvitationDeps): Promise<ReminderRun> {
  const now = deps.now();
  const organization = await deps.policies.organization();
  const schedule = reminderScheduleOf(organization);
  const run: ReminderRun = { sent: 0, skipped: 0 };
  for (const entry of await deps.reminders.listDue(now, REMINDERS_PER_RUN)) {
    const [stored, guest] = await Promise.all([deps.invitations.get(entry.guestId), deps.guests.get(entry.guestId)]);
    const invitation = stored?.invitation;
    const current =
      invitation &&
      guest &&
      invitation.invitedAt.getTime() === entry.invitedAt.getTime() &&
      invitation.remindersSent === entry.index &&
      entry.index < schedule.length &&
      invitation.state === 'PendingAcceptance' &&
      // `guests.get` sees live users only: a deleted guest has no account here.
      mayBeReminded({ externalUserState: guest.externalUserState, accountEnabled: guest.accountEnabled, deleted: false });
    // An address that blocked invitations gets no reminders either.
    if (!current || !stored || (await deps.optOuts.isOptedOut(invitation.invitedUserEmailAddress.toLowerCase()))) {
      run.skipped++;
      await deps.reminders.remove(entry);
      continue;
    }
    const reminded: Invitation = { ...invitation, remindersSent: invitation.remindersSent + 1 };
    try {
      const recorded = await recordInvitation(deps, {
        invitation: reminded,
        etag: stored.etag,
        organization,
        mail: 'invitationReminder',
        recipientLanguage: guest.preferredLanguage,
        now,
        // The next reminder's entry goes in before the record: a crash right after the record must
        // not end the schedule (an entry whose reminder is not due yet is checked when it is).
        alongside: () => scheduleNextReminder(deps, reminded, organization),
      });
      await auditInvitation(deps, { activity: 'reminded', at: now, by: SYSTEM, guestId: guest.id, email: invitation.invitedUserEmailAddress, detail: { reminder: String(entry.index + 1), outboxId: recorded.outboxId } });
    } catch (error) {
      // Changed meanwhile (accepted, reset, another run): decided again on the next run, if still due.
      if (error instanceof Failure && error.code === 'preconditionFailed') {
        run.skipped++;
        continue;
      }
      throw error;
    }
    await deps.reminders.remove(entry);
    run.sent++;
  }
  return run;
}
