import { describe, expect, it } from 'vitest';
import { addIsoDuration } from '../../../src/domain/invitations/invitation';
import { inviteGuest } from '../../../src/domain/invitations/invite-guest';
import { decideInvitation, openInvitation } from '../../../src/domain/invitations/redeem-invitation';
import { resendInvitation } from '../../../src/domain/invitations/resend-invitation';
import { sendRedemptionCode, verifyRedemptionCode } from '../../../src/domain/invitations/prove-address';
import { sessionEmail } from '../../../src/domain/entitlement/portal/sessions';
import { memorySignIn } from '../entitlement/portal/doubles';
import { buildCaller, buildInvite, memoryInvitationDeps, secretOf } from './doubles';

/** The invited person, signed in with the invited address (a code mailed to it). */
const anna = { email: 'anna@partner.example' };
/** Whoever holds a forwarded link and proved nothing. */
const stranger = { email: undefined };

async function invited(options: Parameters<typeof memoryInvitationDeps>[0] = {}) {
  const m = memoryInvitationDeps(options);
  const result = await inviteGuest(m.deps, buildInvite({ messageInfo: { ccRecipients: [], customizedMessageBody: 'Hello Anna', messageLanguage: 'nl-NL' } }));
  return { m, id: result.invitation.guestId, secret: secretOf(result.redeemUrl) };
}

describe('openInvitation (GET)', () => {
  it('when a valid link is opened, then the consent page data is shown and nothing changes', async () => {
    const { m, id, secret } = await invited();
    const before = m.snapshot();
    const outcome = await openInvitation(m.deps, secret, anna);
    expect(outcome).toMatchObject({
      kind: 'consent', email: 'anna@partner.example', redirectUrl: 'https://apps.example/start',
      customMessage: 'Hello Anna', inviter: { displayName: 'Ines Inviter' }, language: { messageLanguage: 'nl-NL' },
    });
    expect(m.snapshot()).toBe(before);
    expect(m.users.get(id)!.externalUserState).toBe('PendingAcceptance');
  });

  it('when the link is malformed, unknown, revoked or its guest disabled, then the same neutral answer', async () => {
    const { m, id, secret } = await invited();
    const neutral = (await openInvitation(m.deps, 'not-a-ticket', anna)).kind;
    expect(neutral).toBe('invalid');
    expect((await openInvitation(m.deps, 'A'.repeat(43), anna)).kind).toBe(neutral);
    m.users.set(id, { ...m.users.get(id)!, accountEnabled: false });
    expect((await openInvitation(m.deps, secret, anna)).kind).toBe(neutral);
    m.users.set(id, { ...m.users.get(id)!, accountEnabled: true });
    await inviteGuest(m.deps, buildInvite({ resetRedemption: true, invitedUserId: id }));
    expect((await openInvitation(m.deps, secret, anna)).kind).toBe(neutral);
  });

  it('when the domain is blocked after the invitation, then the link shows the unavailable page and cannot be accepted', async () => {
    const { m, id, secret } = await invited();
    m.settings.domainPolicy.blockedDomains = ['partner.example'];
    expect((await openInvitation(m.deps, secret, anna)).kind).toBe('unavailable');
    expect((await decideInvitation(m.deps, secret, 'accept', anna)).kind).toBe('unavailable');
    expect(m.users.get(id)!.externalUserState).toBe('PendingAcceptance');
  });
});

