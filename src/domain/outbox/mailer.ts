import type { EmailMessage } from '../mail/message';
import type { RenderedEmail } from '../mail/rendered';
import type { OutboxPointer } from './pointer';

/** One mail ready for Communication Services. */
export interface OutgoingMail {
  /** Derived from the outbox id: the same on every attempt, so ACS can recognise a repeat. */
  operationId: string;
  message: EmailMessage;
  rendered: RenderedEmail;
}

/**
 * What one send came to. `transient`: worth retrying (429, 5xx, network, timeout); `retryAfterMs`
 * is the service's `Retry-After` when it gave one, `throttled` marks a 429. `permanent`: retrying the
 * same request cannot help (4xx, or ACS ended the operation `Failed`).
 */
export type SendOutcome =
  | { kind: 'accepted' }
  | { kind: 'transient'; reason: string; retryAfterMs: number | null; throttled: boolean }
  | { kind: 'permanent'; reason: string };

/** Port: hands a mail to Communication Services and waits for the operation's end. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SendOutcome>;
}

/** Port: the `email-outbox` queue as the sender uses it. */
export interface MailQueue {
  /** Puts the pointer back, visible after `delaySeconds`. */
  requeue(pointer: OutboxPointer, delaySeconds: number): Promise<void>;
  /** Writes the pointer to `email-outbox-poison` (the reason goes to the log and the row). */
  poison(pointer: OutboxPointer, reason: string): Promise<void>;
}
