import type { AuditInitiator } from '../audit';
import { Failure, notFound } from '../errors';
import { auditGroupChange } from './audit-group';
import { isDynamicGroup, type Group } from './group';
import type { DeletedGroup, GroupDeps, GroupRecycleBin, Versioned } from './ports';

/** How long a deleted Microsoft 365 group can be restored (Graph: 30 days, not configurable). */
export const GROUP_RESTORE_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

type Deps = Pick<GroupDeps, 'groups' | 'memberships' | 'owners' | 'users' | 'evaluations' | 'audit' | 'now' | 'newId' | 'groupLifecycles'> & {
  recycleBin: GroupRecycleBin;
};

/** Whether the group has a recycle bin to go to: Graph keeps only Microsoft 365 groups. */
export function requireBin(deps: Pick<GroupDeps, 'recycleBin'>): GroupRecycleBin {
  if (!deps.recycleBin) throw new Error('The groups module was built without its recycle bin');
  return deps.recycleBin;
}

/** Hides the memberships and app role assignments of a group in the bin; idempotent. */
async function hideRelations(deps: Deps, id: string): Promise<void> {
  await deps.memberships.hideAllOfGroup(id);
  for (const lifecycle of deps.groupLifecycles ?? []) await lifecycle.principalDeleted?.(id);
  await deps.recycleBin.settle(id);
}

/** Shows them again after a restore; a member deleted meanwhile stays hidden with its own deletion. */
async function showRelations(deps: Deps, id: string): Promise<void> {
  await deps.memberships.showAllOfGroup(id, async (memberId) => (await deps.users.getUser(memberId)) !== undefined);
  for (const lifecycle of deps.groupLifecycles ?? []) await lifecycle.principalRestored?.(id);
  await deps.recycleBin.settle(id);
}

/**
 * DELETE /groups/{id} of a Microsoft 365 group: into the recycle bin for 30 days. Owners are kept
 * as they are (they grant nothing while the group is hidden); memberships and app role
 * assignments are hidden, so access that came through the group stops at once.
 */
export async function softDeleteGroup(deps: Deps, live: Versioned<Group>, by: AuditInitiator, correlationId?: string): Promise<void> {
  const deletedAt = deps.now();
  await deps.recycleBin.softDelete(live, deletedAt, new Date(deletedAt.getTime() + GROUP_RESTORE_WINDOW_DAYS * DAY_MS));
  await auditGroupChange(deps, 'Delete group', by, [{ id: live.value.id, type: 'Group', displayName: live.value.displayName }], correlationId);
  await hideRelations(deps, live.value.id);
}

/** A group in the recycle bin, or 404. */
export async function getDeletedGroup(deps: Pick<GroupDeps, 'recycleBin'>, id: string): Promise<DeletedGroup> {
  const deleted = await requireBin(deps).getDeleted(id);
  if (!deleted) throw notFound('deletedItem', id);
  return deleted;
}

/** POST /directory/deletedItems/{id}/restore for a group: live again with its members and assignments. */
export async function restoreGroup(deps: Deps, id: string, by: AuditInitiator, correlationId?: string): Promise<Group> {
  const deleted = await getDeletedGroup(deps, id);
  await deps.recycleBin.restore(deleted);
  await auditGroupChange(deps, 'Restore group', by, [{ id, type: 'Group', displayName: deleted.group.displayName }], correlationId);
  await showRelations(deps, id);
  const group = deleted.group;
  if (isDynamicGroup(group) && group.membershipRuleProcessingState === 'On') {
    await deps.evaluations.enqueue({ groupId: id, ruleVersion: group.ruleVersion, page: '' });
  }
  return group;
}

/**
 * DELETE /directory/deletedItems/{id} for a group (and the retention timer): out of the bin into
 * the permanent deletion, which removes memberships, owners and assignments and then the row.
 */
export async function purgeDeletedGroup(deps: Deps, id: string, by: AuditInitiator, finish: (id: string) => Promise<void>, correlationId?: string): Promise<void> {
  const deleted = await getDeletedGroup(deps, id);
  await deps.recycleBin.startPurge(deleted);
  await auditGroupChange(deps, 'Hard delete group', by, [{ id, type: 'Group', displayName: deleted.group.displayName }], correlationId);
  await finish(id);
  await deps.recycleBin.settle(id);
}

/**
 * The timer's work: relations a crash left between a move and its follow-up are finished (hidden
 * for a group in the bin, shown for a live one), then groups past their 30 days are purged, found
 * through the purge-due rows. Returns the purged ids.
 */
export async function sweepGroupRecycleBin(deps: Deps, finish: (id: string) => Promise<void>, limit = 500): Promise<string[]> {
  for (const id of await deps.recycleBin.listUnsettled()) {
    if (await deps.groups.get(id)) await showRelations(deps, id);
    else if (await deps.recycleBin.getDeleted(id)) await hideRelations(deps, id);
    else await deps.recycleBin.settle(id);
  }
  const due = await deps.recycleBin.listDue(deps.now(), limit);
  const purged: string[] = [];
  for (const id of due) {
    try {
      await purgeDeletedGroup(deps, id, { kind: 'system', name: 'Group recycle bin' }, finish);
      purged.push(id);
    } catch (error) {
      // Restored or purged by a request since the due rows were read.
      if (!(error instanceof Failure && error.code === 'notFound')) throw error;
    }
  }
  return purged;
}
