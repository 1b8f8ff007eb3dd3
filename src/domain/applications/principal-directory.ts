import type { UserDirectory } from '../directory/ports';
import type { PrincipalDirectory } from './ports';

/** The little of the groups module assignments need: a live group's name. */
export interface GroupNames {
  groupDisplayName(id: string): Promise<string | undefined>;
}

/** Resolves a principal id to a live user first, then to a live group. */
export function createPrincipalDirectory(users: UserDirectory, groups: GroupNames): PrincipalDirectory {
  return {
    async findPrincipal(id) {
      const user = await users.getUser(id);
      if (user) return { id: user.id, type: 'User', displayName: user.displayName };
      const group = await groups.groupDisplayName(id);
      return group === undefined ? undefined : { id, type: 'Group', displayName: group };
    },
  };
}
