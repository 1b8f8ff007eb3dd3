import { Failure, notFound } from '../errors';
import { auditEntitlement } from './audit';
import { catalogIdOfScope, catalogRoleAssignmentId, catalogRoleOf, CATALOG_ROLE_IDS, CATALOG_ROLE_NAMES, requireAdministrator, requireCatalogAccess, TENANT_SCOPE, type CatalogRoleAssignment, type EntitlementCaller } from './catalog-roles';
import type { CatalogDeps } from './catalogs';
import { requireCatalog } from './catalogs';
import type { ListSource } from './ports';
import { confirmParent } from './removal';

/** Catalog-scoped role assignments (`/roleManagement/entitlementManagement/roleAssignments`). Catalog owners manage their catalog's. */

export interface RoleAssignmentInput {
  principalId: string;
  roleDefinitionId: string;
  appScopeId: string;
}

export async function assignCatalogRole(deps: CatalogDeps, caller: EntitlementCaller, input: RoleAssignmentInput, correlationId: string): Promise<CatalogRoleAssignment> {
  const role = catalogRoleOf(input.roleDefinitionId);
  if (!role) throw new Failure('invalidRequest', 'roleDefinitionId: not a catalog-scoped entitlement management role.', { details: [{ target: 'roleDefinitionId', message: 'unknown role' }] });
  const catalogId = catalogIdOfScope(input.appScopeId);
  if (!catalogId) throw new Failure('invalidRequest', "appScopeId: must be '/AccessPackageCatalog/{catalogId}'.", { details: [{ target: 'appScopeId', message: 'invalid scope' }] });
  // Catalog creator is tenant-wide and given by administrators; the other roles belong to one catalog and its owners give them.
  if ((role === 'creator') !== (catalogId === TENANT_SCOPE)) {
    throw new Failure('invalidRequest', "appScopeId: Catalog creator takes '/', the other roles '/AccessPackageCatalog/{catalogId}'.", { details: [{ target: 'appScopeId', message: 'scope does not fit the role' }] });
  }
  if (catalogId === TENANT_SCOPE) requireAdministrator(caller);
  else {
    await requireCatalog(deps, catalogId);
    await requireCatalogAccess(deps.rolesIn, caller, catalogId, 'editCatalog');
  }
  if (!(await deps.directory.user(input.principalId))) {
    throw new Failure('invalidRequest', 'principalId: the user does not exist.', { details: [{ target: 'principalId', message: 'does not exist' }] });
  }
  const assignment: CatalogRoleAssignment = {
    id: catalogRoleAssignmentId(catalogId, CATALOG_ROLE_IDS[role], input.principalId),
    principalId: input.principalId,
    roleDefinitionId: CATALOG_ROLE_IDS[role],
    catalogId,
    createdAt: deps.now().toISOString(),
  };
  await deps.roleAssignments.insert(assignment, 'The principal already holds this role in the catalog.');
  if (catalogId !== TENANT_SCOPE) await confirmParent(deps.catalogs, catalogId, deps.now(), () => deps.roleAssignments.remove(assignment.id), notFound('catalog', catalogId));
  await auditEntitlement(deps, caller, `Add ${CATALOG_ROLE_NAMES[role]}`, { id: input.principalId, type: 'User', displayName: CATALOG_ROLE_NAMES[role] }, correlationId);
  return assignment;
}

/** Assignments the caller may see: all for administrators, else those of catalogs the caller may read. */
export async function listCatalogRoleAssignments(deps: CatalogDeps & { catalogIdsOf(userId: string): Promise<readonly string[]> }, caller: EntitlementCaller): Promise<ListSource<CatalogRoleAssignment>[]> {
  if (caller.kind === 'administrator') return [{ collection: deps.roleAssignments, where: {} }];
  return (await deps.catalogIdsOf(caller.userId)).filter((c) => c !== TENANT_SCOPE).map((catalogId) => ({ collection: deps.roleAssignments, where: { catalogId } }));
}

export async function removeCatalogRole(deps: CatalogDeps, caller: EntitlementCaller, id: string, correlationId: string): Promise<void> {
  const stored = await deps.roleAssignments.get(id);
  if (!stored) throw notFound('roleAssignment', id);
  if (stored.value.catalogId === TENANT_SCOPE) requireAdministrator(caller);
  else await requireCatalogAccess(deps.rolesIn, caller, stored.value.catalogId, 'editCatalog');
  await deps.roleAssignments.remove(id, stored.etag);
  const role = catalogRoleOf(stored.value.roleDefinitionId);
  await auditEntitlement(deps, caller, `Remove ${role ? CATALOG_ROLE_NAMES[role] : 'catalog role'}`, { id: stored.value.principalId, type: 'User' }, correlationId);
}

/** One assignment, for whoever may list it: administrators, and readers of its catalog. */
export async function getCatalogRoleAssignment(deps: CatalogDeps, caller: EntitlementCaller, id: string): Promise<CatalogRoleAssignment> {
  const stored = await deps.roleAssignments.get(id);
  if (!stored) throw notFound('roleAssignment', id);
  if (stored.value.catalogId === TENANT_SCOPE) requireAdministrator(caller);
  else await requireCatalogAccess(deps.rolesIn, caller, stored.value.catalogId, 'read');
  return stored.value;
}
