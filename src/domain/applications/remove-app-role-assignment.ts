import { notFound } from '../errors';
import { auditChange } from './audit-entry';
import type { Actor, ApplicationDeps } from './ports';

/** Removes one assignment of an application (Graph: DELETE /servicePrincipals/{id}/appRoleAssignedTo/{id}). */
export async function removeAppRoleAssignment(
  deps: Pick<ApplicationDeps, 'assignments' | 'audit' | 'now' | 'newId'>,
  input: { resourceId: string; assignmentId: string; actor: Actor },
): Promise<void> {
  const assignment = await deps.assignments.get(input.resourceId, input.assignmentId);
  if (!assignment) throw notFound('appRoleAssignment', input.assignmentId);
  await deps.assignments.remove(input.resourceId, input.assignmentId);
  const isUser = assignment.principalType === 'User';
  await auditChange(deps, {
    activity: isUser ? 'Remove app role assignment from user' : 'Remove app role assignment from group',
    category: isUser ? 'UserManagement' : 'GroupManagement',
    actor: input.actor,
    targets: [
      { id: assignment.principalId, type: assignment.principalType, displayName: assignment.principalDisplayName ?? undefined },
      {
        id: assignment.resourceId,
        type: 'ServicePrincipal',
        displayName: assignment.resourceDisplayName,
        modifiedProperties: [{ displayName: 'AppRole.Id', oldValue: assignment.appRoleId, newValue: null }],
      },
    ],
  });
}
