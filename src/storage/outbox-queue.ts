import type { QueueClient } from '@azure/storage-queue';
import type { MailLane } from '../domain/outbox/mail-lane';
import type { MailQueue } from '../domain/outbox/mailer';
import { outboxPointerSchema, type OutboxPointer } from '../domain/outbox/pointer';
import type { QueueName } from './names';

/** Longest delay a message may wait: visibility must stay below the default 7-day time to live. */
const MAX_DELAY_SECONDS = 6 * 24 * 3600;

/** The queue trigger decodes base64 (host.json `messageEncoding`); the JS queue client does not encode. */
export const encodeQueueMessage = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

/**
 * The queue each lane drains from. Codes and decisions share `email-outbox` (few, and urgent);
 * invitations and bulk jobs have their own, so thousands of their messages waiting for the quota
 * never stand in front of a code. A pointer without a lane (written before lanes) uses `email-outbox`.
 */
const QUEUE_OF_LANE: Record<MailLane, QueueName> = {
  code: 'email-outbox',
  decision: 'email-outbox',
  invitation: 'email-outbox-invitations',
  bulk: 'email-outbox-bulk',
};
export const MAIL_QUEUES = ['email-outbox', 'email-outbox-invitations', 'email-outbox-bulk'] as const satisfies readonly QueueName[];
export type MailQueueName = (typeof MAIL_QUEUES)[number];

export const queueOfLane = (lane: MailLane | undefined): MailQueueName => (lane ? QUEUE_OF_LANE[lane] : 'email-outbox') as MailQueueName;

/** The mail queues by name (a single client stands for all of them: the tests' fresh queues). */
export type MailQueues = QueueClient | ((name: MailQueueName) => QueueClient);

const queueFor = (queues: MailQueues, pointer: OutboxPointer): QueueClient => (typeof queues === 'function' ? queues(queueOfLane(pointer.lane)) : queues);

/**
 * Puts an outbox pointer on its lane's queue (call it after the transaction that wrote the outbox
 * row has committed). A lost message is not lost mail: the sweeper re-queues entries still
 * pending later. `delaySeconds` keeps it invisible for that long.
 */
export async function enqueueOutbox(queues: MailQueues, pointer: OutboxPointer, delaySeconds = 0): Promise<void> {
  const body = outboxPointerSchema.parse(pointer);
  const visibilityTimeout = Math.min(Math.max(0, Math.ceil(delaySeconds)), MAX_DELAY_SECONDS);
  await queueFor(queues, body).sendMessage(encodeQueueMessage(body), visibilityTimeout > 0 ? { visibilityTimeout } : {});
}

/**
 * The sender's view of the queues: re-queue with a delay (on the lane's queue), and poison. The
 * poison copy is the pointer as it was, like the host's own copy, so an operator can move it back
 * once the cause is fixed; the reason is on the outbox row and in the log. Every lane's poisoned
 * mail goes to `email-outbox-poison`, so there is one place to look.
 */
export function createQueueMailQueue(queues: MailQueues, poisonQueue: QueueClient): MailQueue {
  return {
    requeue: (pointer, delaySeconds) => enqueueOutbox(queues, pointer, delaySeconds),
    async poison(pointer) {
      await poisonQueue.sendMessage(encodeQueueMessage(pointer));
    },
  };
}

/** Approximate message count (visible and delayed) of a queue. */
export async function approximateQueueLength(queue: QueueClient): Promise<number> {
  const properties = await queue.getProperties();
  return properties.approximateMessagesCount ?? 0;
}
