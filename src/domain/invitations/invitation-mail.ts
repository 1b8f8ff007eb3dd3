import { emailMessageSchema } from '../mail/message';
import { Failure } from '../errors';
import { hashSecret, newSecret } from '../secrets';
import { addIsoDuration, type Invitation } from './invitation';
import type { InvitationDeps, InvitationMail, OrganizationView, Ticket } from './ports';

/** The redeem link for a ticket secret: the only place the secret appears. */
export const redeemUrlFor = (publicBaseUrl: string, secret: string): string => `${publicBaseUrl}/api/redeem?ticket=${encodeURIComponent(secret)}`;

/**
 * Issues a link for the invitation's current generation and stores its hash. The secret is
 * returned once (for the response and the mail) and never stored. Without `secret` it is random;
 * with one (derived from an operation key) a repeat of the same operation finds its ticket already
 * stored and reuses it.
 */
export async function issueTicket(
  deps: Pick<InvitationDeps, 'tickets' | 'randomBytes' | 'publicBaseUrl'>,
  invitation: Invitation,
  organization: Pick<OrganizationView, 'invitationValidity'>,
  now: Date,
  secret: string = newSecret(deps.randomBytes),
  derived = false,
): Promise<{ ticket: Ticket; redeemUrl: string }> {
  const ticket: Ticket = {
    hash: hashSecret(secret),
    guestId: invitation.guestId,
    generation: invitation.generation,
    issuedAt: now,
    expiresAt: addIsoDuration(now, organization.invitationValidity),
    redirectUrl: invitation.inviteRedirectUrl,
    messageLanguage: invitation.messageInfo.messageLanguage,
    customMessage: invitation.messageInfo.customizedMessageBody,
    inviter: { displayName: invitation.inviter.displayName, email: invitation.inviter.email },
  };
  try {
    await deps.tickets.issue(ticket);
  } catch (error) {
    if (!derived || !(error instanceof Failure && error.code === 'conflict')) throw error;
    // An earlier attempt of the same operation stored this very ticket: the link is the same.
    const earlier = await deps.tickets.find(ticket.hash);
    if (!earlier || earlier.guestId !== ticket.guestId || earlier.generation !== ticket.generation) throw error;
    return { ticket: earlier, redeemUrl: redeemUrlFor(deps.publicBaseUrl, secret) };
  }
  return { ticket, redeemUrl: redeemUrlFor(deps.publicBaseUrl, secret) };
}

/**
 * The invitation (or reminder) mail for a link: everything the template shows travels in the
 * message, so the sender never reads the directory. "Block future invitations" (and the
 * one-click `List-Unsubscribe`) points at the address's opt-out link (`optOutUrl`).
 */
export function invitationMail(input: {
  outboxId: string;
  kind: 'invitation' | 'invitationReminder';
  invitation: Invitation;
  organization: OrganizationView;
  redeemUrl: string;
  /** The recipient's "Block future invitations" URL. */
  blockUrl: string;
  expiresAt: Date | null;
  recipientLanguage: string | null;
}): InvitationMail {
  const { invitation, organization } = input;
  const data = {
    organization: {
      displayName: organization.displayName,
      domain: organization.defaultDomain,
      privacyStatementUrl: organization.privacyStatementUrl,
      privacyContactEmail: organization.privacyContactEmail,
    },
    inviter: { displayName: invitation.inviter.displayName, email: invitation.inviter.email },
    redeemUrl: input.redeemUrl,
    redirectUrl: invitation.inviteRedirectUrl,
    customMessage: invitation.messageInfo.customizedMessageBody,
    blockFutureInvitationsUrl: input.blockUrl,
    expiresDateTime: input.expiresAt ? input.expiresAt.toISOString() : null,
  };
  const common = {
    v: 1 as const,
    outboxId: input.outboxId,
    to: [{ address: invitation.invitedUserEmailAddress, ...(invitation.invitedUserDisplayName?.trim() ? { displayName: invitation.invitedUserDisplayName.trim() } : {}) }],
    cc: invitation.messageInfo.ccRecipients.map((c) => ({ address: c.address, ...(c.name?.trim() ? { displayName: c.name.trim() } : {}) })),
    ...(invitation.messageInfo.messageLanguage ? { language: invitation.messageInfo.messageLanguage } : {}),
    ...(input.recipientLanguage ? { recipientLanguage: input.recipientLanguage } : {}),
  };
  return input.kind === 'invitation'
    ? { ...common, kind: 'invitation', data }
    : { ...common, kind: 'invitationReminder', data: { ...data, invitedDateTime: invitation.invitedAt.toISOString() } };
}

const MAIL_FIELDS: Record<string, string> = {
  to: 'invitedUserEmailAddress',
  cc: 'invitedUserMessageInfo.ccRecipients',
  language: 'invitedUserMessageInfo.messageLanguage',
  'data.redirectUrl': 'inviteRedirectUrl',
  'data.customMessage': 'invitedUserMessageInfo.customizedMessageBody',
  'data.inviter': 'inviter',
};

/**
 * Refuses, before anything is written, an invitation whose mail the outbox would reject, naming
 * the request field; otherwise a mail could fail only after the guest exists.
 */
export function assertMailable(mail: InvitationMail): void {
  const parsed = emailMessageSchema.safeParse(mail);
  if (parsed.success) return;
  const details = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String);
    const key = Object.keys(MAIL_FIELDS).find((k) => path.join('.').startsWith(k));
    return { target: key ? MAIL_FIELDS[key]! : 'invitation', message: issue.message };
  });
  throw new Failure('validationFailed', `The invitation mail cannot be built: ${details.map((d) => d.target).join(', ')}.`, { details });
}

/** A link of the right shape for checking a mail before a real ticket exists. */
export const PROBE_REDEEM_SECRET = 'A'.repeat(43);
