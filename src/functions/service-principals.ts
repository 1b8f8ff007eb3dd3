import { app } from '@azure/functions';
import { z } from 'zod';
import {
  actorOf,
  assignAppRole,
  createServicePrincipal,
  deleteServicePrincipal,
  listAssignmentsReaching,
  removeAppRoleAssignment,
  updateServicePrincipal,
  type AppRoleAssignment,
  type ReachingCursor,
  type ServicePrincipal,
} from '../domain/applications';
import { Failure, notFound } from '../domain/errors';
import { matchesFilter } from '../domain/query/evaluate-filter';
import type { Principal } from '../domain/principal';
import { applicationDeps, httpDeps, servicePrincipalStore, settings, skipTokenKey } from '../deps';
import { applicationStore } from '../deps/openid-provider';
import { endpoint, json } from '../http/endpoint';
import { continuationOf, listResponse, readListQuery, residualFilter } from '../http/list';
import type { ListQuerySpec, SkipTokenState } from '../http/odata';

const guid = z.guid();
const appRoleInput = z.object({
  id: guid,
  displayName: z.string().trim().min(1).max(100),
  description: z.string().max(1000).nullable().default(null),
  value: z.string().regex(/^[^\s]{1,120}$/, 'must be 1-120 characters without spaces').nullable().default(null),
  allowedMemberTypes: z.array(z.literal('User')).min(1).max(1),
  isEnabled: z.boolean().default(true),
  // Read-only, but what GET returns: a role read, changed and sent back keeps it (it is ignored).
  origin: z.string().max(40).optional(),
});
const createBody = z.object({
  appId: guid.optional(),
  // Optional when appId names an app registration: Graph takes the name (and roles) from it.
  displayName: z.string().trim().min(1).max(256).optional(),
  appRoles: z.array(appRoleInput).max(100).optional(),
  appRoleAssignmentRequired: z.boolean().optional(),
});
const updateBody = z.object({
  appId: z.never({ error: 'appId cannot be changed' }).optional(),
  displayName: z.string().trim().min(1).max(256).optional(),
  appRoles: z.array(appRoleInput).max(100).optional(),
  appRoleAssignmentRequired: z.boolean().optional(),
});
const assignBody = z.object({ principalId: guid, resourceId: guid, appRoleId: guid });
const idParams = z.object({ id: z.string().min(1).max(100) });
const assignmentParams = z.object({ id: z.string().min(1).max(100), assignmentId: z.string().min(1).max(100) });

const wireServicePrincipal = (p: ServicePrincipal) => ({
  id: p.id,
  appId: p.appId,
  displayName: p.displayName,
  servicePrincipalType: 'Application',
  appRoleAssignmentRequired: p.appRoleAssignmentRequired,
  appRoles: p.appRoles.map((r) => ({ ...r, origin: 'ServicePrincipal' })),
});
const wireAssignment = (a: AppRoleAssignment) => ({
  id: a.id,
  appRoleId: a.appRoleId,
  principalId: a.principalId,
  principalType: a.principalType,
  principalDisplayName: a.principalDisplayName,
  resourceId: a.resourceId,
  resourceDisplayName: a.resourceDisplayName,
  createdDateTime: a.createdAt.toISOString(),
  deletedDateTime: null,
});

const principalsSpec: ListQuerySpec = {
  resource: 'ServicePrincipal',
  entityType: 'microsoft.graph.servicePrincipal',
  filterable: {
    displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'in'] },
    appId: { type: { kind: 'guid' }, operators: ['eq', 'in'] },
  },
  selectable: ['id', 'appId', 'displayName', 'servicePrincipalType', 'appRoleAssignmentRequired', 'appRoles'],
  defaultPageSize: 100,
};
const assignmentsSpec: ListQuerySpec = {
  resource: 'AppRoleAssignment',
  entityType: 'microsoft.graph.appRoleAssignment',
  filterable: {},
  selectable: ['id', 'appRoleId', 'principalId', 'principalType', 'principalDisplayName', 'resourceId', 'resourceDisplayName', 'createdDateTime', 'deletedDateTime'],
  defaultPageSize: 100,
};

