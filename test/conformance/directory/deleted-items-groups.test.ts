import { randomUUID } from 'node:crypto';
import type { Application, Group } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphClient, graphFailure } from '../entitlement/graph-client';
import { buildGroupsWorld, type GroupsWorld } from './groups-fixture';

type Listed = { value: (Group & { '@odata.type'?: string; deletedDateTime?: string })[] };

describe('directory-deleteditems pages for groups and by id: Microsoft 365 groups wait 30 days, security groups go for good', () => {
  let rt: TestRuntime;
  let w: GroupsWorld;
  const unified = () => w.group({ groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false });

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildGroupsWorld(rt);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('directory-deleteditems-list ex. 1: a deleted Microsoft 365 group is listed under microsoft.graph.group with its properties', async () => {
    const group = await unified();
    await w.admin.api(`/groups/${group.id}`).delete();
    expect((await graphFailure(w.admin.api(`/groups/${group.id}`).get())).statusCode).toBe(404);
    const listed = (await w.reader.api('/directory/deletedItems/microsoft.graph.group').get()) as Listed;
    expect(listed.value.find((g) => g.id === group.id)).toMatchObject({
      '@odata.type': '#microsoft.graph.group',
      displayName: group.displayName,
      groupTypes: ['Unified'],
      mailEnabled: true,
      mailNickname: group.mailNickname,
      securityEnabled: false,
      visibility: 'Public',
      deletedDateTime: expect.any(String),
    });
  });

  it('directory-deleteditems-list ex. 2: $count=true, $orderBy=deletedDateTime asc and $select with ConsistencyLevel → oldest first with @odata.count', async () => {
    const first = await unified();
    await w.admin.api(`/groups/${first.id}`).delete();
    const second = await unified();
    await w.admin.api(`/groups/${second.id}`).delete();
    const page = (await w.reader.api('/directory/deletedItems/microsoft.graph.group').headers({ ConsistencyLevel: 'eventual' })
      .query({ $count: 'true', $orderBy: 'deletedDateTime asc', $select: 'id,DisplayName,deletedDateTime' }).get()) as Listed & { '@odata.count'?: number };
    expect(page['@odata.count']).toBe(page.value.length);
    const order = page.value.map((g) => g.id);
    expect(order.indexOf(first.id)).toBeLessThan(order.indexOf(second.id));
    const times = page.value.map((g) => g.deletedDateTime as string);
    expect([...times].sort()).toEqual(times);
    expect(Object.keys(page.value[0] ?? {}).filter((k) => !k.startsWith('@')).sort()).toEqual(['deletedDateTime', 'displayName', 'id']);
    // Sorting by deletedDateTime is an advanced query: without the header, Graph's 400.
    expect((await graphFailure(w.reader.api('/directory/deletedItems/microsoft.graph.group').query({ $orderBy: 'deletedDateTime asc' }).get())).statusCode).toBe(400);
  });

  it('group-delete: a deleted security group is not kept (Graph deletes security groups permanently)', async () => {
    const group = await w.group();
    await w.admin.api(`/groups/${group.id}`).delete();
    const listed = (await w.reader.api('/directory/deletedItems/microsoft.graph.group').get()) as Listed;
    expect(listed.value.some((g) => g.id === group.id)).toBe(false);
    expect((await graphFailure(w.reader.api(`/directory/deletedItems/${group.id}`).get())).statusCode).toBe(404);
    const again = await w.group({ mailNickname: group.mailNickname as string });
    expect(again.mailNickname).toBe(group.mailNickname);
  });

  it('directory-deleteditems-get: GET /directory/deletedItems/{id} answers the deleted group with its type', async () => {
    const group = await unified();
    await w.admin.api(`/groups/${group.id}`).delete();
    const found = (await w.reader.api(`/directory/deletedItems/${group.id}`).get()) as Group & Record<string, unknown>;
    expect(found).toMatchObject({ '@odata.type': '#microsoft.graph.group', id: group.id, displayName: group.displayName, deletedDateTime: expect.any(String) });
  });

  it('directory-deleteditems-restore: POST /directory/deletedItems/{id}/restore brings the group back with its members and owners', async () => {
    const [member, owner] = [await w.user('Member'), await w.user('Owner')];
    const group = await unified();
    await w.admin.api(`/groups/${group.id}/members/$ref`).post({ '@odata.id': w.ref('directoryObjects', member.id) });
    await w.admin.api(`/groups/${group.id}/owners/$ref`).post({ '@odata.id': w.ref('users', owner.id) });
    await w.admin.api(`/groups/${group.id}`).delete();
    // While deleted, the group is no membership of anyone's.
    const hidden = (await w.admin.api(`/users/${member.id}/memberOf`).get()) as Listed;
    expect(hidden.value.some((g) => g.id === group.id)).toBe(false);
    const restored = (await w.admin.api(`/directory/deletedItems/${group.id}/restore`).post({})) as Group & Record<string, unknown>;
    expect(restored).toMatchObject({ '@odata.type': '#microsoft.graph.group', id: group.id, groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false, visibility: 'Public' });
    expect(((await w.admin.api(`/groups/${group.id}`).get()) as Group).displayName).toBe(group.displayName);
    const members = (await w.admin.api(`/groups/${group.id}/members`).get()) as Listed;
    expect(members.value.map((m) => m.id)).toEqual([member.id]);
    const owners = (await w.admin.api(`/groups/${group.id}/owners`).get()) as Listed;
    expect(owners.value.map((o) => o.id)).toEqual([owner.id]);
    const memberOf = (await w.admin.api(`/users/${member.id}/memberOf`).get()) as Listed;
    expect(memberOf.value.some((g) => g.id === group.id)).toBe(true);
    const listed = (await w.reader.api('/directory/deletedItems/microsoft.graph.group').get()) as Listed;
    expect(listed.value.some((g) => g.id === group.id)).toBe(false);
  });

  it('directory-deleteditems-delete: DELETE /directory/deletedItems/{id} removes the group for good (204), and its mailNickname is free again', async () => {
    const group = await unified();
    await w.admin.api(`/groups/${group.id}`).delete();
    // Kept in the bin, the group still holds its mailNickname.
    const taken = await graphFailure(w.group({ mailNickname: group.mailNickname as string }));
    expect(taken.statusCode).toBe(409);
    expect(taken.error.message).toContain('mailNickname');
    await w.admin.api(`/directory/deletedItems/${group.id}`).delete();
    expect((await graphFailure(w.reader.api(`/directory/deletedItems/${group.id}`).get())).statusCode).toBe(404);
    expect((await graphFailure(w.admin.api(`/directory/deletedItems/${group.id}/restore`).post({}))).statusCode).toBe(404);
    expect((await w.group({ mailNickname: group.mailNickname as string })).mailNickname).toBe(group.mailNickname);
  });

  it('directory-deleteditems-get, -restore and -delete by id alone work for applications too', async () => {
    const app = (await w.admin.api('/applications').post({ displayName: `Binned ${randomUUID().slice(0, 6)}` })) as Application & { id: string };
    await w.admin.api(`/applications/${app.id}`).delete();
    expect(await w.reader.api(`/directory/deletedItems/${app.id}`).get()).toMatchObject({ '@odata.type': '#microsoft.graph.application', id: app.id, appId: app.appId });
    expect(await w.admin.api(`/directory/deletedItems/${app.id}/restore`).post({})).toMatchObject({ '@odata.type': '#microsoft.graph.application', id: app.id, deletedDateTime: null });
    await w.admin.api(`/applications/${app.id}`).delete();
    await w.admin.api(`/directory/deletedItems/${app.id}`).delete();
    expect((await graphFailure(w.reader.api(`/directory/deletedItems/${app.id}`).get())).statusCode).toBe(404);
  });

  it('by id alone, the permissions of the found type apply: Group.Read.All reads a deleted group but not a deleted application (403)', async () => {
    const groupsOnly = graphClient(rt, await rt.token({ roles: ['Group.Read.All'] }));
    const group = await unified();
    await w.admin.api(`/groups/${group.id}`).delete();
    expect(await groupsOnly.api(`/directory/deletedItems/${group.id}`).get()).toMatchObject({ id: group.id });
    const app = (await w.admin.api('/applications').post({ displayName: `Private ${randomUUID().slice(0, 6)}` })) as Application & { id: string };
    await w.admin.api(`/applications/${app.id}`).delete();
    expect((await graphFailure(groupsOnly.api(`/directory/deletedItems/${app.id}`).get())).statusCode).toBe(403);
    expect((await graphFailure(groupsOnly.api(`/directory/deletedItems/${group.id}/restore`).post({}))).statusCode).toBe(403);
  });

  it('directory-deleteditems-list for users: ordered by userPrincipalName (the page\'s $orderBy table), read, and purged by id', async () => {
    const [zed, amy] = [await w.user('Zed Deleted'), await w.user('Amy Deleted')];
    for (const u of [zed, amy]) await w.admin.api(`/users/${u.id}`).delete();
    const page = (await w.reader.api('/directory/deletedItems/microsoft.graph.user').query({ $orderBy: 'userPrincipalName' }).get()) as { value: { id: string; userPrincipalName: string; '@odata.type': string }[] };
    const upns = page.value.map((u) => u.userPrincipalName);
    expect([...upns].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))).toEqual(upns);
    expect(page.value.find((u) => u.id === amy.id)).toMatchObject({ '@odata.type': '#microsoft.graph.user' });
    const counted = (await w.reader.api('/directory/deletedItems/microsoft.graph.user').headers({ ConsistencyLevel: 'eventual' }).query({ $count: 'true', $orderBy: 'deletedDateTime desc' }).get()) as { '@odata.count': number; value: { id: string }[] };
    expect(counted['@odata.count']).toBe(counted.value.length);
    expect(counted.value.map((u) => u.id).indexOf(amy.id)).toBeLessThan(counted.value.map((u) => u.id).indexOf(zed.id));
    expect(await w.reader.api(`/directory/deletedItems/${zed.id}`).get()).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: zed.id, deletedDateTime: expect.any(String) });
    await w.admin.api(`/directory/deletedItems/${zed.id}`).delete();
    expect((await graphFailure(w.reader.api(`/directory/deletedItems/${zed.id}`).get())).statusCode).toBe(404);
    const after = (await w.reader.api('/directory/deletedItems/microsoft.graph.user').get()) as { value: { id: string }[] };
    expect(after.value.some((u) => u.id === zed.id)).toBe(false);
  });

  it('the list pages with @odata.nextLink through the bin', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const group = await unified();
      await w.admin.api(`/groups/${group.id}`).delete();
      ids.push(group.id);
    }
    const seen: string[] = [];
    let next: string | undefined = '/directory/deletedItems/microsoft.graph.group?$top=2';
    while (next) {
      const page = (await w.reader.api(next).get()) as Listed & { '@odata.nextLink'?: string };
      expect(page.value.length).toBeLessThanOrEqual(2);
      seen.push(...page.value.map((g) => g.id as string));
      // The SDK takes an absolute URL only on https; locally the link is followed as a path.
      next = page['@odata.nextLink']?.replace(`${rt.url}/api/v1.0`, '');
    }
    for (const id of ids) expect(seen).toContain(id);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
