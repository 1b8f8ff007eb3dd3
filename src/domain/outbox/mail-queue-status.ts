import { expectedDrainSeconds } from './mail-pace';
import type { Outbox } from './outbox';

/** The mail backlog as the admin view shows it. */
export interface MailQueueStatus {
  /** Outbox entries not yet handed to Communication Services. */
  pending: number;
  /** Entries given up (their messages are in `email-outbox-poison`). */
  failed: number;
  /** Approximate messages in `email-outbox`, including ones waiting out a delay. */
  queueLength: number;
  ratePerMinute: number;
  ratePerHour: number;
  /** Seconds until the pending entries are sent at the configured pace. */
  expectedDrainSeconds: number;
}

export interface MailQueueStatusDeps {
  outbox: Pick<Outbox, 'countByStatus'>;
  queueLength(): Promise<number>;
  ratePerMinute: number;
  ratePerHour: number;
}

/** Reads the backlog: pending and failed entries, the queue's length and the drain time at the pace. */
export async function readMailQueueStatus(deps: MailQueueStatusDeps): Promise<MailQueueStatus> {
  const [counts, queueLength] = await Promise.all([deps.outbox.countByStatus(), deps.queueLength()]);
  return {
    pending: counts.pending,
    failed: counts.failed,
    queueLength,
    ratePerMinute: deps.ratePerMinute,
    ratePerHour: deps.ratePerHour,
    expectedDrainSeconds: expectedDrainSeconds(counts.pending, deps.ratePerMinute, deps.ratePerHour),
  };
}
