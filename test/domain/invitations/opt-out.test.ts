import { describe, expect, it } from 'vitest';
import { Failure } from '../../../src/domain/errors';
import { inviteGuest } from '../../../src/domain/invitations/invite-guest';
import { addressOfOptOutToken, optOutToken } from '../../../src/domain/invitations/opt-out';
import { resendInvitation } from '../../../src/domain/invitations/resend-invitation';
import { buildCaller, buildInvite, memoryInvitationDeps } from './doubles';

async function refusal(promise: Promise<unknown>): Promise<Failure> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(Failure);
  return error as Failure;
}

const tokenOf = (url: string) => decodeURIComponent(new URL(url).searchParams.get('token') ?? '');

describe('"Block future invitations"', () => {
  it('when an invitation mail is recorded, then its block link names the recipient under a MAC that only this deployment can make', async () => {
    const m = memoryInvitationDeps();
    await inviteGuest(m.deps, buildInvite({ invitedUserEmailAddress: 'Anna@Partner.Example' }));
    const url = (m.mails[0]!.data as { blockFutureInvitationsUrl: string }).blockFutureInvitationsUrl;
    expect(url).toMatch(/^https:\/\/gatehouse\.example\/api\/unsubscribe\?token=/);
    expect(await addressOfOptOutToken(m.deps.deriveBytes, tokenOf(url))).toBe('anna@partner.example');
    // Another address with the same MAC, or a changed MAC, names nobody.
    const [, mac] = tokenOf(url).split('.');
    const forged = `${Buffer.from('bob@partner.example').toString('base64url')}.${mac}`;
    expect(await addressOfOptOutToken(m.deps.deriveBytes, forged)).toBeUndefined();
    expect(await addressOfOptOutToken(m.deps.deriveBytes, `${tokenOf(url).slice(0, -2)}AA`)).toBeUndefined();
    expect(await addressOfOptOutToken(m.deps.deriveBytes, 'not a token')).toBeUndefined();
    expect(await addressOfOptOutToken(m.deps.deriveBytes, await optOutToken(m.deps.deriveBytes, 'ANNA@partner.example'))).toBe('anna@partner.example');
  });

  it('when the address has blocked invitations, then a new invitation is a 400 naming the field and nothing is written', async () => {
    const m = memoryInvitationDeps();
    m.optedOut.add('anna@partner.example');
    const before = m.snapshot();
    const error = await refusal(inviteGuest(m.deps, buildInvite({ invitedUserEmailAddress: 'ANNA@partner.example' })));
    expect(error.code).toBe('invalidRequest');
    expect(error.message).toMatch(/blocked invitations from this organization/);
    expect(error.details).toEqual([{ target: 'invitedUserEmailAddress', message: 'has blocked invitations from this organization' }]);
    expect(m.snapshot()).toBe(before);
  });

  it('when an invited guest blocks invitations afterwards, then a re-invitation and a resend are refused, and allowed again once unblocked', async () => {
    const m = memoryInvitationDeps();
    const first = await inviteGuest(m.deps, buildInvite());
    m.optedOut.add('anna@partner.example');
    expect((await refusal(inviteGuest(m.deps, buildInvite()))).code).toBe('invalidRequest');
    const resend = { caller: buildCaller(), guestId: first.invitation.guestId, correlationId: 'c-1' };
    expect((await refusal(resendInvitation(m.deps, resend))).code).toBe('invalidRequest');
    expect(m.mails).toHaveLength(1);
    m.optedOut.delete('anna@partner.example');
    await inviteGuest(m.deps, buildInvite());
    expect(m.mails).toHaveLength(2);
  });
});
