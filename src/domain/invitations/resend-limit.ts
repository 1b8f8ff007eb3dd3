import { Failure } from '../errors';
import { burstLimit, takeTokens, type BucketLimit } from '../token-bucket';
import type { Invitation } from './invitation';

/**
 * Invitation mails per guest: at most 5 at once, the first invitation's included, then one more
 * every 2 hours (shared by every instance). Invitations, re-invitations and resends with a mail
 * count; reminders do not (the organization's schedule bounds them), nor do re-invitations without
 * a mail (the tenant's invitation throttle covers those).
 */
export const INVITATION_MAILS_PER_GUEST = 5;
export const INVITATION_MAIL_REFILL_SECONDS = 2 * 3600;

const LIMIT: BucketLimit = burstLimit('invitationMails', INVITATION_MAILS_PER_GUEST, INVITATION_MAILS_PER_GUEST * INVITATION_MAIL_REFILL_SECONDS);

/**
 * Takes one mail from the guest's allowance as stored with the invitation, or throws `throttled`
 * with the wait in seconds. The caller writes the returned allowance in the same ETag-guarded
 * write that records the mail, so concurrent requests cannot both spend the last mail.
 */
export function takeMailAllowance(invitation: Pick<Invitation, 'mailAllowance'>, now: Date): NonNullable<Invitation['mailAllowance']> {
  const stored = invitation.mailAllowance;
  const states = stored ? { [LIMIT.name]: { tokens: stored.tokens, updatedAtMs: stored.updatedAt.getTime() } } : {};
  const outcome = takeTokens([LIMIT], states, now.getTime());
  if (!outcome.ok) {
    const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
    throw new Failure('throttled', `Too many invitation mails for this guest. Retry after ${seconds} seconds.`, { retryAfterSeconds: seconds });
  }
  const state = outcome.states[LIMIT.name]!;
  return { tokens: state.tokens, updatedAt: new Date(state.updatedAtMs) };
}
