import { Failure } from '../errors';
import { expectedDrainSeconds } from './mail-pace';
import type { Outbox } from './outbox';
import type { OutboxPointer } from './pointer';

/** An entry whose last queue message is older than this (and than the backlog's drain time) counts as lost. */
export const STALE_AFTER_MS = 10 * 60_000;
/** Most entries one sweep re-queues; the next sweep continues. */
export const SWEEP_LIMIT = 1_000;

export interface SweepOutboxDeps {
  outbox: Pick<Outbox, 'listStale' | 'load' | 'update'>;
  enqueue(pointer: OutboxPointer): Promise<void>;
  /** Approximate number of messages in `email-outbox` (visible or not). */
  queueLength(): Promise<number>;
  ratePerMinute: number;
  ratePerHour: number;
  now(): Date;
  log(event: string, fields: Record<string, string | number>): void;
}

/**
 * Re-queues outbox entries still pending long after their last queue message: the process died
 * between the state change and the queue message, or the message was lost. "Long" is
 * {@link STALE_AFTER_MS} or twice the time the current backlog needs to drain at the configured
 * pace, whichever is longer, so a slow but healthy backlog is not doubled. Each re-queue stamps
 * `lastQueuedAt` with the row's ETag, so concurrent sweeps do not both re-queue an entry; a copy
 * that does slip through is harmless, as the sender is idempotent on the outbox id.
 */
export async function sweepOutbox(deps: SweepOutboxDeps): Promise<{ requeued: number }> {
  const now = deps.now();
  const drainMs = expectedDrainSeconds(await deps.queueLength(), deps.ratePerMinute, deps.ratePerHour) * 1000;
  const cutoff = new Date(now.getTime() - Math.max(STALE_AFTER_MS, 2 * drainMs));
  const stale = await deps.outbox.listStale(cutoff, SWEEP_LIMIT);
  let requeued = 0;
  for (const pointer of stale) {
    const loaded = await deps.outbox.load(pointer);
    if (!loaded || loaded.entry.status !== 'pending' || loaded.entry.lastQueuedAt >= cutoff) continue;
    try {
      // A lost message counts as a delivery attempt, so an entry whose delivery kills the process
      // every time (and whose message the host poisons) is given up after MAX_DELIVERIES sweeps.
      await deps.outbox.update(pointer, loaded.etag, { lastQueuedAt: now, attempts: loaded.entry.attempts + 1 });
    } catch (error) {
      if (error instanceof Failure && error.code === 'preconditionFailed') continue;
      throw error;
    }
    await deps.enqueue(pointer);
    requeued++;
    deps.log('outboxRequeued', { outboxId: pointer.outboxId, table: pointer.table });
  }
  return { requeued };
}
