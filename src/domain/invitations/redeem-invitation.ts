import { Failure } from '../errors';
import { isDomainAllowed } from '../policies/invitation-domain-policy';
import { hashSecret, isWellFormedSecret } from '../secrets';
import { auditInvitation } from './audit-invitation';
import type { Invitation } from './invitation';
import type { GuestAccount, InvitationDeps, OrganizationView, StoredInvitation, Ticket } from './ports';

/** The language preferences of a page (the function picks a supported locale from them). */
export interface PageLanguage {
  messageLanguage: string | null;
  recipientPreferredLanguage: string | null;
  organizationPreferredLanguage: string;
}

/** What a redemption link leads to. `invalid` covers every bad, revoked or unknown link alike. */
export type RedemptionOutcome =
  | { kind: 'invalid'; language: PageLanguage }
  | { kind: 'expired'; language: PageLanguage; inviter: string }
  | { kind: 'unavailable'; language: PageLanguage; organization: OrganizationView }
  | { kind: 'redirect'; url: string }
  | { kind: 'declined'; language: PageLanguage; organization: OrganizationView }
  | {
      kind: 'consent';
      language: PageLanguage;
      organization: OrganizationView;
      inviter: { displayName: string; email: string };
      customMessage: string | null;
    };

type RedeemDeps = Pick<InvitationDeps, 'tickets' | 'invitations' | 'guests' | 'policies' | 'audit' | 'now' | 'newId'>;

interface Resolved {
  ticket: Ticket;
  stored: StoredInvitation;
  guest: GuestAccount;
  organization: OrganizationView;
  language: PageLanguage;
}

/**
 * Resolves a presented secret to its ticket, the invitation and the guest, or to one neutral
 * `invalid` (malformed, unknown, revoked by a reset, guest deleted or disabled: never which).
 */
async function resolve(deps: RedeemDeps, secret: string): Promise<Resolved | { kind: 'invalid'; language: PageLanguage }> {
  const organization = await deps.policies.organization();
  const neutral = { kind: 'invalid' as const, language: { messageLanguage: null, recipientPreferredLanguage: null, organizationPreferredLanguage: organization.preferredLanguage } };
  if (!isWellFormedSecret(secret)) return neutral;
  // The lookup key is the hash itself, so a match is an exact match of the full 256-bit secret.
  const ticket = await deps.tickets.find(hashSecret(secret));
  if (!ticket) return neutral;
  const [stored, guest] = await Promise.all([deps.invitations.get(ticket.guestId), deps.guests.get(ticket.guestId)]);
  if (!stored || !guest || !guest.accountEnabled || stored.invitation.generation !== ticket.generation) return neutral;
  const language = { messageLanguage: ticket.messageLanguage, recipientPreferredLanguage: guest.preferredLanguage, organizationPreferredLanguage: organization.preferredLanguage };
  return { ticket, stored, guest, organization, language };
}

/** What stops a pending link before consent: expiry, or a domain blocked since the invitation. */
async function blocker(deps: RedeemDeps, r: Resolved, now: Date): Promise<RedemptionOutcome | undefined> {
  if (r.ticket.expiresAt && r.ticket.expiresAt.getTime() <= now.getTime()) return { kind: 'expired', language: r.language, inviter: r.ticket.inviter.displayName };
  if (!isDomainAllowed(await deps.policies.domainPolicy(), r.stored.invitation.invitedUserEmailAddress)) {
    return { kind: 'unavailable', language: r.language, organization: r.organization };
  }
  return undefined;
}

/** An accepted guest's later visits go straight to the redirect (repairing the user's state if a crash left it behind). */
async function afterAcceptance(deps: RedeemDeps, r: Resolved): Promise<RedemptionOutcome> {
  if (r.guest.externalUserState !== 'Accepted') await deps.guests.setExternalUserState(r.guest.id, 'Accepted', { kind: 'system', name: 'redemption' });
  return { kind: 'redirect', url: r.ticket.redirectUrl };
}

/** GET of a link: what to show. Never changes the invitation, so a mail scanner following links redeems nothing. */
export async function openInvitation(deps: RedeemDeps, secret: string): Promise<RedemptionOutcome> {
  const r = await resolve(deps, secret);
  if (!('ticket' in r)) return r;
  if (r.stored.invitation.state === 'Accepted') return afterAcceptance(deps, r);
  const blocked = await blocker(deps, r, deps.now());
  if (blocked) return blocked;
  return { kind: 'consent', language: r.language, organization: r.organization, inviter: r.ticket.inviter, customMessage: r.ticket.customMessage };
}

/**
 * POST of the consent form. Accept is a guarded claim: the invitation becomes `Accepted` only if
 * it is still not accepted at the ETag read, so two concurrent accepts cannot both record consent;
 * the loser simply follows the redirect. Decline records the refusal (a later Accept still may).
 */
export async function decideInvitation(deps: RedeemDeps, secret: string, decision: 'accept' | 'decline'): Promise<RedemptionOutcome> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await resolve(deps, secret);
    if (!('ticket' in r)) return r;
    if (r.stored.invitation.state === 'Accepted') return afterAcceptance(deps, r);
    const now = deps.now();
    const blocked = await blocker(deps, r, now);
    if (blocked) return blocked;
    const after: Invitation =
      decision === 'accept'
        ? { ...r.stored.invitation, state: 'Accepted', consent: { at: now, statementUrl: r.organization.privacyStatementUrl } }
        : { ...r.stored.invitation, state: 'Declined', declinedAt: now };
    try {
      await deps.invitations.save(after, r.stored.etag);
    } catch (error) {
      // Someone else changed the invitation (another accept, a resend): decide again on what is there now.
      if (error instanceof Failure && error.code === 'preconditionFailed') continue;
      throw error;
    }
    const by = { kind: 'user' as const, id: r.guest.id, userPrincipalName: r.guest.userPrincipalName };
    const step = { at: now, by, guestId: r.guest.id, email: after.invitedUserEmailAddress };
    if (decision === 'decline') {
      await auditInvitation(deps, { ...step, activity: 'declined' });
      return { kind: 'declined', language: r.language, organization: r.organization };
    }
    await deps.guests.setExternalUserState(r.guest.id, 'Accepted', by);
    await auditInvitation(deps, { ...step, activity: 'redeemed', detail: { privacyStatementUrl: r.organization.privacyStatementUrl } });
    return { kind: 'redirect', url: r.ticket.redirectUrl };
  }
  throw new Failure('conflict', 'The invitation is being changed by other requests. Try again.');
}
