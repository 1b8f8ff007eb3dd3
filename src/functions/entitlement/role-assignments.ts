import { app } from '@azure/functions';
import { z } from 'zod';
import { entitlementModule, httpDeps, settings } from '../../deps';
import { assignCatalogRole, listCatalogRoleAssignments, removeCatalogRole } from '../../domain/entitlement/role-assignments';
import { endpoint, json } from '../../http/endpoint';
import type { ListQuerySpec } from '../../http/odata';
import { callerOf, listInMemory } from './common';
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
    const all = await listCatalogRoleAssignments(m(), await callerOf(principal));
    const response = await listInMemory(request, spec, '', all, roleAssignmentWire, roleAssignmentWire);
    const body = response.jsonBody as Record<string, unknown>;
    body['@odata.context'] = `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#roleManagement/entitlementManagement/roleAssignments`;
    return response;
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
