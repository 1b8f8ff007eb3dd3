import type { DeliverMailDeps } from '../domain/outbox/deliver-mail';
import type { MailLane } from '../domain/outbox/mail-lane';
import type { OutboxPointer } from '../domain/outbox/pointer';

/**
 * Everything the mail functions (sender, sweeper, admin view, estimates on pages) need, as the
 * composition root builds it; each function adds its own log.
 */
export interface MailParts extends Omit<DeliverMailDeps, 'log'> {
  /** Puts a pointer on its lane's queue now. */
  enqueue(pointer: OutboxPointer): Promise<void>;
  /** Approximate messages in all mail queues together. */
  queueLength(): Promise<number>;
  /** Approximate messages waiting in the queue `lane` drains from. */
  laneQueueLength(lane: MailLane): Promise<number>;
  ratePerMinute: number;
  ratePerHour: number;
}
