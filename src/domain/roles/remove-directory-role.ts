import { auditChange } from '../applications/audit-entry';
import { notFound } from '../errors';
import type { Actor, RoleDeps } from './ports';
import { findRoleDefinition } from './role-definitions';

/** Takes a directory role away (Graph: DELETE /roleManagement/directory/roleAssignments/{id}). */
export async function removeDirectoryRole(
  deps: Pick<RoleDeps, 'roleAssignments' | 'audit' | 'now' | 'newId'>,
  input: { id: string; actor: Actor },
): Promise<void> {
  const assignment = await deps.roleAssignments.get(input.id);
  if (!assignment) throw notFound('unifiedRoleAssignment', input.id);
  await deps.roleAssignments.remove(assignment.id);
  await auditChange(deps, {
    activity: 'Remove member from role',
    category: 'RoleManagement',
    actor: input.actor,
    targets: [
      { id: assignment.principalId, type: 'User' },
      { id: assignment.roleDefinitionId, type: 'Role', displayName: findRoleDefinition(assignment.roleDefinitionId)?.displayName },
    ],
  });
}
