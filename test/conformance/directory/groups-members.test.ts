import type { DirectoryObject } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphFailure } from '../entitlement/graph-client';
import { buildGroupsWorld, GRAPH, type GroupsWorld } from './groups-fixture';

type Listed = { value: (DirectoryObject & { '@odata.type'?: string })[]; '@odata.nextLink'?: string };
const ids = (listed: Listed) => listed.value.map((o) => o.id).sort();

describe('group members and owners as documented', () => {
  let rt: TestRuntime;
  let w: GroupsWorld;

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildGroupsWorld(rt);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('group-post-members example 1: POST …/members/$ref with a directoryObjects URL → 204; the same again → 400', async () => {
    const [group, user] = [await w.group(), await w.user('Adele Vance')];
    await w.admin.api(`/groups/${group.id}/members/$ref`).post({ '@odata.id': `${GRAPH}/directoryObjects/${user.id}` });
    expect(ids((await w.reader.api(`/groups/${group.id}/members`).get()) as Listed)).toEqual([user.id]);
    const again = await graphFailure(w.admin.api(`/groups/${group.id}/members/$ref`).post({ '@odata.id': `${GRAPH}/directoryObjects/${user.id}` }));
    expect(again.statusCode).toBe(400);
    const unknown = await graphFailure(w.admin.api(`/groups/${group.id}/members/$ref`).post({ '@odata.id': `${GRAPH}/directoryObjects/0b1e8ad4-0000-4000-8000-000000000000` }));
    expect(unknown.statusCode).toBe(404);
  });

  it('group-post-members example 2: PATCH /groups/{id} with members@odata.bind adds them all; one unknown reference adds none', async () => {
    const group = await w.group();
    const [a, b, c] = [await w.user('Bind A'), await w.user('Bind B'), await w.user('Bind C')];
    const failed = await graphFailure(w.admin.api(`/groups/${group.id}`).patch({ 'members@odata.bind': [`${GRAPH}/directoryObjects/${a.id}`, `${GRAPH}/directoryObjects/7c1d0000-0000-4000-8000-000000000000`] }));
    expect(failed.statusCode).toBe(404);
    expect(((await w.reader.api(`/groups/${group.id}/members`).get()) as Listed).value).toEqual([]);
    await w.admin.api(`/groups/${group.id}`).patch({ 'members@odata.bind': [`${GRAPH}/directoryObjects/${a.id}`, `${GRAPH}/directoryObjects/${b.id}`, `${GRAPH}/directoryObjects/${c.id}`] });
    expect(ids((await w.reader.api(`/groups/${group.id}/members`).get()) as Listed)).toEqual([a.id, b.id, c.id].sort());
  });

  it('every @odata.id form the SDKs send is read: users/, groups/, directoryObjects(\'…\'), relative, Gatehouse\'s own base URL', async () => {
    const group = await w.group();
    const [u1, u2, u3, u4] = [await w.user('Form 1'), await w.user('Form 2'), await w.user('Form 3'), await w.user('Form 4')];
    const nested = await w.group();
    const forms = [`${GRAPH}/users/${u1.id}`, `https://graph.microsoft.com/v1.0/directoryObjects('${u2.id}')`, `/v1.0/users/${u3.id}`, `${rt.url}/api/v1.0/directoryObjects/${u4.id}`, `${GRAPH}/groups/${nested.id}`];
    for (const form of forms) await w.admin.api(`/groups/${group.id}/members/$ref`).post({ '@odata.id': form });
    expect(ids((await w.reader.api(`/groups/${group.id}/members`).get()) as Listed)).toEqual([u1.id, u2.id, u3.id, u4.id, nested.id].sort());
    const sp = await graphFailure(w.admin.api(`/groups/${group.id}/members/$ref`).post({ '@odata.id': `${GRAPH}/servicePrincipals/${u1.id}` }));
    expect(sp.statusCode).toBe(400);
    expect(sp.error.details?.[0]).toMatchObject({ target: '@odata.id' });
  });

  it('group-list-members example 1: GET …/members returns users and groups with their @odata.type; the casts keep one type', async () => {
    const [group, user, child] = [await w.group(), await w.user('Listed user'), await w.group()];
    await w.admin.api(`/groups/${group.id}/members/$ref`).post({ '@odata.id': w.ref('directoryObjects', user.id) });
    await w.admin.api(`/groups/${group.id}/members/$ref`).post({ '@odata.id': w.ref('directoryObjects', child.id) });
    const all = (await w.reader.api(`/groups/${group.id}/members`).get()) as Listed;
    expect(all.value.map((m) => [m.id, m['@odata.type']]).sort()).toEqual([[user.id, '#microsoft.graph.user'], [child.id, '#microsoft.graph.group']].sort());
    expect(ids((await w.reader.api(`/groups/${group.id}/members/microsoft.graph.user`).get()) as Listed)).toEqual([user.id]);
    expect(ids((await w.reader.api(`/groups/${group.id}/members/microsoft.graph.group`).get()) as Listed)).toEqual([child.id]);
  });

  it('group-list-members: pages carry @odata.nextLink and follow to the end without repeats', async () => {
    const group = await w.group();
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await w.user(`Paged ${i}`));
    await w.admin.api(`/groups/${group.id}`).patch({ 'members@odata.bind': users.map((u) => w.ref('users', u.id)) });
    const seen: string[] = [];
    let next: string | undefined = `/groups/${group.id}/members?$top=2`;
    let pages = 0;
    while (next) {
      const page = (await w.reader.api(next).get()) as Listed;
      seen.push(...page.value.map((m) => m.id as string));
      const link = page['@odata.nextLink'];
      expect(link === undefined || /\$skiptoken=/.test(link)).toBe(true);
      // The SDK takes an absolute URL only on https; locally the link is followed as a path.
      next = link?.replace(`${rt.url}/api/v1.0`, '');
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen.sort()).toEqual(users.map((u) => u.id).sort());
  });

  it('group-delete-members: DELETE …/members/{id}/$ref → 204; DELETE …/members/$ref?$id=<url> → 204; a non-member → 404', async () => {
    const group = await w.group();
    const [a, b] = [await w.user('Leaving A'), await w.user('Leaving B')];
    await w.admin.api(`/groups/${group.id}`).patch({ 'members@odata.bind': [w.ref('users', a.id), w.ref('users', b.id)] });
    await w.admin.api(`/groups/${group.id}/members/${a.id}/$ref`).delete();
    await w.admin.api(`/groups/${group.id}/members/$ref?$id=${encodeURIComponent(`${GRAPH}/directoryObjects/${b.id}`)}`).delete();
    expect(((await w.reader.api(`/groups/${group.id}/members`).get()) as Listed).value).toEqual([]);
    expect((await graphFailure(w.admin.api(`/groups/${group.id}/members/${a.id}/$ref`).delete())).statusCode).toBe(404);
    const noId = await graphFailure(w.admin.api(`/groups/${group.id}/members/$ref`).delete());
    expect(noId.statusCode).toBe(400);
    expect(noId.error.message).toContain('$id');
  });

  it('group-post-owners, group-list-owners, group-delete-owners: add → 204, list, remove → 204', async () => {
    const [group, owner] = [await w.group(), await w.user('Owner person')];
    await w.admin.api(`/groups/${group.id}/owners/$ref`).post({ '@odata.id': `${GRAPH}/users/${owner.id}` });
    const owners = (await w.reader.api(`/groups/${group.id}/owners`).get()) as Listed;
    expect(owners.value.map((o) => [o.id, o['@odata.type']])).toEqual([[owner.id, '#microsoft.graph.user']]);
    await w.admin.api(`/groups/${group.id}/owners/${owner.id}/$ref`).delete();
    expect(((await w.reader.api(`/groups/${group.id}/owners`).get()) as Listed).value).toEqual([]);
  });
});
