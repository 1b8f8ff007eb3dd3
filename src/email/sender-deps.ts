import type { DeliverMailDeps } from '../domain/outbox/deliver-mail';
import type { OutboxPointer } from '../domain/outbox/pointer';

/**
 * Everything the mail functions (sender, sweeper, admin view) need, as the composition root
 * builds it; each function adds its own log.
 */
export interface MailParts extends Omit<DeliverMailDeps, 'log'> {
  /** Puts a pointer on `email-outbox` now. */
  enqueue(pointer: OutboxPointer): Promise<void>;
  /** Approximate messages in `email-outbox`. */
  queueLength(): Promise<number>;
  ratePerMinute: number;
  ratePerHour: number;
}
