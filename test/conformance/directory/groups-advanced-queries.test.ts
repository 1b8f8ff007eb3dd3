import type { DirectoryObject } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphFailure } from '../entitlement/graph-client';
import { buildGroupsWorld, GRAPH, type GroupsWorld } from './groups-fixture';

type Listed = { value: (DirectoryObject & { '@odata.type'?: string; displayName?: string })[]; '@odata.count'?: number; '@odata.nextLink'?: string };
const eventual = { ConsistencyLevel: 'eventual' };

/**
 * Examples 2-5 of group-list-transitivemembers, group-list-memberof, group-list-transitivememberof
 * and user-list-memberof: `/$count`, `$count=true`, `$search`, `$filter` and `$orderby` on
 * relationship lists with `ConsistencyLevel: eventual`, and Graph's 400 without it.
 */
describe('advanced queries on member lists', () => {
  let rt: TestRuntime;
  let w: GroupsWorld;
  // team ⊃ {alex, carl, archive ⊃ {brenda}}; video ⊃ archive; tierGroup ⊃ {alex}.
  const g = { team: '', archive: '', video: '', tier: '' };
  const u = { alex: '', brenda: '', carl: '' };
  const add = (group: string, set: 'users' | 'groups', id: string) => w.admin.api(`/groups/${group}/members/$ref`).post({ '@odata.id': `${GRAPH}/${set}/${id}` });
  const names = (page: Listed) => page.value.map((o) => o.displayName);

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildGroupsWorld(rt);
    g.team = (await w.group({ displayName: 'Team' })).id;
    g.archive = (await w.group({ displayName: 'Archive readers' })).id;
    g.video = (await w.group({ displayName: 'Video production' })).id;
    g.tier = (await w.group({ displayName: 'Tier 2 support' })).id;
    u.alex = (await w.user('Alex Tier')).id;
    u.brenda = (await w.user('Brenda Tier')).id;
    u.carl = (await w.user('Carl Jensen')).id;
    await add(g.team, 'users', u.alex);
    await add(g.team, 'users', u.carl);
    await add(g.team, 'groups', g.archive);
    await add(g.archive, 'users', u.brenda);
    await add(g.video, 'groups', g.archive);
    await add(g.tier, 'users', u.alex);
  }, 180_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('group-list-transitivemembers example 2: GET …/transitiveMembers/$count → the number as text; without the header → 400', async () => {
    expect(String(await w.reader.api(`/groups/${g.team}/transitiveMembers/$count`).headers(eventual).get())).toBe('4');
    const refused = await graphFailure(w.reader.api(`/groups/${g.team}/transitiveMembers/$count`).get());
    expect(refused.statusCode).toBe(400);
    expect(refused.error.message).toContain('$count');
  });

  it('group-list-transitivemembers example 3: the user cast with $count=true → the users and @odata.count', async () => {
    const page = (await w.reader.api(`/groups/${g.team}/transitiveMembers/microsoft.graph.user`).headers(eventual).query({ $count: 'true' }).get()) as Listed;
    expect(page['@odata.count']).toBe(3);
    expect(page.value.map((o) => o.id).sort()).toEqual([u.alex, u.brenda, u.carl].sort());
  });

  it('group-list-transitivemembers example 4: $count, $orderby=displayName, $search="displayName:tier" and $select → the matching users in order', async () => {
    const page = (await w.reader.api(`/groups/${g.team}/transitiveMembers/microsoft.graph.user`).headers(eventual)
      .query({ $count: 'true', $orderby: 'displayName', $search: '"displayName:tier"', $select: 'displayName,id' }).get()) as Listed;
    expect(page['@odata.count']).toBe(2);
    expect(names(page)).toEqual(['Alex Tier', 'Brenda Tier']);
    expect(Object.keys(page.value[0] ?? {}).filter((k) => !k.startsWith('@')).sort()).toEqual(['displayName', 'id']);
  });

  it("group-list-transitivemembers example 5: $filter=startswith(displayName, 'a') with $count and $orderby → one user; without the header → 400", async () => {
    const page = (await w.reader.api(`/groups/${g.team}/transitiveMembers/microsoft.graph.user`).headers(eventual)
      .query({ $count: 'true', $orderby: 'displayName', $filter: "startswith(displayName, 'a')" }).get()) as Listed;
    expect(page['@odata.count']).toBe(1);
    expect(page.value.map((o) => o.id)).toEqual([u.alex]);
    const refused = await graphFailure(w.reader.api(`/groups/${g.team}/transitiveMembers/microsoft.graph.user`).query({ $filter: "startswith(displayName, 'a')" }).get());
    expect(refused.statusCode).toBe(400);
    expect(refused.error.message).toContain('ConsistencyLevel');
  });

  it('group-list-memberof example 2 and 5: GET …/memberOf/$count → text; $count=true → @odata.count', async () => {
    expect(String(await w.reader.api(`/groups/${g.archive}/memberOf/$count`).headers(eventual).get())).toBe('2');
    const page = (await w.reader.api(`/groups/${g.archive}/memberOf`).headers(eventual).query({ $count: 'true' }).get()) as Listed;
    expect(page['@odata.count']).toBe(2);
    expect(page.value.map((o) => o.id).sort()).toEqual([g.team, g.video].sort());
  });

  it('group-list-memberof example 4: the group cast with $count, $orderby and $search="displayName:Video" → the matching group', async () => {
    const page = (await w.reader.api(`/groups/${g.archive}/memberOf/microsoft.graph.group`).headers(eventual)
      .query({ $count: 'true', $orderby: 'displayName', $search: '"displayName:Video"' }).get()) as Listed;
    expect(page['@odata.count']).toBe(1);
    expect(names(page)).toEqual(['Video production']);
    const refused = await graphFailure(w.reader.api(`/groups/${g.archive}/memberOf/microsoft.graph.group`).query({ $search: '"displayName:Video"' }).get());
    expect(refused.statusCode).toBe(400);
    expect(refused.error.message).toContain('ConsistencyLevel');
  });

  it('group-list-transitivememberof examples 2-5: /$count (and of the cast), $search with $select, $filter with $orderby and $count', async () => {
    expect(String(await w.reader.api(`/users/${u.brenda}/transitiveMemberOf/$count`).headers(eventual).get())).toBe('3');
    expect(String(await w.reader.api(`/groups/${g.archive}/transitiveMemberOf/microsoft.graph.group/$count`).headers(eventual).get())).toBe('2');
    const searched = (await w.reader.api(`/users/${u.brenda}/transitiveMemberOf/microsoft.graph.group`).headers(eventual)
      .query({ $count: 'true', $orderby: 'displayName', $search: '"displayName:Video"', $select: 'displayName,id' }).get()) as Listed;
    expect(names(searched)).toEqual(['Video production']);
    const filtered = (await w.reader.api(`/users/${u.brenda}/transitiveMemberOf/microsoft.graph.group`).headers(eventual)
      .query({ $count: 'true', $orderby: 'displayName desc', $filter: "startswith(displayName, 'a') or startswith(displayName, 't')" }).get()) as Listed;
    expect(filtered['@odata.count']).toBe(2);
    expect(names(filtered)).toEqual(['Team', 'Archive readers']);
  });

  it('user-list-memberof: the group cast with $count, $orderby and $search="displayName:tier" and $select', async () => {
    const page = (await w.reader.api(`/users/${u.alex}/memberOf/microsoft.graph.group`).headers(eventual)
      .query({ $count: 'true', $orderby: 'displayName', $search: '"displayName:tier"', $select: 'displayName,id' }).get()) as Listed;
    expect(page['@odata.count']).toBe(1);
    expect(names(page)).toEqual(['Tier 2 support']);
    expect(String(await w.reader.api(`/users/${u.alex}/memberOf/$count`).headers(eventual).get())).toBe('2');
    expect(String(await w.reader.api(`/users/${u.alex}/memberOf/microsoft.graph.group/$count`).headers(eventual).get())).toBe('2');
  });

  it("user-list-memberof example 5: the group cast with $count, $orderby and $filter=startswith(displayName, 't') → the matching groups", async () => {
    const page = (await w.reader.api(`/users/${u.alex}/memberOf/microsoft.graph.group`).headers(eventual)
      .query({ $count: 'true', $orderby: 'displayName', $filter: "startswith(displayName, 't')" }).get()) as Listed;
    expect(page['@odata.count']).toBe(2);
    expect(names(page)).toEqual(['Team', 'Tier 2 support']);
  });

  it('user-list-memberof example 6: $filter=appRoleAssignments/$count gt 0 → 400 naming the property (not served on member lists)', async () => {
    const refused = await graphFailure(w.reader.api(`/users/${u.alex}/memberOf/microsoft.graph.group`).headers(eventual).query({ $count: 'true', $filter: 'appRoleAssignments/$count gt 0', $select: 'id,displayName' }).get());
    expect(refused.statusCode).toBe(400);
    expect(refused.error.message).toContain('appRoleAssignments');
  });

  it('group-list-members with $filter and the header: pages hold only matches, each at most $top, and continue from storage', async () => {
    const seen: string[] = [];
    let next: string | undefined = `/groups/${g.team}/members?$filter=${encodeURIComponent("startswith(displayName, 'c') or startswith(displayName, 'a')")}&$top=1`;
    while (next) {
      const page = (await w.reader.api(next).headers(eventual).get()) as Listed;
      expect(page.value.length).toBeLessThanOrEqual(1);
      seen.push(...page.value.map((o) => o.id as string));
      next = page['@odata.nextLink']?.replace(`${rt.url}/api/v1.0`, '');
    }
    expect(seen.sort()).toEqual([g.archive, u.alex, u.carl].sort());
  });

  it('$count on owners is refused by name', async () => {
    const refused = await graphFailure(w.reader.api(`/groups/${g.team}/owners/$count`).headers(eventual).get());
    expect(refused.statusCode).toBe(400);
    expect(refused.error.message).toContain('owners');
  });
});
