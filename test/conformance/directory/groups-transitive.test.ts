import { randomUUID } from 'node:crypto';
import type { DirectoryObject } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphFailure } from '../entitlement/graph-client';
import { buildGroupsWorld, GRAPH, type GroupsWorld } from './groups-fixture';

type Listed = { value: (DirectoryObject & { '@odata.type'?: string })[]; '@odata.nextLink'?: string };

describe('nested groups: transitive members and memberships, the member functions, and access through nesting', () => {
  let rt: TestRuntime;
  let w: GroupsWorld;
  // outer ⊃ inner ⊃ innermost; a in outer, b in inner, c in innermost and in outer (reached twice).
  const g = { outer: '', inner: '', innermost: '', other: '' };
  const u = { a: '', b: '', c: '', outsider: '' };

  /** Every object of a list, following nextLinks (as paths: the SDK follows absolute links only on https). */
  async function all(path: string): Promise<Listed['value']> {
    const out: Listed['value'] = [];
    let next: string | undefined = path;
    while (next) {
      const page = (await w.reader.api(next).get()) as Listed;
      out.push(...page.value);
      next = page['@odata.nextLink']?.replace(`${rt.url}/api/v1.0`, '');
    }
    return out;
  }
  const sortedIds = (objects: Listed['value']) => objects.map((o) => o.id as string).sort();
  const add = (group: string, set: 'users' | 'groups', id: string) => w.admin.api(`/groups/${group}/members/$ref`).post({ '@odata.id': `${GRAPH}/${set}/${id}` });

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildGroupsWorld(rt);
    for (const key of Object.keys(g) as (keyof typeof g)[]) g[key] = (await w.group({ displayName: `Nested ${key}` })).id;
    for (const key of Object.keys(u) as (keyof typeof u)[]) u[key] = (await w.user(`Person ${key}`)).id;
    await add(g.outer, 'groups', g.inner);
    await add(g.inner, 'groups', g.innermost);
    await add(g.outer, 'users', u.a);
    await add(g.inner, 'users', u.b);
    await add(g.innermost, 'users', u.c);
    await add(g.outer, 'users', u.c);
  }, 180_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('group-list-transitivemembers example 1: users and groups at every depth, each once', async () => {
    const members = await all(`/groups/${g.outer}/transitiveMembers`);
    expect(sortedIds(members)).toEqual([g.inner, g.innermost, u.a, u.b, u.c].sort());
    expect(members.find((m) => m.id === g.inner)?.['@odata.type']).toBe('#microsoft.graph.group');
  });

  it('transitiveMembers pages with $top=1 return the same set, with storage continuations in the nextLinks', async () => {
    expect(sortedIds(await all(`/groups/${g.outer}/transitiveMembers?$top=1`))).toEqual([g.inner, g.innermost, u.a, u.b, u.c].sort());
  });

  it('group-list-transitivemembers example 3 (cast): /transitiveMembers/microsoft.graph.group keeps the groups; .user the users', async () => {
    expect(sortedIds(await all(`/groups/${g.outer}/transitiveMembers/microsoft.graph.group`))).toEqual([g.inner, g.innermost].sort());
    expect(sortedIds(await all(`/groups/${g.outer}/transitiveMembers/microsoft.graph.user`))).toEqual([u.a, u.b, u.c].sort());
  });

  it('group-list-memberof example 1 and the cast: GET /groups/{id}/memberOf lists the direct parents', async () => {
    expect(sortedIds(await all(`/groups/${g.innermost}/memberOf`))).toEqual([g.inner]);
    const cast = await all(`/groups/${g.innermost}/memberOf/microsoft.graph.group`);
    expect(cast.map((o) => [o.id, o['@odata.type']])).toEqual([[g.inner, '#microsoft.graph.group']]);
    expect(sortedIds(await all(`/users/${u.c}/memberOf/microsoft.graph.group`))).toEqual([g.innermost, g.outer].sort());
  });

  it('group-list-transitivememberof example 1 (and users): every group reached', async () => {
    expect(sortedIds(await all(`/groups/${g.innermost}/transitiveMemberOf`))).toEqual([g.inner, g.outer].sort());
    expect(sortedIds(await all(`/users/${u.c}/transitiveMemberOf?$top=1`))).toEqual([g.inner, g.innermost, g.outer].sort());
    expect(await all(`/users/${u.outsider}/transitiveMemberOf`)).toEqual([]);
  });

  it('directoryobject-getmembergroups: POST /directoryObjects/{id}/getMemberGroups {securityEnabledOnly} → the transitive group ids', async () => {
    const result = (await w.reader.api(`/directoryObjects/${u.b}/getMemberGroups`).post({ securityEnabledOnly: false })) as { value: string[] };
    expect(result.value.sort()).toEqual([g.inner, g.outer].sort());
    const viaUsers = (await w.reader.api(`/users/${u.b}/getMemberGroups`).post({ securityEnabledOnly: true })) as { value: string[] };
    expect(viaUsers.value.sort()).toEqual([g.inner, g.outer].sort());
  });

  it('directoryobject-getmemberobjects: POST /directoryObjects/{id}/getMemberObjects {securityEnabledOnly: true} → the groups', async () => {
    const result = (await w.reader.api(`/directoryObjects/${g.innermost}/getMemberObjects`).post({ securityEnabledOnly: true })) as { value: string[] };
    expect(result.value.sort()).toEqual([g.inner, g.outer].sort());
  });

  it('directoryobject-checkmembergroups: POST …/checkMemberGroups {groupIds} → those the object is in, transitively', async () => {
    const asked = [g.outer, g.other, randomUUID()];
    const result = (await w.reader.api(`/directoryObjects/${u.b}/checkMemberGroups`).post({ groupIds: asked })) as { value: string[] };
    expect(result.value).toEqual([g.outer]);
    const viaGroups = (await w.reader.api(`/groups/${g.innermost}/checkMemberGroups`).post({ groupIds: asked })) as { value: string[] };
    expect(viaGroups.value).toEqual([g.outer]);
  });

  it('directoryobject-checkmemberobjects: POST …/checkMemberObjects {ids} → the ids the object is a member of', async () => {
    const result = (await w.reader.api(`/directoryObjects/${u.c}/checkMemberObjects`).post({ ids: [g.inner, g.other] })) as { value: string[] };
    expect(result.value).toEqual([g.inner]);
  });

  it('a cycle is refused with 400 naming it; a group cannot contain itself; Microsoft 365 groups do not nest', async () => {
    const cycle = await graphFailure(add(g.innermost, 'groups', g.outer));
    expect(cycle.statusCode).toBe(400);
    expect(cycle.error.message).toContain('cycle');
    expect((await graphFailure(add(g.other, 'groups', g.other))).statusCode).toBe(400);
    const unified = await w.group({ groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false });
    expect((await graphFailure(add(unified.id, 'groups', g.other))).error.message).toContain('Microsoft 365');
    expect((await graphFailure(add(g.other, 'groups', unified.id))).error.message).toContain('Microsoft 365');
    const dynamic = await w.group({ groupTypes: ['DynamicMembership'], membershipRule: 'user.department -eq "Nobody"', membershipRuleProcessingState: 'On' });
    expect((await graphFailure(add(dynamic.id, 'groups', g.other))).statusCode).toBe(400);
  });

  it('an app role assigned to a group reaches the members of its nested groups (GET /users/{id}/appRoleAssignments)', async () => {
    const appRole = { id: randomUUID(), displayName: 'Reader', description: 'Reads', value: 'Reader', allowedMemberTypes: ['User'], isEnabled: true };
    const sp = (await w.admin.api('/servicePrincipals').post({ displayName: `App ${randomUUID().slice(0, 6)}`, appRoles: [appRole] })) as { id: string };
    const assignment = (await w.admin.api(`/servicePrincipals/${sp.id}/appRoleAssignedTo`).post({ principalId: g.outer, resourceId: sp.id, appRoleId: appRole.id })) as { id: string };
    const reached = (await w.admin.api(`/users/${u.b}/appRoleAssignments`).get()) as { value: { id: string; principalId: string }[] };
    expect(reached.value).toEqual(expect.arrayContaining([expect.objectContaining({ id: assignment.id, principalId: g.outer })]));
    const outsider = (await w.admin.api(`/users/${u.outsider}/appRoleAssignments`).get()) as { value: unknown[] };
    expect(outsider.value).toEqual([]);
  });

  it('deleting a nested group removes it from its parents; its members no longer reach them', async () => {
    const parent = await w.group();
    const child = await w.group();
    await add(parent.id, 'groups', child.id);
    await add(child.id, 'users', u.outsider);
    expect(sortedIds(await all(`/users/${u.outsider}/transitiveMemberOf`))).toEqual([child.id, parent.id].sort());
    await w.admin.api(`/groups/${child.id}`).delete();
    expect(await all(`/groups/${parent.id}/members`)).toEqual([]);
    expect(await all(`/users/${u.outsider}/transitiveMemberOf`)).toEqual([]);
  });
});
