import { notFound } from '../errors';
import type { DeliveryStatus } from '../outbox/outbox';
import type { Invitation } from './invitation';
import type { InvitationDeps } from './ports';

/** GET /users/{id}/invitation: where the guest's invitation and its last mail stand. */
export async function getInvitationStatus(
  deps: Pick<InvitationDeps, 'invitations' | 'guests'>,
  guestId: string,
): Promise<{ invitation: Invitation; messageStatus: DeliveryStatus | null }> {
  const guest = await deps.guests.get(guestId);
  const stored = guest ? await deps.invitations.get(guest.id) : undefined;
  if (!stored) throw notFound('invitation', guestId);
  const outboxId = stored.invitation.lastOutboxId;
  const messageStatus = outboxId ? ((await deps.invitations.deliveryStatus(stored.invitation.guestId, outboxId)) ?? null) : null;
  return { invitation: stored.invitation, messageStatus };
}
