import type { TableClient } from '@azure/data-tables';
import type { QueueClient } from '@azure/storage-queue';
import type { AuditLog } from '../domain/audit';
import type { MembershipReader, PrincipalLifecycle, UserChangeObserver, UserDirectory } from '../domain/directory/ports';
import { createDynamicMembershipObserver } from '../domain/groups/dynamic-membership';
import { ancestorsOf } from '../domain/groups/nesting';
import type { GroupDeps, GroupRecycleBin } from '../domain/groups/ports';
import { createStorageEvaluationQueue } from './group-evaluation-queue';
import { createTableGroupRecycleBin } from './group-recycle-bin';
import { createTableGroupRepository, type GroupListIndex, type TableGroupRepository } from './group-repository';
import { createTableMembershipRepository, type MembershipRepositoryOptions, type TableMembershipRepository } from './membership-repository';
import { createTableOwnershipRepository, type TableOwnershipRepository } from './ownership-repository';

/** Everything the groups module offers the rest of the app once wired. */
export interface GroupModule {
  deps: GroupDeps & { recycleBin: GroupRecycleBin; groups: TableGroupRepository; memberships: TableMembershipRepository; owners: TableOwnershipRepository };
  /** For the users module: re-evaluates dynamic groups when a user changes. */
  observer: UserChangeObserver;
  /** For the users module: hides, restores and purges a user's memberships and ownerships. */
  lifecycle: PrincipalLifecycle;
  /** For authorization and app role assignments: a principal's groups, direct and through nested groups (live groups only). */
  reader: MembershipReader;
}

export interface GroupModuleInput {
  groupsTable: TableClient;
  membershipsTable: TableClient;
  /** Group owners (table `GroupOwners`). */
  ownersTable: TableClient;
  evaluationQueue: QueueClient;
  audit: AuditLog;
  users: UserDirectory;
  now(): Date;
  newId(): string;
  membershipOptions?: MembershipRepositoryOptions;
  /** The same crash-injection hook for owner rows. */
  ownershipOptions?: MembershipRepositoryOptions;
  /** The list index GET /groups is served from; without it (storage tests) none is kept. */
  listIndex?: GroupListIndex;
  /** Run with `principalPurged(groupId)` when a group is deleted (app role assignments), and the other two when a Microsoft 365 group goes to the recycle bin and back. */
  groupLifecycles?: GroupDeps['groupLifecycles'];
}

/** Builds the groups module's repositories and ports on Table Storage and the evaluation queue. */
export function createGroupModule(input: GroupModuleInput): GroupModule {
  const groups = createTableGroupRepository(input.groupsTable, input.now, input.listIndex);
  const memberships = createTableMembershipRepository(input.membershipsTable, input.membershipOptions);
  const owners = createTableOwnershipRepository(input.ownersTable, input.ownershipOptions);
  const deps = {
    groups,
    memberships,
    owners,
    users: input.users,
    evaluations: createStorageEvaluationQueue(input.evaluationQueue),
    audit: input.audit,
    groupLifecycles: input.groupLifecycles ?? [],
    recycleBin: createTableGroupRecycleBin(input.groupsTable, groups.syncListIndex),
    now: input.now,
    newId: input.newId,
  };
  return {
    deps,
    observer: createDynamicMembershipObserver(deps),
    // Memberships and ownerships follow a user alike; each side is idempotent, so a retry finishes both.
    lifecycle: {
      async principalDeleted(principalId) {
        await memberships.principalDeleted(principalId);
        await owners.principalDeleted(principalId);
      },
      async principalRestored(principalId) {
        await memberships.principalRestored(principalId);
        await owners.principalRestored(principalId);
      },
      async principalPurged(principalId) {
        await memberships.principalPurged(principalId);
        await owners.principalPurged(principalId);
      },
    },
    reader: {
      // Nested membership counts wherever access is decided (a group's app roles reach its nested groups' members).
      async groupIdsOf(principalId) {
        return [...(await ancestorsOf(deps, principalId))];
      },
    },
  };
}
