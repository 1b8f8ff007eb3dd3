import type { TableClient } from '@azure/data-tables';
import type { AppRoleAssignment, AppRoleAssignmentRepository } from '../domain/applications/ports';
import type { PrincipalLifecycle } from '../domain/directory/ports';
import { Failure } from '../domain/errors';
import {
  FORWARD_RANGE,
  edgeRow,
  forwardEdge,
  forwardRowKey,
  guardOf,
  guardRow,
  guardRowKey,
  principalPartition,
  resourcePartition,
  reverseEdge,
  reverseRowKey,
  toAssignment,
  type EdgeRow,
} from './app-role-assignment-rows';
import { encodeKey, odataString } from './keys';
import { deleteRow, listAllRows, listRows, readRow, transact, updateRow } from './table-kit';

/**
 * App role assignments in Table Storage, in both directions (layout in `app-role-assignment-rows`).
 *
 * A write touches two partitions, so it cannot be one transaction. It goes forward edge `pending`
 * (with the uniqueness guard) → reverse edge → forward edge `committed`; a removal goes forward
 * edge `removing` → reverse edge deleted → forward edge and guard deleted. Reads of the application
 * side show only committed edges and first finish any edge a crash left half-way ("repair"), and
 * every step is idempotent, so a crash between the writes is completed, never left visible as a
 * half-written assignment.
 */
/** Reverse edges read per query when a principal's lifecycle walks all of them. */
const LIFECYCLE_PAGE = 1000;

