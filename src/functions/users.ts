import { app } from '@azure/functions';
import { z } from 'zod';
import { guestVisibilityDeps, httpDeps, settings, userDeps, userRepository } from '../deps';
import { Failure } from '../domain/errors';
import { createUser } from '../domain/users/create-user';
import { deleteUser } from '../domain/users/delete-user';
import { getUser } from '../domain/users/find-user';
import { checkGuestMayList, checkGuestMayRead, guestLevelOf } from '../domain/users/guest-visibility';
import { initiatorOf } from '../domain/users/initiator';
import { setManager, updateUser } from '../domain/users/update-user';
import { createUserBody, profileOf, splitExtras, toGraphUser, updateUserBody } from '../domain/users/user-wire';
import { readEntityQuery } from '../http/entity-query';
import { answerUserList } from './users/query';
import { answerDeletedUserList } from './users/deleted-query';
import { userSchema } from './users/wire-schemas';
import { asObjectConflict, userEntityBody, userEntityQuery } from './users/entity';
import { endpoint, json } from '../http/endpoint';

const idParams = z.object({ id: z.string().min(1).max(400) });
const base = () => `${settings().PUBLIC_BASE_URL}/api/v1.0`;

app.http('createUser', endpoint({
  operationId: 'createUser',
  method: 'POST',
  route: 'v1.0/users',
  summary: 'Create a member user (Graph: POST /users); passwordProfile is accepted and ignored',
  tags: ['users'],
  body: createUserBody,
  responses: { 201: { description: 'The user', schema: userSchema }, 409: { description: 'UPN or an email address already in use' } },
  async handle({ body, principal, id }) {
    const user = await asObjectConflict(body, () => createUser(userDeps(), {
      profile: profileOf(body),
      extras: splitExtras(body).extras,
      userType: body.userType ?? 'Member',
      creationType: null,
      externalUserState: null,
      initiatedBy: initiatorOf(principal),
      correlationId: id.requestId,
    }));
    return json(201, { '@odata.context': `${base()}/$metadata#users/$entity`, ...toGraphUser(user) });
  },
}, httpDeps));

app.http('listUsers', endpoint({
  operationId: 'listUsers',
  method: 'GET',
  route: 'v1.0/users',
  summary: 'List live users with $filter, $search, $orderby, $count, $select, $expand (manager, memberOf, directReports), $top (Graph: GET /users; advanced queries need ConsistencyLevel: eventual)',
  tags: ['users'],
  responses: { 200: { description: 'A page of users' } },
  async handle({ request, principal }) {
    const level = await guestLevelOf(guestVisibilityDeps(), principal);
    if (level) checkGuestMayList(level);
    return answerUserList(request, 'users');
  },
}, httpDeps));

app.http('getUser', endpoint({
  operationId: 'getUser',
  method: 'GET',
  route: 'v1.0/users/{id}',
  summary: 'A live user by id or userPrincipalName (Graph: GET /users/{id | userPrincipalName})',
  tags: ['users'],
  params: idParams,
  responses: { 200: { description: 'The user', schema: userSchema }, 404: { description: 'No such live user' } },
  async handle({ request, params, principal }) {
    const options = readEntityQuery(request, userEntityQuery);
    const user = await getUser({ users: userRepository() }, params.id);
    const level = await guestLevelOf(guestVisibilityDeps(), principal);
    if (level && principal?.kind === 'user') checkGuestMayRead(level, principal.userId, user.id);
    return json(200, await userEntityBody(user, options, `${base()}/$metadata#users`));
  },
}, httpDeps));

