/** Enterprise applications and app role assignments: the module's public surface. */
export { DEFAULT_ACCESS_ROLE_ID, type AppRole, type ServicePrincipal, type ServicePrincipalChanges } from './service-principal';
export type { Actor, AppRoleAssignment, ApplicationDeps, AssignablePrincipal, AppRoleAssignmentRepository, PrincipalDirectory, ServicePrincipalRepository } from './ports';
export { actorOf } from './audit-entry';
export { createServicePrincipal, type NewServicePrincipal } from './create-service-principal';
export { updateServicePrincipal } from './update-service-principal';
export { deleteServicePrincipal } from './delete-service-principal';
export { assignAppRole, type AssignAppRoleInput } from './assign-app-role';
export { removeAppRoleAssignment } from './remove-app-role-assignment';
export { appRoleAssignmentsReaching, effectiveAppRoles, type EffectiveAppRole } from './effective-app-roles';
export { listAssignmentsReaching, MAX_READS_PER_PAGE, type ReachingCursor } from './list-assignments-reaching';
export { createPrincipalDirectory, type GroupNames } from './principal-directory';
