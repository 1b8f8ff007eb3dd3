import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import { groupModule, httpDeps, settings } from '../deps';
import { Failure } from '../domain/errors';
import { initiatorOf } from '../domain/groups/audit-group';
import { removeGroupMember } from '../domain/groups/manage-members';
import { checkMemberObjects, getMemberGroups, getMemberObjects } from '../domain/groups/member-functions';
import { checkMemberGroups } from '../domain/groups/manage-members';
import type { ObjectRef } from '../domain/groups/nesting';
import type { MemberType } from '../domain/groups/ports';
import { listGroupMembers, listMemberOf } from '../domain/groups/read-memberships';
import { listTransitiveMemberOf, listTransitiveMembers } from '../domain/groups/transitive';
import type { Principal } from '../domain/principal';
import { alias, endpoint, json, type HttpRegistration } from '../http/endpoint';
import { advancedPage, memberAdvancedSpec, type Read } from './groups/advanced-page';
import type { AdvancedListQuerySpec } from '../http/odata';
import { parseObjectRef } from './groups/refs';
import { directoryObjectWire, groupObjectWire, idParams, memberListSpec, memberOfListSpec } from './groups/wire';

/**
 * Nested groups over HTTP: type casts of members and memberOf, transitive lists, the member
 * functions on users and groups, and `DELETE …/members/$ref?$id=<url>`. One operation serves the
 * `/users/{id}/…` and `/groups/{id}/…` forms (a second registration of the same handler); the
 * handler tells them apart by the path.
 */

const tags = ['groups'];
const caller = (principal: Principal | undefined) => initiatorOf(principal as Principal);
const collectionOfStrings = () => `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#Collection(Edm.String)`;

/** `users`, `groups` or `directoryObjects` (either), as the request path says. */
function subjectOf(request: HttpRequest, id: string): ObjectRef {
  const path = new URL(request.url).pathname;
  if (/\/v1\.0\/directoryObjects\//i.test(path)) return { id, kind: 'directoryObject' };
  return { id, kind: /\/v1\.0\/groups\//i.test(path) ? 'group' : 'user' };
}

/** The type cast at the end of the path, if any. */
function castOf(request: HttpRequest): MemberType | undefined {
  const match = /\/microsoft\.graph\.(user|group)\/?$/i.exec(new URL(request.url).pathname);
  return match ? ((match[1] ?? '').toLowerCase() as MemberType) : undefined;
}

const memberSpec = memberAdvancedSpec(memberListSpec);
const memberOfSpec = memberAdvancedSpec(memberOfListSpec);

const setOf = (ref: ObjectRef) => (ref.kind === 'group' ? 'groups' : 'users');

function register(registration: HttpRegistration, ...aliases: [name: string, route: string][]): void {
  app.http(registration.name, registration);
  for (const [name, route] of aliases) {
    const copy = alias(registration, name, route);
    app.http(copy.name, copy);
  }
}

register(
  endpoint(
    {
      operationId: 'removeGroupMemberByRef',
      method: 'DELETE',
      route: 'v1.0/groups/{id}/members/$ref',
      summary: 'Remove a member named by $id=<directory object URL> (users or groups, any documented form)',
      tags,
      params: idParams,
      responses: { 204: { description: 'Removed' }, 400: { description: '$id missing or not a directory object URL' }, 404: { description: 'No such group or not a member' } },
      async handle({ request, params, principal, id }) {
        const target = new URL(request.url).searchParams.get('$id');
        if (!target) throw new Failure('invalidRequest', "The query option '$id' naming the member to remove is required: DELETE /groups/{id}/members/$ref?$id=<url of the member>.");
        const parsed = parseObjectRef(target);
        if (!parsed.ok) throw new Failure('invalidRequest', `Invalid '$id': ${parsed.message}`);
        await removeGroupMember(groupModule().deps, params.id, parsed.ref.id, caller(principal), id.requestId);
        return { status: 204 };
      },
    },
    httpDeps,
  ),
);

register(
  endpoint(
    {
      operationId: 'listGroupMembersOfType',
      method: 'GET',
      route: 'v1.0/groups/{id}/members/microsoft.graph.user',
      summary: "A group's direct members of one type (microsoft.graph.user or microsoft.graph.group), paged",
      tags,
      params: idParams,
      responses: { 200: { description: 'A page of members' }, 404: { description: 'No such group' } },
      async handle({ request, params }) {
        const type = castOf(request);
        return advancedPage(request, memberSpec, `groups('${params.id}')/members/microsoft.graph.${type}`, (p) => listGroupMembers(groupModule().deps, params.id, p, type), directoryObjectWire);
      },
    },
    httpDeps,
  ),
  ['listGroupMembersOfTypeGroup', 'v1.0/groups/{id}/members/microsoft.graph.group'],
);

register(
  endpoint(
    {
      operationId: 'listGroupTransitiveMembers',
      method: 'GET',
      route: 'v1.0/groups/{id}/transitiveMembers',
      summary: "A group's members, direct and through nested groups, each once; paged with a bounded number of storage reads per page",
      tags,
      params: idParams,
      responses: { 200: { description: 'A page of members' }, 404: { description: 'No such group' } },
      async handle({ request, params }) {
        const type = castOf(request);
        const entitySet = `groups('${params.id}')/transitiveMembers${type ? `/microsoft.graph.${type}` : ''}`;
        return advancedPage(request, memberSpec, entitySet, (p) => listTransitiveMembers(groupModule().deps, params.id, p, type), directoryObjectWire);
      },
    },
    httpDeps,
  ),
  ['listGroupTransitiveMembersUsers', 'v1.0/groups/{id}/transitiveMembers/microsoft.graph.user'],
  ['listGroupTransitiveMembersGroups', 'v1.0/groups/{id}/transitiveMembers/microsoft.graph.group'],
);

register(
  endpoint(
    {
      operationId: 'listGroupMemberOf',
      method: 'GET',
      route: 'v1.0/groups/{id}/memberOf',
      summary: 'The groups a group is a direct member of, paged (also /memberOf/microsoft.graph.group, and the cast on users)',
      tags,
      params: idParams,
      responses: { 200: { description: 'A page of groups' }, 404: { description: 'No such group or user' } },
      async handle({ request, params }) {
        const who = subjectOf(request, params.id);
        const cast = castOf(request) ? '/microsoft.graph.group' : '';
        return advancedPage(request, memberOfSpec, `${setOf(who)}('${params.id}')/memberOf${cast}`, (p) => listMemberOf(groupModule().deps, params.id, p, who.kind === 'group' ? 'group' : 'user'), groupObjectWire);
      },
    },
    httpDeps,
  ),
  ['listGroupMemberOfGroups', 'v1.0/groups/{id}/memberOf/microsoft.graph.group'],
  ['listUserMemberOfGroups', 'v1.0/users/{id}/memberOf/microsoft.graph.group'],
);

register(
  endpoint(
    {
      operationId: 'listTransitiveMemberOf',
      method: 'GET',
      route: 'v1.0/users/{id}/transitiveMemberOf',
      summary: 'Every group a user or group belongs to, directly or through nested groups, in id order, paged',
      tags,
      params: idParams,
      responses: { 200: { description: 'A page of groups' }, 404: { description: 'No such user or group' } },
      async handle({ request, params }) {
        const who = subjectOf(request, params.id);
        const cast = castOf(request) ? '/microsoft.graph.group' : '';
        return advancedPage(request, memberOfSpec, `${setOf(who)}('${params.id}')/transitiveMemberOf${cast}`, (p) => listTransitiveMemberOf(groupModule().deps, who, p), groupObjectWire);
      },
    },
    httpDeps,
  ),
  ['listGroupTransitiveMemberOf', 'v1.0/groups/{id}/transitiveMemberOf'],
  ['listUserTransitiveMemberOfGroups', 'v1.0/users/{id}/transitiveMemberOf/microsoft.graph.group'],
  ['listGroupTransitiveMemberOfGroups', 'v1.0/groups/{id}/transitiveMemberOf/microsoft.graph.group'],
);

const groupIdsBody = z.object({ groupIds: z.array(z.string().min(1).max(100)).min(1).max(20) });
const idsBody = z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(20) });
const securityOnlyBody = z.object({ securityEnabledOnly: z.boolean().nullable().optional() });
const stringsResult = { 200: { description: 'The ids', schema: z.object({ value: z.array(z.string()) }) }, 404: { description: 'No such user or group' } };

