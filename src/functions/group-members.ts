import { app } from '@azure/functions';
import { z } from 'zod';
import { groupModule, httpDeps, settings } from '../deps';
import { initiatorOf } from '../domain/groups/audit-group';
import { addGroupMember, checkMemberGroups, removeGroupMember } from '../domain/groups/manage-members';
import { listGroupMembers, listMemberOf } from '../domain/groups/read-memberships';
import type { Principal } from '../domain/principal';
import { endpoint, json } from '../http/endpoint';
import { advancedPage, memberAdvancedSpec } from './groups/advanced-page';
import { checkMemberGroupsBody, directoryObjectWire, groupObjectWire, idParams, memberListSpec, memberOfListSpec, memberParams, memberRefBody } from './groups/wire';

const tags = ['groups'];
const caller = (principal: Principal | undefined) => initiatorOf(principal as Principal);

app.http(
  'addGroupMember',
  endpoint(
    {
      operationId: 'addGroupMember',
      method: 'POST',
      route: 'v1.0/groups/{id}/members/$ref',
      summary: 'Add a user or a group (nested) to an assigned group: {"@odata.id": "https://…/directoryObjects/{id}"}',
      tags,
      params: idParams,
      body: memberRefBody,
      responses: { 204: { description: 'Added' }, 400: { description: 'Already a member, dynamic group or bad reference' }, 404: { description: 'No such group or user' } },
      async handle({ params, body, principal, id }) {
        await addGroupMember(groupModule().deps, params.id, body, caller(principal), id.requestId);
        return { status: 204 };
      },
    },
    httpDeps,
  ),
);

app.http(
  'removeGroupMember',
  endpoint(
    {
      operationId: 'removeGroupMember',
      method: 'DELETE',
      route: 'v1.0/groups/{id}/members/{memberId}/$ref',
      summary: 'Remove a member from an assigned group',
      tags,
      params: memberParams,
      responses: { 204: { description: 'Removed' }, 400: { description: 'Dynamic group' }, 404: { description: 'No such group or not a member' } },
      async handle({ params, principal, id }) {
        await removeGroupMember(groupModule().deps, params.id, params.memberId, caller(principal), id.requestId);
        return { status: 204 };
      },
    },
    httpDeps,
  ),
);

app.http(
  'listGroupMembers',
  endpoint(
    {
      operationId: 'listGroupMembers',
      method: 'GET',
      route: 'v1.0/groups/{id}/members',
      summary: "A group's direct members (directoryObjects), paged",
      tags,
      params: idParams,
      responses: { 200: { description: 'A page of members' }, 404: { description: 'No such group' } },
      async handle({ request, params }) {
        return advancedPage(request, memberAdvancedSpec(memberListSpec), `groups('${params.id}')/members`, (p) => listGroupMembers(groupModule().deps, params.id, p), directoryObjectWire);
      },
    },
    httpDeps,
  ),
);

app.http(
  'listUserMemberOf',
  endpoint(
    {
      operationId: 'listUserMemberOf',
      method: 'GET',
      route: 'v1.0/users/{id}/memberOf',
      summary: "A user's direct group memberships (directoryObjects), paged",
      tags,
      params: idParams,
      responses: { 200: { description: 'A page of groups' }, 404: { description: 'No such user' } },
      async handle({ request, params }) {
        return advancedPage(request, memberAdvancedSpec(memberOfListSpec), `users('${params.id}')/memberOf`, (p) => listMemberOf(groupModule().deps, params.id, p), groupObjectWire);
      },
    },
    httpDeps,
  ),
);

app.http(
  'checkMemberGroups',
  endpoint(
    {
      operationId: 'checkMemberGroups',
      method: 'POST',
      route: 'v1.0/users/{id}/checkMemberGroups',
      summary: 'Which of up to 20 groups the user is a member of, directly or through nested groups',
      tags,
      params: idParams,
      body: checkMemberGroupsBody,
      responses: { 200: { description: 'The ids that are groups of the user', schema: z.object({ value: z.array(z.string()) }) }, 404: { description: 'No such user' } },
      async handle({ params, body }) {
        const value = await checkMemberGroups(groupModule().deps, params.id, body.groupIds);
        return json(200, { '@odata.context': `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#Collection(Edm.String)`, value });
      },
    },
    httpDeps,
  ),
);
