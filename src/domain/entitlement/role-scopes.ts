import { Failure, notFound } from '../errors';
import { auditEntitlement } from './audit';
import { requireCatalogAccess, type EntitlementCaller } from './catalog-roles';
import type { CatalogDeps } from './catalogs';
import { nameBasedId } from './ids';
import type { ResourceOriginSystem, RoleScope } from './model';
import { requirePackage } from './packages';
import { rolesOfResource } from './resources';
import { confirmParent } from './removal';

/** The resource roles an access package grants (Graph `accessPackageResourceRoleScope`). */

export interface RoleScopeInput {
  roleOriginId: string;
  roleOriginSystem: ResourceOriginSystem;
  resourceId: string;
  scopeOriginId: string;
  scopeOriginSystem: ResourceOriginSystem;
}

const invalid = (target: string, message: string) => new Failure('invalidRequest', message, { details: [{ target, message }] });

/** Adds a role of a resource of the package's own catalog; the same role twice is a conflict. */
export async function addRoleScope(deps: CatalogDeps, caller: EntitlementCaller, accessPackageId: string, input: RoleScopeInput, correlationId: string): Promise<RoleScope> {
  const pkg = (await requirePackage(deps, accessPackageId)).value;
  await requireCatalogAccess(deps.rolesIn, caller, pkg.catalogId, 'editPackages');
  const resource = await deps.resources.get(input.resourceId);
  if (!resource || resource.value.catalogId !== pkg.catalogId) throw invalid('role.resource.id', "The resource is not in the access package's catalog.");
  if (input.roleOriginSystem !== resource.value.originSystem) throw invalid('role.originSystem', `The resource's origin system is ${resource.value.originSystem}.`);
  if (input.scopeOriginSystem !== resource.value.originSystem) throw invalid('scope.originSystem', `The resource's origin system is ${resource.value.originSystem}.`);
  // Graph's documented bodies name the resource itself as its root scope; 'Root' is read the same way.
  const isRoot = input.scopeOriginId === 'Root' || input.scopeOriginId.toLowerCase() === resource.value.originId.toLowerCase();
  if (!isRoot) throw invalid('scope.originId', "Only the resource's root scope (the whole group or application) is supported: its originId or 'Root'.");
  const roles = await rolesOfResource(deps, resource.value);
  if (!roles.some((r) => r.originId.toLowerCase() === input.roleOriginId.toLowerCase())) throw invalid('role.originId', 'The resource has no such role.');
  const scope: RoleScope = {
    // Both spellings of the root scope are one scope: granting it twice collides.
    id: nameBasedId('roleScope', accessPackageId, input.resourceId, input.roleOriginId, 'Root'),
    accessPackageId,
    catalogId: pkg.catalogId,
    resourceId: input.resourceId,
    roleOriginId: input.roleOriginId,
    roleOriginSystem: input.roleOriginSystem,
    scopeOriginId: input.scopeOriginId,
    scopeOriginSystem: input.scopeOriginSystem,
    createdAt: deps.now().toISOString(),
  };
  await deps.roleScopes.insert(scope, 'The access package already grants this resource role.');
  const removed = new Failure('conflict', 'The resource is being removed from the catalog.');
  await confirmParent(deps.resources, input.resourceId, deps.now(), () => deps.roleScopes.remove(scope.id), removed);
  await confirmParent(deps.packages, accessPackageId, deps.now(), () => deps.roleScopes.remove(scope.id), notFound('accessPackage', accessPackageId));
  await auditEntitlement(deps, caller, 'Add resource role to access package', { id: accessPackageId, type: 'AccessPackage', displayName: pkg.displayName }, correlationId);
  return scope;
}

export async function listRoleScopes(deps: CatalogDeps, caller: EntitlementCaller, accessPackageId: string): Promise<RoleScope[]> {
  const pkg = (await requirePackage(deps, accessPackageId)).value;
  await requireCatalogAccess(deps.rolesIn, caller, pkg.catalogId, 'readPackages');
  return deps.roleScopes.find({ accessPackageId });
}

export async function removeRoleScope(deps: CatalogDeps, caller: EntitlementCaller, accessPackageId: string, scopeId: string, correlationId: string): Promise<void> {
  const pkg = (await requirePackage(deps, accessPackageId)).value;
  await requireCatalogAccess(deps.rolesIn, caller, pkg.catalogId, 'editPackages');
  const stored = await deps.roleScopes.get(scopeId);
  if (!stored || stored.value.accessPackageId !== accessPackageId) throw notFound('resourceRoleScope', scopeId);
  await deps.roleScopes.remove(scopeId, stored.etag);
  await auditEntitlement(deps, caller, 'Remove resource role from access package', { id: accessPackageId, type: 'AccessPackage', displayName: pkg.displayName }, correlationId);
}
