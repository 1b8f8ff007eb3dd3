import { Failure, notFound } from '../errors';
import { auditInvitationSteps } from './audit-invitation';
import type { Invitation } from './invitation';
import { inviteForbidden, mayInvite } from './invite-rules';
import type { Caller, InvitationDeps } from './ports';
import { recordInvitation } from './record-invitation';
import { takeResendToken } from './resend-limit';

/**
 * POST /users/{id}/invitation/resend (Gatehouse extension): mails the pending guest again with a
 * fresh link for the same generation, so earlier links keep working until redemption. Limited per
 * guest (429 + Retry-After). An accepted guest has nothing to resend (409).
 */
export async function resendInvitation(
  deps: InvitationDeps,
  input: { caller: Caller; guestId: string; correlationId: string },
): Promise<{ invitation: Invitation; redeemUrl: string }> {
  if (!mayInvite(input.caller, await deps.policies.allowInvitesFrom())) throw inviteForbidden();
  const guest = await deps.guests.get(input.guestId);
  const stored = guest ? await deps.invitations.get(guest.id) : undefined;
  if (!guest || !stored) throw notFound('invitation', input.guestId);
  if (stored.invitation.state === 'Accepted') {
    throw new Failure('conflict', 'The guest has already redeemed the invitation; there is nothing to resend.');
  }
  const now = deps.now();
  await takeResendToken(deps, guest.id, now);
  const organization = await deps.policies.organization();
  const recorded = await recordInvitation(deps, {
    invitation: { ...stored.invitation, state: 'PendingAcceptance' },
    etag: stored.etag,
    organization,
    mail: 'invitation',
    recipientLanguage: guest.preferredLanguage,
    now,
  });
  const step = { at: now, by: input.caller.initiator, guestId: guest.id, email: stored.invitation.invitedUserEmailAddress, correlationId: input.correlationId };
  await auditInvitationSteps(deps, [
    { ...step, activity: 'resent', detail: { generation: String(recorded.invitation.generation) } },
    { ...step, activity: 'mailed', detail: { outboxId: recorded.outboxId } },
  ]);
  return { invitation: recorded.invitation, redeemUrl: recorded.redeemUrl };
}
