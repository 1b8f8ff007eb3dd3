import type { RequestDirectory, RequestUser } from '../domain/entitlement/requests/ports';
import { ancestorsOf } from '../domain/groups/nesting';
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
  memberships(): Pick<MembershipRepository, 'listMemberEntries' | 'listGroupsOf'>;
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
        // Approvers and sponsors named by a group are its users (a nested group is no person to ask).
        const page = await modules.memberships().listMemberEntries(groupId, { top: Math.min(limit, 999), continuationToken }, 'user');
        ids.push(...page.items.map((entry) => entry.id));
        continuationToken = page.continuationToken;
      } while (continuationToken && ids.length < limit);
      return ids.slice(0, limit);
    },

    // Membership through nested groups counts, as in Entra (policies naming a group admit its nested groups' members).
    async isGroupMember(userId, groupId) {
      return (await ancestorsOf({ groups: modules.groups(), memberships: modules.memberships() }, userId)).has(groupId.toLowerCase());
    },
  };
}
