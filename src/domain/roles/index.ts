/** Directory roles: built-in definitions and assignments. */
export { ROLE_DEFINITIONS, findRoleDefinition, type RoleDefinition } from './role-definitions';
export type { DirectoryRoleAssignment, DirectoryRoleAssignmentRepository, RoleDeps } from './ports';
export { assignDirectoryRole, type AssignDirectoryRoleInput } from './assign-directory-role';
export { removeDirectoryRole } from './remove-directory-role';
