import { app } from '@azure/functions';
import { z } from 'zod';
import { actorOf } from '../domain/applications';
import { Failure, notFound } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { ROLE_DEFINITIONS, assignDirectoryRole, findRoleDefinition, removeDirectoryRole, type RoleDefinition } from '../domain/roles';
import { httpDeps, roleDeps, settings } from '../deps';
import { endpoint, json } from '../http/endpoint';
import { parseObjectRef } from './groups/refs';
import { page } from './groups/page';
import { memberListSpec } from './groups/wire';

/**
 * Graph's older directory-role API over the same assignments as `/roleManagement/directory`:
 * a member added here is a `unifiedRoleAssignment` there and the other way round. Every built-in
 * role Gatehouse models is always active, so a role's id is its template id, and activating one
 * (`POST /directoryRoles {roleTemplateId}`) answers it as created.
 */

const tags = ['roles'];
const idParams = z.object({ id: z.string().min(1).max(100) });
const memberParams = z.object({ id: z.string().min(1).max(100), memberId: z.string().min(1).max(100) });
const callerOf = (principal: Principal | undefined) => actorOf(principal!);
const base = () => `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata`;

const roleWire = (role: RoleDefinition) => ({ '@odata.type': '#microsoft.graph.directoryRole', id: role.id, deletedDateTime: null, displayName: role.displayName, description: role.description, roleTemplateId: role.id });
const templateWire = (role: RoleDefinition) => ({ '@odata.type': '#microsoft.graph.directoryRoleTemplate', id: role.id, deletedDateTime: null, displayName: role.displayName, description: role.description });

function requireRole(id: string): RoleDefinition {
  const role = findRoleDefinition(id);
  if (!role) throw notFound('directoryRole', id);
  return role;
}

app.http('listDirectoryRoles', endpoint({
  operationId: 'listDirectoryRoles', method: 'GET', route: 'v1.0/directoryRoles', tags,
  summary: 'The active directory roles: every built-in role Gatehouse models (Graph: GET /directoryRoles)',
  responses: { 200: { description: 'The directoryRoles' } },
  async handle() {
    return json(200, { '@odata.context': `${base()}#directoryRoles`, value: ROLE_DEFINITIONS.map(roleWire) });
  },
}, httpDeps));

app.http('getDirectoryRole', endpoint({
  operationId: 'getDirectoryRole', method: 'GET', route: 'v1.0/directoryRoles/{id}', tags, params: idParams,
  summary: 'One directory role; its id is its template id (Graph: GET /directoryRoles/{id})',
  responses: { 200: { description: 'The directoryRole' }, 404: { description: 'No such role' } },
  async handle({ params }) {
    return json(200, { '@odata.context': `${base()}#directoryRoles/$entity`, ...roleWire(requireRole(params.id)) });
  },
}, httpDeps));

app.http('getDirectoryRoleByTemplateId', endpoint({
  operationId: 'getDirectoryRoleByTemplateId', method: 'GET', route: "v1.0/directoryRoles(roleTemplateId='{roleTemplateId}')", tags,
  params: z.object({ roleTemplateId: z.string().min(1).max(100) }),
  summary: "One directory role by its template id, Graph's alternate key (Graph: GET /directoryRoles(roleTemplateId='{roleTemplateId}'))",
  responses: { 200: { description: 'The directoryRole' }, 404: { description: 'No such role' } },
  async handle({ params }) {
    return json(200, { '@odata.context': `${base()}#directoryRoles/$entity`, ...roleWire(requireRole(params.roleTemplateId)) });
  },
}, httpDeps));

app.http('activateDirectoryRole', endpoint({
  operationId: 'activateDirectoryRole', method: 'POST', route: 'v1.0/directoryRoles', tags,
  body: z.object({ roleTemplateId: z.guid(), displayName: z.string().max(256).optional(), description: z.string().max(1024).optional() }),
  summary: 'Activate a directory role from its template (Gatehouse roles are always active: the role is returned)',
  responses: { 201: { description: 'The directoryRole' }, 400: { description: 'Not a template Gatehouse models' } },
  async handle({ body }) {
    const role = findRoleDefinition(body.roleTemplateId);
    if (!role) {
      throw new Failure('validationFailed', `Role template '${body.roleTemplateId}' is not a directory role Gatehouse models.`, { details: [{ target: 'roleTemplateId', message: 'unknown role template' }] });
    }
    return json(201, { '@odata.context': `${base()}#directoryRoles/$entity`, ...roleWire(role) });
  },
}, httpDeps));

