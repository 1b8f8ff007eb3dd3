import { z } from 'zod';
import type { AppRoleAssignment } from '../domain/applications/ports';
import { encodeKey } from './keys';
import type { Row } from './table-kit';

/**
 * Table `AppRoleAssignments`: every assignment is stored twice so both directions are partition
 * reads.
 *
 * - Forward edge, under the application: PartitionKey `r|<resourceId>`, RowKey `a|<assignmentId>`,
 *   with `state` `pending` → `committed` → `removing`, and next to it a uniqueness guard
 *   RowKey `u|<principalId>|<appRoleId>` (written in the same transaction).
 * - Reverse edge, under the principal: PartitionKey `p|<principalId>`, RowKey `<resourceId>|<assignmentId>`.
 *
 * Both carry `principalDeleted` while the principal is soft-deleted (hidden, kept for a restore).
 */
export const resourcePartition = (resourceId: string): string => `r|${encodeKey(resourceId)}`;
export const principalPartition = (principalId: string): string => `p|${encodeKey(principalId)}`;
export const forwardRowKey = (assignmentId: string): string => `a|${encodeKey(assignmentId)}`;
export const guardRowKey = (principalId: string, appRoleId: string): string => `u|${encodeKey(principalId)}|${encodeKey(appRoleId)}`;
export const reverseRowKey = (resourceId: string, assignmentId: string): string => `${encodeKey(resourceId)}|${encodeKey(assignmentId)}`;
/** RowKey bounds of the forward edges in a resource partition (`a|` … `a}`). */
export const FORWARD_RANGE = { from: 'a|', to: 'a}' } as const;

export type EdgeState = 'pending' | 'committed' | 'removing';

export const edgeRow = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  etag: z.string(),
  id: z.string(),
  appRoleId: z.string(),
  principalId: z.string(),
  principalType: z.enum(['User', 'Group']),
  principalDisplayName: z.string().optional(),
  resourceId: z.string(),
  resourceDisplayName: z.string(),
  createdAt: z.coerce.date(),
  state: z.enum(['pending', 'committed', 'removing']).optional(),
  principalDeleted: z.boolean().optional(),
});
export type EdgeRow = z.infer<typeof edgeRow>;

export const guardRow = z.object({ partitionKey: z.string(), rowKey: z.string(), assignmentId: z.string() });

function columns(a: AppRoleAssignment): Record<string, unknown> {
  return {
    id: a.id,
    appRoleId: a.appRoleId,
    principalId: a.principalId,
    principalType: a.principalType,
    ...(a.principalDisplayName !== null ? { principalDisplayName: a.principalDisplayName } : {}),
    resourceId: a.resourceId,
    resourceDisplayName: a.resourceDisplayName,
    createdAt: a.createdAt,
  };
}

export function forwardEdge(a: AppRoleAssignment, state: EdgeState, principalDeleted = false): Row {
  return { partitionKey: resourcePartition(a.resourceId), rowKey: forwardRowKey(a.id), ...columns(a), state, principalDeleted };
}

export function reverseEdge(a: AppRoleAssignment, principalDeleted = false): Row {
  return { partitionKey: principalPartition(a.principalId), rowKey: reverseRowKey(a.resourceId, a.id), ...columns(a), principalDeleted };
}

export function guardOf(a: Pick<AppRoleAssignment, 'resourceId' | 'principalId' | 'appRoleId' | 'id'>): Row {
  return { partitionKey: resourcePartition(a.resourceId), rowKey: guardRowKey(a.principalId, a.appRoleId), assignmentId: a.id };
}

export function toAssignment(row: EdgeRow): AppRoleAssignment {
  return {
    id: row.id,
    appRoleId: row.appRoleId,
    principalId: row.principalId,
    principalType: row.principalType,
    principalDisplayName: row.principalDisplayName ?? null,
    resourceId: row.resourceId,
    resourceDisplayName: row.resourceDisplayName,
    createdAt: row.createdAt,
  };
}
