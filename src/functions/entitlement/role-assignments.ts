import { app } from '@azure/functions';
import { z } from 'zod';
import { entitlementModule, httpDeps, settings } from '../../deps';
import { CATALOG_ROLE_IDS, CATALOG_ROLE_NAMES, type CatalogRole } from '../../domain/entitlement/catalog-roles';
import { notFound } from '../../domain/errors';
import { assignCatalogRole, getCatalogRoleAssignment, listCatalogRoleAssignments, removeCatalogRole } from '../../domain/entitlement/role-assignments';
import { endpoint, json } from '../../http/endpoint';
import type { ListQuerySpec } from '../../http/odata';
import { callerOf, expanded, listInMemory, oneEntity } from './common';
import { listPaged } from './paged-list';
import { roleAssignmentBody, roleAssignmentWire } from './wire';

const BASE = 'v1.0/roleManagement/entitlementManagement';
const tags = ['entitlementManagement'];
const spec: ListQuerySpec = {
  resource: 'UnifiedRoleAssignment',
  entityType: 'microsoft.graph.unifiedRoleAssignment',
  filterable: {
    principalId: { type: { kind: 'guid' }, operators: ['eq'] },
    roleDefinitionId: { type: { kind: 'guid' }, operators: ['eq'] },
    appScopeId: { type: { kind: 'string' }, operators: ['eq'] },
  },
  selectable: ['id', 'principalId', 'roleDefinitionId', 'appScopeId', 'directoryScopeId'],
  defaultPageSize: 100,
};
const m = () => entitlementModule().deps;

app.http('createEntitlementRoleAssignment', endpoint({
  operationId: 'createEntitlementRoleAssignment', method: 'POST', route: `${BASE}/roleAssignments`, tags, body: roleAssignmentBody,
  summary: "Give a user a catalog role (appScopeId '/AccessPackageCatalog/{id}'; catalog owners) or Catalog creator (appScopeId '/'; administrators)",
  responses: { 201: { description: 'The unifiedRoleAssignment' }, 400: { description: 'Unknown role or scope' }, 403: { description: 'Not an owner of the catalog' }, 409: { description: 'Already assigned' } },
  async handle({ body, principal, id }) {
    const assignment = await assignCatalogRole(m(), await callerOf(principal), body, id.requestId);
    return json(201, { '@odata.context': `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#roleManagement/entitlementManagement/roleAssignments/$entity`, ...roleAssignmentWire(assignment) });
  },
}, httpDeps));

app.http('listEntitlementRoleAssignments', endpoint({
  operationId: 'listEntitlementRoleAssignments', method: 'GET', route: `${BASE}/roleAssignments`, tags,
  summary: 'Entitlement-management role assignments the caller may see ($filter on principalId, roleDefinitionId, appScopeId)',
  responses: { 200: { description: 'A page of unifiedRoleAssignments' } },
  async handle({ request, principal }) {
    const sources = await listCatalogRoleAssignments(m(), await callerOf(principal));
    const withPrincipal = expanded(request).has('principal');
    const response = await listPaged(request, spec, '', sources, roleAssignmentWire, async (a) => {
      if (!withPrincipal) return roleAssignmentWire(a);
      const user = await m().directory.user(a.principalId);
      return { ...roleAssignmentWire(a), principal: user ? { '@odata.type': '#microsoft.graph.user', id: user.id, displayName: user.displayName } : null };
    }, { expandable: ['principal'], indexable: { principalId: 'principalId', roleDefinitionId: 'roleDefinitionId', appScopeId: 'appScopeId' } });
    const body = response.jsonBody as Record<string, unknown>;
    body['@odata.context'] = `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#roleManagement/entitlementManagement/roleAssignments`;
    return response;
  },
}, httpDeps));

