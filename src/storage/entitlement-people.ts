import type { RequestDirectory, RequestUser } from '../domain/entitlement/requests/ports';
import type { GroupRepository, MembershipRepository } from '../domain/groups/ports';
import { findUserByEmail } from '../domain/users/find-user';
import type { UserRepository } from '../domain/users/ports';
import type { User } from '../domain/users/user';

const view = (user: User): RequestUser => ({
  id: user.id,
  displayName: user.displayName,
  mail: user.mail,
  userType: user.userType,
  accountEnabled: user.accountEnabled,
  creationType: user.creationType,
  managerId: user.managerId,
  preferredLanguage: user.preferredLanguage,
});

/**
 * The `RequestDirectory` port over the users module (its repository and address index) and the
 * groups module's membership repository. Soft-deleted users and groups being deleted do not count.
 */
export function createRequestDirectory(modules: {
  users(): UserRepository;
  groups(): Pick<GroupRepository, 'get'>;
  memberships(): Pick<MembershipRepository, 'listMembers' | 'isMember'>;
}): RequestDirectory {
  return {
    async user(id) {
      const stored = await modules.users().get(id);
      return stored && !stored.user.deletedAt ? view(stored.user) : undefined;
    },

    async userByEmail(email) {
      const user = await findUserByEmail({ users: modules.users() }, email);
      return user && view(user);
    },

    async groupMemberIds(groupId, limit) {
      if (limit <= 0 || !(await modules.groups().get(groupId))) return [];
      const ids: string[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await modules.memberships().listMembers(groupId, { top: Math.min(limit, 999), continuationToken });
        ids.push(...page.items);
        continuationToken = page.continuationToken;
      } while (continuationToken && ids.length < limit);
      return ids.slice(0, limit);
    },

    async isGroupMember(userId, groupId) {
      if (!(await modules.groups().get(groupId))) return false;
      return modules.memberships().isMember(groupId, userId);
    },
  };
}
