import type { TableClient } from '@azure/data-tables';
import { Failure } from '../domain/errors';
import { outboxPointerSchema } from '../domain/outbox/pointer';
import type { EntitlementMail } from '../domain/entitlement/requests/ports';
import { encodeKey } from './keys';
import { enqueueOutbox, type MailQueues } from './outbox-queue';
import { outboxRow, outboxRowKey, outboxRowSchema } from './outbox-row';
import { readRow, transact } from './table-kit';

/**
 * Entitlement mails in table `MailOutbox`: each mail is its own partition (PartitionKey = the
 * encoded outbox id), because requests and assignments live in tables the outbox sweeper does not
 * scan. The row is written first, then its pointer queued. A second `send` with the same outbox id
 * writes nothing; it re-queues the pointer only while the mail is still pending (the first caller
 * may have died between the insert and the queue write; the sender ignores a pointer it already
 * handled). Outbox ids are letters, digits and hyphens (`nameBasedId` gives a UUID).
 */
export function createOutboxEntitlementMail(deps: { table: TableClient; queue: MailQueues; now(): Date }): EntitlementMail {
  return {
    async send(message) {
      const partitionKey = encodeKey(message.outboxId);
      const row = outboxRow(message, { table: 'MailOutbox', partitionKey, now: deps.now() });
      // Checked before the insert: a row whose pointer the queue refuses would never be sent.
      outboxPointerSchema.parse(row.pointer);
      try {
        await transact(deps.table, [row.action], 'The mail is already recorded.');
      } catch (error) {
        if (!(error instanceof Failure && error.code === 'conflict')) throw error;
        const stored = await readRow(deps.table, outboxRowSchema, 'outbox entry', partitionKey, outboxRowKey(message.outboxId));
        if (stored?.value.status !== 'pending') return;
      }
      await enqueueOutbox(deps.queue, row.pointer);
    },
  };
}
