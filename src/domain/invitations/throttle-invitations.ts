import { Failure } from '../errors';
import { burstLimit, returnTokens, takeTokens, type BucketState, type RateLimiter } from '../token-bucket';

export interface InvitationThrottleDeps {
  limiter: RateLimiter;
  /** Invitation requests per 5 s for the tenant (Graph: 150); 0 turns throttling off. */
  limitPer5s: number;
  now(): Date;
  /** A number in [0, 1): which shard a request tries first (spreads instances over the rows). */
  random(): number;
  /**
   * This worker's own copy of the tenant bucket (see `throttleInvitations`), starts empty; and the
   * block of shared tokens it holds (`reserve`) with the take that is fetching the next one.
   */
  local: { states: Record<string, BucketState>; reserve?: TokenReserve; fetching?: Promise<Granted> | undefined };
}

/** Tokens taken from a shared row and not yet spent; unusable after `untilMs`. */
export interface TokenReserve {
  tokens: number;
  untilMs: number;
}

type Granted = { ok: true } | { ok: false; retryAfterMs: number };

/** Most tokens one shared write takes for this worker (fewer near the limit: see `takeBlock`). */
export const TOKEN_BLOCK = 10;
/**
 * How long a worker may hold tokens it took: a token is spent within this time of leaving the
 * shared row or not at all. A held token is a request admitted when the token left the row and
 * started up to this much later, which the limit already allows (an admitted request's writes
 * take about as long); the shared rows never give out more than the limit, and an idle worker
 * strands at most one block, for at most this long.
 */
export const TOKEN_HOLD_MS = 1_000;

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
 *
 * A worker takes tokens from a shard in blocks (up to {@link TOKEN_BLOCK}, never more than a
 * quarter of what the shard holds, so one token at a time near the limit) and spends them on its
 * next requests within {@link TOKEN_HOLD_MS}: one shared write per block instead of one per request.
 */
export async function throttleInvitations(deps: InvitationThrottleDeps): Promise<void> {
  if (deps.limitPer5s === 0) return;
  const now = deps.now();
  const whole = [burstLimit('invitations', deps.limitPer5s, 5)];
  const local = takeTokens(whole, deps.local.states, now.getTime());
  if (!local.ok) throw throttled(local.retryAfterMs);
  deps.local.states = local.states;

  let outcome: Granted;
  try {
    outcome = await spendReserved(deps);
  } catch (error) {
    deps.local.states = returnTokens(whole, deps.local.states);
    throw error;
  }
  if (outcome.ok) return;
  // Not granted: the local copy must not count it, or it would refuse what the shared bucket allows.
  deps.local.states = returnTokens(whole, deps.local.states);
  throw throttled(outcome.retryAfterMs);
}

/**
 * One token from this worker's reserve, fetching a block from the shared rows when it is empty or
 * too old. Requests of one worker share one fetch: the ones waiting for it spend what it brought,
 * and only a request that finds the new block spent already fetches again.
 */
async function spendReserved(deps: InvitationThrottleDeps): Promise<Granted> {
  for (let round = 0; ; round++) {
    const reserve = deps.local.reserve;
    if (reserve && reserve.tokens >= 1 && deps.now().getTime() < reserve.untilMs) {
      reserve.tokens--;
      return { ok: true };
    }
    if (deps.local.fetching && round < 8) {
      const fetched = await deps.local.fetching;
      if (!fetched.ok) return fetched;
      continue;
    }
    const fetching = fetchBlock(deps, round < 8 ? TOKEN_BLOCK : 1);
    deps.local.fetching = fetching;
    try {
      const fetched = await fetching;
      if (!fetched.ok) return fetched;
    } finally {
      if (deps.local.fetching === fetching) deps.local.fetching = undefined;
    }
  }
}

/** Takes a block from the shared rows (starting at a random shard, moving on when one is empty) into the reserve. */
async function fetchBlock(deps: InvitationThrottleDeps, most: number): Promise<Granted> {
  const shards = throttleShards(deps.limitPer5s);
  const share = [burstLimit('invitations', deps.limitPer5s / shards, 5)];
  const first = Math.floor(deps.random() * shards) % shards;
  const now = deps.now();
  let wait = Number.POSITIVE_INFINITY;
  for (let i = 0; i < shards; i++) {
    const shard = (first + i) % shards;
    const outcome = await deps.limiter.take(shards === 1 ? 'tenant|invitations' : `tenant|invitations|${shard}`, share, now, most);
    if (outcome.ok) {
      // Tokens still held (another request's fetch ran at the same time) are kept, under the older deadline.
      const held = deps.local.reserve;
      const valid = held && held.tokens >= 1 && deps.now().getTime() < held.untilMs ? held : undefined;
      deps.local.reserve = { tokens: (valid?.tokens ?? 0) + (outcome.granted ?? 1), untilMs: valid?.untilMs ?? now.getTime() + TOKEN_HOLD_MS };
      return { ok: true };
    }
    wait = Math.min(wait, outcome.retryAfterMs);
  }
  return { ok: false, retryAfterMs: wait };
}