describe('decideInvitation (POST)', () => {
  it('when the guest accepts, then Accepted with consent recorded, redirect, and later visits go straight to the redirect', async () => {
    const { m, id, secret } = await invited();
    expect(await decideInvitation(m.deps, secret, 'accept', anna)).toEqual({ kind: 'redirect', url: 'https://apps.example/start' });
    expect(m.users.get(id)!.externalUserState).toBe('Accepted');
    expect(m.invitations.get(id)!.invitation.consent).toEqual({ at: m.deps.now(), statementUrl: 'https://fabrikam.example/privacy', redirectUrl: 'https://apps.example/start' });
    expect(await openInvitation(m.deps, secret, anna)).toEqual({ kind: 'redirect', url: 'https://apps.example/start' });
    expect(m.audits.filter((a) => a.activityDisplayName === 'Redeem external user invite')).toHaveLength(1);
  });

  it('when two accepts race, then exactly one records the redemption and both redirect', async () => {
    const { m, secret } = await invited();
    const outcomes = await Promise.all([decideInvitation(m.deps, secret, 'accept', anna), decideInvitation(m.deps, secret, 'accept', anna)]);
    expect(outcomes.map((o) => o.kind)).toEqual(['redirect', 'redirect']);
    expect(m.audits.filter((a) => a.activityDisplayName === 'Redeem external user invite')).toHaveLength(1);
  });

  it('when the guest declines, then it is recorded and a later accept still works', async () => {
    const { m, id, secret } = await invited();
    expect((await decideInvitation(m.deps, secret, 'decline', anna)).kind).toBe('declined');
    expect(m.invitations.get(id)!.invitation.state).toBe('Declined');
    expect(m.users.get(id)!.externalUserState).toBe('PendingAcceptance');
    expect((await decideInvitation(m.deps, secret, 'accept', anna)).kind).toBe('redirect');
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
    expect(await openInvitation(m.deps, first, anna)).toMatchObject({ kind: 'expired', inviter: 'Ines Inviter' });
    expect((await decideInvitation(m.deps, first, 'accept', anna)).kind).toBe('expired');
    const renewed = await resendInvitation(m.deps, { caller: buildCaller(), guestId: id, correlationId: 'c' });
    expect(renewed.invitation.expiresAt).toEqual(new Date(m.deps.now().getTime() + 7 * 86_400_000));
    expect((await openInvitation(m.deps, secretOf(renewed.redeemUrl), anna)).kind).toBe('consent');
  });

  it('when no validity is set, then links never expire', async () => {
    const { m, secret } = await invited();
    m.advance(400 * 86_400_000);
    expect((await openInvitation(m.deps, secret, anna)).kind).toBe('consent');
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
    await decideInvitation(m.deps, secret, 'accept', anna);
    const mails = m.mails.length;
    const error = await resendInvitation(m.deps, { caller: buildCaller(), guestId: id, correlationId: 'c' }).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe('conflict');
    expect(m.mails.length).toBe(mails);
  });

  it('when a pending guest is resent, then earlier links keep working', async () => {
    const { m, id, secret } = await invited();
    const resent = await resendInvitation(m.deps, { caller: buildCaller(), guestId: id, correlationId: 'c' });
    expect((await openInvitation(m.deps, secret, anna)).kind).toBe('consent');
    expect((await openInvitation(m.deps, secretOf(resent.redeemUrl), anna)).kind).toBe('consent');
    expect(m.mails.length).toBe(2);
  });
});

describe('the link is personal', () => {
  it('when a forwarded link is opened or posted without proving the address, then only the address check shows and nothing changes', async () => {
    const { m, id, secret } = await invited();
    const before = m.snapshot();
    expect(await openInvitation(m.deps, secret, stranger)).toMatchObject({ kind: 'proveAddress', email: 'anna@partner.example', signedInAs: null });
    expect(await decideInvitation(m.deps, secret, 'accept', stranger)).toMatchObject({ kind: 'proveAddress' });
    expect(await decideInvitation(m.deps, secret, 'decline', stranger)).toMatchObject({ kind: 'proveAddress' });
    expect(m.snapshot()).toBe(before);
    expect(m.users.get(id)!.externalUserState).toBe('PendingAcceptance');
    expect(m.audits.filter((a) => a.activityDisplayName === 'Redeem external user invite')).toHaveLength(0);
  });

  it('when the visitor is signed in with another address, then they are told so and cannot accept', async () => {
    const { m, id, secret } = await invited();
    const mallory = { email: 'mallory@fabrikam.example' };
    expect(await openInvitation(m.deps, secret, mallory)).toMatchObject({ kind: 'proveAddress', signedInAs: 'mallory@fabrikam.example' });
    expect((await decideInvitation(m.deps, secret, 'accept', mallory)).kind).toBe('proveAddress');
    expect(m.invitations.get(id)!.invitation.state).toBe('PendingAcceptance');
  });

  it("when another caller resends or re-invites someone else's pending invitation, then the link they get redeems nothing without the code", async () => {
    const { m, id } = await invited();
    const outsider = buildCaller({ id: 'b2b2b2b2-0000-4000-8000-000000000002', displayName: 'Mallory', email: 'mallory@fabrikam.example' });
    const resent = await resendInvitation(m.deps, { caller: outsider, guestId: id, correlationId: 'c' });
    const reinvited = await inviteGuest(m.deps, buildInvite({ caller: outsider, inviteRedirectUrl: 'https://evil.example/' }));
    for (const url of [resent.redeemUrl, reinvited.redeemUrl]) {
      expect((await decideInvitation(m.deps, secretOf(url), 'accept', { email: 'mallory@fabrikam.example' })).kind).toBe('proveAddress');
    }
    expect(m.invitations.get(id)!.invitation.state).toBe('PendingAcceptance');
  });

  it('when the invited address is signed in with other letter case, then it is the same address', async () => {
    const { m, secret } = await invited();
    expect((await openInvitation(m.deps, secret, { email: 'Anna@Partner.Example' })).kind).toBe('consent');
  });
});

