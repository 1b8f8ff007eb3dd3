import { strictLimit, type BucketLimit } from '../token-bucket';

/** The shared rate-limiter key for outgoing mail. */
export const MAIL_PACE_KEY = 'email';

/**
 * The sending quota as two strict buckets ("never more than N in any minute / hour"), so a burst
 * cannot exceed Communication Services' quota even when the bucket starts full.
 */
export function mailLimits(perMinute: number, perHour: number): BucketLimit[] {
  return [strictLimit('minute', perMinute, 60), strictLimit('hour', perHour, 3600)];
}

/** Mails per second the limits allow in the long run (the slower bucket wins). */
export function sustainedMailRate(perMinute: number, perHour: number): number {
  return Math.min(...mailLimits(perMinute, perHour).map((l) => l.refillPerSecond));
}

/** Seconds a backlog of `backlog` mails takes to drain at the configured pace. */
export function expectedDrainSeconds(backlog: number, perMinute: number, perHour: number): number {
  if (backlog <= 0) return 0;
  return Math.ceil(backlog / sustainedMailRate(perMinute, perHour));
}

/**
 * Port: the pace shared by every instance. `take` hands out one sending slot or says how long
 * until the next; `holdOff` stops every instance until `until` (Communication Services answered
 * 429, so the quota is spent whatever our own buckets think).
 */
export interface MailPace {
  take(now: Date): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
  holdOff(until: Date): Promise<void>;
}
