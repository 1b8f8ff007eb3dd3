import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { ReminderIndex } from '../domain/invitations/ports';
import { createDueDayIndex, dateColumn } from './due-day-index';

/**
 * Table `InvitationReminders`, the reminders' due-date index (see `due-day-index.ts`): RowKey
 * `<dueAt ISO>|<guestId>|<index>`, columns guestId, index, invitedAt, dueAt. The reminder timer
 * reads only what is due or overdue, never the whole directory.
 */
const entryRow = z.object({ guestId: z.string(), index: z.number().int().min(0), invitedAt: dateColumn, dueAt: dateColumn });

export function createTableReminderIndex(table: TableClient): ReminderIndex {
  return createDueDayIndex(table, { subjectKey: (e) => `${e.guestId}|${e.index}`, schema: entryRow });
}