app.http('updateUser', endpoint({
  operationId: 'updateUser',
  method: 'PATCH',
  route: 'v1.0/users/{id}',
  summary: 'Change profile properties (Graph: PATCH /users/{id}); legalAgeGroupClassification is computed',
  tags: ['users'],
  params: idParams,
  body: updateUserBody,
  responses: { 204: { description: 'Changed' }, 404: { description: 'No such live user' }, 409: { description: 'An address is in use' } },
  async handle({ params, body, principal, id }) {
    const user = await getUser({ users: userRepository() }, params.id);
    const { passwordProfile: _dropped, ...rest } = body;
    const { profile, extras } = splitExtras(rest);
    await asObjectConflict(body, () => updateUser(userDeps(), { id: user.id, changes: profile, extras, initiatedBy: initiatorOf(principal), correlationId: id.requestId }));
    return { status: 204 };
  },
}, httpDeps));

app.http('deleteUser', endpoint({
  operationId: 'deleteUser',
  method: 'DELETE',
  route: 'v1.0/users/{id}',
  summary: 'Soft-delete a user, restorable for 30 days (Graph: DELETE /users/{id})',
  tags: ['users'],
  params: idParams,
  responses: { 204: { description: 'Deleted' }, 404: { description: 'No such live user' } },
  async handle({ params, principal, id }) {
    const user = await getUser({ users: userRepository() }, params.id);
    await deleteUser(userDeps(), { id: user.id, initiatedBy: initiatorOf(principal), correlationId: id.requestId });
    return { status: 204 };
  },
}, httpDeps));

const refBody = z.object({ '@odata.id': z.string().url() }).strict();

app.http('setUserManager', endpoint({
  operationId: 'setUserManager',
  method: 'PUT',
  route: 'v1.0/users/{id}/manager/$ref',
  summary: "Set a user's manager (Graph: PUT /users/{id}/manager/$ref)",
  tags: ['users'],
  params: idParams,
  body: refBody,
  responses: { 204: { description: 'Set' }, 400: { description: 'Not a user reference, or a cycle' }, 404: { description: 'User or manager not found' } },
  async handle({ params, body, principal, id }) {
    const m = /\/(?:users|directoryObjects)\/([^/?#]+)\/?$/i.exec(new URL(body['@odata.id']).pathname);
    if (!m) throw new Failure('invalidRequest', "'@odata.id' must reference .../users/{id}", { details: [{ target: '@odata.id', message: 'not a user reference' }] });
    const user = await getUser({ users: userRepository() }, params.id);
    await setManager(userDeps(), { id: user.id, managerId: decodeURIComponent(m[1]!).toLowerCase(), initiatedBy: initiatorOf(principal), correlationId: id.requestId });
    return { status: 204 };
  },
}, httpDeps));

app.http('getUserManager', endpoint({
  operationId: 'getUserManager',
  method: 'GET',
  route: 'v1.0/users/{id}/manager',
  summary: "A user's manager (Graph: GET /users/{id}/manager)",
  tags: ['users'],
  params: idParams,
  responses: { 200: { description: 'The manager', schema: userSchema }, 404: { description: 'No user, or no manager' } },
  async handle({ params, principal }) {
    const user = await getUser({ users: userRepository() }, params.id);
    const level = await guestLevelOf(guestVisibilityDeps(), principal);
    if (level && principal?.kind === 'user') checkGuestMayRead(level, principal.userId, user.id);
    if (!user.managerId) throw new Failure('notFound', `Resource 'manager' does not exist or one of its queried reference-property objects are not present.`);
    const manager = await getUser({ users: userRepository() }, user.managerId);
    if (level && principal?.kind === 'user') checkGuestMayRead(level, principal.userId, manager.id);
    return json(200, { '@odata.context': `${base()}/$metadata#directoryObjects/$entity`, '@odata.type': '#microsoft.graph.user', ...toGraphUser(manager) });
  },
}, httpDeps));


app.http('listDeletedUsers', endpoint({
  operationId: 'listDeletedUsers',
  method: 'GET',
  route: 'v1.0/directory/deletedItems/microsoft.graph.user',
  summary: 'Soft-deleted users that can still be restored (Graph: GET /directory/deletedItems/microsoft.graph.user)',
  tags: ['users'],
  responses: { 200: { description: 'A page of deleted users' } },
  handle: ({ request }) => answerDeletedUserList(request),
}, httpDeps));

