import { describe, expect, it } from 'vitest';
import { addIsoDuration } from '../../../src/domain/invitations/invitation';
import { inviteGuest } from '../../../src/domain/invitations/invite-guest';
import { decideInvitation, openInvitation } from '../../../src/domain/invitations/redeem-invitation';
import { resendInvitation } from '../../../src/domain/invitations/resend-invitation';
import { buildCaller, buildInvite, memoryInvitationDeps, secretOf } from './doubles';

async function invited(options: Parameters<typeof memoryInvitationDeps>[0] = {}) {
  const m = memoryInvitationDeps(options);
  const result = await inviteGuest(m.deps, buildInvite({ messageInfo: { ccRecipients: [], customizedMessageBody: 'Hello Anna', messageLanguage: 'nl-NL' } }));
  return { m, id: result.invitation.guestId, secret: secretOf(result.redeemUrl) };
}

describe('openInvitation (GET)', () => {
  it('when a valid link is opened, then the consent page data is shown and nothing changes', async () => {
    const { m, id, secret } = await invited();
    const before = m.snapshot();
    const outcome = await openInvitation(m.deps, secret);
    expect(outcome).toMatchObject({ kind: 'consent', customMessage: 'Hello Anna', inviter: { displayName: 'Ines Inviter' }, language: { messageLanguage: 'nl-NL' } });
    expect(m.snapshot()).toBe(before);
    expect(m.users.get(id)!.externalUserState).toBe('PendingAcceptance');
  });

  it('when the link is malformed, unknown, revoked or its guest disabled, then the same neutral answer', async () => {
    const { m, id, secret } = await invited();
    const neutral = (await openInvitation(m.deps, 'not-a-ticket')).kind;
    expect(neutral).toBe('invalid');
    expect((await openInvitation(m.deps, 'A'.repeat(43))).kind).toBe(neutral);
    m.users.set(id, { ...m.users.get(id)!, accountEnabled: false });
    expect((await openInvitation(m.deps, secret)).kind).toBe(neutral);
    m.users.set(id, { ...m.users.get(id)!, accountEnabled: true });
    await inviteGuest(m.deps, buildInvite({ resetRedemption: true, invitedUserId: id }));
    expect((await openInvitation(m.deps, secret)).kind).toBe(neutral);
  });

  it('when the domain is blocked after the invitation, then the link shows the unavailable page and cannot be accepted', async () => {
    const { m, id, secret } = await invited();
    m.settings.domainPolicy.blockedDomains = ['partner.example'];
    expect((await openInvitation(m.deps, secret)).kind).toBe('unavailable');
    expect((await decideInvitation(m.deps, secret, 'accept')).kind).toBe('unavailable');
    expect(m.users.get(id)!.externalUserState).toBe('PendingAcceptance');
  });
});

describe('decideInvitation (POST)', () => {
  it('when the guest accepts, then Accepted with consent recorded, redirect, and later visits go straight to the redirect', async () => {
    const { m, id, secret } = await invited();
    expect(await decideInvitation(m.deps, secret, 'accept')).toEqual({ kind: 'redirect', url: 'https://apps.example/start' });
    expect(m.users.get(id)!.externalUserState).toBe('Accepted');
    expect(m.invitations.get(id)!.invitation.consent).toEqual({ at: m.deps.now(), statementUrl: 'https://fabrikam.example/privacy' });
    expect(await openInvitation(m.deps, secret)).toEqual({ kind: 'redirect', url: 'https://apps.example/start' });
    expect(m.audits.filter((a) => a.activityDisplayName === 'Redeem external user invite')).toHaveLength(1);
  });

  it('when two accepts race, then exactly one records the redemption and both redirect', async () => {
    const { m, secret } = await invited();
    const outcomes = await Promise.all([decideInvitation(m.deps, secret, 'accept'), decideInvitation(m.deps, secret, 'accept')]);
    expect(outcomes.map((o) => o.kind)).toEqual(['redirect', 'redirect']);
    expect(m.audits.filter((a) => a.activityDisplayName === 'Redeem external user invite')).toHaveLength(1);
  });

  it('when the guest declines, then it is recorded and a later accept still works', async () => {
    const { m, id, secret } = await invited();
    expect((await decideInvitation(m.deps, secret, 'decline')).kind).toBe('declined');
    expect(m.invitations.get(id)!.invitation.state).toBe('Declined');
    expect(m.users.get(id)!.externalUserState).toBe('PendingAcceptance');
    expect((await decideInvitation(m.deps, secret, 'accept')).kind).toBe('redirect');
  });
});

describe('expiry (organization invitationValidity)', () => {
  it('when the validity has passed, then the link shows the expired page; a resend gives a link that works again', async () => {
    const { m, id } = await (async () => {
      const m = memoryInvitationDeps();
      m.settings.organization = { ...m.settings.organization, invitationValidity: 'P7D' };
      const r = await inviteGuest(m.deps, buildInvite());
      return { m, id: r.invitation.guestId, secret: secretOf(r.redeemUrl) };
    })();
    const first = secretOf((await resendInvitation(m.deps, { caller: buildCaller(), guestId: id, correlationId: 'c' })).redeemUrl);
    m.advance(7 * 86_400_000 + 1);
    expect(await openInvitation(m.deps, first)).toMatchObject({ kind: 'expired', inviter: 'Ines Inviter' });
    expect((await decideInvitation(m.deps, first, 'accept')).kind).toBe('expired');
    const renewed = await resendInvitation(m.deps, { caller: buildCaller(), guestId: id, correlationId: 'c' });
    expect(renewed.invitation.expiresAt).toEqual(new Date(m.deps.now().getTime() + 7 * 86_400_000));
    expect((await openInvitation(m.deps, secretOf(renewed.redeemUrl))).kind).toBe('consent');
  });

  it('when no validity is set, then links never expire', async () => {
    const { m, secret } = await invited();
    m.advance(400 * 86_400_000);
    expect((await openInvitation(m.deps, secret)).kind).toBe('consent');
  });

  it('adds ISO 8601 durations in UTC calendar arithmetic', () => {
    const from = new Date('2026-01-31T12:00:00Z');
    expect(addIsoDuration(from, 'P1M')?.toISOString()).toBe('2026-03-03T12:00:00.000Z');
    expect(addIsoDuration(from, 'P1W2DT3H')?.toISOString()).toBe('2026-02-09T15:00:00.000Z');
    expect(addIsoDuration(from, null)).toBeNull();
    expect(addIsoDuration(from, 'P')).toBeNull();
  });
});

describe('resendInvitation', () => {
  it('when an accepted guest is resent, then 409 and no mail', async () => {
    const { m, id, secret } = await invited();
    await decideInvitation(m.deps, secret, 'accept');
    const mails = m.mails.length;
    const error = await resendInvitation(m.deps, { caller: buildCaller(), guestId: id, correlationId: 'c' }).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe('conflict');
    expect(m.mails.length).toBe(mails);
  });

  it('when a pending guest is resent, then earlier links keep working', async () => {
    const { m, id, secret } = await invited();
    const resent = await resendInvitation(m.deps, { caller: buildCaller(), guestId: id, correlationId: 'c' });
    expect((await openInvitation(m.deps, secret)).kind).toBe('consent');
    expect((await openInvitation(m.deps, secretOf(resent.redeemUrl))).kind).toBe('consent');
    expect(m.mails.length).toBe(2);
  });
});
