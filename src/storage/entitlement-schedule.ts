import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { DueIndex, DueKind } from '../domain/entitlement/requests/ports';
import { createDueDayIndex, dateColumn } from './due-day-index';

/**
 * Table `EntitlementSchedule`, the due-date index of requests and assignments (see
 * `due-day-index.ts`): RowKey `<dueAt ISO>|<kind>|<subjectId>`, columns kind, subjectId, dueAt.
 */
const DUE_KINDS = ['approvalEscalation', 'approvalTimeout', 'assignmentNotice', 'assignmentEnd', 'guestDeletion', 'scheduledStart', 'requestFollowUp'] as const satisfies readonly DueKind[];

const entryRow = z.object({ kind: z.enum(DUE_KINDS), subjectId: z.string(), dueAt: dateColumn });

/** The `DueIndex` port on `table` (`EntitlementSchedule`). */
export function createTableDueIndex(table: TableClient): DueIndex {
  return createDueDayIndex(table, { subjectKey: (e) => `${e.kind}|${e.subjectId}`, schema: entryRow });
}
