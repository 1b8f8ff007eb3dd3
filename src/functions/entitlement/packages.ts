import { app } from '@azure/functions';
import { z } from 'zod';
import { entitlementModule, httpDeps } from '../../deps';
import type { CatalogResource, ResourceRole, RoleScope } from '../../domain/entitlement/model';
import { createPackage, deletePackage, getPackage, listPackages, updatePackage } from '../../domain/entitlement/packages';
import { rolesOfResource } from '../../domain/entitlement/resources';
import { addRoleScope, listRoleScopes, removeRoleScope } from '../../domain/entitlement/role-scopes';
import { endpoint, json } from '../../http/endpoint';
import type { ListQuerySpec } from '../../http/odata';
import { BASE, callerOf, context, expanded, listInMemory, oneEntity, register, tags } from './common';
import { listPaged } from './paged-list';
import type { HttpRequest } from '@azure/functions';
import type { EntitlementCaller } from '../../domain/entitlement/catalog-roles';
import type { AccessPackage } from '../../domain/entitlement/model';
import { policyWire } from './policy-wire';
import { catalogWire } from './wire';
import { createPackageBody, idParams, packageWire, roleScopeBody, roleScopeWire, updatePackageBody } from './wire';

const packageSpec: ListQuerySpec = {
  resource: 'AccessPackage',
  entityType: 'microsoft.graph.accessPackage',
  filterable: {
    displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'contains'] },
    'catalog/id': { type: { kind: 'guid' }, operators: ['eq'] },
    isHidden: { type: { kind: 'boolean' }, operators: ['eq'] },
  },
  selectable: ['id', 'displayName', 'description', 'isHidden', 'createdDateTime', 'modifiedDateTime', 'catalog', 'resourceRoleScopes'],
  defaultPageSize: 100,
};
const scopeSpec: ListQuerySpec = { resource: 'AccessPackageResourceRoleScope', entityType: 'microsoft.graph.accessPackageResourceRoleScope', filterable: {}, selectable: ['id', 'createdDateTime', 'role', 'scope'], defaultPageSize: 100 };
const scopeParams = z.object({ id: z.guid(), scopeId: z.guid() });
const m = () => entitlementModule().deps;
/** The access-package tutorial posts to `accessPackageResourceRoleScopes`, the name of the same collection in its response. */
const roleScopesPath = (route: string) => route.replace('/resourceRoleScopes', '/accessPackageResourceRoleScopes');

/** Role scopes with their role and resource expanded; each resource and its roles are read once. */
async function scopesWire(scopes: RoleScope[]) {
  const resources = new Map<string, Promise<{ resource: CatalogResource; roles: ResourceRole[] } | undefined>>();
  const read = async (id: string) => {
    const resource = (await m().resources.get(id))?.value;
    return resource && { resource, roles: await rolesOfResource(m(), resource) };
  };
  return Promise.all(
    scopes.map(async (s) => {
      if (!resources.has(s.resourceId)) resources.set(s.resourceId, read(s.resourceId));
      const found = await resources.get(s.resourceId);
      return roleScopeWire(s, found?.resource, found?.roles.find((r) => r.originId.toLowerCase() === s.roleOriginId.toLowerCase()));
    }),
  );
}

const PACKAGE_EXPANDABLE = ['catalog', 'resourceRoleScopes', 'assignmentPolicies'];

/** `$expand` of packages: the catalog, the role scopes (with role and scope) and the policies, whole. */
function packageExpander(request: HttpRequest, caller: EntitlementCaller): (p: AccessPackage) => Promise<Record<string, unknown>> {
  const names = expanded(request);
  return async (p) => {
    const wire: Record<string, unknown> = packageWire(p);
    if (names.has('catalog')) {
      const catalog = (await m().catalogs.get(p.catalogId))?.value;
      wire['catalog'] = catalog ? catalogWire(catalog) : { id: p.catalogId };
    }
    if (names.has('resourceRoleScopes')) wire['resourceRoleScopes'] = await scopesWire(await listRoleScopes(m(), caller, p.id));
    if (names.has('assignmentPolicies')) wire['assignmentPolicies'] = (await m().policies.find({ accessPackageId: p.id })).map(policyWire);
    return wire;
  };
}

app.http('createAccessPackage', endpoint({
  operationId: 'createAccessPackage', method: 'POST', route: `${BASE}/accessPackages`, tags, body: createPackageBody,
  summary: 'Create an access package in a catalog (catalog owners, access package managers)',
  responses: { 201: { description: 'The accessPackage' }, 403: { description: 'No editing role in the catalog' }, 404: { description: 'No such catalog' } },
  async handle({ body, principal, id }) {
    const pkg = await createPackage(m(), await callerOf(principal), { ...body, catalogId: body.catalog.id }, id.requestId);
    return json(201, { '@odata.context': context('accessPackages/$entity'), ...packageWire(pkg) });
  },
}, httpDeps));

