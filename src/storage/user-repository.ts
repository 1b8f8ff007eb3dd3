import { RestError, type TableClient } from '@azure/data-tables';
import type { UserRepository } from '../domain/users/ports';
import { uniqueAddressesOf } from '../domain/users/user';
import { Failure } from '../domain/errors';
import { createAddressIndex, type AddressIndex } from './user-index';
import { USER_ROW_KEY, USER_TABLE_MAPPING, fromUserRow, toUserRow } from './user-rows';
import { splitFilter } from './filter-query';
import { deleteRow, insertRow, updateRow } from './table-kit';
import type { IndexedCollection } from './indexed-collection';
import type { User } from '../domain/users/user';
import { planQuery } from '../domain/query/plan';
import { DELETED_USER_INDEXES, deletedBefore } from '../domain/users/user-indexes';

/** Test seam: called between the address claims and the user row write (to simulate a crash there). */
export interface UserRepositoryHooks {
  afterClaims?(userId: string): Promise<void>;
}

/** The list index of live users (see indexed-collection.ts) and the document each user has there. */
export interface UserListIndex {
  collection: IndexedCollection;
  document(user: User): Record<string, unknown>;
}

/**
 * The `UserRepository` on Table Storage: the `Users` table (see user-rows.ts) and the
 * `UserAddresses` uniqueness index (see user-index.ts), with the list indexes of live and of deleted users.
 */