app.http('listDirectoryRoleTemplates', endpoint({
  operationId: 'listDirectoryRoleTemplates', method: 'GET', route: 'v1.0/directoryRoleTemplates', tags,
  summary: 'The directory role templates Gatehouse models (Graph: GET /directoryRoleTemplates)',
  responses: { 200: { description: 'The directoryRoleTemplates' } },
  async handle() {
    return json(200, { '@odata.context': `${base()}#directoryRoleTemplates`, value: ROLE_DEFINITIONS.map(templateWire) });
  },
}, httpDeps));

app.http('getDirectoryRoleTemplate', endpoint({
  operationId: 'getDirectoryRoleTemplate', method: 'GET', route: 'v1.0/directoryRoleTemplates/{id}', tags, params: idParams,
  summary: 'One directory role template (Graph: GET /directoryRoleTemplates/{id})',
  responses: { 200: { description: 'The directoryRoleTemplate' }, 404: { description: 'No such template' } },
  async handle({ params }) {
    const role = findRoleDefinition(params.id);
    if (!role) throw notFound('directoryRoleTemplate', params.id);
    return json(200, { '@odata.context': `${base()}#directoryRoleTemplates/$entity`, ...templateWire(role) });
  },
}, httpDeps));

app.http('listDirectoryRoleMembers', endpoint({
  operationId: 'listDirectoryRoleMembers', method: 'GET', route: 'v1.0/directoryRoles/{id}/members', tags, params: idParams,
  summary: "A directory role's members: the principals of its role assignments, paged (Graph: GET /directoryRoles/{id}/members)",
  responses: { 200: { description: 'A page of users' }, 404: { description: 'No such role' } },
  async handle({ request, params }) {
    const role = requireRole(params.id);
    const deps = roleDeps();
    return page(request, memberListSpec, `directoryRoles('${role.id}')/members`, async (p) => {
      const assignments = await deps.roleAssignments.list({ roleDefinitionId: role.id, top: p.top, continuationToken: p.continuationToken });
      const principals = await Promise.all(assignments.items.map((a) => deps.principals.findPrincipal(a.principalId)));
      return { items: principals.filter((x) => x !== undefined), continuationToken: assignments.continuationToken };
    }, (principal) => ({ '@odata.type': principal.type === 'User' ? '#microsoft.graph.user' : '#microsoft.graph.directoryObject', id: principal.id, displayName: principal.displayName }));
  },
}, httpDeps));

app.http('addDirectoryRoleMember', endpoint({
  operationId: 'addDirectoryRoleMember', method: 'POST', route: 'v1.0/directoryRoles/{id}/members/$ref', tags, params: idParams,
  body: z.object({ '@odata.id': z.string().max(2048) }),
  summary: 'Give a user the role (the same assignment as POST /roleManagement/directory/roleAssignments)',
  responses: { 204: { description: 'Added' }, 400: { description: 'Already a member, or not a user' }, 404: { description: 'No such role or user' } },
  async handle({ params, body, principal }) {
    const role = requireRole(params.id);
    const ref = parseObjectRef(body['@odata.id']);
    if (!ref.ok) throw new Failure('validationFailed', ref.message, { details: [{ target: '@odata.id', message: ref.message }] });
    await assignDirectoryRole(roleDeps(), { principalId: ref.ref.id, roleDefinitionId: role.id, actor: callerOf(principal) });
    return { status: 204 };
  },
}, httpDeps));

app.http('removeDirectoryRoleMember', endpoint({
  operationId: 'removeDirectoryRoleMember', method: 'DELETE', route: 'v1.0/directoryRoles/{id}/members/{memberId}/$ref', tags, params: memberParams,
  summary: 'Take the role from a member (removes the unifiedRoleAssignment)',
  responses: { 204: { description: 'Removed' }, 404: { description: 'No such role or not a member' } },
  async handle({ params, principal }) {
    const role = requireRole(params.id);
    const deps = roleDeps();
    const found = await deps.roleAssignments.list({ principalId: params.memberId.toLowerCase(), roleDefinitionId: role.id, top: 1 });
    const assignment = found.items[0];
    if (!assignment) throw notFound('member', params.memberId);
    await removeDirectoryRole(deps, { id: assignment.id, actor: callerOf(principal) });
    return { status: 204 };
  },
}, httpDeps));
