import { auditChange } from './audit-entry';
import type { Actor, ApplicationDeps } from './ports';
import { checkAppRoles, type AppRole, type ServicePrincipal } from './service-principal';

export interface NewServicePrincipal {
  appId?: string | undefined;
  displayName: string;
  appRoles?: AppRole[] | undefined;
  appRoleAssignmentRequired?: boolean | undefined;
}

/** Registers an enterprise application; `appId` is generated when absent and must be unique. */
export async function createServicePrincipal(
  deps: Pick<ApplicationDeps, 'servicePrincipals' | 'audit' | 'now' | 'newId'>,
  input: { principal: NewServicePrincipal; actor: Actor },
): Promise<ServicePrincipal> {
  const appRoles = input.principal.appRoles ?? [];
  checkAppRoles(appRoles);
  const principal: ServicePrincipal = {
    id: deps.newId(),
    appId: (input.principal.appId ?? deps.newId()).toLowerCase(),
    displayName: input.principal.displayName,
    appRoles,
    appRoleAssignmentRequired: input.principal.appRoleAssignmentRequired ?? false,
    createdAt: deps.now(),
  };
  await deps.servicePrincipals.create(principal);
  await auditChange(deps, {
    activity: 'Add service principal',
    category: 'ApplicationManagement',
    actor: input.actor,
    targets: [{ id: principal.id, type: 'ServicePrincipal', displayName: principal.displayName }],
  });
  return principal;
}
