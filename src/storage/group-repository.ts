import { randomUUID } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { Failure } from '../domain/errors';
import { isDynamicGroup, parseRuleOrFail, type Group } from '../domain/groups/group';
import type { GroupRepository, Page, Versioned } from '../domain/groups/ports';
import { describeRuleProperties } from '../domain/membership-rule';
import type { CompiledFilter } from '../domain/query/filter-ast';
import { matchesFilter } from '../domain/query/evaluate-filter';
import { toTableQuery, type TableMapping } from './filter-query';
import { encodeKey, odataString, prefixEnd } from './keys';
import {
  deletingKey,
  dynamicKey,
  dynamicRow,
  fromDynamicRow,
  fromGroupRow,
  groupKey,
  groupRow,
  GROUPS_PARTITION,
  nicknameKey,
  toDynamicEntity,
  toGroupEntity,
} from './group-rows';
import type { IndexedCollection } from './indexed-collection';
import { listAllRows, listRows, readRow, transact, updateRow } from './table-kit';

const deletingMarker = z.object({ groupId: z.string() });

const NICKNAME_TAKEN = 'Another object with the same value for property mailNickname already exists.';

/** Which `$filter` parts Table Storage can run on group rows; the rest runs in memory. */
export const GROUP_COLUMNS: TableMapping = {
  displayName: { kind: 'lowercaseString', column: 'displayNameLower', required: true },
  mailNickname: { kind: 'lowercaseString', column: 'mailNicknameLower', required: true },
  securityEnabled: { kind: 'boolean', column: 'securityEnabled', required: true },
  mailEnabled: { kind: 'boolean', column: 'mailEnabled', required: true },
};

/** The list index of live groups (see indexed-collection.ts) and the document each group has there. */
export interface GroupListIndex {
  collection: IndexedCollection;
  document(group: Group): Record<string, unknown>;
}

/** The repository plus the list query the HTTP layer runs. */
export type TableGroupRepository = GroupRepository & {
  /** Makes the group's list-index rows match its row (a live group, or none); idempotent. */
  syncListIndex(id: string): Promise<void>;
  /** Indexes every group once (groups stored before the list index existed); 0 when already built. */
  buildListIndex(now: Date): Promise<number>;
  /**
   * Syncs the list index of groups whose write left its "to sync" marker older than `before` (a
   * crash between the group's transaction and its index sync), up to `limit` markers; returns how
   * many groups it synced. Reads only the markers, never the groups partition's other rows.
   */
  repairListIndex(before: Date, limit?: number): Promise<number>;
  /** Live groups matching a compiled `$filter`, one storage page at a time. */
  list(query: { filter?: CompiledFilter | undefined; top: number; continuationToken?: string | undefined }): Promise<Page<Group>>;
};

const range = (prefix: string): string =>
  `PartitionKey eq ${odataString(GROUPS_PARTITION)} and RowKey ge ${odataString(prefix)} and RowKey lt ${odataString(prefixEnd(prefix))}`;

/**
 * "To sync" markers: every group write puts `y|<group>|<write id>` in its own transaction and
 * deletes it once the list index followed, so a crash in between leaves a marker the repair finds
 * by key range. One marker per write: a write deletes only its own, never a later write's.
 */
const syncMarkerRow = z.object({ rowKey: z.string(), groupId: z.string(), at: z.coerce.date() });
function syncMarker(groupId: string, at: Date) {
  return { partitionKey: GROUPS_PARTITION, rowKey: `y|${encodeKey(groupId)}|${randomUUID()}`, groupId, at };
}

function dynamicEntity(group: Group, at: Date) {
  return toDynamicEntity(group, describeRuleProperties(parseRuleOrFail(group.membershipRule ?? '')), at);
}

