import { app, type HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import { groupModule, httpDeps, settings, skipTokenKey, userDeps, userRepository } from '../deps';
import { applicationRegistrationDeps, applicationStore } from '../deps/openid-provider';
import type { OperationId } from '../domain/access';
import { actorOf } from '../domain/applications';
import { purgeApplication, restoreApplication } from '../domain/applications/register-application';
import { Failure, notFound } from '../domain/errors';
import { finishGroupDeletion } from '../domain/groups/manage-group';
import type { DeletedGroup } from '../domain/groups/ports';
import { purgeDeletedGroup, requireBin, restoreGroup } from '../domain/groups/recycle-group';
import type { Principal } from '../domain/principal';
import { purgeDeletedUser, restoreUser } from '../domain/users/delete-user';
import { initiatorOf } from '../domain/users/initiator';
import { toGraphUser } from '../domain/users/user-wire';
import { endpoint, json } from '../http/endpoint';
import type { RequestIdentity } from '../http/errors';
import { listResponse, readAdvancedListQuery } from '../http/list';
import type { AdvancedListQuerySpec } from '../http/odata';
import { wireApplication } from './applications/wire';
import { groupListSpec, groupWire } from './groups/wire';

/**
 * The directory's recycle bin (Graph `/directory/deletedItems`): deleted users, Microsoft 365
 * groups and applications, by type (`…/microsoft.graph.group/{id}`) and by id alone (`…/{id}`),
 * which finds the object's type and then applies that type's permissions.
 */
const base = () => `${settings().PUBLIC_BASE_URL}/api/v1.0`;
const idParams = z.object({ id: z.string().min(1).max(400) });
type Kind = 'user' | 'group' | 'application';
type Action = 'read' | 'restore' | 'purge';

const OPERATIONS: Record<Kind, Record<Action, OperationId>> = {
  user: { read: 'getDeletedUser', restore: 'restoreDeletedUser', purge: 'purgeDeletedUser' },
  group: { read: 'getDeletedGroup', restore: 'restoreDeletedGroup', purge: 'purgeDeletedGroup' },
  application: { read: 'getDeletedApplication', restore: 'restoreDeletedApplication', purge: 'purgeDeletedApplication' },
};

const deletedGroupWire = (d: DeletedGroup) => ({ '@odata.type': '#microsoft.graph.group', ...groupWire(d.group), deletedDateTime: d.deletedAt.toISOString() });

/** The deleted object with this id, as Graph returns it, or undefined. */
async function findDeleted(id: string, only?: Kind): Promise<{ kind: Kind; wire: Record<string, unknown> } | undefined> {
  if (!only || only === 'user') {
    const stored = await userRepository().get(id);
    if (stored?.user.deletedAt) return { kind: 'user', wire: { '@odata.type': '#microsoft.graph.user', ...toGraphUser(stored.user) } };
  }
  if (!only || only === 'group') {
    const deleted = await requireBin(groupModule().deps).getDeleted(id.toLowerCase());
    if (deleted) return { kind: 'group', wire: deletedGroupWire(deleted) };
  }
  if (!only || only === 'application') {
    const stored = await applicationStore().get(id, { deleted: true });
    if (stored) return { kind: 'application', wire: { '@odata.type': '#microsoft.graph.application', ...wireApplication(stored.value, settings().ORGANIZATION_INITIAL_DOMAIN) } };
  }
  return undefined;
}

/** Finds the object and checks the caller holds what its type's operation needs (a 403 otherwise). */
async function resolve(id: string, action: Action, principal: Principal | undefined, only?: Kind) {
  const found = await findDeleted(id, only);
  if (!found) throw notFound('deletedItem', id);
  if (!only && principal && !(await httpDeps().authorize(principal, OPERATIONS[found.kind][action]))) {
    throw new Failure('accessDenied', 'Insufficient privileges to complete the operation.');
  }
  return found;
}

async function readDeleted(id: string, principal: Principal | undefined, only?: Kind): Promise<HttpResponseInit> {
  const found = await resolve(id, 'read', principal, only);
  return json(200, { '@odata.context': `${base()}/$metadata#directory/deletedItems/$entity`, ...found.wire });
}

async function restoreDeleted(id: string, principal: Principal | undefined, request: RequestIdentity, only?: Kind): Promise<HttpResponseInit> {
  const found = await resolve(id, 'restore', principal, only);
  const context = { '@odata.context': `${base()}/$metadata#directoryObjects/$entity` };
  if (found.kind === 'user') {
    const user = await restoreUser(userDeps(), { id, initiatedBy: initiatorOf(principal), correlationId: request.requestId });
    return json(200, { ...context, '@odata.type': '#microsoft.graph.user', ...toGraphUser(user) });
  }
  if (found.kind === 'group') {
    const group = await restoreGroup(groupModule().deps, id.toLowerCase(), initiatorOf(principal), request.requestId);
    return json(200, { ...context, '@odata.type': '#microsoft.graph.group', ...groupWire(group), deletedDateTime: null });
  }
  const restored = await restoreApplication(applicationRegistrationDeps(), { id, actor: actorOf(principal!) });
  return json(200, { ...context, '@odata.type': '#microsoft.graph.application', ...wireApplication(restored, settings().ORGANIZATION_INITIAL_DOMAIN) });
}

async function purgeDeleted(id: string, principal: Principal | undefined, request: RequestIdentity, only?: Kind): Promise<HttpResponseInit> {
  const found = await resolve(id, 'purge', principal, only);
  if (found.kind === 'user') await purgeDeletedUser(userDeps(), { id, initiatedBy: initiatorOf(principal), correlationId: request.requestId });
  else if (found.kind === 'group') {
    const deps = groupModule().deps;
    await purgeDeletedGroup(deps, id.toLowerCase(), initiatorOf(principal), (groupId) => finishGroupDeletion(deps, groupId), request.requestId);
  } else await purgeApplication(applicationRegistrationDeps(), { id, actor: actorOf(principal!) });
  return { status: 204 };
}

const deletedGroupsSpec: AdvancedListQuerySpec = {
  ...groupListSpec, filterable: {}, selectable: [...groupListSpec.selectable, 'deletedDateTime'], sortable: { deletedDateTime: 'advanced' }, searchable: [],
};

app.http('listDeletedGroups', endpoint({
  operationId: 'listDeletedGroups', method: 'GET', route: 'v1.0/directory/deletedItems/microsoft.graph.group', tags: ['groups'],
  summary: 'Deleted Microsoft 365 groups, restorable for 30 days (Graph: GET /directory/deletedItems/microsoft.graph.group); security groups are deleted for good, as in Graph',
  responses: { 200: { description: 'A page of deleted groups' } },
  async handle({ request }) {
    const pagingKey = await skipTokenKey();
    const { query, position } = readAdvancedListQuery(request, deletedGroupsSpec, pagingKey);
    // The purge-due rows are in deletion order; no row is kept in the reverse order.
    if (query.orderBy?.descending) throw new Failure('invalidRequest', "'$orderby=deletedDateTime desc' is not supported on deleted groups: they are listed oldest first ('deletedDateTime asc') or in id order.");
    const bin = requireBin(groupModule().deps);
    const page = await bin.listDeleted({ top: query.top, continuationToken: position, oldestFirst: query.orderBy !== undefined });
    const next = page.continuationToken ? { continuation: page.continuationToken } : undefined;
    return listResponse({
      request, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet: 'directoryObjects', query, items: page.items.map(deletedGroupWire), next, pagingKey,
      count: query.count ? await bin.countDeleted() : undefined,
    });
  },
}, httpDeps));

// By id alone: Graph's documented form. The names sort after the typed routes' (Azure tries routes by function name).
app.http('readDeletedItem', endpoint({
  operationId: 'readDeletedItem', method: 'GET', route: 'v1.0/directory/deletedItems/{id}', tags: ['directory'], params: idParams,
  summary: 'A deleted user, Microsoft 365 group or application by id (Graph: GET /directory/deletedItems/{id}); the permissions of its type apply',
  responses: { 200: { description: 'The deleted object with its @odata.type' }, 404: { description: 'Not in the recycle bin' } },
  handle: ({ params, principal }) => readDeleted(params.id, principal),
}, httpDeps));

app.http('restoreDeletedItem', endpoint({
  operationId: 'restoreDeletedItem', method: 'POST', route: 'v1.0/directory/deletedItems/{id}/restore', tags: ['directory'], params: idParams,
  summary: 'Restore a deleted user, Microsoft 365 group or application (Graph: POST /directory/deletedItems/{id}/restore) with its memberships and assignments',
  responses: { 200: { description: 'The restored object' }, 404: { description: 'Not in the recycle bin' }, 409: { description: 'An address was taken meanwhile' } },
  handle: ({ params, principal, id }) => restoreDeleted(params.id, principal, id),
}, httpDeps));

app.http('purgeDeletedItem', endpoint({
  operationId: 'purgeDeletedItem', method: 'DELETE', route: 'v1.0/directory/deletedItems/{id}', tags: ['directory'], params: idParams,
  summary: 'Delete a deleted object for good (Graph: DELETE /directory/deletedItems/{id})',
  responses: { 204: { description: 'Gone' }, 404: { description: 'Not in the recycle bin' } },
  handle: ({ params, principal, id }) => purgeDeleted(params.id, principal, id),
}, httpDeps));

// The same by type, which also names each type's permissions in the access table.
for (const [kind, cast, tag] of [['user', 'microsoft.graph.user', 'users'], ['group', 'microsoft.graph.group', 'groups']] as const) {
  const ops = OPERATIONS[kind];
  const route = `v1.0/directory/deletedItems/${cast}/{id}`;
  app.http(ops.read, endpoint({
    operationId: ops.read, method: 'GET', route, tags: [tag], params: idParams,
    summary: `One deleted ${kind} (Graph: GET /directory/deletedItems/{id})`,
    responses: { 200: { description: `The deleted ${kind}` }, 404: { description: 'Not in the recycle bin' } },
    handle: ({ params, principal }) => readDeleted(params.id, principal, kind),
  }, httpDeps));
  app.http(ops.restore, endpoint({
    operationId: ops.restore, method: 'POST', route: `${route}/restore`, tags: [tag], params: idParams,
    summary: `Restore a deleted ${kind} (Graph: POST /directory/deletedItems/{id}/restore)`,
    responses: { 200: { description: `The restored ${kind}` }, 404: { description: 'Not in the recycle bin' } },
    handle: ({ params, principal, id }) => restoreDeleted(params.id, principal, id, kind),
  }, httpDeps));
  app.http(ops.purge, endpoint({
    operationId: ops.purge, method: 'DELETE', route, tags: [tag], params: idParams,
    summary: `Delete a deleted ${kind} for good (Graph: DELETE /directory/deletedItems/{id})`,
    responses: { 204: { description: 'Gone' }, 404: { description: 'Not in the recycle bin' } },
    handle: ({ params, principal, id }) => purgeDeleted(params.id, principal, id, kind),
  }, httpDeps));
}