// Graph documents `$filter=resourceId eq {id}` on a user's assignments.
const userAssignmentsSpec: ListQuerySpec = { ...assignmentsSpec, filterable: { resourceId: { type: { kind: 'guid' }, operators: ['eq'] } } };

const callerOf = (principal: Principal | undefined) => actorOf(principal!);

/** The cursor a `$skiptoken` of listUserAppRoleAssignments carries (sealed by the paging key, so well-formed). */
const reachingCursor = z.object({ principalId: z.string(), continuationToken: z.string().optional() });
function reachingCursorOf(start: SkipTokenState | undefined): ReachingCursor | undefined {
  if (!start || !('continuation' in start)) return undefined;
  return reachingCursor.parse(JSON.parse(start.continuation));
}
const tags = ['applications'];
const publicBaseUrl = () => settings().PUBLIC_BASE_URL;

app.http('createServicePrincipal', endpoint({
  operationId: 'createServicePrincipal', method: 'POST', route: 'v1.0/servicePrincipals', tags,
  summary: 'Register an enterprise application (Graph: POST /servicePrincipals)',
  body: createBody,
  responses: { 201: { description: 'The new service principal' }, 409: { description: 'appId already in use' } },
  async handle({ body, principal }) {
    const registration = body.appId ? await applicationStore().findByAppId(body.appId) : undefined;
    const displayName = body.displayName ?? registration?.displayName;
    if (!displayName) throw new Failure('validationFailed', 'displayName is required unless appId names an application.', { details: [{ target: 'displayName', message: 'required' }] });
    const appRoles = body.appRoles ?? registration?.appRoles;
    const created = await createServicePrincipal(applicationDeps(), { principal: { ...body, displayName, appRoles }, actor: callerOf(principal) });
    return json(201, { '@odata.context': `${publicBaseUrl()}/api/v1.0/$metadata#servicePrincipals/$entity`, ...wireServicePrincipal(created) });
  },
}, httpDeps));

app.http('listServicePrincipals', endpoint({
  operationId: 'listServicePrincipals', method: 'GET', route: 'v1.0/servicePrincipals', tags,
  summary: 'List enterprise applications; $filter on displayName and appId (Graph: GET /servicePrincipals)',
  responses: { 200: { description: 'A page of service principals' } },
  async handle({ request }) {
    const pagingKey = await skipTokenKey();
    const { query, start } = readListQuery(request, principalsSpec, pagingKey);
    const page = await servicePrincipalStore().list({ filter: query.filter, top: query.top, continuationToken: continuationOf(start) });
    const items = page.items.map(wireServicePrincipal).filter(residualFilter(query.filter, page.partial));
    const next = page.continuationToken ? { continuation: page.continuationToken } : undefined;
    return listResponse({ request, publicBaseUrl: publicBaseUrl(), entitySet: 'servicePrincipals', query, items, next, pagingKey });
  },
}, httpDeps));

app.http('getServicePrincipal', endpoint({
  operationId: 'getServicePrincipal', method: 'GET', route: 'v1.0/servicePrincipals/{id}', tags, params: idParams,
  summary: 'Get an enterprise application (Graph: GET /servicePrincipals/{id})',
  responses: { 200: { description: 'The service principal' } },
  async handle({ params }) {
    const stored = await servicePrincipalStore().get(params.id);
    if (!stored) throw notFound('servicePrincipal', params.id);
    return json(200, { '@odata.context': `${publicBaseUrl()}/api/v1.0/$metadata#servicePrincipals/$entity`, ...wireServicePrincipal(stored.value) });
  },
}, httpDeps));

app.http('updateServicePrincipal', endpoint({
  operationId: 'updateServicePrincipal', method: 'PATCH', route: 'v1.0/servicePrincipals/{id}', tags, params: idParams, body: updateBody,
  summary: 'Change an enterprise application; enabled roles must be disabled before they change or go (Graph: PATCH /servicePrincipals/{id})',
  responses: { 204: { description: 'Updated' } },
  async handle({ params, body, principal }) {
    await updateServicePrincipal(applicationDeps(), { id: params.id, changes: body, actor: callerOf(principal) });
    return { status: 204 };
  },
}, httpDeps));

