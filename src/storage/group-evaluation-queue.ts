import type { QueueClient } from '@azure/storage-queue';
import { z } from 'zod';
import type { EvaluationMessage, EvaluationQueue } from '../domain/groups/ports';

/** The queue message of one re-evaluation page, checked when it is received. */
export const evaluationMessageSchema = z.object({
  groupId: z.string().min(1),
  ruleVersion: z.number().int().min(1),
  page: z.string(),
});

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
