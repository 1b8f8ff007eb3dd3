import type { TableClient } from '@azure/data-tables';
import { Failure } from '../domain/errors';
import { deleteRow } from './table-kit';

/**
 * Deletes up to `limit` rows matching `filter` (rows whose time is over), each guarded by the ETag
 * it was listed with, so a row rewritten since the scan (a new code, a reused key) stays. The scan
 * crosses partitions: sweeps run on tables that hold only short-lived rows.
 */
export async function deleteExpiredRows(table: TableClient, filter: string, limit: number): Promise<number> {
  let removed = 0;
  for await (const found of table.listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
    if (removed >= limit) break;
    try {
      await deleteRow(table, String(found.partitionKey), String(found.rowKey), typeof found.etag === 'string' ? found.etag : undefined);
      removed++;
    } catch (error) {
      if (!(error instanceof Failure && error.code === 'preconditionFailed')) throw error;
    }
  }
  return removed;
}

/** A filter for ISO 8601 UTC text columns (they sort as text) before `at`. */
export const isoBefore = (column: string, at: Date): string => `${column} lt '${at.toISOString()}'`;
