import { assignAppRole } from '../domain/applications/assign-app-role';
import type { ApplicationDeps } from '../domain/applications/ports';
import { assignableRole } from '../domain/applications/service-principal';
import { Failure, notFound } from '../domain/errors';
import { addGroupMember } from '../domain/groups/manage-members';
import { assertAssignedMembership, requireGroup } from '../domain/groups/manage-group';
import type { GroupDeps } from '../domain/groups/ports';
import type { Assignments } from '../domain/invitations/ports';
import { assignDirectoryRole } from '../domain/roles/assign-directory-role';
import type { RoleDeps } from '../domain/roles/ports';
import { findRoleDefinition } from '../domain/roles/role-definitions';

/** The modules invitations assign through, built lazily by the composition root. */
export interface AssignmentModules {
  groups(): Pick<GroupDeps, 'groups' | 'memberships' | 'users' | 'audit' | 'now' | 'newId'>;
  roles(): RoleDeps;
  applications(): Pick<ApplicationDeps, 'servicePrincipals' | 'assignments' | 'principals' | 'audit' | 'now' | 'newId'>;
}

/** A repeat of an assignment already in place: the modules refuse it with a 400 whose detail says "already". */
const alreadyThere = (error: unknown) =>
  error instanceof Failure && error.code === 'validationFailed' && error.details.some((d) => /already/i.test(d.message));

/**
 * The `Assignments` port over the groups, roles and applications use cases, so memberships and
 * roles given at invitation are audited and checked exactly as through their own endpoints.
 */
export function createInvitationAssignments(modules: AssignmentModules): Assignments {
  return {
    async validate(assignments) {
      for (const [i, a] of assignments.entries()) {
        const target = `assignments[${i}]`;
        if (a.type === 'group') {
          assertAssignedMembership((await requireGroup(modules.groups(), a.id)).value);
        } else if (a.type === 'directoryRole') {
          if (!findRoleDefinition(a.roleDefinitionId)) {
            throw new Failure('validationFailed', `Role definition '${a.roleDefinitionId}' is not a built-in directory role.`, { details: [{ target: `${target}.roleDefinitionId`, message: 'unknown role' }] });
          }
        } else {
          const resource = (await modules.applications().servicePrincipals.get(a.resourceId))?.value;
          if (!resource) throw notFound(`${target}.resourceId`, a.resourceId);
          if (assignableRole(resource, a.appRoleId) === 'notFound') {
            throw new Failure('validationFailed', `Permission being assigned was not found on application '${resource.id}'.`, { details: [{ target: `${target}.appRoleId`, message: 'not an enabled role of the application' }] });
          }
        }
      }
    },

    async apply(principalId, assignments, by, correlationId) {
      for (const a of assignments) {
        try {
          if (a.type === 'group') await addGroupMember(modules.groups(), a.id, principalId, by, correlationId);
          else if (a.type === 'directoryRole') await assignDirectoryRole(modules.roles(), { principalId, roleDefinitionId: a.roleDefinitionId, actor: by });
          else await assignAppRole(modules.applications(), { resourceId: a.resourceId, principalId, appRoleId: a.appRoleId, actor: by });
        } catch (error) {
          if (!alreadyThere(error)) throw error;
        }
      }
    },
  };
}
