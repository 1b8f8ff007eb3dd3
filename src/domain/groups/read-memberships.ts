import type { Group } from './group';
import { requireGroup } from './manage-group';
import { requireUser } from './manage-members';
import type { DirectoryObject } from './nesting';
import type { GroupDeps, MemberEntry, MemberType, Page } from './ports';

type PageRequest = { top: number; continuationToken?: string | undefined };
type Deps = Pick<GroupDeps, 'groups' | 'memberships' | 'users'>;

async function resolveAll<K, T>(ids: readonly K[], read: (id: K) => Promise<T | undefined>): Promise<T[]> {
  const found = await Promise.all(ids.map(read));
  return found.filter((item): item is Awaited<T> => item !== undefined) as T[];
}

/** The users and groups behind member entries; entries that no longer resolve (deleted a moment ago) are left out. */
export async function resolveMembers(deps: Pick<GroupDeps, 'groups' | 'users'>, entries: readonly MemberEntry[]): Promise<DirectoryObject[]> {
  return resolveAll(entries, async (entry): Promise<DirectoryObject | undefined> => {
    if (entry.type === 'group') {
      const group = await deps.groups.get(entry.id);
      return group && { type: 'group', group: group.value };
    }
    const user = await deps.users.getUser(entry.id);
    return user && { type: 'user', user };
  });
}

/**
 * `GET /groups/{id}/members` (and `/members/microsoft.graph.user|group`): one range read of the
 * group's member rows (storage keeps only the asked type), then a point read per member on the page.
 */
export async function listGroupMembers(deps: Deps, groupId: string, page: PageRequest, type?: MemberType): Promise<Page<DirectoryObject>> {
  await requireGroup(deps, groupId);
  const entries = await deps.memberships.listMemberEntries(groupId, page, type);
  return { items: await resolveMembers(deps, entries.items), continuationToken: entries.continuationToken };
}

/**
 * `GET /users/{id}/memberOf` and `GET /groups/{id}/memberOf`: one range read of the member's group
 * rows, then a point read per group on the page.
 */
export async function listMemberOf(deps: Deps, memberId: string, page: PageRequest, memberKind: 'user' | 'group' = 'user'): Promise<Page<Group>> {
  if (memberKind === 'user') await requireUser(deps, memberId);
  else await requireGroup(deps, memberId);
  const ids = await deps.memberships.listGroupsOf(memberId, page);
  return { items: await resolveAll(ids.items, async (id) => (await deps.groups.get(id))?.value), continuationToken: ids.continuationToken };
}
