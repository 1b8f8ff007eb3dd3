import type { TableClient } from '@azure/data-tables';
import type { Outbox, OutboxChange } from '../domain/outbox/outbox';
import { MAIL_LANES, type MailLane } from '../domain/outbox/mail-lane';
import type { OutboxPointer } from '../domain/outbox/pointer';
import type { TableName } from './names';
import { entryFromRow, OUTBOX_TABLES, outboxRowFilter, outboxRowKey, outboxRowSchema } from './outbox-row';
import { readRow, updateRow, type Row } from './table-kit';

const isOutboxTable = (name: string): name is TableName => (OUTBOX_TABLES as readonly string[]).includes(name);

function columnsOf(change: OutboxChange): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (change.status !== undefined) out['status'] = change.status;
  if (change.attempts !== undefined) out['attempts'] = change.attempts;
  // Merge cannot remove a column; '' stands for "no error".
  if (change.lastError !== undefined) out['lastError'] = (change.lastError ?? '').slice(0, 2_000);
  if (change.lastQueuedAt !== undefined) out['lastQueuedAt'] = change.lastQueuedAt;
  if (change.lastAttemptAt) out['lastAttemptAt'] = change.lastAttemptAt;
  if (change.sentAt) out['sentAt'] = change.sentAt;
  return out;
}

/**
 * The outbox over Table Storage: rows in the tables of {@link OUTBOX_TABLES}, point reads by
 * pointer, Merge updates with the ETag that was read.
 *
 * Cost: `load`/`update` are point operations. `listStale` and `countByStatus` filter on
 * RowKey range + status (+ lastQueuedAt) without a PartitionKey, which Table Storage serves by
 * scanning every partition of each outbox table: the cost grows with the table (entities and
 * their other rows), not with the backlog. At our scale (thousands of entities, a sweep every
 * 5 minutes, an admin view on demand) that is a few requests; beyond ~100k rows per table an
 * index table of pending entries (written before the entity's transaction) would be the next step.
 */
export function createTableOutbox(table: (name: TableName) => TableClient): Outbox {
  return {
    async load(pointer) {
      if (!isOutboxTable(pointer.table)) return undefined;
      const stored = await readRow(table(pointer.table), outboxRowSchema, 'outbox entry', pointer.partitionKey, outboxRowKey(pointer.outboxId));
      return stored ? { entry: entryFromRow(stored.value), etag: stored.etag } : undefined;
    },

    async update(pointer, etag, change) {
      if (!isOutboxTable(pointer.table)) throw new TypeError(`${pointer.table} holds no outbox`);
      const row: Row = { partitionKey: pointer.partitionKey, rowKey: outboxRowKey(pointer.outboxId), ...columnsOf(change) };
      return updateRow(table(pointer.table), row, etag, 'Merge');
    },

    async listStale(queuedBefore, limit) {
      const filter = outboxRowFilter(`status eq 'pending' and lastQueuedAt lt datetime'${queuedBefore.toISOString()}'`);
      const out: OutboxPointer[] = [];
      for (const name of OUTBOX_TABLES) {
        const rows = table(name).listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ['PartitionKey', 'outboxId', 'lane'] } });
        for await (const row of rows) {
          if (out.length >= limit) return out;
          if (typeof row.partitionKey === 'string' && typeof row['outboxId'] === 'string') {
            const lane = (MAIL_LANES as readonly unknown[]).includes(row['lane']) ? (row['lane'] as MailLane) : undefined;
            out.push({ v: 1, outboxId: row['outboxId'], table: name, partitionKey: row.partitionKey, ...(lane ? { lane } : {}) });
          }
        }
      }
      return out;
    },

    async countByStatus() {
      const counts = { pending: 0, failed: 0 };
      const filter = outboxRowFilter(`(status eq 'pending' or status eq 'failed')`);
      for (const name of OUTBOX_TABLES) {
        for await (const row of table(name).listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ['status'] } })) {
          if (row['status'] === 'pending') counts.pending++;
          else if (row['status'] === 'failed') counts.failed++;
        }
      }
      return counts;
    },
  };
}
