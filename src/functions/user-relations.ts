import { app } from '@azure/functions';
import { z } from 'zod';
import { guestVisibilityDeps, httpDeps, settings, userDeps, userRepository } from '../deps';
import { Failure } from '../domain/errors';
import { getUser } from '../domain/users/find-user';
import { checkGuestMayList, checkGuestMayRead, guestLevelOf } from '../domain/users/guest-visibility';
import { endpoint, json } from '../http/endpoint';
import { readEntityQuery } from '../http/entity-query';
import { asObjectConflict, userEntityBody, userEntityQuery } from './users/entity';
import { splitExtras, updateUserBody } from '../domain/users/user-wire';
import { updateUser } from '../domain/users/update-user';
import { initiatorOf } from '../domain/users/initiator';
import { reportsOf } from '../domain/users/user-indexes';
import { answerUserList } from './users/query';

/** `/users/$count`, `/users/{id}/directReports` and `/me`: reads that the list index and the user entity serve. */

const idParams = z.object({ id: z.string().min(1).max(400) });
const base = () => `${settings().PUBLIC_BASE_URL}/api/v1.0`;

/** Graph's answer to /me with an app-only token. */
export const ME_NEEDS_DELEGATED = '/me request is only valid with delegated authentication flow.';

app.http('countUsers', endpoint({
  operationId: 'countUsers',
  method: 'GET',
  route: 'v1.0/users/$count',
  summary: 'The number of live users matching $filter/$search, as text/plain (Graph: GET /users/$count; needs ConsistencyLevel: eventual)',
  tags: ['users'],
  responses: { 200: { description: 'The count (text/plain)' }, 400: { description: 'Without ConsistencyLevel: eventual' } },
  async handle({ request, principal }) {
    const level = await guestLevelOf(guestVisibilityDeps(), principal);
    if (level) checkGuestMayList(level);
    return answerUserList(request, 'users', { countSegment: true });
  },
}, httpDeps));

app.http('listDirectReports', endpoint({
  operationId: 'listDirectReports',
  method: 'GET',
  route: 'v1.0/users/{id}/directReports',
  summary: "The users whose manager this user is (Graph: GET /users/{id}/directReports)",
  tags: ['users'],
  params: idParams,
  responses: { 200: { description: 'A page of users (directoryObjects)' }, 404: { description: 'No such live user' } },
  async handle({ request, params, principal }) {
    const user = await getUser({ users: userRepository() }, params.id);
    const level = await guestLevelOf(guestVisibilityDeps(), principal);
    if (level && principal?.kind === 'user') checkGuestMayRead(level, principal.userId, user.id);
    return answerUserList(request, `users('${user.id}')/directReports`, { scope: reportsOf(user.id), map: (u) => ({ '@odata.type': '#microsoft.graph.user', ...u }) });
  },
}, httpDeps));

app.http('updateMe', endpoint({
  operationId: 'updateMe',
  method: 'PATCH',
  route: 'v1.0/me',
  summary: 'Change the signed-in user (Graph: PATCH /me; delegated tokens only, else 400); the same properties as PATCH /users/{id}',
  tags: ['users'],
  body: updateUserBody,
  responses: { 204: { description: 'Changed' }, 400: { description: 'An app-only token, or a bad property' } },
  async handle({ body, principal, id }) {
    if (principal?.kind !== 'user') throw new Failure('invalidRequest', ME_NEEDS_DELEGATED);
    const { passwordProfile: _dropped, ...rest } = body;
    const { profile, extras } = splitExtras(rest);
    await asObjectConflict(body, () => updateUser(userDeps(), { id: principal.userId, changes: profile, extras, initiatedBy: initiatorOf(principal), correlationId: id.requestId }));
    return { status: 204 };
  },
}, httpDeps));

app.http('getMe', endpoint({
  operationId: 'getMe',
  method: 'GET',
  route: 'v1.0/me',
  summary: 'The signed-in user, with $select and $expand (Graph: GET /me; delegated tokens only, else 400)',
  tags: ['users'],
  responses: { 200: { description: 'The user' }, 400: { description: 'An app-only token' } },
  async handle({ request, principal }) {
    if (principal?.kind !== 'user') throw new Failure('invalidRequest', ME_NEEDS_DELEGATED);
    const options = readEntityQuery(request, userEntityQuery);
    const user = await getUser({ users: userRepository() }, principal.userId);
    return json(200, await userEntityBody(user, options, `${base()}/$metadata#users`));
  },
}, httpDeps));