app.http('deleteServicePrincipal', endpoint({
  operationId: 'deleteServicePrincipal', method: 'DELETE', route: 'v1.0/servicePrincipals/{id}', tags, params: idParams,
  summary: 'Delete an enterprise application and all its assignments (Graph: DELETE /servicePrincipals/{id})',
  responses: { 204: { description: 'Deleted' } },
  async handle({ params, principal }) {
    await deleteServicePrincipal(applicationDeps(), { id: params.id, actor: callerOf(principal) });
    return { status: 204 };
  },
}, httpDeps));

// Graph's alternate key (serviceprincipal-get, -update, -delete): /servicePrincipals(appId='{appId}').
const appIdParams = z.object({ appId: z.string().min(1).max(100) });
async function servicePrincipalOfAppId(appId: string): Promise<ServicePrincipal> {
  const found = await servicePrincipalStore().findByAppId(appId);
  if (!found) throw notFound('servicePrincipal', appId);
  return found;
}

app.http('getServicePrincipalByAppId', endpoint({
  operationId: 'getServicePrincipalByAppId', method: 'GET', route: "v1.0/servicePrincipals(appId='{appId}')", tags, params: appIdParams,
  summary: "Get an enterprise application by its appId (Graph: GET /servicePrincipals(appId='{appId}'))",
  responses: { 200: { description: 'The service principal' } },
  async handle({ params }) {
    const found = await servicePrincipalOfAppId(params.appId);
    return json(200, { '@odata.context': `${publicBaseUrl()}/api/v1.0/$metadata#servicePrincipals/$entity`, ...wireServicePrincipal(found) });
  },
}, httpDeps));

app.http('updateServicePrincipalByAppId', endpoint({
  operationId: 'updateServicePrincipalByAppId', method: 'PATCH', route: "v1.0/servicePrincipals(appId='{appId}')", tags, params: appIdParams, body: updateBody,
  summary: "Change an enterprise application by its appId (Graph: PATCH /servicePrincipals(appId='{appId}'))",
  responses: { 204: { description: 'Updated' } },
  async handle({ params, body, principal }) {
    const found = await servicePrincipalOfAppId(params.appId);
    await updateServicePrincipal(applicationDeps(), { id: found.id, changes: body, actor: callerOf(principal) });
    return { status: 204 };
  },
}, httpDeps));

app.http('deleteServicePrincipalByAppId', endpoint({
  operationId: 'deleteServicePrincipalByAppId', method: 'DELETE', route: "v1.0/servicePrincipals(appId='{appId}')", tags, params: appIdParams,
  summary: "Delete an enterprise application by its appId (Graph: DELETE /servicePrincipals(appId='{appId}'))",
  responses: { 204: { description: 'Deleted' } },
  async handle({ params, principal }) {
    const found = await servicePrincipalOfAppId(params.appId);
    await deleteServicePrincipal(applicationDeps(), { id: found.id, actor: callerOf(principal) });
    return { status: 204 };
  },
}, httpDeps));

app.http('createAppRoleAssignedTo', endpoint({
  operationId: 'createAppRoleAssignedTo', method: 'POST', route: 'v1.0/servicePrincipals/{id}/appRoleAssignedTo', tags, params: idParams, body: assignBody,
  summary: 'Assign a user or group to an app role (Graph: POST /servicePrincipals/{id}/appRoleAssignedTo)',
  responses: { 201: { description: 'The new appRoleAssignment' } },
  async handle({ params, body, principal }) {
    if (body.resourceId.toLowerCase() !== params.id.toLowerCase()) {
      throw new Failure('validationFailed', 'resourceId must be the id of the service principal in the URL.', {
        details: [{ target: 'resourceId', message: 'does not match the URL' }],
      });
    }
    const assignment = await assignAppRole(applicationDeps(), { resourceId: params.id, principalId: body.principalId, appRoleId: body.appRoleId, actor: callerOf(principal) });
    return json(201, { '@odata.context': `${publicBaseUrl()}/api/v1.0/$metadata#servicePrincipals('${params.id}')/appRoleAssignedTo/$entity`, ...wireAssignment(assignment) });
  },
}, httpDeps));

