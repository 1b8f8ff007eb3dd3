import { Failure } from '../errors';
import { isDomainAllowed } from '../policies/invitation-domain-policy';
import { auditInvitation } from './audit-invitation';
import type { Invitation } from './invitation';
import type { OrganizationView } from './ports';
import type { RedeemDeps } from './redeem-invitation';

/**
 * Just-in-time redemption, as Entra does it: a guest who goes straight to an application's sign-in
 * (not through the mailed link) and proves the invited address there (a mailed code or a federated
 * identity whose verified email is that address) is shown the consent page in the sign-in, and
 * accepting redeems. Only the exact invited address counts, so a forwarded link or another address
 * redeems nothing; the same guarded claim as the link's Accept keeps two accepts from both winning.
 */
export type SignInRedemption =
  | { kind: 'consent'; organization: OrganizationView; email: string; inviter: { displayName: string; email: string }; customMessage: string | null; messageLanguage: string | null }
  /** Nothing to redeem here: not a pending invitation of this address (or expired, or its domain now blocked). */
  | { kind: 'none' };

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

async function pending(deps: RedeemDeps, guestId: string, email: string) {
  const stored = await deps.invitations.get(guestId);
  if (!stored || stored.invitation.state === 'Accepted' || !same(stored.invitation.invitedUserEmailAddress, email)) return undefined;
  const guest = await deps.guests.get(guestId);
  if (!guest || !guest.accountEnabled) return undefined;
  if (stored.invitation.expiresAt && stored.invitation.expiresAt.getTime() <= deps.now().getTime()) return undefined;
  if (!isDomainAllowed(await deps.policies.domainPolicy(), stored.invitation.invitedUserEmailAddress)) return undefined;
  return { stored, guest };
}

/** What the sign-in's consent page shows for the guest whose invited address `email` was just proved. Changes nothing. */
export async function previewSignInRedemption(deps: RedeemDeps, input: { guestId: string; email: string }): Promise<SignInRedemption> {
  const found = await pending(deps, input.guestId, input.email);
  if (!found) return { kind: 'none' };
  const invitation = found.stored.invitation;
  return {
    kind: 'consent',
    organization: await deps.policies.organization(),
    email: invitation.invitedUserEmailAddress,
    inviter: { displayName: invitation.inviter.displayName, email: invitation.inviter.email },
    customMessage: invitation.messageInfo.customizedMessageBody,
    messageLanguage: invitation.messageInfo.messageLanguage,
  };
}

/**
 * The guest's answer on the sign-in's consent page. Accept records the consent (to the privacy
 * statement of now, no redirect URL: the application is where they go on) and marks the guest
 * accepted; decline records the refusal. Returns whether the guest is now redeemed.
 */
export async function decideSignInRedemption(deps: RedeemDeps, input: { guestId: string; email: string; decision: 'accept' | 'decline' }): Promise<{ redeemed: boolean }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await deps.invitations.get(input.guestId);
    if (stored?.invitation.state === 'Accepted' && same(stored.invitation.invitedUserEmailAddress, input.email)) return { redeemed: true };
    const found = await pending(deps, input.guestId, input.email);
    if (!found) return { redeemed: false };
    const now = deps.now();
    const organization = await deps.policies.organization();
    const after: Invitation =
      input.decision === 'accept'
        ? { ...found.stored.invitation, state: 'Accepted', consent: { at: now, statementUrl: organization.privacyStatementUrl, redirectUrl: null } }
        : { ...found.stored.invitation, state: 'Declined', declinedAt: now };
    try {
      await deps.invitations.save(after, found.stored.etag);
    } catch (error) {
      if (error instanceof Failure && error.code === 'preconditionFailed') continue;
      throw error;
    }
    const by = { kind: 'user' as const, id: found.guest.id, userPrincipalName: found.guest.userPrincipalName };
    const step = { at: now, by, guestId: found.guest.id, email: after.invitedUserEmailAddress };
    if (input.decision === 'decline') {
      await auditInvitation(deps, { ...step, activity: 'declined' });
      return { redeemed: false };
    }
    await deps.guests.setExternalUserState(found.guest.id, 'Accepted', by);
    await auditInvitation(deps, { ...step, activity: 'redeemed', detail: { privacyStatementUrl: organization.privacyStatementUrl, via: 'sign-in' } });
    return { redeemed: true };
  }
  throw new Failure('conflict', 'The invitation is being changed by other requests. Try again.');
}