describe('no redirect to a destination the guest did not accept', () => {
  it('when an accepted guest is re-invited with another redirect URL, then its link goes nowhere without sign-in and names the destination after it', async () => {
    const { m, id, secret } = await invited();
    await decideInvitation(m.deps, secret, 'accept', anna);
    const reinvited = await inviteGuest(m.deps, buildInvite({ inviteRedirectUrl: 'https://evil.example/', caller: buildCaller({ displayName: 'Mallory' }) }));
    const evil = secretOf(reinvited.redeemUrl);
    expect(await openInvitation(m.deps, evil, stranger)).toMatchObject({ kind: 'proveAddress' });
    expect(await openInvitation(m.deps, evil, anna)).toMatchObject({ kind: 'continue', url: 'https://evil.example/' });
    // The destination the guest accepted is still where the original link leads, and consent is untouched.
    expect(await openInvitation(m.deps, secret, stranger)).toEqual({ kind: 'redirect', url: 'https://apps.example/start' });
    expect(m.invitations.get(id)!.invitation.consent?.redirectUrl).toBe('https://apps.example/start');
  });

  it('when the consent was recorded before its redirect URL was kept, then no link redirects without a page', async () => {
    const { m, id, secret } = await invited();
    await decideInvitation(m.deps, secret, 'accept', anna);
    const stored = m.invitations.get(id)!;
    m.invitations.set(id, { ...stored, invitation: { ...stored.invitation, consent: { ...stored.invitation.consent!, redirectUrl: null } } });
    expect((await openInvitation(m.deps, secret, stranger)).kind).toBe('proveAddress');
    expect(await openInvitation(m.deps, secret, anna)).toMatchObject({ kind: 'continue', url: 'https://apps.example/start' });
  });
});

describe('proving the invited address', () => {
  async function withSignIn() {
    const invitation = await invited();
    const signIn = memorySignIn();
    return { ...invitation, signIn, deps: { redeem: invitation.m.deps, signIn: signIn.deps } };
  }

  it('when a code is asked for, then it is mailed to the invited address only, and the right code opens a session for that address', async () => {
    const { deps, secret, signIn, m } = await withSignIn();
    expect(await sendRedemptionCode(deps, { secret, clientKey: 'client-a' })).toMatchObject({ kind: 'codeSent', email: 'anna@partner.example', minutes: 30 });
    const passcodes = signIn.mails.filter((mail) => mail.kind === 'oneTimePasscode');
    expect(passcodes.map((mail) => mail.to.map((t) => t.address))).toEqual([['anna@partner.example']]);
    expect(passcodes[0]!.language).toBe('nl-NL');
    const code = signIn.codeOf('anna@partner.example')!;
    const wrong = String((Number(code) + 1) % 10 ** 8).padStart(8, '0');
    expect((await verifyRedemptionCode(deps, { secret, code: wrong, clientKey: 'client-a' })).kind).toBe('wrongCode');
    const verified = await verifyRedemptionCode(deps, { secret, code, clientKey: 'client-a' });
    expect(verified.kind).toBe('signedIn');
    const token = verified.kind === 'signedIn' ? verified.token : '';
    const email = await sessionEmail(signIn.deps, token);
    expect(email).toBe('anna@partner.example');
    expect((await openInvitation(m.deps, secret, { email })).kind).toBe('consent');
  });

  it('when the link is invalid, then no code is mailed', async () => {
    const { deps, signIn } = await withSignIn();
    expect((await sendRedemptionCode(deps, { secret: 'B'.repeat(43), clientKey: 'client-a' })).kind).toBe('invalid');
    expect(signIn.mails).toHaveLength(0);
  });

  it('when the same client asks for codes too often, then it is throttled', async () => {
    const { deps, secret } = await withSignIn();
    for (let i = 0; i < 3; i++) await sendRedemptionCode(deps, { secret, clientKey: 'client-a' });
    await expect(sendRedemptionCode(deps, { secret, clientKey: 'client-a' })).rejects.toMatchObject({ code: 'throttled' });
  });
});
