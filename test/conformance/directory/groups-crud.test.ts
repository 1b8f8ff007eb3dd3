import type { Group } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphFailure } from '../entitlement/graph-client';
import { buildGroupsWorld, GRAPH, nick, type GroupsWorld } from './groups-fixture';

describe('groups: create, list, get, update, delete as documented', () => {
  let rt: TestRuntime;
  let w: GroupsWorld;

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildGroupsWorld(rt);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('group-post-groups example 1: a Microsoft 365 group → 201, Unified, mail-enabled, visibility Public', async () => {
    const created = (await w.admin.api('/groups').post({ description: 'Self help community for library', displayName: 'Library Assist', groupTypes: ['Unified'], mailEnabled: true, mailNickname: nick('library'), securityEnabled: false } satisfies Group)) as Group;
    expect(created).toMatchObject({ id: expect.any(String), description: 'Self help community for library', displayName: 'Library Assist', groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false, visibility: 'Public', createdDateTime: expect.any(String), resourceBehaviorOptions: [], resourceProvisioningOptions: [] });
  });

  it('group-post-groups example 2: a security group with owners@odata.bind and members@odata.bind → 201, and the relationships exist', async () => {
    const [owner, m1, m2] = [await w.user('Owner'), await w.user('Member One'), await w.user('Member Two')];
    const created = (await w.admin.api('/groups').post({
      description: 'Group with designated owner and members',
      displayName: 'Operations group',
      groupTypes: [],
      mailEnabled: false,
      mailNickname: nick('operations'),
      securityEnabled: true,
      'owners@odata.bind': [`${GRAPH}/users/${owner.id}`],
      'members@odata.bind': [`${GRAPH}/users/${m1.id}`, `${GRAPH}/users/${m2.id}`],
    })) as Group & { id: string };
    expect(created).toMatchObject({ displayName: 'Operations group', groupTypes: [], mailEnabled: false, securityEnabled: true, membershipRule: null, visibility: null });
    const owners = (await w.admin.api(`/groups/${created.id}/owners`).get()) as { value: { id: string }[] };
    expect(owners.value.map((o) => o.id)).toEqual([owner.id]);
    const members = (await w.admin.api(`/groups/${created.id}/members`).get()) as { value: { id: string }[] };
    expect(members.value.map((m) => m.id).sort()).toEqual([m1.id, m2.id].sort());
  });

  it('group-post-groups example 3: a Microsoft 365 group assignable to roles, with owners and members → 201, Private', async () => {
    const [owner, m1, m2] = [await w.user('Helpdesk owner'), await w.user('Helpdesk one'), await w.user('Helpdesk two')];
    const created = (await w.admin.api('/groups').post({
      description: 'Group assignable to a role',
      displayName: 'Role assignable group',
      groupTypes: ['Unified'],
      isAssignableToRole: true,
      mailEnabled: true,
      securityEnabled: true,
      mailNickname: nick('contosohelpdeskadministrators'),
      'owners@odata.bind': [`${GRAPH}/users/${owner.id}`],
      'members@odata.bind': [`${GRAPH}/users/${m1.id}`, `${GRAPH}/users/${m2.id}`],
    })) as Group & { id: string };
    expect(created).toMatchObject({ isAssignableToRole: true, groupTypes: ['Unified'], visibility: 'Private', securityEnabled: true });
    expect(((await w.admin.api(`/groups/${created.id}/members`).get()) as { value: unknown[] }).value).toHaveLength(2);
  });

  it('create: a reference to an unknown object is a 404 and nothing is created; unknown and mailbox properties are 400s naming them', async () => {
    const mailNickname = nick('nothing');
    const missing = await graphFailure(w.admin.api('/groups').post({ displayName: 'x', mailNickname, mailEnabled: false, securityEnabled: true, 'members@odata.bind': [`${GRAPH}/users/6d2c4b0b-0000-4000-8000-000000000000`] }));
    expect(missing).toMatchObject({ statusCode: 404 });
    const listed = (await w.admin.api('/groups').filter(`mailNickname eq '${mailNickname}'`).get()) as { value: unknown[] };
    expect(listed.value).toEqual([]);
    const unknown = await graphFailure(w.admin.api('/groups').post({ displayName: 'x', mailNickname: nick('u'), mailEnabled: false, securityEnabled: true, favouriteColour: 'blue' }));
    expect(unknown).toMatchObject({ statusCode: 400 });
    expect(unknown.error.details?.map((d) => d.target)).toContain('favouriteColour');
    const mailbox = await graphFailure(w.admin.api('/groups').post({ displayName: 'x', mailNickname: nick('u'), groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false, hideFromOutlookClients: true }));
    expect(mailbox.statusCode).toBe(400);
    expect(mailbox.error.details?.[0]).toMatchObject({ target: 'hideFromOutlookClients', message: expect.stringContaining('mailbox') });
  });

  it('create: the documented writable labels are kept and returned (classification, preferredLanguage, theme, preferredDataLocation)', async () => {
    const created = await w.group({ classification: 'Confidential', preferredLanguage: 'nl-NL', theme: 'Teal', preferredDataLocation: 'EUR' });
    const read = (await w.admin.api(`/groups/${created.id}`).get()) as Group;
    expect(read).toMatchObject({ classification: 'Confidential', preferredLanguage: 'nl-NL', theme: 'Teal', preferredDataLocation: 'EUR' });
  });

  it('group-list example 1: GET /groups lists the groups with their default properties', async () => {
    const created = await w.group();
    const listed = (await w.reader.api('/groups').top(999).get()) as { value: Group[]; '@odata.context': string };
    expect(listed['@odata.context']).toMatch(/\$metadata#groups$/);
    expect(listed.value.find((g) => g.id === created.id)).toMatchObject({ displayName: created.displayName, groupTypes: [], mailEnabled: false, securityEnabled: true, visibility: null, membershipRule: null });
  });

  it('group-get example 1: GET /groups/{id} returns the default properties', async () => {
    const created = await w.group({ description: 'Welcome to the HR Taskforce team.', displayName: 'HR Taskforce', groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false, visibility: 'Private' });
    const read = (await w.reader.api(`/groups/${created.id}`).get()) as Group & { '@odata.context': string };
    expect(read['@odata.context']).toMatch(/\$metadata#groups\/\$entity$/);
    expect(read).toMatchObject({ id: created.id, description: 'Welcome to the HR Taskforce team.', displayName: 'HR Taskforce', groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false, visibility: 'Private' });
  });

  it('group-get example 2: $select of mailbox properties (allowExternalSenders, …) is a 400 naming the first one', async () => {
    const created = await w.group();
    const failure = await graphFailure(w.reader.api(`/groups/${created.id}`).select('allowExternalSenders,autoSubscribeNewMembers,isSubscribedByMail,unseenCount').get());
    expect(failure.statusCode).toBe(400);
    expect(failure.error.message).toContain('allowExternalSenders');
  });

  it('group get: $select keeps only the named properties and id; $expand=members,owners,memberOf brings the relationships', async () => {
    const [owner, member] = [await w.user('Expand owner'), await w.user('Expand member')];
    const parent = await w.group();
    const created = await w.group({ 'owners@odata.bind': [w.ref('users', owner.id)], 'members@odata.bind': [w.ref('users', member.id)] });
    await w.admin.api(`/groups/${parent.id}/members/$ref`).post({ '@odata.id': w.ref('directoryObjects', created.id) });
    const selected = (await w.reader.api(`/groups/${created.id}`).select('displayName,securityEnabled').get()) as Record<string, unknown>;
    expect(Object.keys(selected).filter((k) => !k.startsWith('@')).sort()).toEqual(['displayName', 'id', 'securityEnabled']);
    const expanded = (await w.reader.api(`/groups/${created.id}`).expand('members,owners,memberOf').get()) as Record<string, { id: string; '@odata.type': string }[]>;
    expect(expanded['members']?.map((m) => [m.id, m['@odata.type']])).toEqual([[member.id, '#microsoft.graph.user']]);
    expect(expanded['owners']?.map((m) => m.id)).toEqual([owner.id]);
    expect(expanded['memberOf']?.map((m) => [m.id, m['@odata.type']])).toEqual([[parent.id, '#microsoft.graph.group']]);
    const listed = (await w.reader.api('/groups').filter(`mailNickname eq '${created.mailNickname}'`).select('id,displayName').expand('members').get()) as { value: Record<string, unknown>[] };
    expect(listed.value).toEqual([{ id: created.id, displayName: created.displayName, members: [expect.objectContaining({ id: member.id })] }]);
    const bad = await graphFailure(w.reader.api(`/groups/${created.id}`).expand('drive').get());
    expect(bad.statusCode).toBe(400);
    expect(bad.error.message).toContain("'drive'");
  });

  it('group-update example: PATCH description, displayName, groupTypes [Unified], mailEnabled, mailNickname → 204 and kept', async () => {
    const created = await w.group({ groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false });
    const mailNickname = nick('library-help');
    await w.admin.api(`/groups/${created.id}`).patch({ description: 'Library Assist', displayName: 'Library Assist', groupTypes: ['Unified'], mailEnabled: true, mailNickname } satisfies Group);
    expect((await w.admin.api(`/groups/${created.id}`).get()) as Group).toMatchObject({ description: 'Library Assist', displayName: 'Library Assist', mailNickname, groupTypes: ['Unified'] });
  });

  it('update: visibility is kept; isAssignableToRole and sensitivity labels are refused by name', async () => {
    const created = await w.group({ groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false });
    await w.admin.api(`/groups/${created.id}`).patch({ visibility: 'Private' });
    expect(((await w.admin.api(`/groups/${created.id}`).get()) as Group).visibility).toBe('Private');
    const role = await graphFailure(w.admin.api(`/groups/${created.id}`).patch({ isAssignableToRole: true }));
    expect(role.error.details?.[0]).toMatchObject({ target: 'isAssignableToRole' });
    const labels = await graphFailure(w.admin.api(`/groups/${created.id}`).patch({ assignedLabels: [{ labelId: '45cd0c48-c540-4358-ad79-a3658cdc5b88' }] }));
    expect(labels).toMatchObject({ statusCode: 400 });
    expect(labels.error.details?.[0]).toMatchObject({ target: 'assignedLabels' });
  });

  it('group-delete example: DELETE /groups/{id} → 204, then 404', async () => {
    const created = await w.group();
    await w.admin.api(`/groups/${created.id}`).delete();
    expect(await graphFailure(w.admin.api(`/groups/${created.id}`).get())).toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });
});
