import { Failure } from '../errors';
import { burstLimit, type BucketLimit } from '../token-bucket';
import type { InvitationDeps } from './ports';

/**
 * Invitation mails per guest beyond the first: 5 at once, then one every 2 hours (shared by every
 * instance). Resends and re-invitations count; reminders do not (the schedule bounds them).
 */
export const RESEND_LIMITS: readonly BucketLimit[] = [burstLimit('resend', 5, 5 * 2 * 3600)];

/** Takes a resend token for the guest or throws `throttled` with the wait in seconds. */
export async function takeResendToken(deps: Pick<InvitationDeps, 'resendLimiter'>, guestId: string, now: Date): Promise<void> {
  const outcome = await deps.resendLimiter.take(`invitation-resend|${guestId}`, RESEND_LIMITS, now);
  if (!outcome.ok) {
    const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
    throw new Failure('throttled', `Too many invitation mails for this guest. Retry after ${seconds} seconds.`, { retryAfterSeconds: seconds });
  }
}
