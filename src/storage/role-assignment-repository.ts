import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { PrincipalLifecycle } from '../domain/directory/ports';
import { Failure } from '../domain/errors';
import type { DirectoryRoleAssignment, DirectoryRoleAssignmentRepository } from '../domain/roles/ports';
import { encodeKey, odataString } from './keys';
import { roleAssignmentRow } from './role-lookup';
import { deleteRow, insertRow, listAllRows, listRows, readRow, updateRow } from './table-kit';

/**
 * Table `RoleAssignments`, three kinds of rows:
 * - the authorization row `role-lookup.ts` reads: PartitionKey = principal id, RowKey = role
 *   template id, columns `id`, `directoryScopeId` (one per pair, so it is also the uniqueness guard);
 * - the by-id index: PartitionKey `byId`, RowKey = assignment id, columns `principalId`,
 *   `roleDefinitionId`, `directoryScopeId`, `state` (`pending` → `committed` → `removing`), `hidden`;
 * - while the principal is soft-deleted, its authorization rows move to PartitionKey
 *   `hidden|<principal id>` (so authorization stops seeing them) and the index rows carry `hidden`.
 *
 * Adding writes index `pending` → authorization row → index `committed`; removing writes index
 * `removing` → deletes the authorization row → deletes the index row. Reads finish whatever a crash
 * left half-way, and every step is idempotent.
 */
const INDEX = 'byId';
const hiddenPartition = (principalId: string): string => `hidden|${encodeKey(principalId)}`;

const indexRow = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  etag: z.string(),
  id: z.string(),
  principalId: z.string(),
  roleDefinitionId: z.string(),
  state: z.enum(['pending', 'committed', 'removing']),
  hidden: z.boolean().optional(),
});
type IndexRow = z.infer<typeof indexRow>;
const authRow = roleAssignmentRow.extend({ etag: z.string() });

const toAssignment = (row: IndexRow): DirectoryRoleAssignment => ({
  id: row.id,
  principalId: row.principalId,
  roleDefinitionId: row.roleDefinitionId,
  directoryScopeId: '/',
});