export function createTableAppRoleAssignments(table: TableClient): AppRoleAssignmentRepository & PrincipalLifecycle {
  const readForward = (resourceId: string, id: string) => readRow(table, edgeRow, 'app role assignment', resourcePartition(resourceId), forwardRowKey(id));

  /** Finishes what a crashed writer began; returns the edge if it is (now) committed. */
  async function repair(row: EdgeRow): Promise<EdgeRow | undefined> {
    if (row.state === 'removing') {
      await finishRemoval(row);
      return undefined;
    }
    if (row.state === 'pending') {
      const assignment = toAssignment(row);
      await table.upsertEntity(reverseEdge(assignment, row.principalDeleted ?? false), 'Replace');
      try {
        await updateRow(table, { partitionKey: row.partitionKey, rowKey: row.rowKey, state: 'committed' }, row.etag, 'Merge');
      } catch (error) {
        // Someone else moved the edge on (committed it, or began removing it): read what it is now.
        if (!(error instanceof Failure && error.code === 'preconditionFailed')) throw error;
        const now = await readForward(row.resourceId, row.id);
        return now && now.value.state !== 'committed' ? repair(now.value) : now?.value;
      }
      return { ...row, state: 'committed' };
    }
    return row;
  }

  async function finishRemoval(row: EdgeRow): Promise<void> {
    await deleteRow(table, principalPartition(row.principalId), reverseRowKey(row.resourceId, row.id));
    try {
      await transact(table, [
        ['delete', { partitionKey: row.partitionKey, rowKey: row.rowKey }],
        ['delete', guardOf(row)],
      ]);
    } catch (error) {
      // A concurrent repair got there first: the batch fails as a whole when a row is already gone.
      if (!(error instanceof Failure && error.code === 'preconditionFailed')) throw error;
      await deleteRow(table, row.partitionKey, row.rowKey);
      await deleteRow(table, row.partitionKey, guardRowKey(row.principalId, row.appRoleId));
    }
  }

  const visible = (row: EdgeRow | undefined): row is EdgeRow => row !== undefined && row.state === 'committed' && !row.principalDeleted;

  async function add(assignment: AppRoleAssignment, retried = false): Promise<'added' | 'duplicate'> {
    try {
      await transact(table, [
        ['create', forwardEdge(assignment, 'pending')],
        ['create', guardOf(assignment)],
      ]);
    } catch (error) {
      if (!(error instanceof Failure && error.code === 'conflict')) throw error;
      // The guard is taken. If its assignment was half-removed, finish that and try once more.
      const guard = await readRow(table, guardRow, 'assignment guard', resourcePartition(assignment.resourceId), guardRowKey(assignment.principalId, assignment.appRoleId));
      const holder = guard && (await readForward(assignment.resourceId, guard.value.assignmentId));
      const settled = holder ? await repair(holder.value) : undefined;
      if (!settled && !retried) return add(assignment, true);
      return 'duplicate';
    }
    await table.upsertEntity(reverseEdge(assignment), 'Replace');
    const pending = await readForward(assignment.resourceId, assignment.id);
    if (pending?.value.state === 'pending') {
      try {
        await updateRow(table, { partitionKey: pending.value.partitionKey, rowKey: pending.value.rowKey, state: 'committed' }, pending.etag, 'Merge');
      } catch (error) {
        // A concurrent repair committed it, or a removal has begun: either way this write is done.
        if (!(error instanceof Failure && error.code === 'preconditionFailed')) throw error;
      }
    }
    return 'added';
  }

  async function remove(resourceId: string, id: string): Promise<void> {
    const stored = await readForward(resourceId, id);
    if (!stored) return;
    let row: EdgeRow = stored.value;
    if (row.state === 'pending') {
      const committed = await repair(row);
      const reread = committed && (await readForward(resourceId, id));
      if (!reread) return;
      row = reread.value;
    }
    if (row.state !== 'removing') {
      await updateRow(table, { partitionKey: row.partitionKey, rowKey: row.rowKey, state: 'removing' }, row.etag, 'Merge');
    }
    await finishRemoval(row);
  }

  const reverseFilter = (principalId: string) => `PartitionKey eq ${odataString(principalPartition(principalId))}`;

  /**
   * A principal's assignments on one application: at most one per app role (the guard), so the
   * application's role count bounds this read, not the table.
   */
  const reverseRowsOn = (principalId: string, resourceId: string) => {
    const prefix = `${encodeKey(resourceId)}|`;
    const filter = [reverseFilter(principalId), `RowKey ge ${odataString(prefix)}`, `RowKey lt ${odataString(`${encodeKey(resourceId)}}`)}`].join(' and ');
    return listAllRows(table, edgeRow, 'app role assignment', filter);
  };

  /** Every reverse edge of a principal, a page at a time: memory holds one page, however many there are. */
  async function forEachReverseRow(principalId: string, visit: (row: EdgeRow) => Promise<void>): Promise<void> {
    let continuationToken: string | undefined;
    do {
      const page = await listRows(table, edgeRow, 'app role assignment', { filter: reverseFilter(principalId), top: LIFECYCLE_PAGE, continuationToken });
      for (const row of page.items) await visit(row);
      continuationToken = page.continuationToken;
    } while (continuationToken);
  }

  /** Sets `principalDeleted` on both edges, forward first, so re-running after a crash finishes it. */
  async function markPrincipal(principalId: string, deleted: boolean): Promise<void> {
    await forEachReverseRow(principalId, async (reverse) => {
      if ((reverse.principalDeleted ?? false) === deleted) return;
      const forward = await readForward(reverse.resourceId, reverse.id);
      if (forward) await updateRow(table, { partitionKey: forward.value.partitionKey, rowKey: forward.value.rowKey, principalDeleted: deleted }, forward.value.etag, 'Merge');
      await updateRow(table, { partitionKey: reverse.partitionKey, rowKey: reverse.rowKey, principalDeleted: deleted }, reverse.etag, 'Merge');
    });
  }

  return {
    add: (assignment) => add(assignment),
    remove,
    async get(resourceId, id) {
      const stored = await readForward(resourceId, id);
      const row = stored && (await repair(stored.value));
      return visible(row) ? toAssignment(row) : undefined;
    },
    async listByResource(resourceId, page) {
      const filter = [
        `PartitionKey eq ${odataString(resourcePartition(resourceId))}`,
        `RowKey ge ${odataString(FORWARD_RANGE.from)}`,
        `RowKey lt ${odataString(FORWARD_RANGE.to)}`,
      ].join(' and ');
      const rows = await listRows(table, edgeRow, 'app role assignment', { filter, top: page.top, continuationToken: page.continuationToken });
      const items: AppRoleAssignment[] = [];
      for (const row of rows.items) {
        if (page.includeHidden) {
          items.push(toAssignment(row));
          continue;
        }
        const settled = row.state === 'committed' ? row : await repair(row);
        if (visible(settled)) items.push(toAssignment(settled));
      }
      return { items, continuationToken: rows.continuationToken };
    },
    async listByPrincipal(principalId, resourceId) {
      return (await reverseRowsOn(principalId, resourceId)).filter((row) => !row.principalDeleted).map(toAssignment);
    },
    async listPageByPrincipal(principalId, page) {
      const rows = await listRows(table, edgeRow, 'app role assignment', { filter: reverseFilter(principalId), top: page.top, continuationToken: page.continuationToken });
      return { items: rows.items.filter((row) => !row.principalDeleted).map(toAssignment), continuationToken: rows.continuationToken };
    },
    async countForRole(resourceId, appRoleId, limit) {
      const filter = [
        `PartitionKey eq ${odataString(resourcePartition(resourceId))}`,
        `RowKey ge ${odataString(FORWARD_RANGE.from)}`,
        `RowKey lt ${odataString(FORWARD_RANGE.to)}`,
        `appRoleId eq ${odataString(appRoleId.toLowerCase())}`,
      ].join(' and ');
      let count = 0;
      let continuationToken: string | undefined;
      do {
        const page = await listRows(table, edgeRow, 'app role assignment', { filter, top: limit, continuationToken });
        count += page.items.filter((row) => row.state !== 'removing').length;
        continuationToken = page.continuationToken;
      } while (continuationToken && count < limit);
      return Math.min(count, limit);
    },
    principalDeleted: (principalId) => markPrincipal(principalId, true),
    principalRestored: (principalId) => markPrincipal(principalId, false),
    async principalPurged(principalId) {
      // Deleting rows already read does not disturb the continuation (it names the next key).
      await forEachReverseRow(principalId, async (reverse) => {
        await remove(reverse.resourceId, reverse.id);
        await deleteRow(table, reverse.partitionKey, reverse.rowKey);
      });
    },
  };
}
