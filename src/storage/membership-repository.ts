import { RestError, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { Failure } from '../domain/errors';
import type { MembershipReader, PrincipalLifecycle } from '../domain/directory/ports';
import type { MembershipRepository, Page } from '../domain/groups/ports';
import { decodeKey, encodeKey, odataString } from './keys';
import { forwardPartition, membershipRow, nestedPartition, reversePartition, type AfterStep, type MemberType, type MembershipRow, type MembershipState } from './membership-rows';
import { listRows, readRow, type Stored } from './table-kit';

export interface MembershipRepositoryOptions {
  /** Called after every write; tests throw from it to crash between the two partitions' writes. */
  afterStep?: AfterStep;
}

/** The repository plus what the users module calls on soft delete, restore and purge, and repair. */
export type TableMembershipRepository = MembershipRepository &
  PrincipalLifecycle &
  MembershipReader & {
    /** Finishes whatever an interrupted write left for one membership; idempotent. */
    repair(groupId: string, memberId: string): Promise<void>;
  };

const LIFECYCLE_PAGE = 500;

/**
 * Memberships on Table Storage in both directions (layout in `membership-rows.ts`). The two sides
 * live in different partitions, so no transaction can hold both; every change is instead a fixed
 * sequence of idempotent writes whose commit point is the forward row, and every reader decides
 * from the forward row whenever the reverse row is `pending`. A crash at any step therefore leaves
 * a state readers see as either "before" or "after", and running the same operation again (or
 * `repair`) completes it.
 */
export function createTableMembershipRepository(table: TableClient, options: MembershipRepositoryOptions = {}): TableMembershipRepository {
  const step = options.afterStep ?? (() => undefined);

  const readForward = (groupId: string, memberId: string): Promise<Stored<MembershipRow> | undefined> =>
    readRow(table, membershipRow, 'membership', forwardPartition(groupId), encodeKey(memberId));
  const readReverse = (memberId: string, groupId: string): Promise<Stored<MembershipRow> | undefined> =>
    readRow(table, membershipRow, 'membership', reversePartition(memberId), encodeKey(groupId));

  const setReverse = (memberId: string, groupId: string, state: MembershipState) =>
    table.upsertEntity({ partitionKey: reversePartition(memberId), rowKey: encodeKey(groupId), state }, 'Replace');
  const setForward = async (groupId: string, memberId: string, state: MembershipState, addedAt: Date | undefined, etag?: string, memberType: MemberType = 'user') => {
    const entity = { partitionKey: forwardPartition(groupId), rowKey: encodeKey(memberId), state, memberType, ...(addedAt ? { addedAt } : {}) };
    if (!etag) {
      await table.upsertEntity(entity, 'Replace');
      return;
    }
    try {
      await table.updateEntity(entity, 'Replace', { etag });
    } catch (error) {
      // Another request changed or removed this membership since it was read.
      if (error instanceof RestError && (error.statusCode === 412 || error.statusCode === 404)) {
        throw new Failure('conflict', 'The membership was changed by another request at the same time. Retry.');
      }
      throw error;
    }
  };
  const deleteQuietly = async (partitionKey: string, rowKey: string) => {
    try {
      await table.deleteEntity(partitionKey, rowKey);
    } catch (error) {
      if (!(error instanceof RestError && error.statusCode === 404)) throw error;
    }
  };

  /** Moves an existing membership to `state` in the safe order: reverse pending, forward, reverse. */
  async function transition(groupId: string, memberId: string, forward: Stored<MembershipRow>, state: 'active' | 'hidden'): Promise<void> {
    await setReverse(memberId, groupId, 'pending');
    await step('reverse-pending', groupId, memberId);
    await setForward(groupId, memberId, state, forward.value.addedAt, forward.etag, forward.value.memberType ?? 'user');
    await step('forward-committed', groupId, memberId);
    await setReverse(memberId, groupId, state);
    await step('reverse-committed', groupId, memberId);
  }

  /**
   * Removes both rows in the safe order: reverse pending, forward deleted (commit), reverse
   * deleted; then the nested-group index row unless the member is known to be a user.
   */
  async function erase(groupId: string, memberId: string, memberType?: MemberType): Promise<void> {
    await setReverse(memberId, groupId, 'pending');
    await step('reverse-pending', groupId, memberId);
    await deleteQuietly(forwardPartition(groupId), encodeKey(memberId));
    await step('forward-deleted', groupId, memberId);
    await deleteQuietly(reversePartition(memberId), encodeKey(groupId));
    await step('reverse-deleted', groupId, memberId);
    if (memberType !== 'user') await deleteQuietly(nestedPartition(groupId), encodeKey(memberId));
  }

  async function insertPending(groupId: string, memberId: string, at: Date, memberType: MemberType): Promise<Stored<MembershipRow>> {
    // The index row first: it must exist by the time the forward row commits the membership.
    if (memberType === 'group') await table.upsertEntity({ partitionKey: nestedPartition(groupId), rowKey: encodeKey(memberId) }, 'Replace');
    try {
      await table.createEntity({ partitionKey: forwardPartition(groupId), rowKey: encodeKey(memberId), state: 'pending', memberType, addedAt: at });
    } catch (error) {
      // A concurrent add got there first; carry on from whatever it wrote.
      if (!(error instanceof RestError && error.statusCode === 409)) throw error;
    }
    await step('forward-pending', groupId, memberId);
    const stored = await readForward(groupId, memberId);
    if (!stored) throw new Error(`Membership ${groupId}/${memberId} vanished while being added`);
    return stored;
  }

  /** Whether a reverse row counts, asking the forward row when the reverse one is not settled. */
  async function reverseCounts(memberId: string, groupId: string, state: MembershipState): Promise<boolean> {
    if (state !== 'pending') return state === 'active';
    const forward = await readForward(groupId, memberId);
    return forward?.value.state === 'active';
  }

  async function repair(groupId: string, memberId: string): Promise<void> {
    const forward = await readForward(groupId, memberId);
    if (!forward) {
      await deleteQuietly(reversePartition(memberId), encodeKey(groupId));
      await deleteQuietly(nestedPartition(groupId), encodeKey(memberId));
      return;
    }
    if (forward.value.state === 'pending') {
      await transition(groupId, memberId, forward, 'active');
      return;
    }
    const reverse = await readReverse(memberId, groupId);
    if (reverse?.value.state !== forward.value.state) await setReverse(memberId, groupId, forward.value.state);
  }

  async function eachReverseRow(memberId: string, visit: (groupId: string, row: MembershipRow) => Promise<void>): Promise<void> {
    let continuationToken: string | undefined;
    do {
      const page = await listRows(table, membershipRow, 'membership', {
        filter: `PartitionKey eq ${odataString(reversePartition(memberId))}`,
        top: LIFECYCLE_PAGE,
        continuationToken,
      });
      for (const row of page.items) await visit(decodeKey(row.rowKey), row);
      continuationToken = page.continuationToken;
    } while (continuationToken);
  }

  async function eachForwardRow(groupId: string, visit: (memberId: string, row: Stored<MembershipRow>) => Promise<void>): Promise<void> {
    let continuationToken: string | undefined;
    do {
      // Rows are changed, not removed, while walking, except erased pending adds: the token stays valid either way.
      const page = await table.listEntities<MembershipRow>({ queryOptions: { filter: `PartitionKey eq ${odataString(forwardPartition(groupId))}` } }).byPage({ maxPageSize: LIFECYCLE_PAGE, continuationToken }).next();
      if (page.done) return;
      for (const entity of page.value) {
        const row = membershipRow.parse(entity);
        await visit(decodeKey(row.rowKey), { value: row, etag: entity.etag });
      }
      continuationToken = page.value.continuationToken;
    } while (continuationToken);
  }

  async function listGroupsOf(memberId: string, page: { top: number; continuationToken?: string | undefined }): Promise<Page<string>> {
    const rows = await listRows(table, membershipRow, 'membership', {
      filter: `PartitionKey eq ${odataString(reversePartition(memberId))}`,
      top: page.top,
      continuationToken: page.continuationToken,
    });
    const counted = await Promise.all(rows.items.map(async (row) => ((await reverseCounts(memberId, decodeKey(row.rowKey), row.state)) ? decodeKey(row.rowKey) : undefined)));
    return { items: counted.filter((id): id is string => id !== undefined), continuationToken: rows.continuationToken };
  }

  return {
    async add(groupId, memberId, at, memberType = 'user') {
      const existing = await readForward(groupId, memberId);
      if (existing && existing.value.state !== 'pending') {
        await repair(groupId, memberId);
        return false;
      }
      const pending = existing ?? (await insertPending(groupId, memberId, at, memberType));
      if (pending.value.state !== 'pending') return false;
      await transition(groupId, memberId, pending, 'active');
      return true;
    },

    async remove(groupId, memberId) {
      const forward = await readForward(groupId, memberId);
      if (!forward) {
        // Not a member. A reverse row alone is what a removal interrupted after its commit left.
        if (await readReverse(memberId, groupId)) await deleteQuietly(reversePartition(memberId), encodeKey(groupId));
        return false;
      }
      if (forward.value.state === 'hidden') return false;
      await erase(groupId, memberId, forward.value.memberType ?? 'user');
      // A pending row was an add that never committed: tidied away, but it was no membership.
      return forward.value.state === 'active';
    },

    async isMember(groupId, memberId) {
      return (await readForward(groupId, memberId))?.value.state === 'active';
    },

    async listMembers(groupId, page) {
      const rows = await listRows(table, membershipRow, 'membership', {
        filter: `PartitionKey eq ${odataString(forwardPartition(groupId))}`,
        top: page.top,
        continuationToken: page.continuationToken,
      });
      return { items: rows.items.filter((r) => r.state === 'active').map((r) => decodeKey(r.rowKey)), continuationToken: rows.continuationToken };
    },

    async listMemberEntries(groupId, page, type) {
      const typeFilter = type === 'group' ? ` and memberType eq 'group'` : type === 'user' ? ` and memberType ne 'group'` : '';
      const rows = await listRows(table, membershipRow, 'membership', {
        filter: `PartitionKey eq ${odataString(forwardPartition(groupId))}${typeFilter}`,
        top: page.top,
        continuationToken: page.continuationToken,
      });
      return {
        items: rows.items.filter((r) => r.state === 'active').map((r) => ({ id: decodeKey(r.rowKey), type: r.memberType ?? 'user' })),
        continuationToken: rows.continuationToken,
      };
    },

    async listSubgroups(groupId) {
      const ids: string[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await listRows(table, z.object({ rowKey: z.string() }), 'nested group', {
          filter: `PartitionKey eq ${odataString(nestedPartition(groupId))}`,
          top: LIFECYCLE_PAGE,
          continuationToken,
        });
        ids.push(...page.items.map((r) => decodeKey(r.rowKey)));
        continuationToken = page.continuationToken;
      } while (continuationToken);
      // The index may hold a row an interrupted add or removal left; the forward row decides.
      const live = await Promise.all(ids.map(async (id) => ((await readForward(groupId, id))?.value.state === 'active' ? id : undefined)));
      return live.filter((id): id is string => id !== undefined);
    },

    listGroupsOf,

    async checkGroups(memberId, groupIds) {
      const found = await Promise.all(
        groupIds.map(async (groupId) => {
          const reverse = await readReverse(memberId, groupId);
          return reverse && (await reverseCounts(memberId, groupId, reverse.value.state)) ? groupId : undefined;
        }),
      );
      return found.filter((id): id is string => id !== undefined);
    },

    async groupIdsOf(principalId) {
      const ids: string[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await listGroupsOf(principalId, { top: 1000, continuationToken });
        ids.push(...page.items);
        continuationToken = page.continuationToken;
      } while (continuationToken);
      return ids;
    },

    async removeAllOfGroup(groupId) {
      let continuationToken: string | undefined;
      do {
        // Always the first page: the rows just read are deleted before the next read.
        const page = await listRows(table, membershipRow, 'membership', { filter: `PartitionKey eq ${odataString(forwardPartition(groupId))}`, top: LIFECYCLE_PAGE });
        for (const row of page.items) await erase(groupId, decodeKey(row.rowKey), row.memberType ?? 'user');
        continuationToken = page.continuationToken;
      } while (continuationToken);
    },

    async principalDeleted(principalId) {
      await eachReverseRow(principalId, async (groupId, row) => {
        if (row.state === 'hidden') return;
        const forward = await readForward(groupId, principalId);
        if (forward?.value.state === 'active') await transition(groupId, principalId, forward, 'hidden');
        else if (forward?.value.state === 'hidden') await setReverse(principalId, groupId, 'hidden');
        // An add that never committed is not a membership to keep.
        else await erase(groupId, principalId);
      });
    },

    async principalRestored(principalId) {
      await eachReverseRow(principalId, async (groupId, row) => {
        if (row.state === 'active') return;
        const forward = await readForward(groupId, principalId);
        if (forward?.value.state === 'hidden') await transition(groupId, principalId, forward, 'active');
        else await repair(groupId, principalId);
      });
    },

    async principalPurged(principalId) {
      await eachReverseRow(principalId, (groupId) => erase(groupId, principalId));
    },

    async hideAllOfGroup(groupId) {
      await eachForwardRow(groupId, async (memberId, row) => {
        if (row.value.state === 'active') await transition(groupId, memberId, row, 'hidden');
        else if (row.value.state === 'hidden') await repair(groupId, memberId);
        // An add that never committed is not a membership to keep.
        else await erase(groupId, memberId, row.value.memberType);
      });
    },

    async showAllOfGroup(groupId, keep) {
      await eachForwardRow(groupId, async (memberId, row) => {
        if (row.value.state === 'hidden' && (await keep(memberId))) await transition(groupId, memberId, row, 'active');
        else await repair(groupId, memberId);
      });
    },

    async removeAllOfMember(memberId) {
      await eachReverseRow(memberId, (groupId) => erase(groupId, memberId));
    },

    repair,
  };
}
