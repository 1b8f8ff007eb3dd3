import { app } from '@azure/functions';
import { z } from 'zod';
import { entitlementModule, httpDeps } from '../../deps';
import { createCatalog, deleteCatalog, getCatalog, listCatalogs, updateCatalog } from '../../domain/entitlement/catalogs';
import { getCatalogResource, listCatalogResourceRoles, listCatalogResources, listResourceRequests, listResourceRoles, requestCatalogResource, rolesOfResource } from '../../domain/entitlement/resources';
import { listCatalogPackages } from '../../domain/entitlement/packages';
import { endpoint, json } from '../../http/endpoint';
import type { ListQuerySpec } from '../../http/odata';
import { BASE, callerOf, context, expanded, listInMemory, oneEntity, tags } from './common';
import { listPaged } from './paged-list';
import type { HttpRequest } from '@azure/functions';
import type { Catalog } from '../../domain/entitlement/model';
import { catalogWire, createCatalogBody, idParams, packageWire, resourceRequestBody, resourceRequestWire, resourceWire, roleWire, rootScopeWire, updateCatalogBody } from './wire';

const catalogSpec: ListQuerySpec = {
  resource: 'AccessPackageCatalog',
  entityType: 'microsoft.graph.accessPackageCatalog',
  filterable: {
    displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'contains'] },
    state: { type: { kind: 'enum', values: ['unpublished', 'published'] }, operators: ['eq', 'ne'] },
    isExternallyVisible: { type: { kind: 'boolean' }, operators: ['eq'] },
  },
  selectable: ['id', 'displayName', 'description', 'catalogType', 'state', 'isExternallyVisible', 'createdDateTime', 'modifiedDateTime'],
  defaultPageSize: 100,
};
const resourceSpec: ListQuerySpec = {
  resource: 'AccessPackageResource',
  entityType: 'microsoft.graph.accessPackageResource',
  filterable: { originSystem: { type: { kind: 'enum', values: ['AadGroup', 'AadApplication'] }, operators: ['eq'] }, originId: { type: { kind: 'string' }, operators: ['eq'] } },
  selectable: ['id', 'displayName', 'description', 'originId', 'originSystem', 'createdDateTime', 'attributes', 'roles'],
  defaultPageSize: 100,
};
const roleSpec: ListQuerySpec = {
  resource: 'AccessPackageResourceRole',
  entityType: 'microsoft.graph.accessPackageResourceRole',
  filterable: { originId: { type: { kind: 'string' }, operators: ['eq'] } },
  selectable: ['id', 'displayName', 'description', 'originId', 'originSystem'],
  defaultPageSize: 100,
};
const catalogRoleSpec: ListQuerySpec = {
  resource: 'AccessPackageResourceRole',
  entityType: 'microsoft.graph.accessPackageResourceRole',
  filterable: {
    originSystem: { type: { kind: 'enum', values: ['AadGroup', 'AadApplication', 'SharePointOnline'] }, operators: ['eq'] },
    originId: { type: { kind: 'string' }, operators: ['eq'] },
    displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'contains'] },
    'resource/id': { type: { kind: 'guid' }, operators: ['eq'] },
  },
  selectable: ['id', 'displayName', 'description', 'originId', 'originSystem', 'resource'],
  defaultPageSize: 100,
};
const catalogPackageSpec: ListQuerySpec = {
  resource: 'AccessPackage',
  entityType: 'microsoft.graph.accessPackage',
  filterable: { displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'contains'] }, isHidden: { type: { kind: 'boolean' }, operators: ['eq'] } },
  selectable: ['id', 'displayName', 'description', 'isHidden', 'createdDateTime', 'modifiedDateTime'],
  defaultPageSize: 100,
};
const resourceParams = z.object({ id: z.guid(), resourceId: z.guid() });
const m = () => entitlementModule().deps;

/** `$expand=accessPackages`: the catalog's packages, whole. */
function catalogExpander(request: HttpRequest): (c: Catalog) => Promise<Record<string, unknown>> {
  const withPackages = expanded(request).has('accessPackages');
  return async (c) => (withPackages ? { ...catalogWire(c), accessPackages: (await m().packages.find({ catalogId: c.id })).map(packageWire) } : catalogWire(c));
}

app.http('createEntitlementCatalog', endpoint({
  operationId: 'createEntitlementCatalog', method: 'POST', route: `${BASE}/catalogs`, tags, body: createCatalogBody,
  summary: 'Create a user-managed catalog (Identity Governance Administrator, or a catalog creator, who becomes its owner)',
  responses: { 201: { description: 'The accessPackageCatalog' }, 400: { description: 'Invalid property' }, 403: { description: 'Not a catalog creator' } },
  async handle({ body, principal, id }) {
    const catalog = await createCatalog(m(), await callerOf(principal), body, id.requestId);
    return json(201, { '@odata.context': context('catalogs/$entity'), ...catalogWire(catalog) });
  },
}, httpDeps));

