import type { AuditInitiator } from '../audit';
import type { DirectoryUser } from '../directory/ports';
import { Failure, notFound } from '../errors';
import { auditGroupChange } from './audit-group';
import type { Group } from './group';
import { requireGroup } from './manage-group';
import { requireUser } from './manage-members';
import type { GroupDeps, Page } from './ports';

type Deps = Pick<GroupDeps, 'groups' | 'owners' | 'users' | 'audit' | 'now' | 'newId'>;
type PageRequest = { top: number; continuationToken?: string | undefined };

/**
 * `POST /groups/{id}/owners/$ref`: makes a user an owner of a group. Ownership is not membership,
 * so dynamic groups take owners too. Adding an existing owner is Graph's 400; a write interrupted
 * earlier is finished rather than refused.
 */
export async function addGroupOwner(deps: Deps, groupId: string, ownerId: string, by: AuditInitiator, correlationId?: string): Promise<void> {
  const group = (await requireGroup(deps, groupId)).value;
  const user = await requireUser(deps, ownerId);
  const added = await deps.owners.add(groupId, user.id, deps.now());
  if (!added) {
    throw new Failure('validationFailed', "One or more added object references already exist for the following modified properties: 'owners'.", {
      details: [{ target: 'owners', message: 'already an owner' }],
    });
  }
  await auditGroupChange(
    deps,
    'Add owner to group',
    by,
    [
      { id: groupId, type: 'Group', displayName: group.displayName },
      { id: user.id, type: 'User', displayName: user.displayName ?? undefined, userPrincipalName: user.userPrincipalName },
    ],
    correlationId,
  );
}

/**
 * `DELETE /groups/{id}/owners/{ownerId}/$ref`: 404 when the group is unknown or the user is not an
 * owner. Graph keeps a Microsoft 365 group from losing its last owner; Gatehouse has security
 * groups only, which may be left without owners, so the last one can go.
 */
export async function removeGroupOwner(deps: Deps, groupId: string, ownerId: string, by: AuditInitiator, correlationId?: string): Promise<void> {
  const group = (await requireGroup(deps, groupId)).value;
  const removed = await deps.owners.remove(groupId, ownerId);
  if (!removed) throw notFound('owner', ownerId);
  await auditGroupChange(deps, 'Remove owner from group', by, [
    { id: groupId, type: 'Group', displayName: group.displayName },
    { id: ownerId, type: 'User' },
  ], correlationId);
}

async function resolveAll<T>(ids: readonly string[], read: (id: string) => Promise<T | undefined>): Promise<T[]> {
  const found = await Promise.all(ids.map(read));
  return found.filter((item): item is Awaited<T> => item !== undefined) as T[];
}

/**
 * `GET /groups/{id}/owners`: one range read of the group's owner rows, then a point read per owner
 * on the page. Owners that no longer resolve (a user deleted a moment ago) are left out.
 */
export async function listGroupOwners(deps: Pick<GroupDeps, 'groups' | 'owners' | 'users'>, groupId: string, page: PageRequest): Promise<Page<DirectoryUser>> {
  await requireGroup(deps, groupId);
  const ids = await deps.owners.listOwners(groupId, page);
  return { items: await resolveAll(ids.items, (id) => deps.users.getUser(id)), continuationToken: ids.continuationToken };
}

/** `GET /users/{id}/ownedObjects`: the groups the user owns (Gatehouse records no other owned objects). */
export async function listOwnedObjects(deps: Pick<GroupDeps, 'groups' | 'owners' | 'users'>, userId: string, page: PageRequest): Promise<Page<Group>> {
  const user = await requireUser(deps, userId);
  const ids = await deps.owners.listOwnedGroups(user.id, page);
  // A group being deleted still has rows until its clean-up finishes; it is no longer listed.
  return { items: await resolveAll(ids.items, async (id) => (await deps.groups.get(id))?.value), continuationToken: ids.continuationToken };
}