/** Groups on Table Storage (layout in `group-rows.ts`). */
export function createTableGroupRepository(table: TableClient, now: () => Date = () => new Date(), listIndex?: GroupListIndex): TableGroupRepository {
  const readGroup = (id: string) => readRow(table, groupRow, 'group', GROUPS_PARTITION, groupKey(id));

  // Reads the row each time, so a repeat or a race ends on the stored state.
  async function syncListIndex(id: string): Promise<void> {
    if (!listIndex) return;
    await listIndex.collection.sync(id.toLowerCase(), async () => {
      const row = await readGroup(id);
      return row && row.value.lifecycle === 'live' ? listIndex.document(fromGroupRow(row.value)) : undefined;
    });
  }

  // The index follows, then the write's marker goes (a failure in between leaves it for the repair).
  async function syncAndClear(id: string, marker: { rowKey: string }): Promise<void> {
    await syncListIndex(id);
    await table.deleteEntity(GROUPS_PARTITION, marker.rowKey).catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
  }

  return {
    syncListIndex,

    async repairListIndex(before, limit = 200) {
      const filter = `${range('y|')} and at lt datetime${odataString(before.toISOString())}`;
      const page = await listRows(table, syncMarkerRow, 'group sync marker', { filter, top: limit });
      const ids = [...new Set(page.items.map((m) => m.groupId))];
      for (const id of ids) {
        // Synced first, markers read before it dropped after: a write since then keeps its own marker.
        await syncListIndex(id);
        await Promise.all(page.items.filter((m) => m.groupId === id).map((m) => table.deleteEntity(GROUPS_PARTITION, m.rowKey).catch((error: { statusCode?: number }) => {
          if (error.statusCode !== 404) throw error;
        })));
      }
      return ids.length;
    },

    async buildListIndex(at) {
      if (!listIndex || (await listIndex.collection.isBuilt())) return 0;
      let synced = 0;
      for await (const row of table.listEntities<{ id: string }>({ queryOptions: { filter: range('g|'), select: ['id'] } })) {
        await syncListIndex(row.id);
        synced++;
      }
      await listIndex.collection.markBuilt(at);
      return synced;
    },

    async create(group) {
      const actions: TransactionAction[] = [
        ['create', toGroupEntity(group)],
        ['create', { partitionKey: GROUPS_PARTITION, rowKey: nicknameKey(group.mailNickname), groupId: group.id }],
      ];
      if (isDynamicGroup(group)) actions.push(['create', dynamicEntity(group, group.createdAt)]);
      const marker = syncMarker(group.id, now());
      actions.push(['upsert', marker, 'Replace']);
      await transact(table, actions, NICKNAME_TAKEN);
      await syncAndClear(group.id, marker);
    },

    async get(id) {
      const row = await readGroup(id);
      if (!row || row.value.lifecycle !== 'live') return undefined;
      return { value: fromGroupRow(row.value), etag: row.etag };
    },

    async update(before: Versioned<Group>, after: Group) {
      const actions: TransactionAction[] = [['update', toGroupEntity(after), 'Replace', { etag: before.etag }]];
      const [oldNick, newNick] = [nicknameKey(before.value.mailNickname), nicknameKey(after.mailNickname)];
      if (oldNick !== newNick) {
        actions.push(['delete', { partitionKey: GROUPS_PARTITION, rowKey: oldNick }]);
        actions.push(['create', { partitionKey: GROUPS_PARTITION, rowKey: newNick, groupId: after.id }]);
      }
      const [wasDynamic, isDynamic] = [isDynamicGroup(before.value), isDynamicGroup(after)];
      if (isDynamic && (!wasDynamic || after.ruleVersion !== before.value.ruleVersion)) {
        actions.push(['upsert', dynamicEntity(after, now()), 'Replace']);
      } else if (wasDynamic && !isDynamic) {
        actions.push(['delete', { partitionKey: GROUPS_PARTITION, rowKey: dynamicKey(after.id) }]);
      }
      const marker = syncMarker(after.id, now());
      actions.push(['upsert', marker, 'Replace']);
      await transact(table, actions, NICKNAME_TAKEN);
      await syncAndClear(after.id, marker);
    },

    async markDeleting(group) {
      const actions: TransactionAction[] = [
        ['update', toGroupEntity(group.value, 'deleting'), 'Replace', { etag: group.etag }],
        ['delete', { partitionKey: GROUPS_PARTITION, rowKey: nicknameKey(group.value.mailNickname) }],
        ['upsert', { partitionKey: GROUPS_PARTITION, rowKey: deletingKey(group.value.id), groupId: group.value.id }, 'Replace'],
      ];
      if (isDynamicGroup(group.value)) actions.push(['delete', { partitionKey: GROUPS_PARTITION, rowKey: dynamicKey(group.value.id) }]);
      const marker = syncMarker(group.value.id, now());
      actions.push(['upsert', marker, 'Replace']);
      await transact(table, actions);
      await syncAndClear(group.value.id, marker);
    },

    async getDeleting(id) {
      const row = await readGroup(id);
      return row?.value.lifecycle === 'deleting' ? fromGroupRow(row.value) : undefined;
    },

    async finishDelete(id) {
      // The group row first: a crash in between leaves only the marker, which the sweep drops.
      for (const rowKey of [groupKey(id), deletingKey(id)]) {
        try {
          await table.deleteEntity(GROUPS_PARTITION, rowKey);
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode !== 404) throw error;
        }
      }
    },

    async listDeleting() {
      const rows = await listAllRows(table, deletingMarker, 'group deletion', range('x|'));
      return rows.map((row) => row.groupId);
    },

    async listDynamic() {
      const rows = await listAllRows(table, dynamicRow, 'dynamic group', range('d|'));
      // Read-only view (no ETags): moving progress on goes through getProgress.
      return rows.map((row) => fromDynamicRow(row, ''));
    },

    async getProgress(groupId) {
      const row = await readRow(table, dynamicRow, 'dynamic group', GROUPS_PARTITION, dynamicKey(groupId));
      return row && fromDynamicRow(row.value, row.etag);
    },

    async advanceProgress(progress, nextPage, at) {
      try {
        await updateRow(
          table,
          { partitionKey: GROUPS_PARTITION, rowKey: dynamicKey(progress.groupId), nextPage: nextPage ?? '', evaluationDone: nextPage === undefined, progressAt: at },
          progress.etag,
          'Merge',
        );
        return true;
      } catch (error) {
        if (error instanceof Failure && error.code === 'preconditionFailed') return false;
        throw error;
      }
    },

    async list(query) {
      const tableQuery = query.filter ? toTableQuery(query.filter, GROUP_COLUMNS) : { filter: undefined, residualNeeded: false };
      const filter = tableQuery.filter ? `${range('g|')} and lifecycle eq 'live' and (${tableQuery.filter})` : `${range('g|')} and lifecycle eq 'live'`;
      const page = await listRows(table, groupRow, 'group', { filter, top: query.top, continuationToken: query.continuationToken });
      let items = page.items.map(fromGroupRow);
      if (query.filter && tableQuery.residualNeeded) {
        const compiled = query.filter;
        items = items.filter((g) => matchesFilter(compiled, { ...g }));
      }
      return { items, continuationToken: page.continuationToken };
    },
  };
}
