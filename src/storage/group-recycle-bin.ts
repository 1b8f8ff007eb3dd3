import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { isDynamicGroup, parseRuleOrFail, type Group } from '../domain/groups/group';
import type { DeletedGroup, GroupRecycleBin } from '../domain/groups/ports';
import { describeRuleProperties } from '../domain/membership-rule';
import { odataString, prefixEnd } from './keys';
import {
  binKey,
  deletingKey,
  dynamicKey,
  fromGroupRow,
  groupKey,
  groupRow,
  GROUPS_PARTITION,
  nicknameKey,
  purgeDueKey,
  relationsKey,
  toDynamicEntity,
  toGroupEntity,
} from './group-rows';
import { listRows, readRow, transact } from './table-kit';

const binRow = z.object({ groupId: z.string() });

const between = (from: string, to: string): string =>
  `PartitionKey eq ${odataString(GROUPS_PARTITION)} and RowKey ge ${odataString(from)} and RowKey lt ${odataString(to)}`;
const range = (prefix: string): string => between(prefix, prefixEnd(prefix));

/**
 * The recycle bin on the groups partition (layout in `group-rows.ts`): the group row keeps the
 * group (lifecycle `deleted`), and three rows written in the same transaction index it: `b|{id}`
 * (the bin, listed a page at a time), `p|{purgeAt}|{id}` (due for purge, read up to a cutoff) and
 * `h|{id}` (memberships and assignments still to hide or show). Being one transaction, the index
 * cannot disagree with the group row; readers still check the row, so a row restored from an old
 * backup without its index is skipped, not shown.
 * `syncListIndex` keeps the list index of live groups in step after each move.
 */
export function createTableGroupRecycleBin(table: TableClient, syncListIndex: (id: string) => Promise<void>): GroupRecycleBin {
  const readGroup = (id: string) => readRow(table, groupRow, 'group', GROUPS_PARTITION, groupKey(id));

  async function getDeleted(id: string): Promise<DeletedGroup | undefined> {
    const row = await readGroup(id);
    if (!row || row.value.lifecycle !== 'deleted' || !row.value.deletedAt || !row.value.purgeAt) return undefined;
    return { group: fromGroupRow(row.value), deletedAt: row.value.deletedAt, purgeAt: row.value.purgeAt, etag: row.etag };
  }

  const indexRows = (deleted: Pick<DeletedGroup, 'group' | 'purgeAt'>): TransactionAction[] => [
    ['delete', { partitionKey: GROUPS_PARTITION, rowKey: binKey(deleted.group.id) }],
    ['delete', { partitionKey: GROUPS_PARTITION, rowKey: purgeDueKey(deleted.purgeAt, deleted.group.id) }],
  ];

  return {
    async softDelete(live, deletedAt, purgeAt) {
      const id = live.value.id;
      const actions: TransactionAction[] = [
        ['update', toGroupEntity(live.value, 'deleted', { deletedAt, purgeAt }), 'Replace', { etag: live.etag }],
        ['upsert', { partitionKey: GROUPS_PARTITION, rowKey: binKey(id), groupId: id }, 'Replace'],
        ['upsert', { partitionKey: GROUPS_PARTITION, rowKey: purgeDueKey(purgeAt, id), groupId: id }, 'Replace'],
        ['upsert', { partitionKey: GROUPS_PARTITION, rowKey: relationsKey(id), groupId: id }, 'Replace'],
      ];
      // A deleted dynamic group is not evaluated; its progress row comes back with the restore.
      if (isDynamicGroup(live.value)) actions.push(['delete', { partitionKey: GROUPS_PARTITION, rowKey: dynamicKey(id) }]);
      await transact(table, actions);
      await syncListIndex(id);
    },

    getDeleted,

    async listDeleted(page) {
      const rows = await listRows(table, binRow, 'recycle bin', { filter: range(page.oldestFirst ? 'p|' : 'b|'), top: page.top, continuationToken: page.continuationToken });
      const groups = await Promise.all(rows.items.map((row) => getDeleted(row.groupId)));
      return { items: groups.filter((g): g is DeletedGroup => g !== undefined), continuationToken: rows.continuationToken };
    },

    async countDeleted() {
      let count = 0;
      for await (const _row of table.listEntities({ queryOptions: { filter: range('b|'), select: ['RowKey'] } })) count++;
      return count;
    },

    async restore(deleted) {
      const group: Group = deleted.group;
      const actions: TransactionAction[] = [
        ['update', toGroupEntity(group, 'live'), 'Replace', { etag: deleted.etag }],
        ...indexRows(deleted),
        ['upsert', { partitionKey: GROUPS_PARTITION, rowKey: relationsKey(group.id), groupId: group.id }, 'Replace'],
      ];
      if (isDynamicGroup(group)) {
        actions.push(['upsert', toDynamicEntity(group, describeRuleProperties(parseRuleOrFail(group.membershipRule ?? '')), deleted.deletedAt), 'Replace']);
      }
      await transact(table, actions);
      await syncListIndex(group.id);
    },

    async startPurge(deleted) {
      const id = deleted.group.id;
      await transact(table, [
        ['update', toGroupEntity(deleted.group, 'deleting'), 'Replace', { etag: deleted.etag }],
        ...indexRows(deleted),
        ['delete', { partitionKey: GROUPS_PARTITION, rowKey: nicknameKey(deleted.group.mailNickname) }],
        ['upsert', { partitionKey: GROUPS_PARTITION, rowKey: deletingKey(id), groupId: id }, 'Replace'],
      ]);
    },

    async listDue(cutoff, limit) {
      const rows = await listRows(table, binRow, 'recycle bin', { filter: between('p|', `p|${cutoff.toISOString()}|~`), top: limit });
      return rows.items.map((row) => row.groupId);
    },

    async listUnsettled() {
      const rows = await listRows(table, binRow, 'recycle bin', { filter: range('h|'), top: 1000 });
      return rows.items.map((row) => row.groupId);
    },

    async settle(id) {
      try {
        await table.deleteEntity(GROUPS_PARTITION, relationsKey(id));
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      }
    },
  };
}