export function createTableRoleAssignments(table: TableClient): DirectoryRoleAssignmentRepository & PrincipalLifecycle {
  const readIndex = (id: string) => readRow(table, indexRow, 'role assignment index', INDEX, encodeKey(id));
  const readAuth = (principalId: string, roleId: string) => readRow(table, authRow, 'role assignment', encodeKey(principalId), roleId);
  const authRowOf = (id: string, row: Pick<IndexRow, 'principalId' | 'roleDefinitionId'>, partitionKey = encodeKey(row.principalId)) => ({
    partitionKey,
    rowKey: row.roleDefinitionId,
    id,
    directoryScopeId: '/',
  });

  const isPrecondition = (error: unknown) => error instanceof Failure && error.code === 'preconditionFailed';

  /** Finishes a half-done add or removal; returns the row if the assignment (now) exists. */
  async function repair(id: string, row: IndexRow): Promise<IndexRow | undefined> {
    if (row.state === 'removing') {
      const auth = await readAuth(row.principalId, row.roleDefinitionId);
      if (auth?.value.id === id) await deleteRow(table, auth.value.partitionKey, auth.value.rowKey, auth.etag);
      await deleteRow(table, INDEX, row.rowKey);
      return undefined;
    }
    if (row.state === 'committed') return row;
    let auth = await readAuth(row.principalId, row.roleDefinitionId);
    if (!auth && !row.hidden) {
      try {
        await insertRow(table, authRowOf(id, row), 'taken');
      } catch (error) {
        if (!(error instanceof Failure && error.code === 'conflict')) throw error;
      }
      auth = await readAuth(row.principalId, row.roleDefinitionId);
    }
    if (auth && auth.value.id !== id) {
      // Another assignment holds the pair: this one lost and never existed.
      await deleteRow(table, INDEX, row.rowKey, row.etag);
      return undefined;
    }
    try {
      await updateRow(table, { partitionKey: INDEX, rowKey: row.rowKey, state: 'committed' }, row.etag, 'Merge');
      return { ...row, state: 'committed' };
    } catch (error) {
      if (!isPrecondition(error)) throw error;
      const now = await readIndex(id);
      return now && repair(id, now.value);
    }
  }

  const visible = (row: IndexRow | undefined): row is IndexRow => row?.state === 'committed' && !row.hidden;

  async function add(assignment: DirectoryRoleAssignment, retried = false): Promise<'added' | 'duplicate'> {
    const index = { partitionKey: INDEX, rowKey: encodeKey(assignment.id), id: assignment.id, principalId: assignment.principalId, roleDefinitionId: assignment.roleDefinitionId, directoryScopeId: '/', state: 'pending', hidden: false };
    const etag = await insertRow(table, index, 'A role assignment with this id already exists.');
    try {
      await insertRow(table, authRowOf(assignment.id, assignment), 'taken');
    } catch (error) {
      if (!(error instanceof Failure && error.code === 'conflict')) throw error;
      await deleteRow(table, INDEX, index.rowKey, etag);
      const holder = await readAuth(assignment.principalId, assignment.roleDefinitionId);
      const holderIndex = holder && (await readIndex(holder.value.id));
      // The pair is held by an assignment that was being removed when a crash came: finish, retry once.
      if (!retried && holder && holderIndex?.value.state === 'removing') {
        await repair(holder.value.id, holderIndex.value);
        return add(assignment, true);
      }
      return 'duplicate';
    }
    try {
      await updateRow(table, { partitionKey: INDEX, rowKey: index.rowKey, state: 'committed' }, etag, 'Merge');
    } catch (error) {
      if (!isPrecondition(error)) throw error;
    }
    return 'added';
  }

  async function remove(id: string): Promise<void> {
    const stored = await readIndex(id);
    if (!stored) return;
    const row = stored.value.state === 'pending' ? await repair(id, stored.value) : stored.value;
    if (!row) return;
    if (row.state !== 'removing') {
      const current = await readIndex(id);
      if (!current) return;
      await updateRow(table, { partitionKey: INDEX, rowKey: row.rowKey, state: 'removing' }, current.etag, 'Merge');
    }
    await repair(id, { ...row, state: 'removing' });
  }

  async function setHidden(id: string, hidden: boolean): Promise<void> {
    const stored = await readIndex(id);
    if (stored && (stored.value.hidden ?? false) !== hidden) {
      await updateRow(table, { partitionKey: INDEX, rowKey: stored.value.rowKey, hidden }, stored.etag, 'Merge');
    }
  }

  const rowsIn = (partitionKey: string) => listAllRows(table, authRow, 'role assignment', `PartitionKey eq ${odataString(partitionKey)}`, 1000);

  return {
    add: (assignment) => add(assignment),
    remove,
    async get(id) {
      const stored = await readIndex(id);
      const row = stored && (await repair(id, stored.value));
      return visible(row) ? toAssignment(row) : undefined;
    },
    async list(query) {
      if (query.principalId) {
        // Authorization's own rows: exactly the roles the principal holds right now.
        const rows = await rowsIn(encodeKey(query.principalId));
        const items = rows
          .filter((r) => !query.roleDefinitionId || r.rowKey === query.roleDefinitionId.toLowerCase())
          .map((r): DirectoryRoleAssignment => ({ id: r.id, principalId: query.principalId!, roleDefinitionId: r.rowKey, directoryScopeId: '/' }));
        return { items, continuationToken: undefined };
      }
      const clauses = [`PartitionKey eq '${INDEX}'`, 'hidden eq false'];
      if (query.roleDefinitionId) clauses.push(`roleDefinitionId eq ${odataString(query.roleDefinitionId.toLowerCase())}`);
      const page = await listRows(table, indexRow, 'role assignment index', { filter: clauses.join(' and '), top: query.top, continuationToken: query.continuationToken });
      const items: DirectoryRoleAssignment[] = [];
      for (const row of page.items) {
        const settled = row.state === 'committed' ? row : await repair(row.id, row);
        if (visible(settled)) items.push(toAssignment(settled));
      }
      return { items, continuationToken: page.continuationToken };
    },
    async principalDeleted(principalId) {
      for (const auth of await rowsIn(encodeKey(principalId))) {
        await table.upsertEntity({ ...authRowOf(auth.id, { principalId, roleDefinitionId: auth.rowKey }, hiddenPartition(principalId)) }, 'Replace');
        await setHidden(auth.id, true);
        await deleteRow(table, auth.partitionKey, auth.rowKey, auth.etag);
      }
    },
    async principalRestored(principalId) {
      for (const kept of await rowsIn(hiddenPartition(principalId))) {
        await table.upsertEntity(authRowOf(kept.id, { principalId, roleDefinitionId: kept.rowKey }), 'Replace');
        await setHidden(kept.id, false);
        await deleteRow(table, kept.partitionKey, kept.rowKey, kept.etag);
      }
    },
    async principalPurged(principalId) {
      for (const row of [...(await rowsIn(hiddenPartition(principalId))), ...(await rowsIn(encodeKey(principalId)))]) {
        await deleteRow(table, INDEX, encodeKey(row.id));
        await deleteRow(table, row.partitionKey, row.rowKey, row.etag);
      }
    },
  };
}
