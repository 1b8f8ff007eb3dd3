import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { RoleLookup } from '../domain/access';
import { encodeKey, odataString } from './keys';
import { listAllRows } from './table-kit';

/** A directory role assignment as stored: partition = principal id, row = role definition (template) id. */
export const roleAssignmentRow = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  id: z.string(),
  directoryScopeId: z.string(),
});

/** Reads a user's role template ids with one partition query (no scan). */
export function createTableRoleLookup(table: TableClient): RoleLookup {
  return async (userId) => {
    const rows = await listAllRows(table, roleAssignmentRow, 'role assignment', `PartitionKey eq ${odataString(encodeKey(userId))}`, 1000);
    return rows.map((r) => r.rowKey);
  };
}
