import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';

const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const GUEST_INVITER = '95e79109-95c0-4d8e-aee3-d01accf2d47b';

interface GraphError {
  error: { code: string; message: string; details?: { target: string; message: string }[] };
}

describe('groups and memberships over HTTP', () => {
  let rt: TestRuntime;
  let admin: string;
  let reader: string;

  beforeAll(async () => {
    rt = await startRuntime();
    admin = await rt.token({ roles: ['Directory.ReadWrite.All'] });
    reader = await rt.token({ roles: ['Directory.Read.All'] });
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  async function call(method: string, path: string, token: string | undefined, body?: unknown) {
    const res = await fetch(`${rt.url}/api/v1.0${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & GraphError };
  }

  const nick = () => `g${randomUUID().slice(0, 8)}`;
  async function newGroup(extra: Record<string, unknown> = {}) {
    const res = await call('POST', '/groups', admin, { displayName: 'Team', mailNickname: nick(), securityEnabled: true, mailEnabled: false, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as unknown as { id: string; displayName: string };
  }
  async function newUser(extra: Record<string, unknown> = {}) {
    const name = `u${randomUUID().slice(0, 8)}`;
    const res = await call('POST', '/users', admin, { displayName: name, mailNickname: name, userPrincipalName: `${name}@fabrikam.onmicrosoft.com`, accountEnabled: true, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as unknown as { id: string };
  }
  const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
  const memberIds = async (groupId: string) => ((await call('GET', `/groups/${groupId}/members`, reader)).body['value'] as { id: string }[]).map((m) => m.id);

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > until) return value;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('when a group is created, read, listed, patched and deleted, then each answers in Graph shape (201, 200, 200, 204, 204) and it is gone after', async () => {
    const created = await call('POST', '/groups', admin, { displayName: 'Finance EMEA', description: 'Money', mailNickname: nick(), securityEnabled: true, mailEnabled: false });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      displayName: 'Finance EMEA',
      description: 'Money',
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      membershipRule: null,
      membershipRuleProcessingState: null,
      createdDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    const id = created.body['id'] as string;
    expect((await call('GET', `/groups/${id.toUpperCase()}`, reader)).body).toMatchObject({ id, displayName: 'Finance EMEA' });

    expect((await call('PATCH', `/groups/${id}`, admin, { displayName: 'Finance World', description: null })).status).toBe(204);
    expect((await call('GET', `/groups/${id}`, reader)).body).toMatchObject({ displayName: 'Finance World', description: null });

    const listed = await call('GET', `/groups?$filter=${encodeURIComponent("startsWith(displayName,'finance w')")}&$select=displayName`, reader);
    expect(listed.body['value']).toEqual([{ id, displayName: 'Finance World' }]);
    expect(listed.body['@odata.context']).toMatch(/\$metadata#groups\(displayName\)$/);

    expect((await call('DELETE', `/groups/${id}`, admin)).status).toBe(204);
    expect((await call('GET', `/groups/${id}`, reader)).status).toBe(404);
    expect((await call('DELETE', `/groups/${id}`, admin)).status).toBe(404);
  });

  it('when groups are listed with $top, then @odata.nextLink pages through them, and the dynamic ones can be filtered with any()', async () => {
    const prefix = `Paged ${randomUUID().slice(0, 6)}`;
    for (let i = 0; i < 3; i++) await newGroup({ displayName: `${prefix} ${i}` });
    await newGroup({ displayName: `${prefix} dyn`, groupTypes: ['DynamicMembership'], membershipRule: 'user.department -eq "Nobody"' });
    let url: string | undefined = `${rt.url}/api/v1.0/groups?$filter=${encodeURIComponent(`startsWith(displayName,'${prefix}')`)}&$top=2`;
    const seen: string[] = [];
    while (url) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${reader}` } });
      const body = (await res.json()) as { value: { displayName: string }[]; '@odata.nextLink'?: string };
      seen.push(...body.value.map((g) => g.displayName));
      url = body['@odata.nextLink'];
    }
    expect(seen.sort()).toEqual([`${prefix} 0`, `${prefix} 1`, `${prefix} 2`, `${prefix} dyn`]);
    const dynamic = await call('GET', `/groups?$filter=${encodeURIComponent(`groupTypes/any(t:t eq 'DynamicMembership') and startsWith(displayName,'${prefix}')`)}`, reader);
    expect((dynamic.body['value'] as { displayName: string }[]).map((g) => g.displayName)).toEqual([`${prefix} dyn`]);
  });

  it('when the input is bad, then the answer is 400 naming the field, and a rule syntax error says where', async () => {
    const missing = await call('POST', '/groups', admin, { displayName: 'x', securityEnabled: true });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details?.map((d) => d.target)).toContain('mailNickname');

    const unified = await call('POST', '/groups', admin, { displayName: 'x', mailNickname: nick(), securityEnabled: true, groupTypes: ['Unified'] });
    expect(unified.status).toBe(400);
    // A Microsoft 365 group is mail-enabled (Graph's rule); without mailEnabled: true it is refused by name.
    expect(unified.body.error.details?.[0]).toMatchObject({ target: 'mailEnabled', message: expect.stringContaining('Unified') });
    const unknownType = await call('POST', '/groups', admin, { displayName: 'x', mailNickname: nick(), securityEnabled: true, groupTypes: ['Team'] });
    expect(unknownType.body.error.details?.[0]).toMatchObject({ target: 'groupTypes.0', message: expect.stringContaining('Team') });

    const mail = await call('POST', '/groups', admin, { displayName: 'x', mailNickname: nick(), securityEnabled: true, mailEnabled: true });
    expect(mail.body.error.details?.map((d) => d.target)).toEqual(['mailEnabled']);

    const badRule = await call('POST', '/groups', admin, {
      displayName: 'x',
      mailNickname: nick(),
      securityEnabled: true,
      groupTypes: ['DynamicMembership'],
      membershipRule: 'user.department -eq "Sales" -and (user.city -eq',
    });
    expect(badRule.status).toBe(400);
    expect(badRule.body.error.message).toMatch(/membershipRule.*position \d+/);
    expect(badRule.body.error.details?.[0]?.target).toBe('membershipRule');

    const group = await newGroup();
    const ruleOnAssigned = await call('PATCH', `/groups/${group.id}`, admin, { membershipRule: 'user.city -eq "Delft"' });
    expect(ruleOnAssigned.status).toBe(400);
    expect(ruleOnAssigned.body.error.details?.[0]?.target).toBe('membershipRule');
    const badRef = await call('POST', `/groups/${group.id}/members/$ref`, admin, { '@odata.id': 'https://graph.microsoft.com/v1.0/groups' });
    expect(badRef.body.error.details?.[0]?.target).toBe('@odata.id');
    const tooMany = await call('POST', `/users/${randomUUID()}/checkMemberGroups`, reader, { groupIds: Array.from({ length: 21 }, () => randomUUID()) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details?.[0]?.target).toBe('groupIds');
  });

  it('when the caller lacks the permission or role, then 403; a reader may read but not write; a plain member may read', async () => {
    const invite = await rt.token({ roles: ['User.Invite.All'] });
    expect((await call('GET', '/groups', invite)).status).toBe(403);
    expect((await call('POST', '/groups', reader, { displayName: 'x', mailNickname: nick(), securityEnabled: true })).status).toBe(403);
    const group = await newGroup();
    expect((await call('DELETE', `/groups/${group.id}`, reader)).status).toBe(403);
    expect((await call('POST', `/groups/${group.id}/members/$ref`, reader, ref(randomUUID()))).status).toBe(403);

    const roles = TableClient.fromConnectionString(rt.storage, 'RoleAssignments', { allowInsecureConnection: true });
    const inviter = await newUser();
    await roles.createEntity({ partitionKey: inviter.id, rowKey: GUEST_INVITER, id: randomUUID(), directoryScopeId: '/' });
    const inviterToken = await rt.token({ userId: inviter.id });
    expect((await call('GET', `/groups/${group.id}`, inviterToken)).status).toBe(200);
    expect((await call('PATCH', `/groups/${group.id}`, inviterToken, { displayName: 'no' })).status).toBe(403);

    const userAdmin = await newUser();
    await roles.createEntity({ partitionKey: userAdmin.id, rowKey: USER_ADMINISTRATOR, id: randomUUID(), directoryScopeId: '/' });
    expect((await call('PATCH', `/groups/${group.id}`, await rt.token({ userId: userAdmin.id }), { displayName: 'yes' })).status).toBe(204);

    const member = await newUser();
    const memberToken = await rt.token({ userId: member.id });
    expect((await call('GET', '/groups', memberToken)).status).toBe(200);
    expect((await call('POST', '/groups', memberToken, { displayName: 'x', mailNickname: nick(), securityEnabled: true })).status).toBe(403);
  });

  it('when a group, user or membership does not exist, then 404', async () => {
    const group = await newGroup();
    const unknown = randomUUID();
    expect((await call('GET', `/groups/${unknown}`, reader)).status).toBe(404);
    expect((await call('PATCH', `/groups/${unknown}`, admin, { displayName: 'x' })).status).toBe(404);
    expect((await call('GET', `/groups/${unknown}/members`, reader)).status).toBe(404);
    expect((await call('POST', `/groups/${unknown}/members/$ref`, admin, ref((await newUser()).id))).status).toBe(404);
    expect((await call('POST', `/groups/${group.id}/members/$ref`, admin, ref(unknown))).status).toBe(404);
    expect((await call('DELETE', `/groups/${group.id}/members/${unknown}/$ref`, admin)).status).toBe(404);
    expect((await call('GET', `/users/${unknown}/memberOf`, reader)).status).toBe(404);
    expect((await call('POST', `/users/${unknown}/checkMemberGroups`, reader, { groupIds: [group.id] })).status).toBe(404);
  });

  it('when a mailNickname is already taken (in any case), then 409 on create and on rename', async () => {
    const taken = nick();
    await newGroup({ mailNickname: taken });
    const again = await call('POST', '/groups', admin, { displayName: 'x', mailNickname: taken.toUpperCase(), securityEnabled: true });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('Conflict');
    const other = await newGroup();
    expect((await call('PATCH', `/groups/${other.id}`, admin, { mailNickname: taken })).status).toBe(409);
  });

  it('when members are added and removed, then members, memberOf and checkMemberGroups agree, and a duplicate add is 400', async () => {
    const [group, second] = [await newGroup(), await newGroup()];
    const [anna, ben] = [await newUser(), await newUser()];
    expect((await call('POST', `/groups/${group.id}/members/$ref`, admin, ref(anna.id))).status).toBe(204);
    const viaUsers = { '@odata.id': `https://graph.microsoft.com/v1.0/users/${ben.id}` };
    expect((await call('POST', `/groups/${group.id}/members/$ref`, admin, viaUsers)).status).toBe(204);
    expect((await call('POST', `/groups/${second.id}/members/$ref`, admin, ref(anna.id))).status).toBe(204);

    const duplicate = await call('POST', `/groups/${group.id}/members/$ref`, admin, ref(anna.id));
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.message).toBe("One or more added object references already exist for the following modified properties: 'members'.");

    const members = await call('GET', `/groups/${group.id}/members?$top=1`, reader);
    expect(members.body['value']).toEqual([expect.objectContaining({ '@odata.type': '#microsoft.graph.user' })]);
    expect(members.body['@odata.nextLink']).toEqual(expect.any(String));
    expect((await memberIds(group.id)).sort()).toEqual([anna.id, ben.id].sort());

    const memberOf = await call('GET', `/users/${anna.id}/memberOf`, reader);
    expect((memberOf.body['value'] as { '@odata.type': string; id: string }[]).map((g) => [g['@odata.type'], g.id]).sort()).toEqual(
      [['#microsoft.graph.group', group.id], ['#microsoft.graph.group', second.id]].sort(),
    );
    const checked = await call('POST', `/users/${ben.id}/checkMemberGroups`, reader, { groupIds: [second.id, group.id, randomUUID()] });
    expect(checked.body['value']).toEqual([group.id]);

    expect((await call('DELETE', `/groups/${group.id}/members/${anna.id}/$ref`, admin)).status).toBe(204);
    expect((await call('DELETE', `/groups/${group.id}/members/${anna.id}/$ref`, admin)).status).toBe(404);
    expect(await memberIds(group.id)).toEqual([ben.id]);

    expect((await call('DELETE', `/groups/${second.id}`, admin)).status).toBe(204);
    expect((await call('GET', `/users/${anna.id}/memberOf`, reader)).body['value']).toEqual([]);
  });

  it('when groups and memberships change, then the audit log records each with Entra\'s activity name and the group as target', async () => {
    const group = await newGroup();
    const user = await newUser();
    await call('PATCH', `/groups/${group.id}`, admin, { description: 'audited' });
    await call('POST', `/groups/${group.id}/members/$ref`, admin, ref(user.id));
    await call('DELETE', `/groups/${group.id}/members/${user.id}/$ref`, admin);
    await call('DELETE', `/groups/${group.id}`, admin);
    const auditor = await rt.token({ roles: ['AuditLog.Read.All'] });
    const activities: string[] = [];
    for (const activity of ['Add group', 'Update group', 'Add member to group', 'Remove member from group', 'Delete group']) {
      const res = await call('GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent(`activityDisplayName eq '${activity}'`)}&$top=999`, auditor);
      const entries = res.body['value'] as { activityDisplayName: string; targetResources: { id: string }[] }[];
      if (entries.some((e) => e.targetResources[0]?.id === group.id)) activities.push(activity);
    }
    expect(activities).toEqual(['Add group', 'Update group', 'Add member to group', 'Remove member from group', 'Delete group']);
  });

  it('when a member is soft-deleted and restored, then the memberships disappear and come back exactly', async () => {
    const [one, two, left] = [await newGroup(), await newGroup(), await newGroup()];
    const user = await newUser();
    for (const g of [one, two, left]) expect((await call('POST', `/groups/${g.id}/members/$ref`, admin, ref(user.id))).status).toBe(204);
    expect((await call('DELETE', `/groups/${left.id}/members/${user.id}/$ref`, admin)).status).toBe(204);
    expect((await call('DELETE', `/users/${user.id}`, admin)).status).toBe(204);
    expect(await memberIds(one.id)).toEqual([]);
    expect((await call('GET', `/users/${user.id}/memberOf`, reader)).status).toBe(404);
    expect((await call('POST', `/directory/deletedItems/${user.id}/restore`, admin)).status).toBeLessThan(300);
    const groups = ((await call('GET', `/users/${user.id}/memberOf`, reader)).body['value'] as { id: string }[]).map((g) => g.id);
    expect(groups.sort()).toEqual([one.id, two.id].sort());
    expect(await memberIds(two.id)).toEqual([user.id]);
  });

  it("when a user's department changes, then the user enters and leaves a dynamic group without a manual step, and manual changes are refused", async () => {
    const department = `Dept-${randomUUID().slice(0, 6)}`;
    const existing = await newUser({ department });
    const group = await newGroup({ groupTypes: ['DynamicMembership'], membershipRule: `user.department -eq "${department}"` });
    expect(await eventually(() => memberIds(group.id), (ids) => ids.includes(existing.id))).toEqual([existing.id]);

    const mover = await newUser({ department: 'Elsewhere' });
    expect((await call('PATCH', `/users/${mover.id}`, admin, { department })).status).toBe(204);
    expect((await eventually(() => memberIds(group.id), (ids) => ids.length === 2)).sort()).toEqual([existing.id, mover.id].sort());
    expect((await call('PATCH', `/users/${mover.id}`, admin, { department: 'Elsewhere' })).status).toBe(204);
    expect(await eventually(() => memberIds(group.id), (ids) => ids.length === 1)).toEqual([existing.id]);

    const manual = await call('POST', `/groups/${group.id}/members/$ref`, admin, ref(mover.id));
    expect(manual.status).toBe(400);
    expect(manual.body.error.message).toMatch(/dynamic membership/);
    expect((await call('DELETE', `/groups/${group.id}/members/${existing.id}/$ref`, admin)).status).toBe(400);

    expect((await call('PATCH', `/groups/${group.id}`, admin, { membershipRule: 'user.department -eq "Elsewhere"' })).status).toBe(204);
    expect(await eventually(() => memberIds(group.id), (ids) => ids.length === 1 && ids[0] === mover.id)).toEqual([mover.id]);
  });
});
