/**
 * Token buckets, as pure arithmetic: a limit like "30 per minute and 100 per hour" is two buckets
 * that must both hold a token. The clock is a parameter; storage lives in an adapter.
 */

/** A bucket's shape: holds at most `capacity` tokens (the burst) and gains `refillPerSecond`. */
export interface BucketLimit {
  name: string;
  capacity: number;
  refillPerSecond: number;
}

/**
 * "About `count` per period", bursts allowed: any window of `periodSeconds` may see up to twice
 * `count` (a full bucket plus a period's refill). Right for API throttling like Graph's.
 */
export function burstLimit(name: string, count: number, periodSeconds: number): BucketLimit {
  return { name, capacity: count, refillPerSecond: count / periodSeconds };
}

/**
 * "Never more than `count` in any window of `periodSeconds`": a burst of one and a refill of
 * `count - 1` per period, so even a window that starts with a full bucket stays within `count`.
 * Right for hard quotas such as Communication Services' mails per minute and per hour.
 */
export function strictLimit(name: string, count: number, periodSeconds: number): BucketLimit {
  return { name, capacity: 1, refillPerSecond: Math.max(count - 1, 1) / periodSeconds };
}

/** A bucket's stored state. */
export interface BucketState {
  tokens: number;
  updatedAtMs: number;
}

export type TakeOutcome =
  | { ok: true; states: Record<string, BucketState> }
  | { ok: false; retryAfterMs: number; states: Record<string, BucketState> };

function refill(limit: BucketLimit, state: BucketState | undefined, nowMs: number): BucketState {
  if (!state) return { tokens: limit.capacity, updatedAtMs: nowMs };
  const elapsed = Math.max(0, nowMs - state.updatedAtMs) / 1000;
  const tokens = Math.min(limit.capacity, state.tokens + elapsed * limit.refillPerSecond);
  return { tokens, updatedAtMs: Math.max(nowMs, state.updatedAtMs) };
}

/**
 * Takes `count` tokens from every bucket, or none: when one bucket is short, nothing is taken and
 * the answer says how long until all of them could give `count`.
 */
export function takeTokens(limits: readonly BucketLimit[], states: Record<string, BucketState>, nowMs: number, count = 1): TakeOutcome {
  const refilled: Record<string, BucketState> = {};
  let waitMs = 0;
  for (const limit of limits) {
    if (count > limit.capacity) throw new TypeError(`Cannot take ${count} tokens from bucket ${limit.name} of ${limit.capacity}`);
    const state = refill(limit, states[limit.name], nowMs);
    refilled[limit.name] = state;
    if (state.tokens < count) {
      const perMs = limit.refillPerSecond / 1000;
      waitMs = Math.max(waitMs, Math.ceil((count - state.tokens) / perMs));
    }
  }
  if (waitMs > 0) return { ok: false, retryAfterMs: waitMs, states: refilled };
  const taken: Record<string, BucketState> = {};
  for (const [name, state] of Object.entries(refilled)) taken[name] = { tokens: state.tokens - count, updatedAtMs: state.updatedAtMs };
  return { ok: true, states: taken };
}

/**
 * Takes a block of tokens: between 1 and `most`, and no more than a quarter of what the emptiest
 * bucket holds, so a block never drains a bucket that others are also drawing from. `granted`
 * says how many were taken; refused only when not even one is there.
 */
export function takeBlock(limits: readonly BucketLimit[], states: Record<string, BucketState>, nowMs: number, most: number): TakeOutcome & { granted: number } {
  let fewest = Number.POSITIVE_INFINITY;
  for (const limit of limits) fewest = Math.min(fewest, refill(limit, states[limit.name], nowMs).tokens);
  const count = Math.max(1, Math.min(Math.floor(most), Math.floor(fewest / 4)));
  const outcome = takeTokens(limits, states, nowMs, count);
  return { ...outcome, granted: outcome.ok ? count : 0 };
}

/** Puts tokens back (a reserved slot that was not used, e.g. the request failed before sending). */
export function returnTokens(limits: readonly BucketLimit[], states: Record<string, BucketState>, count = 1): Record<string, BucketState> {
  const out: Record<string, BucketState> = {};
  for (const limit of limits) {
    const state = states[limit.name];
    if (state) out[limit.name] = { tokens: Math.min(limit.capacity, state.tokens + count), updatedAtMs: state.updatedAtMs };
  }
  return out;
}

/** Port: a named limit shared by every instance. */
export interface RateLimiter {
  /**
   * Takes one token from every bucket of `key`; on refusal says how long to wait. With `most`
   * above 1, takes a block (`takeBlock`) and says how many in `granted`.
   */
  take(key: string, limits: readonly BucketLimit[], now: Date, most?: number): Promise<{ ok: true; granted?: number } | { ok: false; retryAfterMs: number }>;
}
