import type { DirectoryUser } from '../directory/ports';
import type { Group } from './group';
import { requireGroup } from './manage-group';
import { requireUser } from './manage-members';
import type { GroupDeps, Page } from './ports';

type PageRequest = { top: number; continuationToken?: string | undefined };

async function resolveAll<T>(ids: readonly string[], read: (id: string) => Promise<T | undefined>): Promise<T[]> {
  const found = await Promise.all(ids.map(read));
  return found.filter((item): item is Awaited<T> => item !== undefined) as T[];
}

/**
 * `GET /groups/{id}/members`: one range read of the group's member rows, then a point read per
 * member on the page. Members that no longer resolve (a user deleted a moment ago) are left out.
 */
export async function listGroupMembers(deps: Pick<GroupDeps, 'groups' | 'memberships' | 'users'>, groupId: string, page: PageRequest): Promise<Page<DirectoryUser>> {
  await requireGroup(deps, groupId);
  const ids = await deps.memberships.listMembers(groupId, page);
  return { items: await resolveAll(ids.items, (id) => deps.users.getUser(id)), continuationToken: ids.continuationToken };
}

/** `GET /users/{id}/memberOf`: one range read of the user's group rows, then a point read per group on the page. */
export async function listMemberOf(deps: Pick<GroupDeps, 'groups' | 'memberships' | 'users'>, userId: string, page: PageRequest): Promise<Page<Group>> {
  const user = await requireUser(deps, userId);
  const ids = await deps.memberships.listGroupsOf(user.id, page);
  return { items: await resolveAll(ids.items, async (id) => (await deps.groups.get(id))?.value), continuationToken: ids.continuationToken };
}
