import type { MailLane } from './mail-lane';
import type { MailQuota } from './send-windows';

/** The quota as configured: Communication Services' per-minute and per-hour sending limits. */
export function mailQuota(perMinute: number, perHour: number): MailQuota {
  return { perMinute, perHour };
}

/**
 * Seconds a backlog of `backlog` mails takes to drain at the quota's sustained rate (the tighter of
 * the two limits spread over its window): an upper bound that ignores the burst an idle quota
 * allows, which is what the sweeper wants before it decides a message was lost. The lanes'
 * window-exact estimates are `MailPace.estimate`.
 */
export function expectedDrainSeconds(backlog: number, perMinute: number, perHour: number): number {
  if (backlog <= 0) return 0;
  return Math.ceil(backlog / Math.min(perMinute / 60, perHour / 3600));
}

/**
 * Port: the quota shared by every instance. `take` hands `lane` one sending slot or says how long
 * until the lane has room; `holdOff` stops every instance until `until` (Communication Services
 * answered 429, so the quota is spent whatever our own count says); `estimate` says when the last
 * of `count` more mails of `lane` would go at the current quota (and hold-off).
 */
export interface MailPace {
  take(now: Date, lane: MailLane): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
  holdOff(until: Date): Promise<void>;
  estimate(lane: MailLane, count: number, now: Date): Promise<Date>;
}
