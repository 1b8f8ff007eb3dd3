import { auditChange } from '../applications/audit-entry';
import { Failure, notFound } from '../errors';
import type { Actor, DirectoryRoleAssignment, RoleDeps } from './ports';
import { findRoleDefinition } from './role-definitions';

export interface AssignDirectoryRoleInput {
  principalId: string;
  roleDefinitionId: string;
  /** Only the whole directory (`/`) is supported. */
  directoryScopeId?: string | undefined;
  actor: Actor;
}

function invalid(target: string, message: string): Failure {
  return new Failure('validationFailed', message, { details: [{ target, message }] });
}

/**
 * Gives a user a built-in directory role over the whole directory. Used by the role management
 * endpoint and by invitations ("assign roles at invite"). Only users may hold roles: authorization
 * reads the caller's own assignments, so a role given to a group would grant nothing.
 */
export async function assignDirectoryRole(deps: RoleDeps, input: AssignDirectoryRoleInput): Promise<DirectoryRoleAssignment> {
  const role = findRoleDefinition(input.roleDefinitionId);
  if (!role) throw invalid('roleDefinitionId', `Role definition '${input.roleDefinitionId}' is not a built-in directory role.`);
  if ((input.directoryScopeId ?? '/') !== '/') throw invalid('directoryScopeId', "Only the directory scope '/' is supported.");
  const principal = await deps.principals.findPrincipal(input.principalId);
  if (!principal) throw notFound('principalId', input.principalId);
  if (principal.type !== 'User') throw invalid('principalId', 'Only users can be assigned directory roles.');
  const assignment: DirectoryRoleAssignment = { id: deps.newId(), principalId: principal.id, roleDefinitionId: role.id, directoryScopeId: '/' };
  if ((await deps.roleAssignments.add(assignment)) === 'duplicate') {
    throw new Failure('validationFailed', 'A conflicting object with one or more of the specified property values is present in the directory.', {
      details: [{ target: 'roleDefinitionId', message: 'the principal already holds this role' }],
    });
  }
  await auditChange(deps, {
    activity: 'Add member to role',
    category: 'RoleManagement',
    actor: input.actor,
    targets: [
      { id: principal.id, type: 'User', displayName: principal.displayName ?? undefined },
      { id: role.id, type: 'Role', displayName: role.displayName },
    ],
  });
  return assignment;
}
