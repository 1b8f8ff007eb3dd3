import type { AuditInitiator } from '../audit';
import type { DirectoryUser } from '../directory/ports';
import { Failure, notFound } from '../errors';
import { auditGroupChange } from './audit-group';
import { assertAssignedMembership, requireGroup } from './manage-group';
import { ancestorsOf, assertCanNest, resolveDirectoryObject, type ObjectRef } from './nesting';
import type { GroupDeps } from './ports';

type Deps = Pick<GroupDeps, 'groups' | 'memberships' | 'users' | 'audit' | 'now' | 'newId'>;

/** Graph's limit on `checkMemberGroups`. */
export const MAX_CHECKED_GROUPS = 20;

const alreadyMember = (): Failure =>
  new Failure('validationFailed', "One or more added object references already exist for the following modified properties: 'members'.", {
    details: [{ target: 'members', message: 'already a member' }],
  });

/** Reads a live user or fails with 404. */
export async function requireUser(deps: Pick<GroupDeps, 'users'>, id: string): Promise<DirectoryUser> {
  const user = await deps.users.getUser(id);
  if (!user) throw notFound('user', id);
  return user;
}

/**
 * `POST /groups/{id}/members/$ref`: adds a user or a group (nested) to an assigned group. Adding
 * an existing member is a 400 with Graph's wording; a write interrupted earlier is finished rather
 * than refused. A plain id is taken as a user or group, whichever exists.
 */
export async function addGroupMember(deps: Deps, groupId: string, member: string | ObjectRef, by: AuditInitiator, correlationId?: string): Promise<void> {
  const group = (await requireGroup(deps, groupId)).value;
  const ref: ObjectRef = typeof member === 'string' ? { id: member, kind: 'directoryObject' } : member;
  const object = await resolveDirectoryObject(deps, ref);
  assertAssignedMembership(group);
  if (object.type === 'group') {
    await assertCanNest(deps, group, object.group);
    const added = await deps.memberships.add(groupId, object.group.id, deps.now(), 'group');
    if (!added) throw alreadyMember();
    await auditGroupChange(deps, 'Add member to group', by, [
      { id: groupId, type: 'Group', displayName: group.displayName },
      { id: object.group.id, type: 'Group', displayName: object.group.displayName },
    ], correlationId);
    return;
  }
  const user = object.user;
  const added = await deps.memberships.add(groupId, user.id, deps.now());
  if (!added) throw alreadyMember();
  await auditGroupChange(
    deps,
    'Add member to group',
    by,
    [
      { id: groupId, type: 'Group', displayName: group.displayName },
      { id: user.id, type: 'User', displayName: user.displayName ?? undefined, userPrincipalName: user.userPrincipalName },
    ],
    correlationId,
  );
}

/** `DELETE /groups/{id}/members/{memberId}/$ref`: 404 when the group is unknown or the user is not a member. */
export async function removeGroupMember(deps: Deps, groupId: string, memberId: string, by: AuditInitiator, correlationId?: string): Promise<void> {
  const group = (await requireGroup(deps, groupId)).value;
  assertAssignedMembership(group);
  const removed = await deps.memberships.remove(groupId, memberId);
  if (!removed) throw notFound('member', memberId);
  await auditGroupChange(deps, 'Remove member from group', by, [
    { id: groupId, type: 'Group', displayName: group.displayName },
    { id: memberId, type: 'User' },
  ], correlationId);
}

/**
 * `POST /{users|groups}/{id}/checkMemberGroups`: which of at most 20 group ids the object is a
 * member of, directly or through nested groups (Graph's function is transitive). The cost follows
 * the number of groups the object reaches, not the directory.
 */
export async function checkMemberGroups(deps: Pick<GroupDeps, 'users' | 'groups' | 'memberships'>, who: string | ObjectRef, groupIds: readonly string[]): Promise<string[]> {
  // A plain id is a user (the original `/users/{id}/checkMemberGroups`).
  const object = await resolveDirectoryObject(deps, typeof who === 'string' ? { id: who, kind: 'user' } : who);
  const reached = await ancestorsOf(deps, object.type === 'user' ? object.user.id : object.group.id);
  const unique = [...new Set(groupIds.map((id) => id.toLowerCase()))];
  return unique.filter((id) => reached.has(id));
}
