import type { Invitation } from './invitation';
import { invitationMail, issueTicket } from './invitation-mail';
import { optOutUrl } from './opt-out';
import { BULK_OPERATION_PREFIX, type OperationIds } from './operation-ids';
import type { InvitationDeps, OrganizationView, Ticket } from './ports';
import { takeMailAllowance } from './resend-limit';

/** A bulk job's invitations go in the last mail lane, behind codes, decisions and single invitations. */
function withLane<M extends object>(operation: OperationIds | undefined, mail: M): M & { lane?: 'bulk' } {
  return operation?.key.startsWith(BULK_OPERATION_PREFIX) ? { ...mail, lane: 'bulk' } : mail;
}

export interface RecordedInvitation {
  invitation: Invitation;
  redeemUrl: string;
  /** The outbox entry of the mail, when one was sent. */
  outboxId: string | null;
  /** True when the record's mail carries the follow-up (`input.followUp`): its audit and reminder are written by the sender. */
  followedUp: boolean;
}

/** A link issued by an attempt that lost its write: a retry for the same generation reuses it. */
export interface IssuedLinks {
  link?: { generation: number; ticket: Ticket; redeemUrl: string };
}

/**
 * Issues a link for `invitation`'s generation and saves the invitation together with its mail
 * (when `mail` is given): the ticket row first, so a crash leaves at most an orphaned ticket that
 * no mail or response ever showed; then the invitation and the outbox row in one transaction.
 * `alongside` (a write that must also precede the record, such as the reminder index entry) runs
 * at the same time as the ticket write; the record is saved only once both succeeded.
 *
 * An invitation mail spends one of the guest's mails (`takeMailAllowance`) in that same write, so
 * the allowance, `sentCount` and the outbox agree whatever runs concurrently: a refused request
 * writes nothing, and a write that loses the ETag race (`preconditionFailed`/`conflict`) spends
 * nothing and is for the caller to retry on a fresh read. With `operation`, the ticket and outbox
 * id are derived from the operation key, and the record remembers the key.
 */
export async function recordInvitation(
  deps: Pick<InvitationDeps, 'tickets' | 'invitations' | 'randomBytes' | 'publicBaseUrl' | 'newId' | 'deriveBytes'>,
  input: {
    invitation: Invitation;
    etag: string | undefined;
    organization: OrganizationView;
    mail: 'invitation' | 'invitationReminder' | null;
    recipientLanguage: string | null;
    now: Date;
    alongside?: () => Promise<void>;
    operation?: OperationIds | undefined;
    issued?: IssuedLinks;
    /**
     * The work to leave with the mail's outbox row (see `finish-invitation.ts`), built from the
     * recorded invitation and its outbox id; used only when a mail is recorded.
     */
    followUp?: (invitation: Invitation, outboxId: string) => string;
  },
): Promise<RecordedInvitation> {
  const { operation, now } = input;
  const guestId = input.invitation.guestId;
  const generation = input.invitation.generation;
  const allowance = input.mail === 'invitation' ? takeMailAllowance(input.invitation, now) : input.invitation.mailAllowance;
  const reusable = input.issued?.link?.generation === generation ? input.issued.link : undefined;
  const issue = async () => {
    if (reusable) return reusable;
    const secret = operation ? await operation.ticketSecret(guestId, generation) : undefined;
    const issued = await issueTicket(deps, input.invitation, input.organization, now, secret, Boolean(operation));
    const link = { generation, ...issued };
    if (input.issued) input.issued.link = link;
    return link;
  };
  const [{ ticket, redeemUrl }] = await Promise.all([issue(), input.alongside?.()]);
  const outboxId = input.mail ? (operation ? await operation.outboxId(guestId, generation) : deps.newId()) : null;
  const invitation: Invitation = {
    ...input.invitation,
    lastIssuedAt: now,
    expiresAt: ticket.expiresAt,
    mailAllowance: allowance,
    lastOperationKey: operation ? operation.key : input.invitation.lastOperationKey,
    ...(outboxId ? { lastSentAt: now, lastOutboxId: outboxId, sentCount: input.invitation.sentCount + 1 } : {}),
  };
  const mail =
    input.mail && outboxId
      ? withLane(operation, invitationMail({
          outboxId,
          kind: input.mail,
          invitation,
          organization: input.organization,
          redeemUrl,
          blockUrl: await optOutUrl(deps, invitation.invitedUserEmailAddress),
          expiresAt: ticket.expiresAt,
          recipientLanguage: input.recipientLanguage,
        }))
      : undefined;
  const followUp = mail && outboxId && input.followUp ? input.followUp(invitation, outboxId) : undefined;
  await deps.invitations.save(invitation, input.etag, mail, followUp);
  return { invitation, redeemUrl, outboxId, followedUp: followUp !== undefined };
}
