import { app } from '@azure/functions';
import { groupModule, httpDeps } from '../deps';
import { initiatorOf } from '../domain/groups/audit-group';
import { addGroupOwner, listGroupOwners, listOwnedObjects, removeGroupOwner } from '../domain/groups/manage-owners';
import type { Principal } from '../domain/principal';
import { endpoint } from '../http/endpoint';
import { page } from './groups/page';
import { groupObjectWire, idParams, memberListSpec, memberOfListSpec, ownerParams, ownerRefBody, userObjectWire } from './groups/wire';

const tags = ['groups'];
const caller = (principal: Principal | undefined) => initiatorOf(principal as Principal);

app.http(
  'addGroupOwner',
  endpoint(
    {
      operationId: 'addGroupOwner',
      method: 'POST',
      route: 'v1.0/groups/{id}/owners/$ref',
      summary: 'Make a user an owner of a group: {"@odata.id": "https://…/directoryObjects/{id}"}',
      tags,
      params: idParams,
      body: ownerRefBody,
      responses: { 204: { description: 'Added' }, 400: { description: 'Already an owner or bad reference' }, 404: { description: 'No such group or user' } },
      async handle({ params, body, principal, id }) {
        await addGroupOwner(groupModule().deps, params.id, body.ownerId, caller(principal), id.requestId);
        return { status: 204 };
      },
    },
    httpDeps,
  ),
);

app.http(
  'removeGroupOwner',
  endpoint(
    {
      operationId: 'removeGroupOwner',
      method: 'DELETE',
      route: 'v1.0/groups/{id}/owners/{ownerId}/$ref',
      summary: 'Remove an owner from a group (a security group may lose its last owner)',
      tags,
      params: ownerParams,
      responses: { 204: { description: 'Removed' }, 404: { description: 'No such group or not an owner' } },
      async handle({ params, principal, id }) {
        await removeGroupOwner(groupModule().deps, params.id, params.ownerId, caller(principal), id.requestId);
        return { status: 204 };
      },
    },
    httpDeps,
  ),
);

app.http(
  'listGroupOwners',
  endpoint(
    {
      operationId: 'listGroupOwners',
      method: 'GET',
      route: 'v1.0/groups/{id}/owners',
      summary: "A group's owners (directoryObjects), paged",
      tags,
      params: idParams,
      responses: { 200: { description: 'A page of owners' }, 404: { description: 'No such group' } },
      async handle({ request, params }) {
        return page(request, memberListSpec, `groups('${params.id}')/owners`, (p) => listGroupOwners(groupModule().deps, params.id, p), userObjectWire);
      },
    },
    httpDeps,
  ),
);

app.http(
  'listUserOwnedObjects',
  endpoint(
    {
      operationId: 'listUserOwnedObjects',
      method: 'GET',
      route: 'v1.0/users/{id}/ownedObjects',
      summary: 'The groups a user owns (directoryObjects), paged',
      tags,
      params: idParams,
      responses: { 200: { description: 'A page of groups' }, 404: { description: 'No such user' } },
      async handle({ request, params }) {
        return page(request, memberOfListSpec, `users('${params.id}')/ownedObjects`, (p) => listOwnedObjects(groupModule().deps, params.id, p), groupObjectWire);
      },
    },
    httpDeps,
  ),
);
