import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';

const PRA = 'e8611ab8-c189-46e8-94e1-60213ab1f814';
const GUEST_INVITER = '95e79109-95c0-4d8e-aee3-d01accf2d47b';
const BASE = 'roleManagement/directory';


describe('directory roles over HTTP', () => {
  let rt: TestRuntime;
  let admin: string;
  let call: GraphCall;
  const newUser = async (): Promise<string> => {
    const nick = `pat${randomUUID().slice(0, 8)}`;
    const res = await call('POST', 'users', { accountEnabled: true, displayName: 'Pat Admin', mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body['id'] as string;
  };
  const targets = (body: Json) => (body.error?.details ?? []).map((d) => d.target);

  beforeAll(async () => {
    rt = await startRuntime();
    admin = await rt.token({ roles: ['RoleManagement.ReadWrite.Directory', 'User.ReadWrite.All', 'Group.ReadWrite.All'] });
    call = graphCaller(rt, admin);
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when role definitions are read, then the six built-in directory roles come back in Graph’s shape, one by id, and an unknown id is 404', async () => {
    const list = await call('GET', `${BASE}/roleDefinitions`);
    expect(list.status).toBe(200);
    expect(list.body.value).toHaveLength(6);
    expect(list.body.value).toContainEqual(expect.objectContaining({ id: PRA, templateId: PRA, displayName: 'Privileged Role Administrator', isBuiltIn: true, isEnabled: true }));
    const first = await call('GET', `${BASE}/roleDefinitions?$top=4`);
    const rest = (await (await fetch(first.body['@odata.nextLink'] as string, { headers: { authorization: `Bearer ${admin}` } })).json()) as Json;
    expect([...first.body.value!, ...rest.value!].map((d) => d['id'])).toEqual(list.body.value!.map((d) => d['id']));
    const filtered = await call('GET', `${BASE}/roleDefinitions?$filter=displayName eq 'Guest Inviter'&$select=id`);
    expect(filtered.body.value).toEqual([{ id: GUEST_INVITER }]);
    expect((await call('GET', `${BASE}/roleDefinitions/${PRA}`)).body).toMatchObject({ displayName: 'Privileged Role Administrator', rolePermissions: [{ allowedResourceActions: expect.any(Array) }] });
    expect((await call('GET', `${BASE}/roleDefinitions/ba92d953-d8e0-4e39-a797-0cbedb0a89e8`)).status).toBe(404);
    expect((await call('GET', `${BASE}/roleDefinitions`, undefined, await rt.token({ roles: ['Directory.Read.All'] }))).status).toBe(200);
    expect((await call('GET', `${BASE}/roleDefinitions`, undefined, await rt.token({ roles: ['User.ReadWrite.All'] }))).status).toBe(403);
  });

  it('when a role is assigned, then the user may act with it at once; read by id and by filter; once removed the user is refused again', async () => {
    const userId = await newUser();
    const userToken = await rt.token({ userId });
    expect((await call('GET', `${BASE}/roleDefinitions`, undefined, userToken)).status).toBe(403);

    const created = await call('POST', `${BASE}/roleAssignments`, { principalId: userId, roleDefinitionId: PRA, directoryScopeId: '/' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), principalId: userId, roleDefinitionId: PRA, directoryScopeId: '/' });
    const id = created.body['id'] as string;
    expect((await call('GET', `${BASE}/roleDefinitions`, undefined, userToken)).status).toBe(200);

    expect((await call('GET', `${BASE}/roleAssignments/${id}`)).body).toMatchObject({ id, principalId: userId });
    expect((await call('GET', `${BASE}/roleAssignments?$filter=principalId eq '${userId}'`)).body.value).toEqual([{ id, principalId: userId, roleDefinitionId: PRA, directoryScopeId: '/' }]);
    const byRole = await call('GET', `${BASE}/roleAssignments?$filter=roleDefinitionId eq '${PRA}'`);
    expect(byRole.body.value?.map((a) => a['id'])).toContain(id);
    expect(byRole.body.value?.every((a) => a['roleDefinitionId'] === PRA)).toBe(true);
    expect((await call('GET', `${BASE}/roleAssignments`)).body.value?.map((a) => a['id'])).toContain(id);

    // The new Privileged Role Administrator may now assign roles too.
    const other = await newUser();
    expect((await call('POST', `${BASE}/roleAssignments`, { principalId: other, roleDefinitionId: GUEST_INVITER, directoryScopeId: '/' }, userToken)).status).toBe(201);

    expect((await call('DELETE', `${BASE}/roleAssignments/${id}`)).status).toBe(204);
    expect((await call('DELETE', `${BASE}/roleAssignments/${id}`)).status).toBe(404);
    expect((await call('GET', `${BASE}/roleAssignments/${id}`)).status).toBe(404);
    expect((await call('GET', `${BASE}/roleDefinitions`, undefined, userToken)).status).toBe(403);
  });

  it('when a role assignment is wrong, then 400 names the field, Graph’s duplicate message comes back, and an unknown principal is 404', async () => {
    const userId = await newUser();
    const post = (body: unknown) => call('POST', `${BASE}/roleAssignments`, body);
    expect(targets((await post({ principalId: userId, roleDefinitionId: PRA, directoryScopeId: '/administrativeUnits/1' })).body)).toEqual(['directoryScopeId']);
    expect(targets((await post({ principalId: userId, directoryScopeId: '/' })).body)).toEqual(['roleDefinitionId']);
    expect(targets((await post({ principalId: userId, roleDefinitionId: randomUUID(), directoryScopeId: '/' })).body)).toEqual(['roleDefinitionId']);
    expect((await post({ principalId: randomUUID(), roleDefinitionId: PRA, directoryScopeId: '/' })).status).toBe(404);
    expect((await post({ principalId: userId, roleDefinitionId: PRA, directoryScopeId: '/' })).status).toBe(201);
    const dup = await post({ principalId: userId, roleDefinitionId: PRA, directoryScopeId: '/' });
    expect(dup.status).toBe(400);
    expect(dup.body.error).toMatchObject({ code: 'Request_BadRequest', message: 'A conflicting object with one or more of the specified property values is present in the directory.' });
    const unsupported = await call('GET', `${BASE}/roleAssignments?$filter=principalId ne '${userId}'`);
    expect(unsupported.status).toBe(400);
  });

  it('when the caller is not a Privileged Role Administrator or lacks RoleManagement.ReadWrite.Directory, then writes are 403 and reads need Directory.Read.All', async () => {
    const userId = await newUser();
    const body = { principalId: userId, roleDefinitionId: PRA, directoryScopeId: '/' };
    const readOnly = await rt.token({ roles: ['Directory.Read.All'] });
    expect((await call('POST', `${BASE}/roleAssignments`, body, readOnly)).status).toBe(403);
    expect((await call('GET', `${BASE}/roleAssignments`, undefined, readOnly)).status).toBe(200);
    const userAdmin = await newUser();
    await call('POST', `${BASE}/roleAssignments`, { principalId: userAdmin, roleDefinitionId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', directoryScopeId: '/' });
    const uaToken = await rt.token({ userId: userAdmin });
    expect((await call('POST', `${BASE}/roleAssignments`, body, uaToken)).status).toBe(403);
    expect((await call('DELETE', `${BASE}/roleAssignments/${randomUUID()}`, undefined, uaToken)).status).toBe(403);
    expect((await call('GET', `${BASE}/roleAssignments/${randomUUID()}`, undefined, uaToken)).status).toBe(403);
  });

  it('when roles are given and taken, then the directory audit log shows "Add member to role" and "Remove member from role" for that user', async () => {
    const userId = await newUser();
    const created = await call('POST', `${BASE}/roleAssignments`, { principalId: userId, roleDefinitionId: GUEST_INVITER, directoryScopeId: '/' });
    expect((await call('DELETE', `${BASE}/roleAssignments/${created.body['id']}`)).status).toBe(204);
    const auditor = await rt.token({ roles: ['AuditLog.Read.All'] });
    const activities = [];
    for (const activity of ['Add member to role', 'Remove member from role']) {
      const res = await call('GET', `auditLogs/directoryAudits?$filter=activityDisplayName eq '${activity}'`, undefined, auditor);
      expect(res.status).toBe(200);
      const mine = res.body.value?.filter((e) => JSON.stringify(e['targetResources']).includes(userId)) ?? [];
      activities.push(...mine.map((e) => [e['activityDisplayName'], e['category']]));
    }
    expect(activities).toEqual([['Add member to role', 'RoleManagement'], ['Remove member from role', 'RoleManagement']]);
  });
});
