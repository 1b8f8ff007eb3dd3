import { DEFAULT_ACCESS_ROLE_ID } from '../applications/service-principal';
import { Failure, notFound } from '../errors';
import { auditEntitlement } from './audit';
import { requireCatalogAccess, type EntitlementCaller } from './catalog-roles';
import { requireCatalog, type CatalogDeps } from './catalogs';
import { nameBasedId } from './ids';
import type { CatalogResource, ResourceOriginSystem, ResourceRequest, ResourceRole } from './model';
import type { ListSource } from './ports';
import { confirmParent, holdsAny, removeUnlessInUse } from './removal';

/** Catalog resources: groups and enterprise applications added through `resourceRequests`. */

export interface ResourceRequestInput {
  requestType: 'adminAdd' | 'adminRemove';
  catalogId: string;
  originId: string;
  originSystem: ResourceOriginSystem;
}

export interface ResourceRequestResult {
  id: string;
  requestType: 'adminAdd' | 'adminRemove';
  state: 'delivered';
  createdAt: string;
  resource: CatalogResource;
}

export const resourceIdOf = (catalogId: string, originSystem: ResourceOriginSystem, originId: string): string => nameBasedId('resource', catalogId, originSystem, originId);

/** Adds or removes a resource; catalog owners (and administrators) only. */
export async function requestCatalogResource(deps: CatalogDeps, caller: EntitlementCaller, input: ResourceRequestInput, correlationId: string): Promise<ResourceRequestResult> {
  await requireCatalog(deps, input.catalogId);
  await requireCatalogAccess(deps.rolesIn, caller, input.catalogId, 'editCatalog');
  const id = resourceIdOf(input.catalogId, input.originSystem, input.originId);
  const at = deps.now().toISOString();
  if (input.requestType === 'adminAdd') {
    const origin = await describeOrigin(deps, input.originSystem, input.originId);
    const resource: CatalogResource = { id, catalogId: input.catalogId, originId: input.originId, originSystem: input.originSystem, ...origin, createdAt: at };
    await deps.resources.insert(resource, 'The resource is already in the catalog.');
    await confirmParent(deps.catalogs, input.catalogId, deps.now(), () => deps.resources.remove(id), notFound('catalog', input.catalogId));
    await auditEntitlement(deps, caller, 'Add resource to catalog', { id: input.catalogId, type: 'Catalog', displayName: resource.displayName }, correlationId);
    return record(deps, { id: deps.newId(), requestType: 'adminAdd', state: 'delivered', createdAt: at, resource });
  }
  const stored = await deps.resources.get(id);
  if (!stored) throw notFound('resource', input.originId);
  const inUse = () => holdsAny(deps.roleScopes, { resourceId: id });
  const conflict = new Failure('conflict', 'The resource cannot be removed because access packages grant its roles. Remove those resource role scopes first.');
  await removeUnlessInUse(deps.resources, stored, deps.now(), inUse, conflict);
  await auditEntitlement(deps, caller, 'Remove resource from catalog', { id: input.catalogId, type: 'Catalog', displayName: stored.value.displayName }, correlationId);
  return record(deps, { id: deps.newId(), requestType: 'adminRemove', state: 'delivered', createdAt: at, resource: stored.value });
}

/** Keeps the delivered request for `GET resourceRequests`; the change itself is already made and audited. */
async function record(deps: CatalogDeps, result: ResourceRequestResult): Promise<ResourceRequestResult> {
  await deps.resourceRequests.insert({ id: result.id, catalogId: result.resource.catalogId, requestType: result.requestType, state: result.state, resource: result.resource, createdAt: result.createdAt }, 'A resource request with this id already exists.');
  return result;
}

/** The resource requests the caller may read: all for administrators, their catalogs' for catalog role holders. */
export async function listResourceRequests(deps: CatalogDeps & { catalogIdsOf(userId: string): Promise<readonly string[]> }, caller: EntitlementCaller): Promise<ListSource<ResourceRequest>[]> {
  if (caller.kind === 'administrator') return [{ collection: deps.resourceRequests, where: {} }];
  return (await deps.catalogIdsOf(caller.userId)).map((catalogId) => ({ collection: deps.resourceRequests, where: { catalogId } }));
}

