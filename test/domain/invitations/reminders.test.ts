import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_DAYS, mayBeReminded, nextReminder, normalizeReminderDays } from '../../../src/domain/invitations/reminders';

const invitedAt = new Date('2026-11-01T09:00:00Z');

describe('invitation reminders', () => {
  it('when nothing was sent yet, then the first reminder is due after the first scheduled day', () => {
    expect(nextReminder(invitedAt, DEFAULT_REMINDER_DAYS, 0)).toEqual({ index: 0, dueAt: new Date('2026-11-04T09:00:00Z') });
  });

  it('when every scheduled reminder was sent, then none is due again', () => {
    expect(nextReminder(invitedAt, DEFAULT_REMINDER_DAYS, 3)).toBeUndefined();
    expect(nextReminder(invitedAt, [], 0)).toBeUndefined();
  });

  it('when the schedule is given unordered, then it is sorted; bad schedules are refused with a reason', () => {
    expect(normalizeReminderDays([14, 3, 7])).toEqual([3, 7, 14]);
    expect(normalizeReminderDays([3, 3])).toBe('reminder days repeat');
    expect(normalizeReminderDays([0])).toMatch(/whole number of days/);
    expect(normalizeReminderDays([1.5])).toMatch(/whole number of days/);
    expect(normalizeReminderDays(Array.from({ length: 11 }, (_, i) => i + 1))).toBe('at most 10 reminders');
  });

  it('when a guest accepted, was disabled or deleted, then it is never reminded', () => {
    const pending = { externalUserState: 'PendingAcceptance', accountEnabled: true, deleted: false };
    expect(mayBeReminded(pending)).toBe(true);
    expect(mayBeReminded({ ...pending, externalUserState: 'Accepted' })).toBe(false);
    expect(mayBeReminded({ ...pending, accountEnabled: false })).toBe(false);
    expect(mayBeReminded({ ...pending, deleted: true })).toBe(false);
  });
});
