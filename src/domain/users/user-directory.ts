import type { UserDirectory } from '../directory/ports';
import type { UserRepository } from './ports';
import { toDirectoryUser } from './user';

/** The users module's side of the `UserDirectory` contract: live users only. */
export function createUserDirectory(users: UserRepository): UserDirectory {
  return {
    async getUser(id) {
      const stored = await users.get(id);
      return stored && !stored.user.deletedAt ? toDirectoryUser(stored.user) : undefined;
    },
    async listUsers(page) {
      const result = await users.listPage({ deleted: false, top: page.pageSize, continuationToken: page.continuationToken });
      return { items: result.items.map((s) => toDirectoryUser(s.user)), continuationToken: result.continuationToken };
    },
  };
}
