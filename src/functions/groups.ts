import { app } from '@azure/functions';
import { z } from 'zod';
import { groupModule, httpDeps, settings, skipTokenKey } from '../deps';
import { initiatorOf } from '../domain/groups/audit-group';
import { createGroup, deleteGroup, requireGroup, updateGroup } from '../domain/groups/manage-group';
import type { Principal } from '../domain/principal';
import { endpoint, json } from '../http/endpoint';
import { listResponse, readListQuery } from '../http/list';
import { createGroupBody, groupListSpec, groupWire, idParams, updateGroupBody } from './groups/wire';

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
      summary: "Create a security group, assigned or dynamic (groupTypes ['DynamicMembership'] with a membershipRule)",
      tags,
      body: createGroupBody,
      responses: { 201: { description: 'The group', schema: groupSchema }, 400: { description: 'Invalid property or rule syntax error' }, 409: { description: 'mailNickname taken' } },
      async handle({ body, principal, id }) {
        const group = await createGroup(groupModule().deps, body, caller(principal), id.requestId);
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
      summary: "List groups ($filter on displayName, mailNickname, securityEnabled, groupTypes/any(t:t eq 'DynamicMembership'); $select; $top)",
      tags,
      responses: { 200: { description: 'A page of groups' } },
      async handle({ request }) {
        const pagingKey = await skipTokenKey();
        const { query, start } = readListQuery(request, groupListSpec, pagingKey);
        const page = await groupModule().deps.groups.list({
          filter: query.filter,
          top: query.top,
          continuationToken: start && 'continuation' in start ? start.continuation : undefined,
        });
        return listResponse({
          request,
          publicBaseUrl: settings().PUBLIC_BASE_URL,
          entitySet: 'groups',
          query,
          items: page.items.map(groupWire),
          next: page.continuationToken ? { continuation: page.continuationToken } : undefined,
          pagingKey,
        });
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
      summary: 'Read a group',
      tags,
      params: idParams,
      responses: { 200: { description: 'The group', schema: groupSchema }, 404: { description: 'No such group' } },
      async handle({ params }) {
        const group = await requireGroup(groupModule().deps, params.id);
        return json(200, { '@odata.context': context('groups/$entity'), ...groupWire(group.value) });
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
      summary: 'Update a group; a new membershipRule (or processing state On) re-evaluates every user from the group-evaluation queue',
      tags,
      params: idParams,
      body: updateGroupBody,
      responses: { 204: { description: 'Updated' }, 400: { description: 'Invalid property or rule syntax error' }, 404: { description: 'No such group' }, 409: { description: 'mailNickname taken' } },
      async handle({ params, body, principal, id }) {
        await updateGroup(groupModule().deps, params.id, body, caller(principal), id.requestId);
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
