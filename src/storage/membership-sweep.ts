import type { TableClient } from '@azure/data-tables';
import { Failure } from '../domain/errors';
import { decodeKey, odataString } from './keys';
import { forwardPartition, membershipRow } from './membership-rows';
import { deleteRow, readRow, updateRow } from './table-kit';

/** A write sequence takes milliseconds; a row pending this long was left by a crash. */
export const PENDING_MEMBERSHIP_STALE_MS = 15 * 60_000;

/**
 * Settles reverse membership rows (`m|{memberId}` → group) that a crash left `pending` for longer
 * than `staleMs`: deleted when the forward row is gone (a group deletion or a removal interrupted
 * after its commit point), set to the forward row's state when that is settled. Readers already
 * ignore such rows (they ask the forward row); the sweep stops them from piling up. Every write is
 * conditional on the row's ETag, so a membership change running meanwhile wins. A forward row still
 * `pending` (an add that never committed) is left to a retried add, which completes it.
 */
export async function sweepPendingMemberships(table: TableClient, now: Date, staleMs = PENDING_MEMBERSHIP_STALE_MS): Promise<{ deleted: number; settled: number }> {
  const before = new Date(now.getTime() - staleMs).toISOString();
  const filter = `state eq 'pending' and PartitionKey ge 'm|' and PartitionKey lt 'm}' and Timestamp lt datetime${odataString(before)}`;
  let deleted = 0;
  let settled = 0;
  for await (const row of table.listEntities<{ state: string }>({ queryOptions: { filter } })) {
    // Reverse row: PartitionKey `m|{encoded memberId}`, RowKey `{encoded groupId}`; the forward row swaps them.
    const encodedMember = String(row.partitionKey).slice(2);
    const forward = await readRow(table, membershipRow, 'membership', forwardPartition(decodeKey(String(row.rowKey))), encodedMember);
    try {
      if (!forward) {
        await deleteRow(table, String(row.partitionKey), String(row.rowKey), row.etag);
        deleted++;
      } else if (forward.value.state !== 'pending') {
        await updateRow(table, { partitionKey: String(row.partitionKey), rowKey: String(row.rowKey), state: forward.value.state }, row.etag);
        settled++;
      }
    } catch (error) {
      // Changed since it was read: a live membership change owns it now.
      if (!(error instanceof Failure && error.code === 'preconditionFailed')) throw error;
    }
  }
  return { deleted, settled };
}
