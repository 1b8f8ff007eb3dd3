import { Failure, notFound } from '../errors';
import { auditChange } from './audit-entry';
import type { Actor, ApplicationDeps } from './ports';
import { removedAppRoles, type ServicePrincipal, type ServicePrincipalChanges } from './service-principal';

/**
 * Changes an application. Enabled roles must be disabled before they are changed or removed
 * (Entra's rule), and a role that still has assignments cannot be removed: Gatehouse keeps no
 * assignment to a role that no longer exists, so the assignments must go first.
 */
export async function updateServicePrincipal(
  deps: Pick<ApplicationDeps, 'servicePrincipals' | 'assignments' | 'audit' | 'now' | 'newId'>,
  input: { id: string; changes: ServicePrincipalChanges; actor: Actor },
): Promise<ServicePrincipal> {
  const stored = await deps.servicePrincipals.get(input.id);
  if (!stored) throw notFound('servicePrincipal', input.id);
  const before = stored.value;
  const { changes } = input;
  if (changes.appRoles) {
    for (const role of removedAppRoles(before.appRoles, changes.appRoles)) {
      const inUse = await deps.assignments.countForRole(before.id, role.id, 1);
      if (inUse > 0) {
        const index = before.appRoles.indexOf(role);
        throw new Failure('validationFailed', `App role '${role.id}' still has assignments; remove them before removing the role.`, {
          details: [{ target: `appRoles.${index}`, message: 'role has assignments' }],
        });
      }
    }
  }
  const after: ServicePrincipal = {
    ...before,
    ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
    ...(changes.appRoles !== undefined ? { appRoles: changes.appRoles } : {}),
    ...(changes.appRoleAssignmentRequired !== undefined ? { appRoleAssignmentRequired: changes.appRoleAssignmentRequired } : {}),
  };
  await deps.servicePrincipals.update(after, stored.etag);
  const modified = (['displayName', 'appRoles', 'appRoleAssignmentRequired'] as const)
    .filter((key) => changes[key] !== undefined && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((key) => ({ displayName: key, oldValue: JSON.stringify(before[key]), newValue: JSON.stringify(after[key]) }));
  await auditChange(deps, {
    activity: 'Update service principal',
    category: 'ApplicationManagement',
    actor: input.actor,
    targets: [{ id: after.id, type: 'ServicePrincipal', displayName: after.displayName, modifiedProperties: modified }],
  });
  return after;
}
