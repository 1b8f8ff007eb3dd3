import { app } from '@azure/functions';
import { z } from 'zod';
import { actorOf } from '../domain/applications';
import { Failure, notFound } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { ROLE_DEFINITIONS, assignDirectoryRole, findRoleDefinition, removeDirectoryRole, type DirectoryRoleAssignment } from '../domain/roles';
import { httpDeps, roleDeps, settings, skipTokenKey } from '../deps';
import { endpoint, json } from '../http/endpoint';
import { listResponse, readListQuery } from '../http/list';
import { matchesFilter, type CompiledFilter, type FilterNode, type ListQuerySpec } from '../http/odata';

const BASE = 'v1.0/roleManagement/directory';
const tags = ['roles'];
const idParams = z.object({ id: z.string().min(1).max(100) });
const assignBody = z.object({
  principalId: z.guid(),
  roleDefinitionId: z.guid(),
  directoryScopeId: z.literal('/', { error: "only '/' (the whole directory) is supported" }),
});

const context = (path: string) => `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#roleManagement/directory/${path}`;
const wireAssignment = (a: DirectoryRoleAssignment) => ({ id: a.id, principalId: a.principalId, roleDefinitionId: a.roleDefinitionId, directoryScopeId: a.directoryScopeId });
const callerOf = (principal: Principal | undefined) => actorOf(principal!);

const definitionsSpec: ListQuerySpec = {
  resource: 'UnifiedRoleDefinition',
  entityType: 'microsoft.graph.unifiedRoleDefinition',
  filterable: {
    displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
    templateId: { type: { kind: 'guid' }, operators: ['eq', 'in'] },
    isBuiltIn: { type: { kind: 'boolean' }, operators: ['eq'] },
  },
  selectable: ['id', 'displayName', 'description', 'isBuiltIn', 'isEnabled', 'templateId', 'rolePermissions'],
  defaultPageSize: 100,
};
const assignmentsSpec: ListQuerySpec = {
  resource: 'UnifiedRoleAssignment',
  entityType: 'microsoft.graph.unifiedRoleAssignment',
  filterable: {
    principalId: { type: { kind: 'guid' }, operators: ['eq'] },
    roleDefinitionId: { type: { kind: 'guid' }, operators: ['eq'] },
  },
  selectable: ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId'],
  defaultPageSize: 100,
};

/** The `principalId eq` / `roleDefinitionId eq` values of a filter made only of such clauses joined by `and`. */
function equalities(filter: CompiledFilter | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const visit = (node: FilterNode): boolean => {
    if (node.type === 'and') return visit(node.left) && visit(node.right);
    if (node.type !== 'compare' || node.operator !== 'eq' || node.value.kind !== 'guid') return false;
    out[node.property.segments.join('/')] = node.value.value;
    return true;
  };
  return !filter || visit(filter) ? out : undefined;
}

app.http('listRoleDefinitions', endpoint({
  operationId: 'listRoleDefinitions', method: 'GET', route: `${BASE}/roleDefinitions`, tags,
  summary: 'The built-in directory roles, with Entra template ids (Graph: GET /roleManagement/directory/roleDefinitions)',
  responses: { 200: { description: 'Every role definition' } },
  async handle({ request }) {
    const pagingKey = await skipTokenKey();
    const { query, start } = readListQuery(request, definitionsSpec, pagingKey);
    const matching = ROLE_DEFINITIONS.filter((d) => !query.filter || matchesFilter(query.filter, d));
    const offset = start && 'offset' in start ? start.offset : 0;
    const items = matching.slice(offset, offset + query.top).map((d) => ({ ...d }));
    const next = offset + query.top < matching.length ? { offset: offset + query.top } : undefined;
    return listResponse({ request, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet: 'roleManagement/directory/roleDefinitions', query, items, next, pagingKey });
  },
}, httpDeps));

app.http('getRoleDefinition', endpoint({
  operationId: 'getRoleDefinition', method: 'GET', route: `${BASE}/roleDefinitions/{id}`, tags, params: idParams,
  summary: 'One built-in directory role (Graph: GET /roleManagement/directory/roleDefinitions/{id})',
  responses: { 200: { description: 'The role definition' } },
  async handle({ params }) {
    const definition = findRoleDefinition(params.id);
    if (!definition) throw notFound('unifiedRoleDefinition', params.id);
    return json(200, { '@odata.context': context('roleDefinitions/$entity'), ...definition });
  },
}, httpDeps));

app.http('createRoleAssignment', endpoint({
  operationId: 'createRoleAssignment', method: 'POST', route: `${BASE}/roleAssignments`, tags, body: assignBody,
  summary: 'Give a user a directory role over the whole directory (Graph: POST /roleManagement/directory/roleAssignments)',
  responses: { 201: { description: 'The new unifiedRoleAssignment' } },
  async handle({ body, principal }) {
    const assignment = await assignDirectoryRole(roleDeps(), { ...body, actor: callerOf(principal) });
    return json(201, { '@odata.context': context('roleAssignments/$entity'), ...wireAssignment(assignment) });
  },
}, httpDeps));

app.http('listRoleAssignments', endpoint({
  operationId: 'listRoleAssignments', method: 'GET', route: `${BASE}/roleAssignments`, tags,
  summary: "Directory role assignments; $filter=principalId eq '…' and/or roleDefinitionId eq '…' (Graph: GET /roleManagement/directory/roleAssignments)",
  responses: { 200: { description: 'A page of unifiedRoleAssignments' } },
  async handle({ request }) {
    const pagingKey = await skipTokenKey();
    const { query, start } = readListQuery(request, assignmentsSpec, pagingKey);
    const wanted = equalities(query.filter);
    if (!wanted) throw new Failure('invalidRequest', "Only 'principalId eq' and 'roleDefinitionId eq' clauses joined by 'and' are supported in $filter.");
    const page = await roleDeps().roleAssignments.list({
      principalId: wanted['principalId'],
      roleDefinitionId: wanted['roleDefinitionId'],
      top: query.top,
      continuationToken: start && 'continuation' in start ? start.continuation : undefined,
    });
    const next = page.continuationToken ? { continuation: page.continuationToken } : undefined;
    return listResponse({ request, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet: 'roleManagement/directory/roleAssignments', query, items: page.items.map(wireAssignment), next, pagingKey });
  },
}, httpDeps));

app.http('getRoleAssignment', endpoint({
  operationId: 'getRoleAssignment', method: 'GET', route: `${BASE}/roleAssignments/{id}`, tags, params: idParams,
  summary: 'One directory role assignment (Graph: GET /roleManagement/directory/roleAssignments/{id})',
  responses: { 200: { description: 'The unifiedRoleAssignment' } },
  async handle({ params }) {
    const assignment = await roleDeps().roleAssignments.get(params.id);
    if (!assignment) throw notFound('unifiedRoleAssignment', params.id);
    return json(200, { '@odata.context': context('roleAssignments/$entity'), ...wireAssignment(assignment) });
  },
}, httpDeps));

app.http('deleteRoleAssignment', endpoint({
  operationId: 'deleteRoleAssignment', method: 'DELETE', route: `${BASE}/roleAssignments/{id}`, tags, params: idParams,
  summary: 'Take a directory role away (Graph: DELETE /roleManagement/directory/roleAssignments/{id})',
  responses: { 204: { description: 'Removed' } },
  async handle({ params, principal }) {
    await removeDirectoryRole(roleDeps(), { id: params.id, actor: callerOf(principal) });
    return { status: 204 };
  },
}, httpDeps));
