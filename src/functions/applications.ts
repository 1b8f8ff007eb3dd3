import { app } from '@azure/functions';
import { z } from 'zod';
import { httpDeps, settings, skipTokenKey } from '../deps';
import { applicationRegistrationDeps, applicationStore, revokeSignInSessions } from '../deps/openid-provider';
import { actorOf } from '../domain/applications';
import {
  addApplicationPassword, createApplication, deleteApplication, purgeApplication, removeApplicationPassword, restoreApplication, updateApplication,
} from '../domain/applications/register-application';
import { notFound } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { userRepository } from '../deps';
import { endpoint, json } from '../http/endpoint';
import { continuationOf, listResponse, readListQuery } from '../http/list';
import type { ListQuerySpec } from '../http/odata';
import { answerApplicationList } from './applications/list-query';
import { applicationBody, applicationInput, applicationPatch, wireApplication, wirePassword } from './applications/wire';

/** App registrations (Graph `/applications`), their recycle bin, and the sign-in surface around them. */
const tags = ['applications'];
const base = () => `${settings().PUBLIC_BASE_URL}/api/v1.0`;
const idParams = z.object({ id: z.string().min(1).max(100) });
const actor = (principal: Principal | undefined) => actorOf(principal!);
const wire = (application: Parameters<typeof wireApplication>[0]) => wireApplication(application, settings().ORGANIZATION_INITIAL_DOMAIN);
const entity = (set: string) => `${base()}/$metadata#${set}/$entity`;

const applicationsSpec: ListQuerySpec = {
  resource: 'Application',
  entityType: 'microsoft.graph.application',
  filterable: {},
  selectable: ['id', 'appId', 'displayName', 'description', 'signInAudience', 'publisherDomain', 'identifierUris', 'appRoles', 'web', 'spa', 'publicClient', 'requiredResourceAccess', 'groupMembershipClaims', 'optionalClaims', 'passwordCredentials', 'keyCredentials', 'createdDateTime', 'deletedDateTime'],
  defaultPageSize: 100,
};

/** The recycle bin's list; live applications are listed with the advanced query options (applications/list-query.ts). */
async function listDeletedApplications(request: Parameters<typeof readListQuery>[0], entitySet: string) {
  const pagingKey = await skipTokenKey();
  const { query, start } = readListQuery(request, applicationsSpec, pagingKey);
  const page = await applicationStore().list({ deleted: true, top: query.top, continuationToken: continuationOf(start) });
  const items = page.items.map((a) => ({ '@odata.type': '#microsoft.graph.application', ...wire(a) }));
  const next = page.continuationToken ? { continuation: page.continuationToken } : undefined;
  return listResponse({ request, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet, query, items, next, pagingKey });
}

app.http('createApplication', endpoint({
  operationId: 'createApplication', method: 'POST', route: 'v1.0/applications', tags, body: applicationBody,
  summary: 'Register an application: redirect URIs, app roles, claims (Graph: POST /applications)',
  responses: { 201: { description: 'The new application, with its appId' } },
  async handle({ body, principal }) {
    const created = await createApplication(applicationRegistrationDeps(), { app: { ...applicationInput(body), displayName: body.displayName }, actor: actor(principal) });
    return json(201, { '@odata.context': entity('applications'), ...wire(created) });
  },
}, httpDeps));

app.http('listApplications', endpoint({
  operationId: 'listApplications', method: 'GET', route: 'v1.0/applications', tags,
  summary: 'List app registrations (Graph: GET /applications)',
  responses: { 200: { description: 'A page of applications' } },
  handle: ({ request }) => answerApplicationList(request),
}, httpDeps));

app.http('countApplications', endpoint({
  operationId: 'countApplications', method: 'GET', route: 'v1.0/applications/$count', tags,
  summary: 'The number of app registrations matching $filter/$search, as text/plain (Graph: GET /applications/$count; needs ConsistencyLevel: eventual)',
  responses: { 200: { description: 'The count (text/plain)' }, 400: { description: 'Without ConsistencyLevel: eventual' } },
  handle: ({ request }) => answerApplicationList(request, { countSegment: true }),
}, httpDeps));

app.http('getApplication', endpoint({
  operationId: 'getApplication', method: 'GET', route: 'v1.0/applications/{id}', tags, params: idParams,
  summary: 'One app registration by object id (Graph: GET /applications/{id})',
  responses: { 200: { description: 'The application' }, 404: { description: 'No such application' } },
  async handle({ params }) {
    const stored = await applicationStore().get(params.id);
    if (!stored) throw notFound('application', params.id);
    return json(200, { '@odata.context': entity('applications'), ...wire(stored.value) });
  },
}, httpDeps));

