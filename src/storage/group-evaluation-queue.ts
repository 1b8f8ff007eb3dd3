import type { QueueClient } from '@azure/storage-queue';
import { evaluationMessageSchema, type EvaluationMessage, type EvaluationQueue } from '../domain/groups/ports';

/**
 * The `group-evaluation` queue. The Functions queue trigger expects base64 text by default and the
 * SDK does not encode, so the producer does.
 */
export function createStorageEvaluationQueue(queue: QueueClient): EvaluationQueue {
  return {
    async enqueue(message: EvaluationMessage) {
      await queue.sendMessage(Buffer.from(JSON.stringify(evaluationMessageSchema.parse(message))).toString('base64'));
    },
  };
}
