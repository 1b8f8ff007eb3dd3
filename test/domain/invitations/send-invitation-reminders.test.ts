import { describe, expect, it } from 'vitest';
import { inviteGuest } from '../../../src/domain/invitations/invite-guest';
import { decideInvitation, openInvitation } from '../../../src/domain/invitations/redeem-invitation';
import { sendInvitationReminders } from '../../../src/domain/invitations/send-invitation-reminders';
import { buildInvite, memoryInvitationDeps, secretOf } from './doubles';

const DAY = 86_400_000;
const reminderMails = (m: ReturnType<typeof memoryInvitationDeps>) => m.mails.filter((mail) => mail.kind === 'invitationReminder');

async function pendingGuest(address = 'anna@partner.example') {
  const m = memoryInvitationDeps();
  const result = await inviteGuest(m.deps, buildInvite({ invitedUserEmailAddress: address }));
  // The reminder entry is written by the mail sender, from the invitation mail's outbox row.
  await m.finishFollowUps();
  return { m, id: result.invitation.guestId, secret: secretOf(result.redeemUrl) };
}

describe('sendInvitationReminders (simulated clock)', () => {
  it('when a reminder is not yet due, then nothing is sent', async () => {
    const { m } = await pendingGuest();
    m.advance(3 * DAY - 1);
    expect(await sendInvitationReminders(m.deps)).toEqual({ sent: 0, skipped: 0 });
    expect(reminderMails(m)).toHaveLength(0);
  });

  it('when reminders fall due on days 3, 7 and 14, then each is sent once with a working link, and never again', async () => {
    const { m, id } = await pendingGuest();
    for (const day of [3, 7, 14]) {
      m.advance((day === 3 ? 3 : day === 7 ? 4 : 7) * DAY);
      expect((await sendInvitationReminders(m.deps)).sent).toBe(1);
      expect((await sendInvitationReminders(m.deps)).sent).toBe(0);
    }
    m.advance(60 * DAY);
    expect((await sendInvitationReminders(m.deps)).sent).toBe(0);
    const mails = reminderMails(m);
    expect(mails).toHaveLength(3);
    expect(m.invitations.get(id)!.invitation.remindersSent).toBe(3);
    for (const mail of mails) {
      expect((await openInvitation(m.deps, secretOf((mail.data as { redeemUrl: string }).redeemUrl), { email: 'anna@partner.example' })).kind).toBe('consent');
    }
    expect(m.audits.filter((a) => a.activityDisplayName === 'Send invitation reminder')).toHaveLength(3);
  });

  it('when the guest has accepted, declined or been disabled, then no reminder is sent and the entry is dropped', async () => {
    for (const arrange of ['accept', 'decline', 'disable'] as const) {
      const { m, id, secret } = await pendingGuest();
      if (arrange === 'disable') m.users.set(id, { ...m.users.get(id)!, accountEnabled: false });
      else await decideInvitation(m.deps, secret, arrange, { email: 'anna@partner.example' });
      m.advance(3 * DAY);
      expect(await sendInvitationReminders(m.deps), arrange).toEqual({ sent: 0, skipped: 1 });
      expect(m.reminders.size).toBe(0);
    }
  });

  it('when the guest was deleted, then no reminder is sent', async () => {
    const { m, id } = await pendingGuest();
    m.users.delete(id);
    m.advance(3 * DAY);
    expect((await sendInvitationReminders(m.deps)).sent).toBe(0);
  });

  it('when the organization turns reminders off, then due entries are dropped without mail', async () => {
    const { m } = await pendingGuest();
    m.settings.organization = { ...m.settings.organization, reminderSchedule: [] };
    m.advance(3 * DAY);
    expect(await sendInvitationReminders(m.deps)).toEqual({ sent: 0, skipped: 1 });
    const fresh = memoryInvitationDeps();
    fresh.settings.organization = { ...fresh.settings.organization, reminderSchedule: [] };
    await inviteGuest(fresh.deps, buildInvite());
    expect(fresh.reminders.size).toBe(0);
  });

  it('when redemption is reset, then the schedule starts again from the reset and the old entry is stale', async () => {
    const { m, id } = await pendingGuest();
    m.advance(3 * DAY);
    await sendInvitationReminders(m.deps);
    m.advance(1 * DAY);
    await inviteGuest(m.deps, buildInvite({ resetRedemption: true, invitedUserId: id }));
    await m.finishFollowUps();
    m.advance(3 * DAY);
    // Day 7 of the old schedule and day 3 of the new one: only the new one is sent.
    expect(await sendInvitationReminders(m.deps)).toEqual({ sent: 1, skipped: 1 });
    expect(m.invitations.get(id)!.invitation.remindersSent).toBe(1);
  });

  it('when a run dies after mailing but before clearing its entry, then the next run does not mail that reminder again', async () => {
    const { m } = await pendingGuest();
    m.advance(3 * DAY);
    const remove = m.deps.reminders.remove;
    m.deps.reminders.remove = async () => {
      throw new Error('instance stopped');
    };
    await expect(sendInvitationReminders(m.deps)).rejects.toThrow('instance stopped');
    m.deps.reminders.remove = remove;
    expect(reminderMails(m)).toHaveLength(1);
    expect(await sendInvitationReminders(m.deps)).toEqual({ sent: 0, skipped: 1 });
    expect(reminderMails(m)).toHaveLength(1);
  });
});

