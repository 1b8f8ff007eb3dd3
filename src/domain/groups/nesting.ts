import type { DirectoryUser } from '../directory/ports';
import { Failure, notFound } from '../errors';
import { isDynamicGroup, isUnifiedGroup, type Group } from './group';
import type { GroupDeps, GroupRepository, MemberType, MembershipRepository } from './ports';

/**
 * Nested groups: a group as a member of another. Entra's rules kept here: a group cannot contain
 * itself, directly or through other groups (Gatehouse refuses the cycle); Microsoft 365 groups and
 * groups assignable to roles have no group members, a Microsoft 365 group is no group's member,
 * and dynamic groups cannot contain groups (their members come from the rule).
 */

type Deps = Pick<GroupDeps, 'groups' | 'memberships' | 'users'>;

/** A directory object named by an `@odata.id` or a path: `user`/`group` when the URL said so. */
export interface ObjectRef {
  id: string;
  kind: 'user' | 'group' | 'directoryObject';
}

export type DirectoryObject = { type: 'user'; user: DirectoryUser } | { type: 'group'; group: Group };

/** The user or group a reference names, or 404 (users first: ids are unique across both). */
export async function resolveDirectoryObject(deps: Pick<Deps, 'groups' | 'users'>, ref: ObjectRef): Promise<DirectoryObject> {
  if (ref.kind !== 'group') {
    const user = await deps.users.getUser(ref.id);
    if (user) return { type: 'user', user };
  }
  if (ref.kind !== 'user') {
    const group = await deps.groups.get(ref.id);
    if (group) return { type: 'group', group: group.value };
  }
  throw notFound(ref.kind === 'directoryObject' ? 'directoryObject' : ref.kind, ref.id);
}

const refused = (message: string): Failure => new Failure('validationFailed', message, { details: [{ target: 'members', message }] });

/**
 * Every live group `principalId` belongs to, directly or through nested groups (breadth first over
 * the reverse membership rows). The cost follows the number of groups reached, not the directory.
 */
export async function ancestorsOf(deps: { groups: Pick<GroupRepository, 'get'>; memberships: Pick<MembershipRepository, 'listGroupsOf'> }, principalId: string): Promise<Set<string>> {
  const reached = new Set<string>();
  let frontier = [principalId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      let continuationToken: string | undefined;
      do {
        const page = await deps.memberships.listGroupsOf(id, { top: 999, continuationToken });
        for (const groupId of page.items) {
          if (!reached.has(groupId) && groupId !== principalId) {
            reached.add(groupId);
            next.push(groupId);
          }
        }
        continuationToken = page.continuationToken;
      } while (continuationToken);
    }
    frontier = next;
  }
  // A group whose deletion is still cleaning up keeps rows for a moment; it no longer counts.
  const live = await Promise.all([...reached].map(async (id) => ((await deps.groups.get(id)) ? id : undefined)));
  return new Set(live.filter((id): id is string => id !== undefined));
}

/**
 * The group and every group nested in it, the group first and the rest in id order (reads only the
 * nested-group index of each group reached, never the users).
 */
export async function nestedGroupsOf(deps: Pick<Deps, 'groups' | 'memberships'>, groupId: string): Promise<string[]> {
  const reached = new Set<string>([groupId]);
  let frontier = [groupId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const child of await deps.memberships.listSubgroups(id)) {
        if (!reached.has(child)) {
          reached.add(child);
          next.push(child);
        }
      }
    }
    frontier = next;
  }
  reached.delete(groupId);
  const live = await Promise.all([...reached].map(async (id) => ((await deps.groups.get(id)) ? id : undefined)));
  return [groupId, ...live.filter((id): id is string => id !== undefined).sort()];
}

/** Refuses a group member Entra refuses (see above), naming why. */
export async function assertCanNest(deps: Pick<Deps, 'groups' | 'memberships'>, parent: Group, child: Group): Promise<void> {
  if (isUnifiedGroup(parent)) throw refused('Microsoft 365 groups cannot have groups as members.');
  if (parent.isAssignableToRole) throw refused('Groups assignable to roles cannot have groups as members.');
  if (isDynamicGroup(parent)) throw refused('A group with dynamic membership cannot have groups as members.');
  if (isUnifiedGroup(child)) throw refused('A Microsoft 365 group cannot be a member of another group.');
  if (child.id === parent.id) throw refused('A group cannot be a member of itself.');
  if ((await ancestorsOf(deps, parent.id)).has(child.id)) {
    throw refused(`Adding group '${child.id}' would make a cycle: it already contains group '${parent.id}', directly or through nested groups.`);
  }
}

/** The member type a resolved object is stored with. */
export const memberTypeOf = (object: DirectoryObject): MemberType => object.type;
export const objectId = (object: DirectoryObject): string => (object.type === 'user' ? object.user.id : object.group.id);
