import { Failure } from '../errors';
import { burstLimit, type RateLimiter } from '../token-bucket';

export interface InvitationThrottleDeps {
  limiter: RateLimiter;
  /** Invitation requests per 5 s for the tenant (Graph: 150); 0 turns throttling off. */
  limitPer5s: number;
  now(): Date;
}

/**
 * Graph-like throttling of invitation requests (invite, resend), shared by every instance through
 * the rate-limit table: over the limit is 429 with the seconds to wait. Mail pacing is separate:
 * accepted invitations queue their mails, which drain at the mail quota.
 */
export async function throttleInvitations(deps: InvitationThrottleDeps): Promise<void> {
  if (deps.limitPer5s === 0) return;
  const outcome = await deps.limiter.take('tenant|invitations', [burstLimit('invitations', deps.limitPer5s, 5)], deps.now());
  if (!outcome.ok) {
    throw new Failure('throttled', 'Too many invitation requests for this organization. Retry after the number of seconds in Retry-After.', {
      retryAfterSeconds: Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)),
    });
  }
}
