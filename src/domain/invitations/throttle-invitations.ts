import { Failure } from '../errors';
import { burstLimit, returnTokens, takeTokens, type BucketState, type RateLimiter } from '../token-bucket';

export interface InvitationThrottleDeps {
  limiter: RateLimiter;
  /** Invitation requests per 5 s for the tenant (Graph: 150); 0 turns throttling off. */
  limitPer5s: number;
  now(): Date;
  /** A number in [0, 1): which shard a request tries first (spreads instances over the rows). */
  random(): number;
  /** This worker's own copy of the tenant bucket (see `throttleInvitations`); starts empty. */
  local: { states: Record<string, BucketState> };
}

/** Tokens per shard row at least, so the split never makes a shard too small to be useful. */
const MIN_TOKENS_PER_SHARD = 25;
/** Most rows the tenant bucket is split over. */
const MAX_SHARDS = 8;

/** How many rows hold the tenant's bucket: 150 per 5 s → 6 rows of 25. */
export const throttleShards = (limitPer5s: number): number => Math.max(1, Math.min(MAX_SHARDS, Math.floor(limitPer5s / MIN_TOKENS_PER_SHARD)));

const throttled = (retryAfterMs: number) =>
  new Failure('throttled', 'Too many invitation requests for this organization. Retry after the number of seconds in Retry-After.', {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
  });

/**
 * Graph-like throttling of invitation requests (invite, resend), shared by every instance through
 * the rate-limit table: over the limit is 429 with the seconds to wait. Mail pacing is separate:
 * accepted invitations queue their mails, which drain at the mail quota.
 *
 * The tenant's bucket is split over `throttleShards` rows, each with its share of the capacity and
 * refill, so concurrent requests rarely write the same row (one row under load meant 412 retry
 * storms). A request starts at a random shard and moves on when that one is empty: it is refused
 * only when every shard is, and no more than the limit is ever granted (the shares sum to it). The
 * cost: up to one token per shard can sit unused as a fraction near the limit.
 *
 * Before any storage, a worker checks its own copy of the whole bucket, which counts only what
 * this worker was granted: the shared bucket (what every instance was granted) can never hold more,
 * so a local refusal is always right, and a flood over the limit is refused without storage.
 */
export async function throttleInvitations(deps: InvitationThrottleDeps): Promise<void> {
  if (deps.limitPer5s === 0) return;
  const now = deps.now();
  const whole = [burstLimit('invitations', deps.limitPer5s, 5)];
  const local = takeTokens(whole, deps.local.states, now.getTime());
  if (!local.ok) throw throttled(local.retryAfterMs);
  deps.local.states = local.states;

  const shards = throttleShards(deps.limitPer5s);
  const share = [burstLimit('invitations', deps.limitPer5s / shards, 5)];
  const first = Math.floor(deps.random() * shards) % shards;
  let wait = Number.POSITIVE_INFINITY;
  try {
    for (let i = 0; i < shards; i++) {
      const shard = (first + i) % shards;
      const outcome = await deps.limiter.take(shards === 1 ? 'tenant|invitations' : `tenant|invitations|${shard}`, share, now);
      if (outcome.ok) return;
      wait = Math.min(wait, outcome.retryAfterMs);
    }
  } catch (error) {
    deps.local.states = returnTokens(whole, deps.local.states);
    throw error;
  }
  // Not granted: the local copy must not count it, or it would refuse what the shared bucket allows.
  deps.local.states = returnTokens(whole, deps.local.states);
  throw throttled(wait);
}
