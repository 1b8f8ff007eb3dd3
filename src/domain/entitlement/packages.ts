import { Failure, notFound } from '../errors';
import { auditEntitlement } from './audit';
import { requireCatalogAccess, type EntitlementCaller } from './catalog-roles';
import { requireCatalog, type CatalogDeps } from './catalogs';
import type { AccessPackage } from './model';
import type { ListSource, Versioned } from './ports';
import { confirmParent } from './removal';

/** Access packages: bundles of resource roles in one catalog. */

export interface PackageInput {
  catalogId: string;
  displayName: string;
  description?: string | null | undefined;
  isHidden?: boolean | undefined;
}

export async function requirePackage(deps: Pick<CatalogDeps, 'packages'>, id: string): Promise<Versioned<AccessPackage>> {
  const stored = await deps.packages.get(id);
  if (!stored) throw notFound('accessPackage', id);
  return stored;
}

export async function createPackage(deps: CatalogDeps, caller: EntitlementCaller, input: PackageInput, correlationId: string): Promise<AccessPackage> {
  const catalog = await deps.catalogs.get(input.catalogId);
  if (!catalog) throw new Failure('notFound', `Catalog '${input.catalogId}' does not exist.`, { details: [{ target: 'catalog.id', message: 'no such catalog' }] });
  await requireCatalogAccess(deps.rolesIn, caller, input.catalogId, 'editPackages');
  const at = deps.now().toISOString();
  const pkg: AccessPackage = {
    id: deps.newId(),
    catalogId: input.catalogId,
    displayName: input.displayName,
    description: input.description ?? null,
    isHidden: input.isHidden ?? false,
    createdAt: at,
    modifiedAt: at,
  };
  await deps.packages.insert(pkg, 'An access package with this id already exists.');
  const gone = new Failure('notFound', `Catalog '${input.catalogId}' does not exist.`, { details: [{ target: 'catalog.id', message: 'the catalog was deleted' }] });
  await confirmParent(deps.catalogs, input.catalogId, deps.now(), () => deps.packages.remove(pkg.id), gone);
  await auditEntitlement(deps, caller, 'Create access package', { id: pkg.id, type: 'AccessPackage', displayName: pkg.displayName }, correlationId);
  return pkg;
}

export async function getPackage(deps: CatalogDeps, caller: EntitlementCaller, id: string): Promise<AccessPackage> {
  const pkg = await requirePackage(deps, id);
  await requireCatalogAccess(deps.rolesIn, caller, pkg.value.catalogId, 'readPackages');
  return pkg.value;
}

/** Every package the caller may read (hidden ones included: `isHidden` concerns the requestor portal only). */
export async function listPackages(deps: CatalogDeps & { catalogIdsOf(userId: string): Promise<readonly string[]> }, caller: EntitlementCaller): Promise<ListSource<AccessPackage>[]> {
  if (caller.kind === 'administrator') return [{ collection: deps.packages, where: {} }];
  return (await deps.catalogIdsOf(caller.userId)).map((catalogId) => ({ collection: deps.packages, where: { catalogId } }));
}

export async function updatePackage(
  deps: CatalogDeps,
  caller: EntitlementCaller,
  id: string,
  patch: Partial<Omit<PackageInput, 'catalogId'>>,
  correlationId: string,
): Promise<void> {
  const stored = await requirePackage(deps, id);
  await requireCatalogAccess(deps.rolesIn, caller, stored.value.catalogId, 'editPackages');
  const before = stored.value;
  const after: AccessPackage = {
    ...before,
    displayName: patch.displayName ?? before.displayName,
    description: patch.description === undefined ? before.description : patch.description,
    isHidden: patch.isHidden ?? before.isHidden,
    modifiedAt: deps.now().toISOString(),
  };
  await deps.packages.replace(after, stored.etag);
  const changed = (['displayName', 'description', 'isHidden'] as const).filter((k) => before[k] !== after[k]);
  await auditEntitlement(
    deps,
    caller,
    'Update access package',
    { id, type: 'AccessPackage', displayName: after.displayName, modifiedProperties: changed.map((k) => ({ displayName: k, oldValue: JSON.stringify(before[k]), newValue: JSON.stringify(after[k]) })) },
    correlationId,
  );
}

/** Refused while the package has assignments that are not over; its role scopes and policies go with it. */
export async function deletePackage(deps: CatalogDeps, caller: EntitlementCaller, id: string, correlationId: string): Promise<void> {
  const stored = await requirePackage(deps, id);
  await requireCatalogAccess(deps.rolesIn, caller, stored.value.catalogId, 'editPackages');
  if (await deps.assignments.hasActiveAssignments(id)) {
    throw new Failure('conflict', 'The access package cannot be deleted because it has active assignments. Remove them first.');
  }
  await deps.packages.remove(id, stored.etag);
  for (const scope of await deps.roleScopes.find({ accessPackageId: id })) await deps.roleScopes.remove(scope.id);
  for (const policy of await deps.policies.find({ accessPackageId: id })) await deps.policies.remove(policy.id);
  await auditEntitlement(deps, caller, 'Delete access package', { id, type: 'AccessPackage', displayName: stored.value.displayName }, correlationId);
}


/** The access packages of one catalog (Graph `catalogs/{id}/accessPackages`). */
export async function listCatalogPackages(deps: CatalogDeps, caller: EntitlementCaller, catalogId: string): Promise<ListSource<AccessPackage>[]> {
  await requireCatalog(deps, catalogId);
  await requireCatalogAccess(deps.rolesIn, caller, catalogId, 'readPackages');
  return [{ collection: deps.packages, where: { catalogId } }];
}
