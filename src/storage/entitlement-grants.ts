import { assignAppRole } from '../domain/applications/assign-app-role';
import type { ApplicationDeps } from '../domain/applications/ports';
import { removeAppRoleAssignment } from '../domain/applications/remove-app-role-assignment';
import type { AuditInitiator } from '../domain/audit';
import type { RoleScope } from '../domain/entitlement/model';
import type { EntitlementDeps } from '../domain/entitlement/ports';
import type { AccessGrants } from '../domain/entitlement/requests/ports';
import { Failure } from '../domain/errors';
import { addGroupMember, removeGroupMember } from '../domain/groups/manage-members';
import { addGroupOwner, removeGroupOwner } from '../domain/groups/manage-owners';
import type { GroupDeps } from '../domain/groups/ports';
import { inviteGuest } from '../domain/invitations/invite-guest';
import type { Caller, InvitationDeps } from '../domain/invitations/ports';
import { deleteUser } from '../domain/users/delete-user';
import type { UserDeps } from '../domain/users/ports';
import { updateUser } from '../domain/users/update-user';

/** The modules delivery and expiry change the directory through, built lazily by the composition root. */
export interface GrantModules {
  invitations(): InvitationDeps;
  groups(): Pick<GroupDeps, 'groups' | 'memberships' | 'owners' | 'users' | 'audit' | 'now' | 'newId'>;
  applications(): Pick<ApplicationDeps, 'servicePrincipals' | 'assignments' | 'principals' | 'audit' | 'now' | 'newId'>;
  users(): UserDeps;
  /** The catalog resources, to find the application a role scope's resource stands for. */
  resources(): Pick<EntitlementDeps, 'resources'>['resources'];
  /** Where guests land after redeeming, and the link a member already in the directory gets. */
  portalBaseUrl: string;
  /** The address invitations name as the inviter's (no invitation mail is sent, but the record keeps it). */
  senderAddress: string;
}

/** Who entitlement management acts as when it invites: an application of the organization itself. */
export const ENTITLEMENT_SERVICE: AuditInitiator & { kind: 'app' } = { kind: 'app', appId: 'entitlement-management', displayName: 'Entitlement management' };

const alreadyThere = (error: unknown) => error instanceof Failure && error.code === 'validationFailed' && error.details.some((d) => /already/i.test(d.message));
const isNotFound = (error: unknown) => error instanceof Failure && error.code === 'notFound';

type ScopeTarget = { kind: 'member'; groupId: string } | { kind: 'owner'; groupId: string } | { kind: 'appRole'; appRoleId: string };

function targetOf(scope: RoleScope): ScopeTarget {
  if (scope.roleOriginSystem === 'AadApplication') return { kind: 'appRole', appRoleId: scope.roleOriginId };
  const match = /^(Member|Owner)_(.+)$/i.exec(scope.roleOriginId);
  if (!match) throw new Failure('invalidRequest', `The role '${scope.roleOriginId}' of a group resource is not Member_<groupId> or Owner_<groupId>.`);
  return { kind: match[1]!.toLowerCase() === 'member' ? 'member' : 'owner', groupId: match[2]! };
}

/**
 * The `AccessGrants` port over the invitation, groups, applications and users use cases, so every
 * change delivery makes is checked and audited as through the module's own endpoint. Repeats are
 * not errors: an existing membership, ownership or app role assignment is success, and so is
 * removing one that is gone.
 */
export function createEntitlementGrants(modules: GrantModules): AccessGrants {
  async function applicationOf(scope: RoleScope): Promise<string> {
    const resource = (await modules.resources().get(scope.resourceId))?.value;
    // The scope names the catalog resource; the resource names the application (its service principal).
    if (!resource) throw new Failure('notFound', `The catalog resource '${scope.resourceId}' of role scope '${scope.id}' no longer exists.`);
    return resource.originId;
  }

  return {
    async ensureGuest(target, _by, correlationId, operationKey) {
      const deps = modules.invitations();
      const existing = await deps.guests.findByEmail(target.email);
      const isGuest = existing && (existing.creationType === 'Invitation' || existing.externalUserState !== null);
      // A member, or a guest who already redeemed, signs in as usual: the portal is their link.
      if (existing && (!isGuest || existing.externalUserState === 'Accepted')) {
        return { userId: existing.id, redeemUrl: modules.portalBaseUrl, created: false };
      }
      const caller: Caller = {
        initiator: ENTITLEMENT_SERVICE,
        kind: 'app',
        id: ENTITLEMENT_SERVICE.appId,
        roles: new Set(),
        permissions: new Set(['User.Invite.All']),
        userType: undefined,
        displayName: (await deps.policies.organization()).displayName,
        email: modules.senderAddress,
      };
      const result = await inviteGuest(deps, {
        caller,
        invitedUserEmailAddress: target.email,
        inviteRedirectUrl: modules.portalBaseUrl,
        invitedUserDisplayName: target.displayName,
        invitedUserType: 'Guest',
        sendInvitationMessage: false,
        messageInfo: { ccRecipients: [], customizedMessageBody: null, messageLanguage: null },
        resetRedemption: false,
        invitedUserId: null,
        profile: {},
        assignments: [],
        correlationId,
        operationKey,
      });
      // No mail: a link without one spends none of the guest's invitation mails, so it is never throttled.
      return { userId: result.invitation.guestId, redeemUrl: result.redeemUrl, created: !existing };
    },

    async grant(userId, scope, by, correlationId) {
      const target = targetOf(scope);
      try {
        if (target.kind === 'member') await addGroupMember(modules.groups(), target.groupId, userId, by, correlationId);
        else if (target.kind === 'owner') await addGroupOwner(modules.groups(), target.groupId, userId, by, correlationId);
        else await assignAppRole(modules.applications(), { resourceId: await applicationOf(scope), principalId: userId, appRoleId: target.appRoleId, actor: by });
      } catch (error) {
        if (!alreadyThere(error)) throw error;
      }
    },

    async revoke(userId, scope, by, correlationId) {
      const target = targetOf(scope);
      if (target.kind === 'member' || target.kind === 'owner') {
        const remove = target.kind === 'member' ? removeGroupMember : removeGroupOwner;
        try {
          await remove(modules.groups(), target.groupId, userId, by, correlationId);
        } catch (error) {
          // Not a member (owner) any more, or the group is gone: the relationship is absent either way.
          if (!isNotFound(error)) throw error;
        }
        return;
      }
      const apps = modules.applications();
      const resourceId = await applicationOf(scope);
      const held = (await apps.assignments.listByPrincipal(userId, resourceId)).filter((a) => a.appRoleId === target.appRoleId.toLowerCase());
      for (const assignment of held) {
        try {
          await removeAppRoleAssignment(apps, { resourceId, assignmentId: assignment.id, actor: by });
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }
    },

    async setAccountEnabled(userId, enabled, by, correlationId) {
      await updateUser(modules.users(), { id: userId, changes: { accountEnabled: enabled }, initiatedBy: by, correlationId });
    },

    async deleteUser(userId, by, correlationId) {
      try {
        await deleteUser(modules.users(), { id: userId, initiatedBy: by, correlationId });
      } catch (error) {
        // Already deleted (or purged): the guest is gone either way.
        if (!isNotFound(error)) throw error;
      }
    },
  };
}