app.http('listEntitlementCatalogs', endpoint({
  operationId: 'listEntitlementCatalogs', method: 'GET', route: `${BASE}/catalogs`, tags,
  summary: 'Catalogs the caller may read ($filter on displayName, state, isExternallyVisible)',
  responses: { 200: { description: 'A page of catalogs' } },
  async handle({ request, principal }) {
    const sources = await listCatalogs(m(), await callerOf(principal));
    return listPaged(request, catalogSpec, 'catalogs', sources, catalogWire, catalogExpander(request), { expandable: ['accessPackages'], order: 'displayName', indexable: { state: 'state' } });
  },
}, httpDeps));

app.http('getEntitlementCatalog', endpoint({
  operationId: 'getEntitlementCatalog', method: 'GET', route: `${BASE}/catalogs/{id}`, tags, params: idParams,
  summary: 'Read a catalog', responses: { 200: { description: 'The catalog' }, 403: { description: 'No role in the catalog' }, 404: { description: 'No such catalog' } },
  async handle({ request, params, principal }) {
    const catalog = await getCatalog(m(), await callerOf(principal), params.id);
    return json(200, oneEntity(request, catalogSpec, ['accessPackages'], { '@odata.context': context('catalogs/$entity'), ...(await catalogExpander(request)(catalog)) }));
  },
}, httpDeps));

app.http('updateEntitlementCatalog', endpoint({
  operationId: 'updateEntitlementCatalog', method: 'PATCH', route: `${BASE}/catalogs/{id}`, tags, params: idParams, body: updateCatalogBody,
  summary: 'Change a catalog (catalog owners)', responses: { 204: { description: 'Updated' }, 403: { description: 'Not an owner' }, 404: { description: 'No such catalog' } },
  async handle({ params, body, principal, id }) {
    await updateCatalog(m(), await callerOf(principal), params.id, body, id.requestId);
    return { status: 204 };
  },
}, httpDeps));

app.http('deleteEntitlementCatalog', endpoint({
  operationId: 'deleteEntitlementCatalog', method: 'DELETE', route: `${BASE}/catalogs/{id}`, tags, params: idParams,
  summary: 'Delete a catalog without access packages (catalog owners)', responses: { 204: { description: 'Deleted' }, 404: { description: 'No such catalog' }, 409: { description: 'The catalog holds access packages' } },
  async handle({ params, principal, id }) {
    await deleteCatalog(m(), await callerOf(principal), params.id, id.requestId);
    return { status: 204 };
  },
}, httpDeps));

app.http('createResourceRequest', endpoint({
  operationId: 'createResourceRequest', method: 'POST', route: `${BASE}/resourceRequests`, tags, body: resourceRequestBody,
  summary: 'Add (adminAdd) or remove (adminRemove) a group or an enterprise application to or from a catalog (catalog owners)',
  responses: { 201: { description: 'The accessPackageResourceRequest, delivered' }, 404: { description: 'No such catalog, group or application' }, 409: { description: 'Already in the catalog, or its roles are in use' } },
  async handle({ body, principal, id }) {
    const input = { requestType: body.requestType, catalogId: body.catalog.id, originId: body.resource.originId, originSystem: body.resource.originSystem };
    const result = await requestCatalogResource(m(), await callerOf(principal), input, id.requestId);
    return json(201, { '@odata.context': context('resourceRequests/$entity'), ...resourceRequestWire(result) });
  },
}, httpDeps));

app.http('listCatalogResources', endpoint({
  operationId: 'listCatalogResources', method: 'GET', route: `${BASE}/catalogs/{id}/resources`, tags, params: idParams,
  summary: "A catalog's resources; $expand=roles adds what each can grant", responses: { 200: { description: 'A page of accessPackageResources' }, 404: { description: 'No such catalog' } },
  async handle({ request, params, principal }) {
    const sources = await listCatalogResources(m(), await callerOf(principal), params.id);
    const names = expanded(request);
    return listPaged(request, resourceSpec, `catalogs('${params.id}')/resources`, sources, resourceWire, async (r) => ({
      ...resourceWire(r),
      ...(names.has('roles') ? { roles: (await rolesOfResource(m(), r)).map(roleWire) } : {}),
      ...(names.has('scopes') ? { scopes: [rootScopeWire(r)] } : {}),
    }), { expandable: ['roles', 'scopes'], order: 'displayName', indexable: { originId: 'originId' } });
  },
}, httpDeps));