register(
  endpoint(
    {
      operationId: 'checkGroupMemberGroups',
      method: 'POST',
      route: 'v1.0/groups/{id}/checkMemberGroups',
      summary: 'Which of up to 20 groups a group (or any directory object) is a member of, directly or through nested groups',
      tags,
      params: idParams,
      body: groupIdsBody,
      responses: stringsResult,
      async handle({ request, params, body }) {
        const value = await checkMemberGroups(groupModule().deps, subjectOf(request, params.id), body.groupIds);
        return json(200, { '@odata.context': collectionOfStrings(), value });
      },
    },
    httpDeps,
  ),
  ['checkDirectoryObjectMemberGroups', 'v1.0/directoryObjects/{id}/checkMemberGroups'],
);

register(
  endpoint(
    {
      operationId: 'getMemberGroups',
      method: 'POST',
      route: 'v1.0/users/{id}/getMemberGroups',
      summary: 'Every group a user or group is a member of, transitively (securityEnabledOnly keeps security groups)',
      tags,
      params: idParams,
      body: securityOnlyBody,
      responses: stringsResult,
      async handle({ request, params, body }) {
        const value = await getMemberGroups(groupModule().deps, subjectOf(request, params.id), body.securityEnabledOnly === true);
        return json(200, { '@odata.context': collectionOfStrings(), value });
      },
    },
    httpDeps,
  ),
  ['getGroupMemberGroups', 'v1.0/groups/{id}/getMemberGroups'],
  ['getDirectoryObjectMemberGroups', 'v1.0/directoryObjects/{id}/getMemberGroups'],
);