export function createTableUserRepository(
  users: TableClient,
  addresses: TableClient,
  hooks: UserRepositoryHooks = {},
  listIndex?: UserListIndex,
  deletedIndex?: UserListIndex,
): UserRepository & { index: AddressIndex; syncListIndex(id: string): Promise<void>; buildListIndex(now: Date): Promise<number>; deletedIndex: UserListIndex | undefined } {
  const index = createAddressIndex(addresses, users);

  // Reads the row each time, so a repeat (the repair sweep) or a race ends on the stored state.
  // The deleted users' index follows the same row the other way round.
  async function syncListIndex(id: string): Promise<void> {
    if (listIndex) {
      await listIndex.collection.sync(id.toLowerCase(), async () => {
        const stored = await getStored(id);
        return stored && !stored.user.deletedAt ? listIndex.document(stored.user) : undefined;
      });
    }
    if (deletedIndex) {
      await deletedIndex.collection.sync(id.toLowerCase(), async () => {
        const stored = await getStored(id);
        return stored?.user.deletedAt ? deletedIndex.document(stored.user) : undefined;
      });
    }
  }

  /** Deleted before `cutoff`, oldest first, from the deleted users' index; a row whose user is not (or no longer) deleted is skipped. */
  async function deletedBeforeFromIndex(index: UserListIndex, cutoff: Date, limit: number) {
    const plan = planQuery(DELETED_USER_INDEXES, { filter: deletedBefore(cutoff), orderBy: { property: 'deletedDateTime', descending: false } });
    if (!plan) throw new TypeError('the deleted users index sorts by deletedDateTime');
    const page = await index.collection.page(plan, { top: limit });
    const stored = await Promise.all(page.items.map((doc) => getStored(String(doc['id']))));
    return stored.filter((s): s is NonNullable<typeof s> => s !== undefined && s.user.deletedAt !== null && s.user.deletedAt < cutoff);
  }

  async function getStored(id: string) {
    try {
      return fromUserRow(await users.getEntity<Record<string, unknown>>(id.toLowerCase(), USER_ROW_KEY));
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  // One at a time, in the order given: claimed in parallel, two requests for the same addresses
  // could each win one, both release and both fail, leaving no user at all.
  async function claimAll(list: string[], userId: string, now: Date): Promise<void> {
    const claimed: string[] = [];
    try {
      for (const address of list) {
        await index.claim(address, userId, now);
        claimed.push(address);
      }
    } catch (error) {
      await Promise.allSettled(claimed.map((a) => index.release(a, userId)));
      throw error;
    }
  }

  async function listWhere(filter: string, limit: number) {
    const out = [];
    for await (const row of users.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      out.push(fromUserRow(row));
      if (out.length >= limit) break;
    }
    return out;
  }

  return {
    index,
    syncListIndex,
    deletedIndex,

    /**
     * Indexes every user once (users stored before the list index existed); a no-op after it
     * completed. Streams the table a page at a time; safe to repeat (each sync is idempotent).
     */
    async buildListIndex(now) {
      const pending = [listIndex, deletedIndex].filter((i): i is UserListIndex => i !== undefined);
      const unbuilt = [];
      for (const i of pending) if (!(await i.collection.isBuilt())) unbuilt.push(i);
      if (unbuilt.length === 0) return 0;
      let synced = 0;
      for await (const row of users.listEntities<{ partitionKey: string }>({ queryOptions: { select: ['PartitionKey'] } })) {
        await syncListIndex(row.partitionKey);
        synced++;
      }
      for (const i of unbuilt) await i.collection.markBuilt(now);
      return synced;
    },

    get: getStored,

    findUserIdByAddress: (address) => index.lookup(address),

    async create(user, pending, now) {
      const addresses = uniqueAddressesOf(user);
      await claimAll(addresses, user.id, now);
      await hooks.afterClaims?.(user.id);
      const row = toUserRow(user, pending, now);
      try {
        const etag = await insertRow(users, row, `Another object with the same value for property id already exists.`);
        return { user, etag, pending };
      } catch (error) {
        if (error instanceof Failure) await Promise.allSettled(addresses.map((a) => index.release(a, user.id)));
        throw error;
      }
    },

    async update(before, after, pending, now) {
      const old = new Set(uniqueAddressesOf(before.user));
      const next = uniqueAddressesOf(after);
      const added = next.filter((a) => !old.has(a));
      await claimAll(added, after.id, now);
      await hooks.afterClaims?.(after.id);
      let etag: string;
      try {
        etag = await updateRow(users, toUserRow(after, pending, now), before.etag, 'Replace');
      } catch (error) {
        await Promise.allSettled(added.map((a) => index.release(a, after.id)));
        throw error;
      }
      const kept = new Set(next);
      await Promise.all([...old].filter((a) => !kept.has(a)).map((a) => index.release(a, after.id)));
      return { user: after, etag, pending };
    },

    async clearPending(stored) {
      // The list index follows every committed change before the marker goes (a failure here
      // keeps the marker, and the repair sweep syncs again).
      await syncListIndex(stored.user.id);
      try {
        await updateRow(users, toUserRow(stored.user, null, null), stored.etag, 'Replace');
      } catch (error) {
        // A later change rewrote the row and owns the marker now; nothing to clear.
        if (!(error instanceof Failure && error.code === 'preconditionFailed')) throw error;
      }
    },

    async purge(stored) {
      await deleteRow(users, stored.user.id.toLowerCase(), USER_ROW_KEY, stored.etag);
      await syncListIndex(stored.user.id);
      await Promise.all(uniqueAddressesOf(stored.user).map((a) => index.release(a, stored.user.id)));
    },

    async listPage(options) {
      const base = `isDeleted eq ${options.deleted}`;
      const { where, partial } = splitFilter(options.filter, USER_TABLE_MAPPING);
      const filter = where ? `${base} and (${where})` : base;
      const pages = users
        .listEntities<Record<string, unknown>>({ queryOptions: { filter } })
        .byPage({ maxPageSize: Math.min(options.top, 1000), ...(options.continuationToken ? { continuationToken: options.continuationToken } : {}) });
      for await (const page of pages) {
        return { items: page.map((row) => fromUserRow(row)), continuationToken: page.continuationToken || undefined, partial };
      }
      return { items: [], continuationToken: undefined, partial };
    },

    listPending: (before) => listWhere(`pendingAt lt datetime'${before.toISOString()}'`, 1000),

    // Without the index (storage tests of other parts), the table filter answers.
    listDeletedBefore: (before, limit) =>
      deletedIndex ? deletedBeforeFromIndex(deletedIndex, before, limit) : listWhere(`isDeleted eq true and deletedAt lt datetime'${before.toISOString()}'`, limit),
  };
}
