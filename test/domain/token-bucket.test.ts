import { describe, expect, it } from 'vitest';
import { burstLimit, returnTokens, strictLimit, takeTokens, type BucketLimit, type BucketState } from '../../src/domain/token-bucket';

const perMinute: BucketLimit = burstLimit('minute', 30, 60);
const perHour: BucketLimit = burstLimit('hour', 100, 3600);

/** The most grants any window of `windowMs` saw, given grant times. */
function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

function drain(limits: BucketLimit[], count: number, nowMs: number, states: Record<string, BucketState> = {}) {
  let taken = 0;
  for (let i = 0; i < count; i++) {
    const outcome = takeTokens(limits, states, nowMs);
    states = outcome.states;
    if (outcome.ok) taken++;
  }
  return { taken, states };
}

describe('token buckets', () => {
  it('when a fresh bucket is drained at one instant, then exactly its capacity is granted', () => {
    expect(drain([perMinute], 50, 0).taken).toBe(30);
  });

  it('when a bucket is empty, then the refusal says how long until one token has refilled', () => {
    const { states } = drain([perMinute], 30, 0);
    const outcome = takeTokens([perMinute], states, 0);
    expect(outcome).toMatchObject({ ok: false, retryAfterMs: 2000 });
    expect(takeTokens([perMinute], states, 2000).ok).toBe(true);
  });

  it('when strict quotas of 30/min and 100/h are asked every 100 ms for two hours, then no window ever exceeds them', () => {
    const limits = [strictLimit('minute', 30, 60), strictLimit('hour', 100, 3600)];
    let states: Record<string, BucketState> = {};
    const granted: number[] = [];
    for (let t = 0; t < 7_200_000; t += 100) {
      const outcome = takeTokens(limits, states, t);
      states = outcome.states;
      if (outcome.ok) granted.push(t);
    }
    expect(maxInWindow(granted, 60_000)).toBeLessThanOrEqual(30);
    expect(maxInWindow(granted, 3_600_000)).toBeLessThanOrEqual(100);
    // ... and the quota is used, not wasted: close to 100 per hour over two hours.
    expect(granted.length).toBeGreaterThanOrEqual(198);
  });

  it('when a strict pace of 60/min drains a backlog, then 300 grants take about five minutes', () => {
    const limits = [strictLimit('minute', 60, 60)];
    let states: Record<string, BucketState> = {};
    let t = 0;
    for (let sent = 0; sent < 300; ) {
      const outcome = takeTokens(limits, states, t);
      states = outcome.states;
      if (outcome.ok) sent++;
      else t += outcome.retryAfterMs;
    }
    expect(t / 1000).toBeGreaterThan(295);
    expect(t / 1000).toBeLessThan(310);
  });

  it('when burst limits are used, then a full bucket is granted at once and refills at its rate', () => {
    const { taken, states } = drain([perHour], 150, 0);
    expect(taken).toBe(100);
    expect(takeTokens([perHour], states, 36_000).ok).toBe(true);
  });

  it('when a refusal happens, then the tokens of the bucket that had some are not consumed', () => {
    const { states } = drain([perMinute], 30, 0);
    const before = takeTokens([perMinute, perHour], states, 0);
    expect(before.ok).toBe(false);
    expect(before.states['hour']?.tokens).toBe(100);
  });

  it('when tokens are returned, then they never exceed capacity', () => {
    const states = returnTokens([perMinute], { minute: { tokens: 29.5, updatedAtMs: 0 } }, 5);
    expect(states['minute']?.tokens).toBe(30);
  });

  it('when more tokens are asked than a bucket can ever hold, then it is misuse', () => {
    expect(() => takeTokens([perMinute], {}, 0, 31)).toThrow(TypeError);
  });
});