app.http('getEntitlementRoleAssignment', endpoint({
  operationId: 'getEntitlementRoleAssignment', method: 'GET', route: `${BASE}/roleAssignments/{id}`, tags, params: z.object({ id: z.guid() }),
  summary: 'Read an entitlement-management role assignment ($expand=principal)', responses: { 200: { description: 'The unifiedRoleAssignment' }, 404: { description: 'No such assignment' } },
  async handle({ request, params, principal }) {
    const assignment = await getCatalogRoleAssignment(m(), await callerOf(principal), params.id);
    const body: Record<string, unknown> = { '@odata.context': `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#roleManagement/entitlementManagement/roleAssignments/$entity`, ...roleAssignmentWire(assignment) };
    if (expanded(request).has('principal')) {
      const user = await m().directory.user(assignment.principalId);
      body['principal'] = user ? { '@odata.type': '#microsoft.graph.user', id: user.id, displayName: user.displayName } : null;
    }
    return json(200, oneEntity(request, spec, ['principal'], body));
  },
}, httpDeps));

app.http('deleteEntitlementRoleAssignment', endpoint({
  operationId: 'deleteEntitlementRoleAssignment', method: 'DELETE', route: `${BASE}/roleAssignments/{id}`, tags, params: z.object({ id: z.guid() }),
  summary: 'Remove an entitlement-management role assignment', responses: { 204: { description: 'Removed' }, 404: { description: 'No such assignment' } },
  async handle({ params, principal, id }) {
    await removeCatalogRole(m(), await callerOf(principal), params.id, id.requestId);
    return { status: 204 };
  },
}, httpDeps));

/** The built-in entitlement-management roles (Graph `unifiedRoleDefinition`), fixed ids as in Entra. */
const definitions = (Object.keys(CATALOG_ROLE_IDS) as CatalogRole[]).map((role) => ({
  id: CATALOG_ROLE_IDS[role],
  displayName: CATALOG_ROLE_NAMES[role],
  description: CATALOG_ROLE_NAMES[role],
  isBuiltIn: true,
  isEnabled: true,
  templateId: CATALOG_ROLE_IDS[role],
  version: null,
  rolePermissions: [],
}));
const definitionSpec: ListQuerySpec = {
  resource: 'UnifiedRoleDefinition',
  entityType: 'microsoft.graph.unifiedRoleDefinition',
  filterable: { displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'contains'] }, id: { type: { kind: 'guid' }, operators: ['eq', 'in'] } },
  selectable: ['id', 'displayName', 'description', 'isBuiltIn', 'isEnabled', 'templateId', 'version', 'rolePermissions'],
  defaultPageSize: 100,
};

app.http('listEntitlementRoleDefinitions', endpoint({
  operationId: 'listEntitlementRoleDefinitions', method: 'GET', route: `${BASE}/roleDefinitions`, tags,
  summary: "The catalog roles and Catalog creator ($filter on displayName, id)", responses: { 200: { description: 'A page of unifiedRoleDefinitions' } },
  async handle({ request }) {
    const response = await listInMemory(request, definitionSpec, '', definitions, (d) => d, (d) => d);
    (response.jsonBody as Record<string, unknown>)['@odata.context'] = `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#roleManagement/entitlementManagement/roleDefinitions`;
    return response;
  },
}, httpDeps));

app.http('getEntitlementRoleDefinition', endpoint({
  operationId: 'getEntitlementRoleDefinition', method: 'GET', route: `${BASE}/roleDefinitions/{id}`, tags, params: z.object({ id: z.string().min(1).max(100) }),
  summary: 'One entitlement-management role definition', responses: { 200: { description: 'The unifiedRoleDefinition' }, 404: { description: 'No such role' } },
  async handle({ params }) {
    const found = definitions.find((d) => d.id === params.id.toLowerCase());
    if (!found) throw notFound('unifiedRoleDefinition', params.id);
    return json(200, { '@odata.context': `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#roleManagement/entitlementManagement/roleDefinitions/$entity`, ...found });
  },
}, httpDeps));