app.http('listAppRoleAssignedTo', endpoint({
  operationId: 'listAppRoleAssignedTo', method: 'GET', route: 'v1.0/servicePrincipals/{id}/appRoleAssignedTo', tags, params: idParams,
  summary: 'Users and groups assigned to the application, direct assignments only (Graph: GET /servicePrincipals/{id}/appRoleAssignedTo)',
  responses: { 200: { description: 'A page of appRoleAssignments' } },
  async handle({ request, params }) {
    const deps = applicationDeps();
    if (!(await deps.servicePrincipals.get(params.id))) throw notFound('servicePrincipal', params.id);
    const pagingKey = await skipTokenKey();
    const { query, start } = readListQuery(request, assignmentsSpec, pagingKey);
    const page = await deps.assignments.listByResource(params.id, { top: query.top, continuationToken: start && 'continuation' in start ? start.continuation : undefined });
    const next = page.continuationToken ? { continuation: page.continuationToken } : undefined;
    return listResponse({ request, publicBaseUrl: publicBaseUrl(), entitySet: `servicePrincipals('${params.id}')/appRoleAssignedTo`, query, items: page.items.map(wireAssignment), next, pagingKey });
  },
}, httpDeps));

app.http('deleteAppRoleAssignedTo', endpoint({
  operationId: 'deleteAppRoleAssignedTo', method: 'DELETE', route: 'v1.0/servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}', tags, params: assignmentParams,
  summary: 'Remove an app role assignment (Graph: DELETE /servicePrincipals/{id}/appRoleAssignedTo/{id})',
  responses: { 204: { description: 'Removed' } },
  async handle({ params, principal }) {
    await removeAppRoleAssignment(applicationDeps(), { resourceId: params.id, assignmentId: params.assignmentId, actor: callerOf(principal) });
    return { status: 204 };
  },
}, httpDeps));

app.http('listUserAppRoleAssignments', endpoint({
  operationId: 'listUserAppRoleAssignments', method: 'GET', route: 'v1.0/users/{id}/appRoleAssignments', tags, params: idParams,
  summary: "A user's app role assignments, including those of groups the user is a direct member of (Graph: GET /users/{id}/appRoleAssignments)",
  responses: { 200: { description: 'A page of appRoleAssignments' } },
  async handle({ request, params }) {
    const deps = applicationDeps();
    const user = await deps.principals.findPrincipal(params.id);
    if (user?.type !== 'User') throw notFound('user', params.id);
    const pagingKey = await skipTokenKey();
    const { query, start } = readListQuery(request, userAssignmentsSpec, pagingKey);
    const page = await listAssignmentsReaching(deps, user.id, { top: query.top, after: reachingCursorOf(start) });
    const next = page.next ? { continuation: JSON.stringify(page.next) } : undefined;
    // `$filter=resourceId eq …` is applied to each page (a page may then hold fewer than $top; the next link goes on).
    const items = page.items.map(wireAssignment).filter((a) => !query.filter || matchesFilter(query.filter, a));
    return listResponse({ request, publicBaseUrl: publicBaseUrl(), entitySet: `users('${user.id}')/appRoleAssignments`, query, items, next, pagingKey });
  },
}, httpDeps));

app.http('createUserAppRoleAssignment', endpoint({
  operationId: 'createUserAppRoleAssignment', method: 'POST', route: 'v1.0/users/{id}/appRoleAssignments', tags, params: idParams, body: assignBody,
  summary: 'Assign an app role to a user, from the user (Graph: POST /users/{id}/appRoleAssignments)',
  responses: { 201: { description: 'The new appRoleAssignment' } },
  async handle({ params, body, principal }) {
    if (body.principalId.toLowerCase() !== params.id.toLowerCase()) {
      throw new Failure('validationFailed', 'principalId must be the id of the user in the URL.', { details: [{ target: 'principalId', message: 'does not match the URL' }] });
    }
    const user = await applicationDeps().principals.findPrincipal(params.id);
    if (user?.type !== 'User') throw notFound('user', params.id);
    const assignment = await assignAppRole(applicationDeps(), { resourceId: body.resourceId, principalId: user.id, appRoleId: body.appRoleId, actor: callerOf(principal) });
    return json(201, { '@odata.context': `${publicBaseUrl()}/api/v1.0/$metadata#users('${user.id}')/appRoleAssignments/$entity`, ...wireAssignment(assignment) });
  },
}, httpDeps));
