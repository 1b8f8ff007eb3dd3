import type { Invitation } from './invitation';
import { invitationMail, issueTicket } from './invitation-mail';
import type { InvitationDeps, OrganizationView } from './ports';

export interface RecordedInvitation {
  invitation: Invitation;
  redeemUrl: string;
  /** The outbox entry of the mail, when one was sent. */
  outboxId: string | null;
}

/**
 * Issues a link for `invitation`'s generation and saves the invitation together with its mail
 * (when `mail` is given): the ticket row first, so a crash leaves at most an orphaned ticket that
 * no mail or response ever showed; then the invitation and the outbox row in one transaction.
 * `alongside` (a write that must also precede the record, such as the reminder index entry) runs
 * at the same time as the ticket write; the record is saved only once both succeeded.
 */
export async function recordInvitation(
  deps: Pick<InvitationDeps, 'tickets' | 'invitations' | 'randomBytes' | 'publicBaseUrl' | 'newId'>,
  input: {
    invitation: Invitation;
    etag: string | undefined;
    organization: OrganizationView;
    mail: 'invitation' | 'invitationReminder' | null;
    recipientLanguage: string | null;
    now: Date;
    alongside?: () => Promise<void>;
  },
): Promise<RecordedInvitation> {
  const [{ ticket, redeemUrl }] = await Promise.all([issueTicket(deps, input.invitation, input.organization, input.now), input.alongside?.()]);
  const outboxId = input.mail ? deps.newId() : null;
  const invitation: Invitation = {
    ...input.invitation,
    lastIssuedAt: input.now,
    expiresAt: ticket.expiresAt,
    ...(outboxId ? { lastSentAt: input.now, lastOutboxId: outboxId, sentCount: input.invitation.sentCount + 1 } : {}),
  };
  const mail =
    input.mail && outboxId
      ? invitationMail({
          outboxId,
          kind: input.mail,
          invitation,
          organization: input.organization,
          redeemUrl,
          expiresAt: ticket.expiresAt,
          recipientLanguage: input.recipientLanguage,
        })
      : undefined;
  await deps.invitations.save(invitation, input.etag, mail);
  return { invitation, redeemUrl, outboxId };
}
