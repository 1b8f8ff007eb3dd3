import { emailMessageSchema, type EmailMessage } from '../mail/message';
import { addIsoDuration } from './invitation';
import { assertMailable, invitationMail, PROBE_REDEEM_SECRET, redeemUrlFor } from './invitation-mail';
import { probeOptOutUrl } from './opt-out';
import { parseInvitedAddress } from './invited-address';
import { nextInvitation, PROBE_GUEST, type InviteGuestInput } from './invite-guest';
import { inviteForbidden, mayInvite } from './invite-rules';
import type { InvitationDeps } from './ports';

/**
 * The mail an invitation with this body would send, built exactly as `inviteGuest` builds it but
 * with a placeholder link, and nothing written: for admins to check a message before sending it.
 * The caller must be allowed to invite; the language follows the same chain as the real mail.
 */
export async function previewInvitation(
  deps: Pick<InvitationDeps, 'policies' | 'guests' | 'publicBaseUrl' | 'now'>,
  input: InviteGuestInput,
): Promise<{ mail: EmailMessage; organizationPreferredLanguage: string }> {
  const address = parseInvitedAddress(input.invitedUserEmailAddress);
  if (!address.ok) throw address.error;
  if (!mayInvite(input.caller, await deps.policies.allowInvitesFrom())) throw inviteForbidden();
  const organization = await deps.policies.organization();
  const existing = await deps.guests.findByEmail(address.value.normalized);
  const now = deps.now();
  const mail = invitationMail({
    outboxId: 'preview',
    kind: 'invitation',
    invitation: nextInvitation(input, existing ?? PROBE_GUEST, undefined, address.value, now),
    organization,
    redeemUrl: redeemUrlFor(deps.publicBaseUrl, PROBE_REDEEM_SECRET),
    blockUrl: probeOptOutUrl(deps.publicBaseUrl),
    expiresAt: addIsoDuration(now, organization.invitationValidity),
    recipientLanguage: existing?.preferredLanguage ?? null,
  });
  assertMailable(mail);
  return { mail: emailMessageSchema.parse(mail), organizationPreferredLanguage: organization.preferredLanguage };
}
