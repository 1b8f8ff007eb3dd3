import { describe, expect, it } from 'vitest';
import { Failure } from '../../../src/domain/errors';
import { throttleInvitations, throttleShards, TOKEN_BLOCK, TOKEN_HOLD_MS, type InvitationThrottleDeps } from '../../../src/domain/invitations/throttle-invitations';
import { takeBlock, type BucketState, type RateLimiter } from '../../../src/domain/token-bucket';

/** The shared rate-limit table in memory: one bucket state per key, and every take recorded. */
function sharedLimiter(): RateLimiter & { rows: Map<string, Record<string, BucketState>>; takes: string[] } {
  const rows = new Map<string, Record<string, BucketState>>();
  const takes: string[] = [];
  return {
    rows,
    takes,
    async take(key, limits, now, most = 1) {
      takes.push(key);
      const outcome = takeBlock(limits, rows.get(key) ?? {}, now.getTime(), most);
      if (!outcome.ok) return { ok: false, retryAfterMs: outcome.retryAfterMs };
      rows.set(key, outcome.states);
      return { ok: true, granted: outcome.granted };
    },
  };
}

/** One worker (function instance): its own local copy, the shared limiter, a clock and a random source. */
function worker(limiter: RateLimiter, limitPer5s: number, clock: { now: Date }, random = () => 0.5): InvitationThrottleDeps {
  return { limiter, limitPer5s, now: () => clock.now, random, local: { states: {} } };
}

const outcome = (p: Promise<void>) =>
  p.then(
    () => 'granted' as const,
    (error: unknown) => {
      if (error instanceof Failure && error.code === 'throttled') return error.retryAfterSeconds ?? -1;
      throw error;
    },
  );

describe('tenant invitation throttle split over several rows', () => {
  it('when the limit is 150 per 5 s, then it is held in 6 rows of 25; a small limit stays in one row', () => {
    expect(throttleShards(150)).toBe(6);
    expect(throttleShards(3)).toBe(1);
    expect(throttleShards(10_000)).toBe(8);
  });

  it('when two workers send 400 requests at one instant, then exactly 150 are granted and the rest get a Retry-After', async () => {
    const limiter = sharedLimiter();
    const clock = { now: new Date('2026-05-01T08:00:00Z') };
    let n = 0;
    const spread = () => (n++ % 7) / 7;
    const workers = [worker(limiter, 150, clock, spread), worker(limiter, 150, clock, spread)];
    const results = await Promise.all(Array.from({ length: 400 }, (_, i) => outcome(throttleInvitations(workers[i % 2]!))));
    expect(results.filter((r) => r === 'granted')).toHaveLength(150);
    expect(results.filter((r) => r !== 'granted').every((r) => typeof r === 'number' && r >= 1)).toBe(true);
    expect(new Set(limiter.takes).size).toBe(6);
  });

  it("when one worker's own copy is empty, then it refuses without touching the shared rows", async () => {
    const limiter = sharedLimiter();
    const clock = { now: new Date('2026-05-01T08:00:00Z') };
    const w = worker(limiter, 3, clock);
    for (let i = 0; i < 3; i++) expect(await outcome(throttleInvitations(w))).toBe('granted');
    const before = limiter.takes.length;
    // 3 per 5 s refill one token every 1.67 s: Retry-After 2.
    expect(await outcome(throttleInvitations(w))).toBe(2);
    expect(limiter.takes).toHaveLength(before);
  });

  it('when the shared bucket refused a worker, then that worker is granted again as soon as the shared bucket refills', async () => {
    const limiter = sharedLimiter();
    const clock = { now: new Date('2026-05-01T08:00:00Z') };
    const busy = worker(limiter, 3, clock);
    const idle = worker(limiter, 3, clock);
    for (let i = 0; i < 3; i++) await throttleInvitations(busy);
    // The idle worker's own copy is full, so it asks the shared bucket, which is empty.
    for (let i = 0; i < 5; i++) expect(await outcome(throttleInvitations(idle))).toBe(2);
    clock.now = new Date(clock.now.getTime() + 2_000);
    expect(await outcome(throttleInvitations(idle))).toBe('granted');
  });

  it('when one worker sends 100 requests in a row well under the limit, then it writes the shared rows once per block of tokens, not once per request', async () => {
    const limiter = sharedLimiter();
    const clock = { now: new Date('2026-05-01T08:00:00Z') };
    const w = worker(limiter, 10_000, clock);
    for (let i = 0; i < 100; i++) expect(await outcome(throttleInvitations(w))).toBe('granted');
    expect(limiter.takes).toHaveLength(100 / TOKEN_BLOCK);
  });

  it('when 16 requests of one worker arrive at once, then they share the fetches of blocks instead of each writing a row', async () => {
    const limiter = sharedLimiter();
    const clock = { now: new Date('2026-05-01T08:00:00Z') };
    const w = worker(limiter, 10_000, clock);
    const results = await Promise.all(Array.from({ length: 16 }, () => outcome(throttleInvitations(w))));
    expect(results.every((r) => r === 'granted')).toBe(true);
    expect(limiter.takes).toHaveLength(2);
  });

  it('when a worker held tokens longer than TOKEN_HOLD_MS, then it does not spend them and takes fresh ones from the shared rows', async () => {
    const limiter = sharedLimiter();
    const clock = { now: new Date('2026-05-01T08:00:00Z') };
    const w = worker(limiter, 10_000, clock);
    await throttleInvitations(w);
    expect(w.local.reserve?.tokens).toBe(TOKEN_BLOCK - 1);
    clock.now = new Date(clock.now.getTime() + TOKEN_HOLD_MS);
    await throttleInvitations(w);
    expect(limiter.takes).toHaveLength(2);
  });

  it('when the shared rows are nearly empty, then a worker takes one token at a time, so it strands none that another worker is refused', async () => {
    const limiter = sharedLimiter();
    const clock = { now: new Date('2026-05-01T08:00:00Z') };
    const a = worker(limiter, 3, clock);
    const b = worker(limiter, 3, clock);
    expect(await outcome(throttleInvitations(a))).toBe('granted');
    expect(a.local.reserve?.tokens).toBe(0);
    expect(await outcome(throttleInvitations(b))).toBe('granted');
    expect(await outcome(throttleInvitations(b))).toBe('granted');
    expect(await outcome(throttleInvitations(a))).toBe(2);
  });
});