register(
  endpoint(
    {
      operationId: 'getMemberObjects',
      method: 'POST',
      route: 'v1.0/users/{id}/getMemberObjects',
      summary: 'Every group a user or group is a member of, transitively (Gatehouse has no administrative units)',
      tags,
      params: idParams,
      body: securityOnlyBody,
      responses: stringsResult,
      async handle({ request, params, body }) {
        const value = await getMemberObjects(groupModule().deps, subjectOf(request, params.id), body.securityEnabledOnly === true);
        return json(200, { '@odata.context': collectionOfStrings(), value });
      },
    },
    httpDeps,
  ),
  ['getGroupMemberObjects', 'v1.0/groups/{id}/getMemberObjects'],
  ['getDirectoryObjectMemberObjects', 'v1.0/directoryObjects/{id}/getMemberObjects'],
);

register(
  endpoint(
    {
      operationId: 'checkMemberObjects',
      method: 'POST',
      route: 'v1.0/users/{id}/checkMemberObjects',
      summary: 'Which of up to 20 group ids a user or group is a member of, transitively',
      tags,
      params: idParams,
      body: idsBody,
      responses: stringsResult,
      async handle({ request, params, body }) {
        const value = await checkMemberObjects(groupModule().deps, subjectOf(request, params.id), body.ids);
        return json(200, { '@odata.context': collectionOfStrings(), value });
      },
    },
    httpDeps,
  ),
  ['checkGroupMemberObjects', 'v1.0/groups/{id}/checkMemberObjects'],
  ['checkDirectoryObjectMemberObjects', 'v1.0/directoryObjects/{id}/checkMemberObjects'],
);

/**
 * `/$count` of relationship lists (`members`, `transitiveMembers`, `memberOf`,
 * `transitiveMemberOf`, optionally cast), on groups and users: text/plain, with Graph's gate
 * (`ConsistencyLevel: eventual`). Counted over the list as `advancedPage` reads it (bounded).
 */
type Counter = (request: HttpRequest, who: ObjectRef, type: MemberType | undefined) => Promise<HttpResponseInit>;
const countOf = <T>(spec: AdvancedListQuerySpec, read: (who: ObjectRef, type: MemberType | undefined) => Read<T>, wire: (item: T) => Record<string, unknown>): Counter =>
  (request, who, type) => advancedPage(request, spec, setOf(who), read(who, type), wire, { countSegment: true });
const countable: Record<string, Counter> = {
  members: countOf(memberSpec, (who, type) => (p) => listGroupMembers(groupModule().deps, who.id, p, type), directoryObjectWire),
  transitivemembers: countOf(memberSpec, (who, type) => (p) => listTransitiveMembers(groupModule().deps, who.id, p, type), directoryObjectWire),
  // memberOf lists hold only groups: a user cast counts none.
  memberof: countOf(memberOfSpec, (who, type) => (p) => (type === 'user' ? none() : listMemberOf(groupModule().deps, who.id, p, who.kind === 'group' ? 'group' : 'user')), groupObjectWire),
  transitivememberof: countOf(memberOfSpec, (who, type) => (p) => (type === 'user' ? none() : listTransitiveMemberOf(groupModule().deps, who, p)), groupObjectWire),
};
const none = async () => ({ items: [], continuationToken: undefined });

register(
  endpoint(
    {
      operationId: 'countGroupRelation',
      method: 'GET',
      route: 'v1.0/groups/{id}/{relation}/$count',
      summary: 'The number of members, transitive members, memberOf or transitiveMemberOf entries, as text (ConsistencyLevel: eventual)',
      tags,
      params: z.object({ id: z.string().min(1).max(256).transform((v) => v.toLowerCase()), relation: z.string().min(1).max(100), cast: z.string().max(100).optional() }),
      responses: { 200: { description: 'The count as text/plain' }, 400: { description: 'Without ConsistencyLevel: eventual, or a list that cannot be counted' } },
      async handle({ request, params }) {
        const who = subjectOf(request, params.id);
        const relation = params.relation.toLowerCase();
        const onUsers = relation === 'memberof' || relation === 'transitivememberof';
        const read = Object.hasOwn(countable, relation) ? countable[relation] : undefined;
        if (!read || (who.kind === 'user' && !onUsers)) {
          throw new Failure('invalidRequest', `'$count' is not supported on '/${setOf(who)}/{id}/${params.relation.slice(0, 40)}': it is served on members, transitiveMembers, memberOf and transitiveMemberOf.`);
        }
        const cast = params.cast?.toLowerCase();
        if (cast !== undefined && cast !== 'microsoft.graph.user' && cast !== 'microsoft.graph.group') {
          throw new Failure('invalidRequest', `'${params.cast?.slice(0, 60)}' is not a type cast of this list: use microsoft.graph.user or microsoft.graph.group.`);
        }
        return read(request, who, cast ? (cast.slice('microsoft.graph.'.length) as MemberType) : undefined);
      },
    },
    httpDeps,
  ),
  ['countGroupRelationCast', 'v1.0/groups/{id}/{relation}/{cast}/$count'],
  ['countUserRelation', 'v1.0/users/{id}/{relation}/$count'],
  ['countUserRelationCast', 'v1.0/users/{id}/{relation}/{cast}/$count'],
);