app.http('listCatalogResourceRoles', endpoint({
  operationId: 'listCatalogResourceRoles', method: 'GET', route: `${BASE}/catalogs/{id}/resources/{resourceId}/roles`, tags, params: resourceParams,
  summary: 'What a catalog resource can grant: Member_/Owner_<groupId>, or app role ids', responses: { 200: { description: 'The accessPackageResourceRoles' }, 404: { description: 'No such catalog or resource' } },
  async handle({ request, params, principal }) {
    const roles = await listResourceRoles(m(), await callerOf(principal), params.id, params.resourceId);
    return listInMemory(request, roleSpec, `catalogs('${params.id}')/resources('${params.resourceId}')/roles`, roles, roleWire, roleWire);
  },
}, httpDeps));

app.http('listCatalogRoles', endpoint({
  operationId: 'listCatalogRoles', method: 'GET', route: `${BASE}/catalogs/{id}/resourceRoles`, tags, params: idParams,
  summary: "Every role of every resource in a catalog ($filter on originSystem, originId, displayName, resource/id; $expand=resource)",
  responses: { 200: { description: 'A page of accessPackageResourceRoles' }, 404: { description: 'No such catalog' } },
  async handle({ request, params, principal }) {
    const roles = await listCatalogResourceRoles(m(), await callerOf(principal), params.id);
    const withResource = expanded(request).has('resource');
    return listInMemory(request, catalogRoleSpec, `catalogs('${params.id}')/resourceRoles`, roles, (r) => ({ ...roleWire(r.role), resource: resourceWire(r.resource) }), (r) =>
      withResource ? { ...roleWire(r.role), resource: resourceWire(r.resource) } : roleWire(r.role),
    ['resource']);
  },
}, httpDeps));

app.http('getCatalogResource', endpoint({
  operationId: 'getCatalogResource', method: 'GET', route: `${BASE}/catalogs/{id}/resources/{resourceId}`, tags, params: resourceParams,
  summary: "One resource of a catalog; $expand=roles adds what it can grant",
  responses: { 200: { description: 'The accessPackageResource' }, 404: { description: 'No such catalog or resource' } },
  async handle({ request, params, principal }) {
    const resource = await getCatalogResource(m(), await callerOf(principal), params.id, params.resourceId);
    const body: Record<string, unknown> = { '@odata.context': context(`catalogs('${params.id}')/resources/$entity`), ...resourceWire(resource) };
    if (expanded(request).has('roles')) body['roles'] = (await rolesOfResource(m(), resource)).map(roleWire);
    if (expanded(request).has('scopes')) body['scopes'] = [rootScopeWire(resource)];
    return json(200, oneEntity(request, resourceSpec, ['roles', 'scopes'], body));
  },
}, httpDeps));

app.http('listCatalogAccessPackages', endpoint({
  operationId: 'listCatalogAccessPackages', method: 'GET', route: `${BASE}/catalogs/{id}/accessPackages`, tags, params: idParams,
  summary: "The access packages of a catalog ($filter on displayName, isHidden)",
  responses: { 200: { description: 'A page of accessPackages' }, 404: { description: 'No such catalog' } },
  async handle({ request, params, principal }) {
    const sources = await listCatalogPackages(m(), await callerOf(principal), params.id);
    return listPaged(request, catalogPackageSpec, `catalogs('${params.id}')/accessPackages`, sources, packageWire, packageWire, { order: 'displayName' });
  },
}, httpDeps));

const resourceRequestSpec: ListQuerySpec = {
  resource: 'AccessPackageResourceRequest',
  entityType: 'microsoft.graph.accessPackageResourceRequest',
  filterable: {
    requestType: { type: { kind: 'enum', values: ['adminAdd', 'adminRemove'] }, operators: ['eq'] },
    state: { type: { kind: 'enum', values: ['delivered'] }, operators: ['eq'] },
    'catalog/id': { type: { kind: 'guid' }, operators: ['eq'] },
    'resource/originId': { type: { kind: 'string' }, operators: ['eq'] },
  },
  selectable: ['id', 'requestType', 'state', 'createdDateTime', 'resource', 'catalog'],
  defaultPageSize: 100,
};

app.http('listResourceRequests', endpoint({
  operationId: 'listResourceRequests', method: 'GET', route: `${BASE}/resourceRequests`, tags,
  summary: "Resource requests of the catalogs the caller may read ($filter on requestType, state, catalog/id, resource/originId; $expand=resource,catalog)",
  responses: { 200: { description: 'A page of accessPackageResourceRequests' } },
  async handle({ request, principal }) {
    const sources = await listResourceRequests(m(), await callerOf(principal));
    const names = expanded(request);
    return listPaged(request, resourceRequestSpec, 'resourceRequests', sources, resourceRequestWire, async (r) => {
      const wire: Record<string, unknown> = resourceRequestWire(r);
      if (names.has('catalog')) {
        const catalog = (await m().catalogs.get(r.resource.catalogId))?.value;
        if (catalog) wire['catalog'] = catalogWire(catalog);
      }
      return wire;
    }, { expandable: ['resource', 'catalog'], order: 'createdDateTime desc', indexable: { 'catalog/id': 'catalogId' } });
  },
}, httpDeps));