app.http('updateApplication', endpoint({
  operationId: 'updateApplication', method: 'PATCH', route: 'v1.0/applications/{id}', tags, params: idParams, body: applicationPatch,
  summary: 'Change an app registration (Graph: PATCH /applications/{id})',
  responses: { 204: { description: 'Changed' }, 404: { description: 'No such application' } },
  async handle({ params, body, principal }) {
    await updateApplication(applicationRegistrationDeps(), { id: params.id, changes: applicationInput(body), actor: actor(principal) });
    return { status: 204 };
  },
}, httpDeps));

app.http('deleteApplication', endpoint({
  operationId: 'deleteApplication', method: 'DELETE', route: 'v1.0/applications/{id}', tags, params: idParams,
  summary: 'Move an app registration to the recycle bin (Graph: DELETE /applications/{id})',
  responses: { 204: { description: 'Deleted (restorable)' }, 404: { description: 'No such application' } },
  async handle({ params, principal }) {
    await deleteApplication(applicationRegistrationDeps(), { id: params.id, actor: actor(principal) });
    return { status: 204 };
  },
}, httpDeps));

// Graph's alternate key (application-get, -update, -delete): /applications(appId='{appId}').
const appIdParams = z.object({ appId: z.string().min(1).max(100) });
async function idOfAppId(appId: string): Promise<string> {
  const found = await applicationStore().findByAppId(appId);
  if (!found) throw notFound('application', appId);
  return found.id;
}

app.http('getApplicationByAppId', endpoint({
  operationId: 'getApplicationByAppId', method: 'GET', route: "v1.0/applications(appId='{appId}')", tags, params: appIdParams,
  summary: "One app registration by its appId (Graph: GET /applications(appId='{appId}'))",
  responses: { 200: { description: 'The application' }, 404: { description: 'No such application' } },
  async handle({ params }) {
    const found = await applicationStore().findByAppId(params.appId);
    if (!found) throw notFound('application', params.appId);
    return json(200, { '@odata.context': entity('applications'), ...wire(found) });
  },
}, httpDeps));

app.http('updateApplicationByAppId', endpoint({
  operationId: 'updateApplicationByAppId', method: 'PATCH', route: "v1.0/applications(appId='{appId}')", tags, params: appIdParams, body: applicationPatch,
  summary: "Change an app registration by its appId (Graph: PATCH /applications(appId='{appId}'))",
  responses: { 204: { description: 'Changed' }, 404: { description: 'No such application' } },
  async handle({ params, body, principal }) {
    await updateApplication(applicationRegistrationDeps(), { id: await idOfAppId(params.appId), changes: applicationInput(body), actor: actor(principal) });
    return { status: 204 };
  },
}, httpDeps));

app.http('deleteApplicationByAppId', endpoint({
  operationId: 'deleteApplicationByAppId', method: 'DELETE', route: "v1.0/applications(appId='{appId}')", tags, params: appIdParams,
  summary: "Move an app registration to the recycle bin by its appId (Graph: DELETE /applications(appId='{appId}'))",
  responses: { 204: { description: 'Deleted (restorable)' }, 404: { description: 'No such application' } },
  async handle({ params, principal }) {
    await deleteApplication(applicationRegistrationDeps(), { id: await idOfAppId(params.appId), actor: actor(principal) });
    return { status: 204 };
  },
}, httpDeps));

const addPasswordBody = z.object({
  passwordCredential: z.object({
    displayName: z.string().max(256).nullable().optional(),
    startDateTime: z.iso.datetime({ offset: true }).optional(),
    endDateTime: z.iso.datetime({ offset: true }).optional(),
  }).optional(),
});

app.http('addApplicationPassword', endpoint({
  operationId: 'addApplicationPassword', method: 'POST', route: 'v1.0/applications/{id}/addPassword', tags, params: idParams, body: addPasswordBody,
  summary: 'Add a client secret; its text is in this answer only (Graph: POST /applications/{id}/addPassword)',
  responses: { 200: { description: 'The passwordCredential with secretText' } },
  async handle({ params, body, principal }) {
    const input = body.passwordCredential ?? {};
    const { credential, secretText } = await addApplicationPassword(applicationRegistrationDeps(), {
      id: params.id,
      displayName: input.displayName,
      startAt: input.startDateTime ? new Date(input.startDateTime) : undefined,
      endAt: input.endDateTime ? new Date(input.endDateTime) : undefined,
      actor: actor(principal),
    });
    return json(200, { '@odata.context': `${base()}/$metadata#microsoft.graph.passwordCredential`, ...wirePassword(credential, secretText) }, { 'cache-control': 'no-store' });
  },
}, httpDeps));

