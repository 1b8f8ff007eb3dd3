import { Failure, notFound } from '../errors';
import { auditEntitlement } from './audit';
import { CATALOG_ROLE_IDS, catalogRoleAssignmentId, requireCatalogAccess, type CatalogRoleReader, type EntitlementCaller } from './catalog-roles';
import type { Catalog, CatalogState } from './model';
import type { EntitlementDeps, ListSource, Versioned } from './ports';
import { nameBasedId } from './ids';
import { holdsAny, removeUnlessInUse } from './removal';

/** Catalogs: create (administrators and catalog creators, who become owners), read, change, delete. */

export type CatalogDeps = EntitlementDeps & { rolesIn: CatalogRoleReader };

export interface CatalogInput {
  displayName: string;
  description?: string | null | undefined;
  state?: CatalogState | undefined;
  isExternallyVisible?: boolean | undefined;
}

/** The built-in catalog every directory has (Graph: `catalogType: serviceDefault`, named General). */
export const GENERAL_CATALOG_ID = nameBasedId('catalog', 'serviceDefault', 'General');

/**
 * Creates the General catalog the first time anything looks for it (two instances may race: the
 * loser's insert collides on the fixed id and is ignored).
 */
export async function ensureGeneralCatalog(deps: Pick<EntitlementDeps, 'catalogs' | 'now'>): Promise<void> {
  if (await deps.catalogs.get(GENERAL_CATALOG_ID)) return;
  const at = deps.now().toISOString();
  const general: Catalog = { id: GENERAL_CATALOG_ID, displayName: 'General', description: 'Built-in catalog.', catalogType: 'serviceDefault', state: 'published', isExternallyVisible: true, createdAt: at, modifiedAt: at };
  try {
    await deps.catalogs.insert(general, 'The General catalog already exists.');
  } catch (error) {
    if (!(error instanceof Failure && error.code === 'conflict')) throw error;
  }
}

export async function requireCatalog(deps: Pick<EntitlementDeps, 'catalogs' | 'now'>, id: string): Promise<Versioned<Catalog>> {
  if (id === GENERAL_CATALOG_ID) await ensureGeneralCatalog(deps);
  const stored = await deps.catalogs.get(id);
  if (!stored) throw notFound('catalog', id);
  return stored;
}

export async function createCatalog(deps: CatalogDeps, caller: EntitlementCaller, input: CatalogInput, correlationId: string): Promise<Catalog> {
  if (caller.kind === 'user' && !caller.isCatalogCreator) throw new Failure('accessDenied', 'Insufficient privileges to complete the operation.');
  const at = deps.now().toISOString();
  const catalog: Catalog = {
    id: deps.newId(),
    displayName: input.displayName,
    description: input.description ?? null,
    catalogType: 'userManaged',
    state: input.state ?? 'published',
    isExternallyVisible: input.isExternallyVisible ?? true,
    createdAt: at,
    modifiedAt: at,
  };
  await deps.catalogs.insert(catalog, 'A catalog with this id already exists.');
  // A catalog creator becomes the new catalog's owner, as in Entra.
  if (caller.kind === 'user') {
    await deps.roleAssignments.insert(
      { id: catalogRoleAssignmentId(catalog.id, CATALOG_ROLE_IDS.owner, caller.userId), principalId: caller.userId, roleDefinitionId: CATALOG_ROLE_IDS.owner, catalogId: catalog.id, createdAt: at },
      'The role assignment already exists.',
    );
  }
  await auditEntitlement(deps, caller, 'Create catalog', { id: catalog.id, type: 'Catalog', displayName: catalog.displayName }, correlationId);
  return catalog;
}

export async function getCatalog(deps: CatalogDeps, caller: EntitlementCaller, id: string): Promise<Catalog> {
  const catalog = await requireCatalog(deps, id);
  await requireCatalogAccess(deps.rolesIn, caller, id, 'read');
  return catalog.value;
}

/** Administrators see every catalog; others the catalogs they hold a role in. */
export async function listCatalogs(deps: CatalogDeps & { catalogIdsOf(userId: string): Promise<readonly string[]> }, caller: EntitlementCaller): Promise<ListSource<Catalog>[]> {
  await ensureGeneralCatalog(deps);
  if (caller.kind === 'administrator') return [{ collection: deps.catalogs, where: {} }];
  return (await deps.catalogIdsOf(caller.userId)).map((id) => ({ collection: deps.catalogs, where: { id } }));
}

export async function updateCatalog(deps: CatalogDeps, caller: EntitlementCaller, id: string, patch: Partial<CatalogInput>, correlationId: string): Promise<void> {
  const stored = await requireCatalog(deps, id);
  await requireCatalogAccess(deps.rolesIn, caller, id, 'editCatalog');
  const before = stored.value;
  const after: Catalog = {
    ...before,
    displayName: patch.displayName ?? before.displayName,
    description: patch.description === undefined ? before.description : patch.description,
    state: patch.state ?? before.state,
    isExternallyVisible: patch.isExternallyVisible ?? before.isExternallyVisible,
    modifiedAt: deps.now().toISOString(),
  };
  await deps.catalogs.replace(after, stored.etag);
  const changed = (['displayName', 'description', 'state', 'isExternallyVisible'] as const).filter((k) => before[k] !== after[k]);
  await auditEntitlement(
    deps,
    caller,
    'Update catalog',
    { id, type: 'Catalog', displayName: after.displayName, modifiedProperties: changed.map((k) => ({ displayName: k, oldValue: JSON.stringify(before[k]), newValue: JSON.stringify(after[k]) })) },
    correlationId,
  );
}

/** Refused while the catalog holds access packages (Graph answers 409 too); its resources and role assignments go with it. */
export async function deleteCatalog(deps: CatalogDeps, caller: EntitlementCaller, id: string, correlationId: string): Promise<void> {
  const stored = await requireCatalog(deps, id);
  await requireCatalogAccess(deps.rolesIn, caller, id, 'editCatalog');
  if (stored.value.catalogType !== 'userManaged') throw new Failure('invalidRequest', 'The built-in General catalog cannot be deleted.');
  const holdsPackages = () => holdsAny(deps.packages, { catalogId: id });
  const conflict = new Failure('conflict', 'The catalog cannot be deleted because it still contains access packages. Delete them first.');
  await removeUnlessInUse(deps.catalogs, stored, deps.now(), holdsPackages, conflict);
  for (const resource of await deps.resources.find({ catalogId: id })) await deps.resources.remove(resource.id);
  for (const request of await deps.resourceRequests.find({ catalogId: id })) await deps.resourceRequests.remove(request.id);
  for (const assignment of await deps.roleAssignments.find({ catalogId: id })) await deps.roleAssignments.remove(assignment.id);
  await auditEntitlement(deps, caller, 'Delete catalog', { id, type: 'Catalog', displayName: stored.value.displayName }, correlationId);
}