app.http('listAccessPackages', endpoint({
  operationId: 'listAccessPackages', method: 'GET', route: `${BASE}/accessPackages`, tags,
  summary: "Access packages the caller may read, hidden ones included ($filter on catalog/id, displayName, isHidden; $expand=catalog)",
  responses: { 200: { description: 'A page of accessPackages' } },
  async handle({ request, principal }) {
    const caller = await callerOf(principal);
    const sources = await listPackages(m(), caller);
    return listPaged(request, packageSpec, 'accessPackages', sources, (p) => ({ ...packageWire(p), catalog: { id: p.catalogId } }), packageExpander(request, caller), {
      expandable: PACKAGE_EXPANDABLE, order: 'displayName', indexable: { 'catalog/id': 'catalogId' },
    });
  },
}, httpDeps));

app.http('getAccessPackage', endpoint({
  operationId: 'getAccessPackage', method: 'GET', route: `${BASE}/accessPackages/{id}`, tags, params: idParams,
  summary: 'Read an access package; $expand=resourceRoleScopes($expand=role,scope) and $expand=catalog',
  responses: { 200: { description: 'The accessPackage' }, 403: { description: 'No role in its catalog' }, 404: { description: 'No such access package' } },
  async handle({ request, params, principal }) {
    const caller = await callerOf(principal);
    const pkg = await getPackage(m(), caller, params.id);
    return json(200, oneEntity(request, packageSpec, PACKAGE_EXPANDABLE, { '@odata.context': context('accessPackages/$entity'), ...(await packageExpander(request, caller)(pkg)) }));
  },
}, httpDeps));

app.http('updateAccessPackage', endpoint({
  operationId: 'updateAccessPackage', method: 'PATCH', route: `${BASE}/accessPackages/{id}`, tags, params: idParams, body: updatePackageBody,
  summary: 'Change an access package (catalog owners, access package managers)', responses: { 204: { description: 'Updated' }, 403: { description: 'No editing role' }, 404: { description: 'No such access package' } },
  async handle({ params, body, principal, id }) {
    await updatePackage(m(), await callerOf(principal), params.id, body, id.requestId);
    return { status: 204 };
  },
}, httpDeps));

app.http('deleteAccessPackage', endpoint({
  operationId: 'deleteAccessPackage', method: 'DELETE', route: `${BASE}/accessPackages/{id}`, tags, params: idParams,
  summary: 'Delete an access package without active assignments', responses: { 204: { description: 'Deleted' }, 404: { description: 'No such access package' }, 409: { description: 'It has active assignments' } },
  async handle({ params, principal, id }) {
    await deletePackage(m(), await callerOf(principal), params.id, id.requestId);
    return { status: 204 };
  },
}, httpDeps));

register(endpoint({
  operationId: 'createResourceRoleScope', method: 'POST', route: `${BASE}/accessPackages/{id}/resourceRoleScopes`, tags, params: idParams, body: roleScopeBody,
  summary: "Grant a role of a resource of the package's catalog through the package (scope 'Root')",
  responses: { 201: { description: 'The accessPackageResourceRoleScope' }, 400: { description: 'Resource not in the catalog, or no such role' }, 409: { description: 'Already granted' } },
  async handle({ params, body, principal, id }) {
    const input = { roleOriginId: body.role.originId, roleOriginSystem: body.role.originSystem, resourceId: body.role.resource.id, scopeOriginId: body.scope.originId, scopeOriginSystem: body.scope.originSystem };
    const scope = await addRoleScope(m(), await callerOf(principal), params.id, input, id.requestId);
    const [wire] = await scopesWire([scope]);
    return json(201, { '@odata.context': context(`accessPackages('${params.id}')/resourceRoleScopes/$entity`), ...wire });
  },
}, httpDeps), roleScopesPath);

register(endpoint({
  operationId: 'listResourceRoleScopes', method: 'GET', route: `${BASE}/accessPackages/{id}/resourceRoleScopes`, tags, params: idParams,
  summary: 'The resource roles an access package grants, with role and scope expanded', responses: { 200: { description: 'The role scopes' }, 404: { description: 'No such access package' } },
  async handle({ request, params, principal }) {
    const scopes = await scopesWire(await listRoleScopes(m(), await callerOf(principal), params.id));
    return listInMemory(request, scopeSpec, `accessPackages('${params.id}')/resourceRoleScopes`, scopes, (s) => s, (s) => s, ['role', 'scope']);
  },
}, httpDeps), roleScopesPath);

register(endpoint({
  operationId: 'deleteResourceRoleScope', method: 'DELETE', route: `${BASE}/accessPackages/{id}/resourceRoleScopes/{scopeId}`, tags, params: scopeParams,
  summary: 'Stop granting a resource role through the package', responses: { 204: { description: 'Removed' }, 404: { description: 'No such role scope' } },
  async handle({ params, principal, id }) {
    await removeRoleScope(m(), await callerOf(principal), params.id, params.scopeId, id.requestId);
    return { status: 204 };
  },
}, httpDeps), roleScopesPath);
