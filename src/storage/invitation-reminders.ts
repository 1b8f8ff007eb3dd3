import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { ReminderEntry, ReminderIndex } from '../domain/invitations/ports';
import { encodeKey, odataString } from './keys';
import { deleteRow } from './table-kit';

/**
 * Table `InvitationReminders`, the due-date index: PartitionKey = due day (`yyyy-mm-dd`, UTC),
 * RowKey = `<dueAt ISO>|<guestId>|<index>` (so a day's rows sort by time), columns guestId, index,
 * invitedAt, dueAt. Processed entries are deleted, so the timer's range query
 * `PartitionKey le '<today>'` reads only what is due or overdue, never the whole directory.
 */
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const rowKeyOf = (e: ReminderEntry) => encodeKey(`${e.dueAt.toISOString()}|${e.guestId}|${e.index}`);

const date = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);
const entryRow = z.object({ guestId: z.string(), index: z.number().int().min(0), invitedAt: date, dueAt: date });

export function createTableReminderIndex(table: TableClient): ReminderIndex {
  return {
    async schedule(entry) {
      // Upsert: scheduling the same reminder twice (a retried invitation) leaves one entry.
      await table.upsertEntity(
        { partitionKey: dayOf(entry.dueAt), rowKey: rowKeyOf(entry), guestId: entry.guestId, index: entry.index, invitedAt: entry.invitedAt, dueAt: entry.dueAt },
        'Replace',
      );
    },

    async listDue(now, limit) {
      const filter = `PartitionKey le ${odataString(dayOf(now))}`;
      const out: ReminderEntry[] = [];
      for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        const entry = entryRow.parse(row);
        if (entry.dueAt.getTime() <= now.getTime()) out.push(entry);
        if (out.length >= limit) break;
      }
      return out;
    },

    async remove(entry) {
      await deleteRow(table, dayOf(entry.dueAt), rowKeyOf(entry));
    },
  };
}
