import type { QueueClient } from '@azure/storage-queue';
import type { MailQueue } from '../domain/outbox/mailer';
import { outboxPointerSchema, type OutboxPointer } from '../domain/outbox/pointer';

/** Longest delay a message may wait: visibility must stay below the default 7-day time to live. */
const MAX_DELAY_SECONDS = 6 * 24 * 3600;

/** The queue trigger decodes base64 (host.json `messageEncoding`); the JS queue client does not encode. */
export const encodeQueueMessage = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

/**
 * Puts an outbox pointer on the `email-outbox` queue (call it after the transaction that wrote the
 * outbox row has committed). A lost message is not lost mail: the sweeper re-queues entries still
 * pending later. `delaySeconds` keeps it invisible for that long.
 */
export async function enqueueOutbox(queue: QueueClient, pointer: OutboxPointer, delaySeconds = 0): Promise<void> {
  const body = outboxPointerSchema.parse(pointer);
  const visibilityTimeout = Math.min(Math.max(0, Math.ceil(delaySeconds)), MAX_DELAY_SECONDS);
  await queue.sendMessage(encodeQueueMessage(body), visibilityTimeout > 0 ? { visibilityTimeout } : {});
}

/**
 * The sender's view of the queue: re-queue with a delay, and poison. The poison copy is the pointer
 * as it was, like the host's own copy, so an operator can move it back once the cause is fixed; the
 * reason is on the outbox row and in the log.
 */
export function createQueueMailQueue(queue: QueueClient, poisonQueue: QueueClient): MailQueue {
  return {
    requeue: (pointer, delaySeconds) => enqueueOutbox(queue, pointer, delaySeconds),
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
