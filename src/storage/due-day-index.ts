import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { encodeKey, odataString } from './keys';
import { deleteRow } from './table-kit';

/**
 * A due-date index in one table, so a timer reads only what is due: PartitionKey = the due day
 * (`yyyy-mm-dd`, UTC), RowKey = `<dueAt ISO>|<what the entry is about>` (a day's rows sort by time),
 * the entry's fields as columns. Handled entries are deleted, so the range query
 * `PartitionKey le '<today>'` reads only what is due or overdue, never the whole population.
 * Scheduling the same entry twice (a retried step) leaves one row.
 */
export interface DueDayIndex<E extends { dueAt: Date }> {
  schedule(entry: E): Promise<void>;
  listDue(now: Date, limit: number): Promise<E[]>;
  remove(entry: E): Promise<void>;
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

export function createDueDayIndex<E extends { dueAt: Date }>(table: TableClient, options: { subjectKey(entry: E): string; schema: z.ZodType<E> }): DueDayIndex<E> {
  const rowKeyOf = (e: E) => encodeKey(`${e.dueAt.toISOString()}|${options.subjectKey(e)}`);
  return {
    async schedule(entry) {
      await table.upsertEntity({ ...entry, partitionKey: dayOf(entry.dueAt), rowKey: rowKeyOf(entry) }, 'Replace');
    },
    async listDue(now, limit) {
      const out: E[] = [];
      if (limit <= 0) return out;
      const filter = `PartitionKey le ${odataString(dayOf(now))}`;
      for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        const entry = options.schema.parse(row);
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

/** A Table DateTime column as read back (a Date, or ISO text from some clients). */
export const dateColumn = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);
