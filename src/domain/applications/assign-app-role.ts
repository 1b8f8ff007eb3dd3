import { Failure, notFound } from '../errors';
import { auditChange } from './audit-entry';
import type { Actor, AppRoleAssignment, ApplicationDeps } from './ports';
import { assignableRole } from './service-principal';

export interface AssignAppRoleInput {
  /** The application (service principal) the role belongs to. */
  resourceId: string;
  /** A user or group. */
  principalId: string;
  appRoleId: string;
  actor: Actor;
}

/**
 * Gives a user or group a role on an application. The role must be one of the app's enabled roles,
 * or the default-access id when the app defines none; assigning the same triple twice is refused
 * with Graph's 400. Called by the HTTP endpoint and, later, by invitations and access packages.
 */
export async function assignAppRole(
  deps: Pick<ApplicationDeps, 'servicePrincipals' | 'assignments' | 'principals' | 'audit' | 'now' | 'newId'>,
  input: AssignAppRoleInput,
): Promise<AppRoleAssignment> {
  const resource = (await deps.servicePrincipals.get(input.resourceId))?.value;
  if (!resource) throw notFound('resourceId', input.resourceId);
  const principal = await deps.principals.findPrincipal(input.principalId);
  if (!principal) throw notFound('principalId', input.principalId);
  if (assignableRole(resource, input.appRoleId) === 'notFound') {
    throw new Failure('validationFailed', `Permission being assigned was not found on application '${resource.id}'.`, {
      details: [{ target: 'appRoleId', message: 'not an enabled role of the application' }],
    });
  }
  const assignment: AppRoleAssignment = {
    id: deps.newId(),
    appRoleId: input.appRoleId.toLowerCase(),
    principalId: principal.id,
    principalType: principal.type,
    principalDisplayName: principal.displayName,
    resourceId: resource.id,
    resourceDisplayName: resource.displayName,
    createdAt: deps.now(),
  };
  if ((await deps.assignments.add(assignment)) === 'duplicate') {
    throw new Failure('validationFailed', 'Permission being assigned already exists on the object.', {
      details: [{ target: 'appRoleId', message: 'already assigned to this principal' }],
    });
  }
  await auditChange(deps, {
    activity: principal.type === 'User' ? 'Add app role assignment to user' : 'Add app role assignment to group',
    category: principal.type === 'User' ? 'UserManagement' : 'GroupManagement',
    actor: input.actor,
    targets: [
      { id: principal.id, type: principal.type, displayName: principal.displayName ?? undefined },
      {
        id: resource.id,
        type: 'ServicePrincipal',
        displayName: resource.displayName,
        modifiedProperties: [{ displayName: 'AppRole.Id', oldValue: null, newValue: assignment.appRoleId }],
      },
    ],
  });
  return assignment;
}
