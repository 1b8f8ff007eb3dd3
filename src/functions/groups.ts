import { app } from '@azure/functions';
import { z } from 'zod';
import { groupModule, httpDeps, settings } from '../deps';
import { initiatorOf } from '../domain/groups/audit-group';
import { createGroupWithRelations, updateGroupWithRelations } from '../domain/groups/create-group';
import { deleteGroup, requireGroup } from '../domain/groups/manage-group';
import type { Principal } from '../domain/principal';
import { endpoint, json } from '../http/endpoint';
import { singleGroup } from './groups/expand';
import { answerGroupList } from './groups/query';
import { createGroupBody, updateGroupBody } from './groups/group-body';
import { groupWire, idParams } from './groups/wire';

const tags = ['groups'];
const groupSchema = z.record(z.string(), z.unknown());
const context = (entity: string) => `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#${entity}`;
// Every operation here requires a caller, so the wrapper has authenticated one.
const caller = (principal: Principal | undefined) => initiatorOf(principal as Principal);

app.http(
  'createGroup',
  endpoint(
    {
      operationId: 'createGroup',
      method: 'POST',
      route: 'v1.0/groups',
      summary: "Create a security or Microsoft 365 group, assigned or dynamic, with owners@odata.bind and members@odata.bind (at most 20)",
      tags,
      body: createGroupBody,
      responses: { 201: { description: 'The group', schema: groupSchema }, 400: { description: 'Invalid property or rule syntax error' }, 409: { description: 'mailNickname taken' } },
      async handle({ body, principal, id }) {
        const group = await createGroupWithRelations(groupModule().deps, body.fields, { owners: body.owners, members: body.members }, caller(principal), id.requestId);
        return json(201, { '@odata.context': context('groups/$entity'), ...groupWire(group) });
      },
    },
    httpDeps,
  ),
);

app.http(
  'listGroups',
  endpoint(
    {
      operationId: 'listGroups',
      method: 'GET',
      route: 'v1.0/groups',
      summary: 'List groups with $filter, $search, $orderby, $count, $select, $expand (members, owners, memberOf), $top (advanced queries need ConsistencyLevel: eventual)',
      tags,
      responses: { 200: { description: 'A page of groups' } },
      async handle({ request }) {
        return answerGroupList(request);
      },
    },
    httpDeps,
  ),
);

app.http(
  'countGroups',
  endpoint(
    {
      operationId: 'countGroups',
      method: 'GET',
      route: 'v1.0/groups/$count',
      summary: 'The number of groups matching $filter/$search, as text/plain (needs ConsistencyLevel: eventual)',
      tags,
      responses: { 200: { description: 'The count (text/plain)' }, 400: { description: 'Without ConsistencyLevel: eventual' } },
      async handle({ request }) {
        return answerGroupList(request, { countSegment: true });
      },
    },
    httpDeps,
  ),
);

app.http(
  'getGroup',
  endpoint(
    {
      operationId: 'getGroup',
      method: 'GET',
      route: 'v1.0/groups/{id}',
      summary: 'Read a group ($select; $expand members, owners, memberOf)',
      tags,
      params: idParams,
      responses: { 200: { description: 'The group', schema: groupSchema }, 404: { description: 'No such group' } },
      async handle({ request, params }) {
        const group = await requireGroup(groupModule().deps, params.id);
        return json(200, { '@odata.context': context('groups/$entity'), ...(await singleGroup(request, group.value)) });
      },
    },
    httpDeps,
  ),
);

app.http(
  'updateGroup',
  endpoint(
    {
      operationId: 'updateGroup',
      method: 'PATCH',
      route: 'v1.0/groups/{id}',
      summary: 'Update a group (and add up to 20 members/owners with members@odata.bind); a new membershipRule re-evaluates every user from the group-evaluation queue',
      tags,
      params: idParams,
      body: updateGroupBody,
      responses: { 204: { description: 'Updated' }, 400: { description: 'Invalid property or rule syntax error' }, 404: { description: 'No such group' }, 409: { description: 'mailNickname taken' } },
      async handle({ params, body, principal, id }) {
        await updateGroupWithRelations(groupModule().deps, params.id, body.fields, { owners: body.owners, members: body.members }, caller(principal), id.requestId);
        return { status: 204 };
      },
    },
    httpDeps,
  ),
);

app.http(
  'deleteGroup',
  endpoint(
    {
      operationId: 'deleteGroup',
      method: 'DELETE',
      route: 'v1.0/groups/{id}',
      summary: 'Delete a group and its memberships (no soft delete for groups)',
      tags,
      params: idParams,
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such group' } },
      async handle({ params, principal, id }) {
        await deleteGroup(groupModule().deps, params.id, caller(principal), id.requestId);
        return { status: 204 };
      },
    },
    httpDeps,
  ),
);
