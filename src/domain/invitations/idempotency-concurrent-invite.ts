import { Failure } from '../errors';
import type { Invitation } from './invitation';
import { issueTicket } from './invitation-mail';
import type { InvitedAddress } from './invited-address';
import type { Assignment, Caller, GuestAccount, InvitationDeps, OrganizationView, StoredInvitation } from './ports';

/** How long a request that lost the race waits for the winner's guest and invitation. */
const JOIN_ATTEMPTS = 40;
const JOIN_PAUSE_MS = 100;

// Pacing only (no clock is read), so the domain stays free of time sources.
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, JOIN_PAUSE_MS));

/**
 * Two concurrent invitations of one address: the users module reserves addresses, so only one
 * request creates the guest and the other gets `conflict` (or, when it found the guest already,
 * loses the invitation record's insert or ETag). That loser joins the winner's
 * invitation instead of failing: it waits briefly for the winner's guest and invitation record,
 * then returns them with a link of its own for the same generation (a valid ticket). It sends no
 * second mail and takes no resend token: it is a duplicate of the first invitation, not a resend.
 * Its assignments are applied too (applying one already in place is not an error).
 * When the winner never finishes (it crashed), the original `conflict` stands and a retry of the
 * request re-invites the existing guest.
 */
export async function joinConcurrentInvitation(
  deps: InvitationDeps,
  input: { caller: Caller; address: InvitedAddress; assignments: Assignment[]; correlationId: string; guest?: GuestAccount },
  organization: OrganizationView,
  conflict: Failure,
  refuseMember: () => Failure,
): Promise<{ invitation: Invitation; redeemUrl: string }> {
  let holder: GuestAccount | undefined;
  let stored: StoredInvitation | undefined;
  for (let attempt = 0; attempt < JOIN_ATTEMPTS && !stored; attempt++) {
    if (attempt > 0) await pause();
    holder ??= input.guest ?? (await deps.guests.findByEmail(input.address.address));
    if (holder && holder.creationType !== 'Invitation' && holder.externalUserState === null) throw refuseMember();
    if (holder) stored = await deps.invitations.get(holder.id);
  }
  if (!holder || !stored) throw conflict;
  const { redeemUrl } = await issueTicket(deps, stored.invitation, organization, deps.now());
  if (input.assignments.length > 0) await deps.assignments.apply(holder.id, input.assignments, input.caller.initiator, input.correlationId);
  return { invitation: stored.invitation, redeemUrl };
}

/** True when a concurrent request saved the invitation first (an insert that lost, or a stale ETag). */
export const isLostInvitationRace = (error: unknown): error is Failure => error instanceof Failure && (error.code === 'conflict' || error.code === 'preconditionFailed');

/** True for the `conflict` the users module raises when another request took the address first. */
export const isLostAddressRace = (error: unknown): error is Failure => error instanceof Failure && error.code === 'conflict';
