import { finishInvitation } from '../../../src/domain/invitations/finish-invitation';
import { describe, expect, it } from 'vitest';
import { Failure } from '../../../src/domain/errors';
import { inviteGuest, NON_EXTERNAL_USER_EXISTS } from '../../../src/domain/invitations/invite-guest';
import { INVITATION_MAIL_REFILL_SECONDS, INVITATION_MAILS_PER_GUEST } from '../../../src/domain/invitations/resend-limit';
import { hashSecret } from '../../../src/domain/secrets';
import { buildCaller, buildInvite, memoryInvitationDeps, secretOf } from './doubles';

async function refusal(promise: Promise<unknown>): Promise<Failure> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(Failure);
  return error as Failure;
}

describe('inviteGuest', () => {
  it('when a new address is invited, then a guest is created as Entra does and one mail with the link is recorded', async () => {
    const m = memoryInvitationDeps();
    const result = await inviteGuest(m.deps, buildInvite({ invitedUserEmailAddress: 'Anna+Partners@Partner.Example' }));
    const guest = m.users.get(result.invitation.guestId)!;
    expect(guest.userPrincipalName).toBe('anna~partners_partner.example#EXT#@fabrikam.onmicrosoft.com');
    expect(guest.mail).toBe('Anna+Partners@Partner.Example');
    expect(guest.otherMails).toEqual(['Anna+Partners@Partner.Example']);
    expect(result.invitation).toMatchObject({ state: 'PendingAcceptance', generation: 0, sentCount: 1, sponsor: { kind: 'user', id: buildCaller().id } });
    expect(result.redeemUrl).toMatch(/^https:\/\/gatehouse\.example\/api\/redeem\?ticket=[A-Za-z0-9_-]{43}$/);
    expect(m.mails).toHaveLength(1);
    expect(m.mails[0]!.to).toEqual([{ address: 'Anna+Partners@Partner.Example', displayName: 'Anna' }]);
    expect((m.mails[0]!.data as { redeemUrl: string }).redeemUrl).toBe(result.redeemUrl);
    // Only the hash of the secret is stored.
    expect([...m.tickets.keys()]).toEqual([hashSecret(secretOf(result.redeemUrl))]);
    expect(JSON.stringify([...m.tickets.values()])).not.toContain(secretOf(result.redeemUrl));
    // The audit entries and the reminder entry ride on the mail's outbox row: the sender writes them, not the request.
    expect(m.audits).toHaveLength(0);
    expect(m.followUps).toHaveLength(1);
    const followUp = m.followUps[0]!;
    await m.finishFollowUps();
    expect(m.audits.map((a) => a.activityDisplayName)).toEqual(['Invite external user', 'Queue invitation mail']);
    expect(m.reminders.size).toBe(1);
    // A second delivery of the same outbox row (a retry after a crash) writes nothing twice.
    await finishInvitation(m.deps, followUp);
    expect(m.audits).toHaveLength(2);
    expect(m.reminders.size).toBe(1);
  });

  it('when no mail is sent, then the request writes the audit entries and the reminder entry itself', async () => {
    const m = memoryInvitationDeps();
    await inviteGuest(m.deps, buildInvite({ sendInvitationMessage: false }));
    expect(m.followUps).toHaveLength(0);
    expect(m.audits.map((a) => a.activityDisplayName)).toEqual(['Invite external user']);
    expect(m.reminders.size).toBe(1);
  });

  it('when sendInvitationMessage is false, then no mail is recorded but the link works the same', async () => {
    const m = memoryInvitationDeps();
    const result = await inviteGuest(m.deps, buildInvite({ sendInvitationMessage: false }));
    expect(m.mails).toHaveLength(0);
    expect(result.invitation.sentCount).toBe(0);
    expect(m.tickets.size).toBe(1);
  });

  it('when an existing guest is invited again in other letter case, then the same guest gets a new link and a new mail (Graph resend)', async () => {
    const m = memoryInvitationDeps();
    const first = await inviteGuest(m.deps, buildInvite());
    const again = await inviteGuest(m.deps, buildInvite({ invitedUserEmailAddress: 'ANNA@partner.example' }));
    expect(again.invitation.guestId).toBe(first.invitation.guestId);
    expect(again.redeemUrl).not.toBe(first.redeemUrl);
    expect(again.invitation.generation).toBe(0);
    expect(m.users.size).toBe(1);
    expect(m.mails).toHaveLength(2);
    await m.finishFollowUps();
    expect(m.audits.map((a) => a.activityDisplayName)).toContain('Resend invitation');
  });

  it('when the address belongs to a member, then Graph’s exact 400 and nothing is written', async () => {
    const m = memoryInvitationDeps();
    m.users.set('member-1', { id: 'member-1', userType: 'Member', userPrincipalName: 'bob@fabrikam.example', displayName: 'Bob', mail: 'bob@partner.example', otherMails: [], accountEnabled: true, creationType: null, externalUserState: null, preferredLanguage: null });
    const before = m.snapshot();
    const error = await refusal(inviteGuest(m.deps, buildInvite({ invitedUserEmailAddress: 'BOB@partner.example' })));
    expect(error.code).toBe('invalidRequest');
    expect(error.message).toBe(NON_EXTERNAL_USER_EXISTS);
    expect(m.snapshot()).toBe(before);
  });

  it.each([
    ['a verified domain', 'someone@fabrikam.example', () => {}],
    ['a blocked domain', 'x@blocked.example', (m: ReturnType<typeof memoryInvitationDeps>) => (m.settings.domainPolicy.blockedDomains = ['blocked.example'])],
    ['a domain outside the allow list', 'x@other.example', (m: ReturnType<typeof memoryInvitationDeps>) => (m.settings.domainPolicy.allowedDomains = ['partner.example'])],
    ['a malformed address', 'no-at-sign', () => {}],
  ])('when the address is in %s, then 400 and nothing is written', async (_what, address, arrange) => {
    const m = memoryInvitationDeps();
    arrange(m);
    const before = m.snapshot();
    const error = await refusal(inviteGuest(m.deps, buildInvite({ invitedUserEmailAddress: address })));
    expect(['invalidRequest', 'validationFailed']).toContain(error.code);
    expect(error.details.map((d) => d.target)).toContain('invitedUserEmailAddress');
    expect(m.snapshot()).toBe(before);
  });

  it('when the collaboration settings forbid the caller, then 403 and nothing is written', async () => {
    const m = memoryInvitationDeps();
    m.settings.allowInvitesFrom = 'adminsAndGuestInviters';
    const before = m.snapshot();
    expect((await refusal(inviteGuest(m.deps, buildInvite()))).code).toBe('accessDenied');
    expect(m.snapshot()).toBe(before);
    await inviteGuest(m.deps, buildInvite({ caller: buildCaller({ roles: ['Guest Inviter'] }) }));
    expect(m.users.size).toBe(1);
  });

  it('when a non-admin invites a Member, then 403', async () => {
    const m = memoryInvitationDeps();
    expect((await refusal(inviteGuest(m.deps, buildInvite({ invitedUserType: 'Member' })))).code).toBe('accessDenied');
    const ok = await inviteGuest(m.deps, buildInvite({ invitedUserType: 'Member', caller: buildCaller({ roles: ['User Administrator'] }) }));
    expect(m.users.get(ok.invitation.guestId)!.userType).toBe('Member');
  });

  it('when an assignment names a group that does not exist, then it is refused before the guest is created', async () => {
    const m = memoryInvitationDeps();
    const before = m.snapshot();
    const admin = buildCaller({ roles: ['User Administrator'] });
    expect((await refusal(inviteGuest(m.deps, buildInvite({ caller: admin, assignments: [{ type: 'group', id: 'missing' }] })))).code).toBe('notFound');
    expect(m.snapshot()).toBe(before);
    m.knownGroups.add('g1');
    const ok = await inviteGuest(m.deps, buildInvite({ caller: admin, assignments: [{ type: 'group', id: 'g1' }] }));
    expect(m.applied).toEqual([{ principalId: ok.invitation.guestId, assignments: [{ type: 'group', id: 'g1' }] }]);
  });

  it('when the users module refuses the profile, then no ticket or invitation is written', async () => {
    const m = memoryInvitationDeps();
    await refusal(inviteGuest(m.deps, buildInvite({ profile: { usageLocation: 'XX' } })));
    expect(m.tickets.size + m.invitations.size + m.mails.length).toBe(0);
  });

  it('when redemption is reset, then the generation moves on, the guest is pending again and the id is kept', async () => {
    const m = memoryInvitationDeps();
    const first = await inviteGuest(m.deps, buildInvite());
    const id = first.invitation.guestId;
    await m.deps.guests.setExternalUserState(id, 'Accepted', { kind: 'system', name: 't' });
    const reset = await inviteGuest(m.deps, buildInvite({ resetRedemption: true, invitedUserId: id }));
    expect(reset.invitation).toMatchObject({ guestId: id, generation: 1, state: 'PendingAcceptance' });
    expect(m.users.get(id)!.externalUserState).toBe('PendingAcceptance');
    await m.finishFollowUps();
    expect(m.audits.map((a) => a.activityDisplayName)).toContain('Invite external user with reset invitation status');
  });

  it('when resetRedemption names no user, or an address the user does not hold, then 400', async () => {
    const m = memoryInvitationDeps();
    const first = await inviteGuest(m.deps, buildInvite());
    expect((await refusal(inviteGuest(m.deps, buildInvite({ resetRedemption: true })))).details[0]!.target).toBe('invitedUser.id');
    const other = await refusal(inviteGuest(m.deps, buildInvite({ resetRedemption: true, invitedUserId: first.invitation.guestId, invitedUserEmailAddress: 'else@partner.example' })));
    expect(other.code).toBe('invalidRequest');
  });

  it('when a guest is mailed more often than the per-guest limit allows, then the sixth mail is throttled with a wait and re-invitations without a mail still pass', async () => {
    const m = memoryInvitationDeps();
    await inviteGuest(m.deps, buildInvite());
    for (let i = 0; i < INVITATION_MAILS_PER_GUEST - 1; i++) await inviteGuest(m.deps, buildInvite());
    const before = m.snapshot();
    const error = await refusal(inviteGuest(m.deps, buildInvite()));
    expect(error.code).toBe('throttled');
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(m.snapshot()).toBe(before);
    expect(m.mails).toHaveLength(INVITATION_MAILS_PER_GUEST);
    const quiet = await inviteGuest(m.deps, buildInvite({ sendInvitationMessage: false }));
    expect(quiet.invitation.sentCount).toBe(INVITATION_MAILS_PER_GUEST);
    m.advance(INVITATION_MAIL_REFILL_SECONDS * 1000);
    expect((await inviteGuest(m.deps, buildInvite())).invitation.sentCount).toBe(INVITATION_MAILS_PER_GUEST + 1);
    expect(m.mails).toHaveLength(INVITATION_MAILS_PER_GUEST + 1);
  });

  it('when one operation is retried after it was recorded, then the answer is the same link and no second mail or guest is written', async () => {
    const m = memoryInvitationDeps();
    const first = await inviteGuest(m.deps, buildInvite({ operationKey: 'bulk|job-1|7' }));
    const again = await inviteGuest(m.deps, buildInvite({ operationKey: 'bulk|job-1|7' }));
    expect(again.redeemUrl).toBe(first.redeemUrl);
    expect(again.invitation.guestId).toBe(first.invitation.guestId);
    expect(m.mails).toHaveLength(1);
    expect(m.tickets.size).toBe(1);
    // Another operation for the same guest is a re-invitation with a link and a mail of its own.
    const other = await inviteGuest(m.deps, buildInvite({ operationKey: 'bulk|job-1|8' }));
    expect(other.redeemUrl).not.toBe(first.redeemUrl);
    expect(m.mails).toHaveLength(2);
  });

  it('when an operation crashed after its ticket and guest but before its record, then the retry records it once with the same guest and link', async () => {
    const m = memoryInvitationDeps();
    const save = m.deps.invitations.save;
    m.deps.invitations.save = async () => {
      throw new Error('crash before the record');
    };
    await expect(inviteGuest(m.deps, buildInvite({ operationKey: 'op-1' }))).rejects.toThrow('crash');
    m.deps.invitations.save = save;
    const guests = m.users.size;
    const retried = await inviteGuest(m.deps, buildInvite({ operationKey: 'op-1' }));
    expect(m.users.size).toBe(guests);
    expect(m.mails).toHaveLength(1);
    expect((m.mails[0]!.data as { redeemUrl: string }).redeemUrl).toBe(retried.redeemUrl);
    expect(m.tickets.size).toBe(1);
  });

  it('when re-invitations of one guest race, then each admitted one records its own mail and the limit holds exactly', async () => {
    const m = memoryInvitationDeps();
    await inviteGuest(m.deps, buildInvite({ sendInvitationMessage: false }));
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => inviteGuest(m.deps, buildInvite())));
    const admitted = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(admitted).toHaveLength(INVITATION_MAILS_PER_GUEST);
    expect(refused.map((r) => (r.reason as Failure).code)).toEqual(Array(12 - INVITATION_MAILS_PER_GUEST).fill('throttled'));
    expect(m.mails).toHaveLength(INVITATION_MAILS_PER_GUEST);
    expect([...m.invitations.values()][0]!.invitation.sentCount).toBe(INVITATION_MAILS_PER_GUEST);
  });

  it('when the invitation mail could not be built (an inviter name the mail refuses), then 400 before anything is written', async () => {
    const m = memoryInvitationDeps();
    const before = m.snapshot();
    const error = await refusal(inviteGuest(m.deps, buildInvite({ caller: buildCaller({ displayName: '   ' }) })));
    expect(error.code).toBe('validationFailed');
    expect(error.details.map((d) => d.target)).toContain('inviter');
    expect(m.snapshot()).toBe(before);
    expect(m.reminders.size).toBe(0);
  });
});