app.http('removeApplicationPassword', endpoint({
  operationId: 'removeApplicationPassword', method: 'POST', route: 'v1.0/applications/{id}/removePassword', tags, params: idParams, body: z.object({ keyId: z.guid() }),
  summary: 'Remove a client secret (Graph: POST /applications/{id}/removePassword)',
  responses: { 204: { description: 'Removed' } },
  async handle({ params, body, principal }) {
    await removeApplicationPassword(applicationRegistrationDeps(), { id: params.id, keyId: body.keyId, actor: actor(principal) });
    return { status: 204 };
  },
}, httpDeps));

// The recycle bin for applications, next to the one for users (Graph: /directory/deletedItems/microsoft.graph.application).
app.http('listDeletedApplications', endpoint({
  operationId: 'listDeletedApplications', method: 'GET', route: 'v1.0/directory/deletedItems/microsoft.graph.application', tags,
  summary: 'Deleted applications (Graph: GET /directory/deletedItems/microsoft.graph.application)',
  responses: { 200: { description: 'A page of deleted applications' } },
  handle: ({ request }) => listDeletedApplications(request, 'directory/deletedItems/microsoft.graph.application'),
}, httpDeps));

const deletedParams = z.object({ id: z.string().min(1).max(100) });
app.http('getDeletedApplication', endpoint({
  operationId: 'getDeletedApplication', method: 'GET', route: 'v1.0/directory/deletedItems/microsoft.graph.application/{id}', tags, params: deletedParams,
  summary: 'One deleted application (Graph: GET /directory/deletedItems/{id})',
  responses: { 200: { description: 'The deleted application' }, 404: { description: 'Not in the recycle bin' } },
  async handle({ params }) {
    const stored = await applicationStore().get(params.id, { deleted: true });
    if (!stored) throw notFound('application', params.id);
    return json(200, { '@odata.context': `${base()}/$metadata#directory/deletedItems/$entity`, '@odata.type': '#microsoft.graph.application', ...wire(stored.value) });
  },
}, httpDeps));

app.http('restoreDeletedApplication', endpoint({
  operationId: 'restoreDeletedApplication', method: 'POST', route: 'v1.0/directory/deletedItems/microsoft.graph.application/{id}/restore', tags, params: deletedParams,
  summary: 'Restore a deleted application (Graph: POST /directory/deletedItems/{id}/restore)',
  responses: { 200: { description: 'The restored application' }, 404: { description: 'Not in the recycle bin' } },
  async handle({ params, principal }) {
    const restored = await restoreApplication(applicationRegistrationDeps(), { id: params.id, actor: actor(principal) });
    return json(200, { '@odata.context': `${base()}/$metadata#directoryObjects/$entity`, '@odata.type': '#microsoft.graph.application', ...wire(restored) });
  },
}, httpDeps));

app.http('purgeDeletedApplication', endpoint({
  operationId: 'purgeDeletedApplication', method: 'DELETE', route: 'v1.0/directory/deletedItems/microsoft.graph.application/{id}', tags, params: deletedParams,
  summary: 'Delete an application for good (Graph: DELETE /directory/deletedItems/{id})',
  responses: { 204: { description: 'Gone' }, 404: { description: 'Not in the recycle bin' } },
  async handle({ params, principal }) {
    await purgeApplication(applicationRegistrationDeps(), { id: params.id, actor: actor(principal) });
    return { status: 204 };
  },
}, httpDeps));

app.http('revokeSignInSessions', endpoint({
  operationId: 'revokeSignInSessions', method: 'POST', route: 'v1.0/users/{id}/revokeSignInSessions', tags: ['users'], params: idParams,
  summary: "End a user's sign-in sessions: refresh tokens and sessions from before now stop working (Graph: POST /users/{id}/revokeSignInSessions)",
  responses: { 200: { description: '{ value: true }' }, 404: { description: 'No such user' } },
  async handle({ params }) {
    const stored = await userRepository().get(params.id);
    if (!stored || stored.user.deletedAt) throw notFound('user', params.id);
    await revokeSignInSessions(stored.user.id, new Date());
    return json(200, { '@odata.context': `${base()}/$metadata#Edm.Boolean`, value: true });
  },
}, httpDeps));

