import { Failure, notFound } from '../errors';
import { auditInvitationSteps } from './audit-invitation';
import { recordWithRetries } from './concurrent-invitation';
import type { Invitation } from './invitation';
import { redeemUrlFor } from './invitation-mail';
import { inviteForbidden, mayInvite } from './invite-rules';
import { operationIds } from './operation-ids';
import { optedOutFailure } from './opt-out';
import type { Caller, InvitationDeps } from './ports';

/**
 * POST /users/{id}/invitation/resend (Gatehouse extension): mails the pending guest again with a
 * fresh link for the same generation, so earlier links keep working until redemption. Spends one
 * of the guest's invitation mails (429 + Retry-After when none is left). An accepted guest has
 * nothing to resend (409). With `operationKey` (the request's Idempotency-Key), a retry after a
 * crash answers with what the first attempt recorded.
 */
export async function resendInvitation(
  deps: InvitationDeps,
  input: { caller: Caller; guestId: string; correlationId: string; operationKey?: string | undefined },
): Promise<{ invitation: Invitation; redeemUrl: string }> {
  if (!mayInvite(input.caller, await deps.policies.allowInvitesFrom())) throw inviteForbidden();
  const guest = await deps.guests.get(input.guestId);
  const first = guest ? await deps.invitations.get(guest.id) : undefined;
  if (!guest || !first) throw notFound('invitation', input.guestId);
  if (await deps.optOuts.isOptedOut(first.invitation.invitedUserEmailAddress.toLowerCase())) throw optedOutFailure();
  const organization = await deps.policies.organization();
  const operation = input.operationKey ? operationIds(deps.deriveBytes, input.operationKey) : undefined;
  const now = deps.now();
  const recorded = await recordWithRetries(deps, guest.id, first, async (stored) => {
    if (!stored) throw notFound('invitation', input.guestId);
    if (operation && stored.invitation.lastOperationKey === operation.key) {
      const secret = await operation.ticketSecret(guest.id, stored.invitation.generation);
      return { kind: 'done', result: { invitation: stored.invitation, redeemUrl: redeemUrlFor(deps.publicBaseUrl, secret), outboxId: null, followedUp: false, replayed: true } };
    }
    if (stored.invitation.state === 'Accepted') {
      throw new Failure('conflict', 'The guest has already redeemed the invitation; there is nothing to resend.');
    }
    return {
      kind: 'record',
      input: { invitation: { ...stored.invitation, state: 'PendingAcceptance', lastOperationKey: null }, organization, mail: 'invitation', recipientLanguage: guest.preferredLanguage, now, operation },
    };
  });
  if (!recorded.replayed) {
    const step = { at: now, by: input.caller.initiator, guestId: guest.id, email: recorded.invitation.invitedUserEmailAddress, correlationId: input.correlationId };
    await auditInvitationSteps(deps, [
      { ...step, activity: 'resent', detail: { generation: String(recorded.invitation.generation) } },
      { ...step, activity: 'mailed', detail: { outboxId: recorded.outboxId } },
    ]);
  }
  return { invitation: recorded.invitation, redeemUrl: recorded.redeemUrl };
}