async function describeOrigin(deps: CatalogDeps, system: ResourceOriginSystem, originId: string): Promise<{ displayName: string; description: string | null }> {
  if (system === 'AadGroup') {
    const group = await deps.directory.group(originId);
    if (!group) throw new Failure('notFound', `Group '${originId}' does not exist.`, { details: [{ target: 'resource.originId', message: 'no such group' }] });
    return { displayName: group.displayName, description: group.description };
  }
  const principal = await deps.directory.servicePrincipal(originId);
  if (!principal) throw new Failure('notFound', `Service principal '${originId}' does not exist.`, { details: [{ target: 'resource.originId', message: 'no such service principal' }] });
  return { displayName: principal.displayName, description: null };
}

export async function listCatalogResources(deps: CatalogDeps, caller: EntitlementCaller, catalogId: string): Promise<ListSource<CatalogResource>[]> {
  await requireCatalog(deps, catalogId);
  await requireCatalogAccess(deps.rolesIn, caller, catalogId, 'read');
  return [{ collection: deps.resources, where: { catalogId } }];
}

export async function requireResource(deps: Pick<CatalogDeps, 'resources'>, catalogId: string, resourceId: string): Promise<CatalogResource> {
  const stored = await deps.resources.get(resourceId);
  if (!stored || stored.value.catalogId !== catalogId) throw notFound('resource', resourceId);
  return stored.value;
}

/**
 * What a resource can grant, read live from the directory: a group's `Member_<id>` and
 * `Owner_<id>`, an application's enabled app roles, or default access when it defines none.
 */
export async function rolesOfResource(deps: Pick<CatalogDeps, 'directory'>, resource: CatalogResource): Promise<ResourceRole[]> {
  if (resource.originSystem === 'AadGroup') {
    return [
      { originId: `Member_${resource.originId}`, originSystem: 'AadGroup', displayName: 'Member', description: null },
      { originId: `Owner_${resource.originId}`, originSystem: 'AadGroup', displayName: 'Owner', description: null },
    ];
  }
  const principal = await deps.directory.servicePrincipal(resource.originId);
  const roles = (principal?.appRoles ?? []).filter((r) => r.isEnabled);
  if (principal && roles.length === 0) return [{ originId: DEFAULT_ACCESS_ROLE_ID, originSystem: 'AadApplication', displayName: 'Default Access', description: null }];
  return roles.map((r) => ({ originId: r.id, originSystem: 'AadApplication', displayName: r.displayName, description: r.description }));
}

export async function listResourceRoles(deps: CatalogDeps, caller: EntitlementCaller, catalogId: string, resourceId: string): Promise<ResourceRole[]> {
  await requireCatalog(deps, catalogId);
  await requireCatalogAccess(deps.rolesIn, caller, catalogId, 'read');
  return rolesOfResource(deps, await requireResource(deps, catalogId, resourceId));
}

/** Every role of every resource of a catalog, each with the resource it belongs to (Graph `catalogs/{id}/resourceRoles`). */
export async function listCatalogResourceRoles(deps: CatalogDeps, caller: EntitlementCaller, catalogId: string): Promise<{ role: ResourceRole; resource: CatalogResource }[]> {
  await listCatalogResources(deps, caller, catalogId);
  // The roles come from the directory (members, owners, app roles) per resource of this one catalog.
  const resources = await deps.resources.find({ catalogId });
  const perResource = await Promise.all(resources.map(async (resource) => (await rolesOfResource(deps, resource)).map((role) => ({ role, resource }))));
  return perResource.flat();
}

/** One resource of a catalog (Graph `catalogs/{id}/resources/{id}`). */
export async function getCatalogResource(deps: CatalogDeps, caller: EntitlementCaller, catalogId: string, resourceId: string): Promise<CatalogResource> {
  await requireCatalog(deps, catalogId);
  await requireCatalogAccess(deps.rolesIn, caller, catalogId, 'read');
  return requireResource(deps, catalogId, resourceId);
}
