import type { RoleLookup } from '../access';
import { DIRECTORY_ROLE_TEMPLATE_IDS, hasPermission, type Principal } from '../principal';
import { TENANT_SCOPE, type CatalogRoleReader, type EntitlementCaller } from './catalog-roles';

/**
 * How entitlement management sees the caller: administrators (Identity Governance Administrator,
 * Global Administrator, apps with `EntitlementManagement.ReadWrite.All`) may do everything; other
 * users only what their catalog roles allow, and create catalogs when they are catalog creators
 * (as a directory role or as the tenant-wide entitlement-management role).
 */
export async function describeEntitlementCaller(principal: Principal, rolesOf: RoleLookup, rolesIn: CatalogRoleReader): Promise<EntitlementCaller> {
  if (principal.kind === 'app') {
    // Read.All reaches only the reads: the access table gives writes to ReadWrite.All alone.
    if (principal.permissions.has('EntitlementManagement.ReadWrite.All') || principal.permissions.has('EntitlementManagement.Read.All')) return { kind: 'administrator', audit: { kind: 'app', appId: principal.appId } };
    // The access table admits no other app; a caller that reaches here holds no catalog role either.
    return { kind: 'user', userId: `app:${principal.appId}`, isCatalogCreator: false };
  }
  const roles = await rolesOf(principal.userId);
  if (hasPermission(principal, roles, { roles: ['Identity Governance Administrator'] })) return { kind: 'administrator', audit: { kind: 'user', id: principal.userId } };
  const creatorInDirectory = roles.some((id) => id.toLowerCase() === DIRECTORY_ROLE_TEMPLATE_IDS['Catalog creator']);
  const isCatalogCreator = creatorInDirectory || (await rolesIn(principal.userId, TENANT_SCOPE)).includes('creator');
  const isUserAdministrator = roles.some((id) => id.toLowerCase() === DIRECTORY_ROLE_TEMPLATE_IDS['User Administrator']);
  return { kind: 'user', userId: principal.userId, isCatalogCreator, ...(isUserAdministrator ? { isUserAdministrator } : {}) };
}
