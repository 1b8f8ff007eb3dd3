import type { TableClient } from '@azure/data-tables';
import type { PrincipalLifecycle } from '../domain/directory/ports';
import type { OwnershipRepository } from '../domain/groups/ports';
import { createTableMembershipRepository, type MembershipRepositoryOptions } from './membership-repository';

/** The repository plus what the users module calls on soft delete, restore and purge, and repair. */
export type TableOwnershipRepository = OwnershipRepository &
  PrincipalLifecycle & {
    /** Finishes whatever an interrupted write left for one ownership; idempotent. */
    repair(groupId: string, ownerId: string): Promise<void>;
  };

/**
 * Group owners on Table Storage (table `GroupOwners`). An ownership is a relationship between a
 * group and a user exactly like a membership, so it is kept in the same two-sided layout
 * (`membership-rows.ts`: `g|{groupId}` → owner, `m|{ownerId}` → group) by the same write sequence,
 * in a table of its own: the crash-safety argument of `membership-repository.ts` holds unchanged,
 * and a soft-deleted owner's rows are hidden and restored with it.
 */
export function createTableOwnershipRepository(table: TableClient, options: MembershipRepositoryOptions = {}): TableOwnershipRepository {
  const rows = createTableMembershipRepository(table, options);
  return {
    add: (groupId, ownerId, at) => rows.add(groupId, ownerId, at),
    remove: (groupId, ownerId) => rows.remove(groupId, ownerId),
    isOwner: (groupId, ownerId) => rows.isMember(groupId, ownerId),
    listOwners: (groupId, page) => rows.listMembers(groupId, page),
    listOwnedGroups: (ownerId, page) => rows.listGroupsOf(ownerId, page),
    removeAllOfGroup: (groupId) => rows.removeAllOfGroup(groupId),
    principalDeleted: (principalId) => rows.principalDeleted(principalId),
    principalRestored: (principalId) => rows.principalRestored(principalId),
    principalPurged: (principalId) => rows.principalPurged(principalId),
    repair: (groupId, ownerId) => rows.repair(groupId, ownerId),
  };
}
