import type { Group } from './group';
import { ancestorsOf, resolveDirectoryObject, type ObjectRef } from './nesting';
import type { GroupDeps } from './ports';

type Deps = Pick<GroupDeps, 'groups' | 'memberships' | 'users'>;

/**
 * `getMemberGroups` / `getMemberObjects` / `checkMemberObjects` of a user or group: all transitive,
 * as in Graph. Gatehouse has no administrative units, and directory roles are held through
 * `/roleManagement/directory`, so the objects are the groups reached.
 */

async function groupsReached(deps: Deps, ref: ObjectRef): Promise<Group[]> {
  const object = await resolveDirectoryObject(deps, ref);
  const ids = [...(await ancestorsOf(deps, object.type === 'user' ? object.user.id : object.group.id))].sort();
  const groups = await Promise.all(ids.map(async (id) => (await deps.groups.get(id))?.value));
  return groups.filter((g): g is Group => g !== undefined);
}

/** The ids of every group reached; with `securityEnabledOnly`, only security-enabled ones. */
export async function getMemberGroups(deps: Deps, ref: ObjectRef, securityEnabledOnly: boolean): Promise<string[]> {
  return (await groupsReached(deps, ref)).filter((g) => !securityEnabledOnly || g.securityEnabled).map((g) => g.id);
}

/** Same as `getMemberGroups`: groups are the only directory objects a member reaches here. */
export const getMemberObjects = getMemberGroups;

/** Which of the given ids (groups, at most 20) the object is a member of, transitively. */
export async function checkMemberObjects(deps: Deps, ref: ObjectRef, ids: readonly string[]): Promise<string[]> {
  const reached = new Set((await groupsReached(deps, ref)).map((g) => g.id));
  return [...new Set(ids.map((id) => id.toLowerCase()))].filter((id) => reached.has(id));
}
