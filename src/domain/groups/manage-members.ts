import type { AuditInitiator } from '../audit';
import type { DirectoryUser } from '../directory/ports';
import { Failure, notFound } from '../errors';
import { auditGroupChange } from './audit-group';
import { assertAssignedMembership, requireGroup } from './manage-group';
import type { GroupDeps } from './ports';

type Deps = Pick<GroupDeps, 'groups' | 'memberships' | 'users' | 'audit' | 'now' | 'newId'>;

/** Graph's limit on `checkMemberGroups`. */
export const MAX_CHECKED_GROUPS = 20;

/** Reads a live user or fails with 404. */
export async function requireUser(deps: Pick<GroupDeps, 'users'>, id: string): Promise<DirectoryUser> {
  const user = await deps.users.getUser(id);
  if (!user) throw notFound('user', id);
  return user;
}

/**
 * `POST /groups/{id}/members/$ref`: adds a user to an assigned group. Adding an existing member
 * is a 400 with Graph's wording; a write interrupted earlier is finished rather than refused.
 */
export async function addGroupMember(deps: Deps, groupId: string, memberId: string, by: AuditInitiator, correlationId?: string): Promise<void> {
  const group = (await requireGroup(deps, groupId)).value;
  const user = await requireUser(deps, memberId);
  assertAssignedMembership(group);
  const added = await deps.memberships.add(groupId, user.id, deps.now());
  if (!added) {
    throw new Failure('validationFailed', "One or more added object references already exist for the following modified properties: 'members'.", {
      details: [{ target: 'members', message: 'already a member' }],
    });
  }
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
 * `POST /users/{id}/checkMemberGroups`: which of at most 20 group ids the user is a direct
 * member of. Point reads only, so the cost follows the number of ids asked, not the directory.
 */
export async function checkMemberGroups(deps: Pick<GroupDeps, 'users' | 'groups' | 'memberships'>, userId: string, groupIds: readonly string[]): Promise<string[]> {
  const user = await requireUser(deps, userId);
  const unique = [...new Set(groupIds.map((id) => id.toLowerCase()))];
  const memberOf = await deps.memberships.checkGroups(user.id, unique);
  // A group being deleted still has rows until its clean-up finishes; it no longer counts.
  const live = await Promise.all(memberOf.map(async (id) => ((await deps.groups.get(id)) ? id : undefined)));
  return live.filter((id): id is string => id !== undefined);
}
