/**
 * When pending guests are reminded: on the organization's schedule (days after the invitation,
 * default 3, 7 and 14), each reminder once, never for an accepted, deleted or disabled guest.
 */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [3, 7, 14];
const DAY_MS = 86_400_000;

/** Validates a schedule: whole days 1..365, ascending, no repeats, at most 10 (empty = off). */
export function normalizeReminderDays(days: readonly number[]): number[] | string {
  if (days.length > 10) return 'at most 10 reminders';
  const sorted = [...days].sort((a, b) => a - b);
  for (const [i, d] of sorted.entries()) {
    if (!Number.isInteger(d) || d < 1 || d > 365) return 'each reminder is a whole number of days from 1 to 365';
    if (i > 0 && sorted[i - 1] === d) return 'reminder days repeat';
  }
  return sorted;
}

/**
 * The next reminder after `sentCount` reminders for an invitation made at `invitedAt`, or
 * undefined when the schedule is exhausted. The due-date index stores this, so the timer reads
 * only what is due.
 */
export function nextReminder(invitedAt: Date, schedule: readonly number[], sentCount: number): { index: number; dueAt: Date } | undefined {
  const days = schedule[sentCount];
  if (days === undefined) return undefined;
  return { index: sentCount, dueAt: new Date(invitedAt.getTime() + days * DAY_MS) };
}

/** Guests that may be reminded: still pending, enabled and not deleted. */
export function mayBeReminded(guest: { externalUserState: string | null; accountEnabled: boolean; deleted: boolean }): boolean {
  return guest.externalUserState === 'PendingAcceptance' && guest.accountEnabled && !guest.deleted;
}
