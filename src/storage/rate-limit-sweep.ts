import type { TableClient } from '@azure/data-tables';
import { Failure } from '../domain/errors';
import { deleteRow, jsonColumn } from './table-kit';

/**
 * A limiter row untouched this long holds only full buckets: the slowest limit in use (5 resends
 * per guest in 10 hours) refills completely well within it. Deleting such a row changes nothing:
 * the next take starts from a full bucket, as it would have found it.
 */
export const RATE_LIMIT_IDLE_MS = 24 * 3_600_000;

/**
 * Deletes `RateLimits` rows whose every bucket was last written more than `idleMs` ago (one row per
 * key: each guest, caller, package and address that was ever limited, so the table otherwise grows
 * forever). Deletion is conditional on the row's ETag: a take that wrote the row meanwhile keeps it.
 */
export async function sweepRateLimits(table: TableClient, now: Date, idleMs = RATE_LIMIT_IDLE_MS): Promise<{ deleted: number; kept: number }> {
  const before = now.getTime() - idleMs;
  let deleted = 0;
  let kept = 0;
  // Timestamp narrows the scan server-side; the buckets' own times decide (they are what refills).
  const filter = `Timestamp lt datetime'${new Date(before).toISOString()}'`;
  for await (const row of table.listEntities<{ buckets?: string }>({ queryOptions: { filter } })) {
    const buckets = Object.values(safeBuckets(row.buckets));
    if (buckets.some((b) => typeof b.updatedAtMs !== 'number' || b.updatedAtMs >= before)) {
      kept++;
      continue;
    }
    try {
      await deleteRow(table, String(row.partitionKey), String(row.rowKey), row.etag);
      deleted++;
    } catch (error) {
      if (!(error instanceof Failure && error.code === 'preconditionFailed')) throw error;
      kept++;
    }
  }
  return { deleted, kept };
}

function safeBuckets(column: string | undefined): Record<string, { updatedAtMs?: unknown }> {
  try {
    return (jsonColumn.read(column ?? '{}') as Record<string, { updatedAtMs?: unknown }>) ?? {};
  } catch {
    // Unreadable: not ours to judge; kept.
    return { unreadable: {} };
  }
}
