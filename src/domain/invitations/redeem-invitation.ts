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

/**
 * Who opens a link: the address their sign-in session proved (a one-time code mailed to it), or
 * undefined for a visitor who proved nothing. A link alone is not the person it was mailed to.
 */
export interface Visitor {
  email: string | undefined;
}

/** What a redemption link leads to. `invalid` covers every bad, revoked or unknown link alike. */
export type RedemptionOutcome =
  | { kind: 'invalid'; language: PageLanguage }
  | { kind: 'expired'; language: PageLanguage; inviter: string }
  | { kind: 'unavailable'; language: PageLanguage; organization: OrganizationView }
  /** Straight on, only to the redirect URL the guest accepted on the consent page. */
  | { kind: 'redirect'; url: string }
  /** A page that names the destination and links to it (a redirect URL the guest never accepted). */
  | { kind: 'continue'; language: PageLanguage; organization: OrganizationView; url: string }
  | { kind: 'declined'; language: PageLanguage; organization: OrganizationView }
  /** Before anything else: prove control of the invited address (a code is mailed to it on request). */
  | { kind: 'proveAddress'; language: PageLanguage; organization: OrganizationView; email: string; signedInAs: string | null }
  | {
      kind: 'consent';
      language: PageLanguage;
      organization: OrganizationView;
      /** The invited address, which the visitor proved. */
      email: string;
      inviter: { displayName: string; email: string };
      customMessage: string | null;
      /** Where accepting leads, named on the page. */
      redirectUrl: string;
    };

export type RedeemDeps = Pick<InvitationDeps, 'tickets' | 'invitations' | 'guests' | 'policies' | 'audit' | 'now' | 'newId'>;

export interface Resolved {
  ticket: Ticket;
  stored: StoredInvitation;
  guest: GuestAccount;
  organization: OrganizationView;
  language: PageLanguage;
}

const sameAddress = (a: string | undefined, b: string): boolean => a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Resolves a presented secret to its ticket, the invitation and the guest, or to one neutral
 * `invalid` (malformed, unknown, revoked by a reset, guest deleted or disabled: never which).
 */
export async function resolveTicket(deps: RedeemDeps, secret: string): Promise<Resolved | { kind: 'invalid'; language: PageLanguage }> {
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
export async function redemptionBlocker(deps: RedeemDeps, r: Resolved, now: Date): Promise<Extract<RedemptionOutcome, { kind: 'expired' | 'unavailable' }> | undefined> {
  if (r.ticket.expiresAt && r.ticket.expiresAt.getTime() <= now.getTime()) return { kind: 'expired', language: r.language, inviter: r.ticket.inviter.displayName };
  if (!isDomainAllowed(await deps.policies.domainPolicy(), r.stored.invitation.invitedUserEmailAddress)) {
    return { kind: 'unavailable', language: r.language, organization: r.organization };
  }
  return undefined;
}

const proveAddress = (r: Resolved, visitor: Visitor): RedemptionOutcome => ({
  kind: 'proveAddress',
  language: r.language,
  organization: r.organization,
  email: r.stored.invitation.invitedUserEmailAddress,
  signedInAs: visitor.email ?? null,
});

/**
 * An accepted guest's later visits: straight on only to the redirect URL they accepted; a link
 * with another destination (a re-invitation chose it) shows a page naming it, and only to the
 * invited person (repairing the user's state if a crash left it behind).
 */
async function afterAcceptance(deps: RedeemDeps, r: Resolved, visitor: Visitor): Promise<RedemptionOutcome> {
  if (r.guest.externalUserState !== 'Accepted') await deps.guests.setExternalUserState(r.guest.id, 'Accepted', { kind: 'system', name: 'redemption' });
  if (r.stored.invitation.consent?.redirectUrl === r.ticket.redirectUrl) return { kind: 'redirect', url: r.ticket.redirectUrl };
  if (!sameAddress(visitor.email, r.stored.invitation.invitedUserEmailAddress)) return proveAddress(r, visitor);
  return { kind: 'continue', language: r.language, organization: r.organization, url: r.ticket.redirectUrl };
}

/**
 * GET of a link: what to show. Never changes the invitation, so a mail scanner following links
 * redeems nothing. The consent page is shown only to a visitor who proved the invited address.
 */
export async function openInvitation(deps: RedeemDeps, secret: string, visitor: Visitor): Promise<RedemptionOutcome> {
  const r = await resolveTicket(deps, secret);
  if (!('ticket' in r)) return r;
  if (r.stored.invitation.state === 'Accepted') return afterAcceptance(deps, r, visitor);
  const blocked = await redemptionBlocker(deps, r, deps.now());
  if (blocked) return blocked;
  if (!sameAddress(visitor.email, r.stored.invitation.invitedUserEmailAddress)) return proveAddress(r, visitor);
  return {
    kind: 'consent',
    language: r.language,
    organization: r.organization,
    email: r.stored.invitation.invitedUserEmailAddress,
    inviter: r.ticket.inviter,
    customMessage: r.ticket.customMessage,
    redirectUrl: r.ticket.redirectUrl,
  };
}

/**
 * POST of the consent form, by a visitor who proved the invited address (anyone else decides
 * nothing and is asked to prove it). Accept is a guarded claim: the invitation becomes `Accepted`
 * only if it is still not accepted at the ETag read, so two concurrent accepts cannot both record
 * consent; the loser simply goes on. Decline records the refusal (a later Accept still may).
 */
export async function decideInvitation(deps: RedeemDeps, secret: string, decision: 'accept' | 'decline', visitor: Visitor): Promise<RedemptionOutcome> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await resolveTicket(deps, secret);
    if (!('ticket' in r)) return r;
    if (r.stored.invitation.state === 'Accepted') return afterAcceptance(deps, r, visitor);
    const now = deps.now();
    const blocked = await redemptionBlocker(deps, r, now);
    if (blocked) return blocked;
    if (!sameAddress(visitor.email, r.stored.invitation.invitedUserEmailAddress)) return proveAddress(r, visitor);
    const after: Invitation =
      decision === 'accept'
        ? { ...r.stored.invitation, state: 'Accepted', consent: { at: now, statementUrl: r.organization.privacyStatementUrl, redirectUrl: r.ticket.redirectUrl } }
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
