import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';

const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';


describe('enterprise applications and app role assignments over HTTP', () => {
  let rt: TestRuntime;
  let admin: string;
  let call: GraphCall;
  let userId: string;
  let groupId: string;

  beforeAll(async () => {
    rt = await startRuntime();
    admin = await rt.token({ roles: ['Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'] });
    call = graphCaller(rt, admin);
    const nick = `anna${randomUUID().slice(0, 8)}`;
    const user = await call('POST', 'users', { accountEnabled: true, displayName: 'Anna Partner', mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com` });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    userId = user.body['id'] as string;
    const group = await call('POST', 'groups', { displayName: 'Partners', mailNickname: `partners${randomUUID().slice(0, 8)}`, securityEnabled: true, mailEnabled: false });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    groupId = group.body['id'] as string;
    const member = await call('POST', `groups/${groupId}/members/$ref`, { '@odata.id': `${rt.url}/api/v1.0/directoryObjects/${userId}` });
    expect(member.status, JSON.stringify(member.body)).toBe(204);
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  const role = (value: string, isEnabled = true) => ({ id: randomUUID(), displayName: value, description: null, value, allowedMemberTypes: ['User'], isEnabled });
  const createApp = async (appRoles: unknown[] = [role('Reader')], extra: Record<string, unknown> = {}) => {
    const res = await call('POST', 'servicePrincipals', { displayName: `Contoso ${randomUUID().slice(0, 6)}`, appRoles, appRoleAssignmentRequired: true, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Json & { id: string; appId: string; displayName: string; appRoles: { id: string }[] };
  };
  const targets = (body: Json) => (body.error?.details ?? []).map((d) => d.target);

  it('when an app is created, read, listed, filtered and patched, then Graph shapes and statuses come back', async () => {
    const sp = await createApp();
    expect(sp).toMatchObject({ appId: expect.stringMatching(/^[0-9a-f-]{36}$/), appRoleAssignmentRequired: true, servicePrincipalType: 'Application' });
    expect((await call('GET', `servicePrincipals/${sp.id}`)).body).toMatchObject({ id: sp.id, appRoles: [{ id: sp.appRoles[0]!.id, allowedMemberTypes: ['User'] }] });
    const byAppId = await call('GET', `servicePrincipals?$filter=appId eq '${sp.appId}'`);
    expect(byAppId.body.value?.map((p) => p['id'])).toEqual([sp.id]);
    const byName = await call('GET', `servicePrincipals?$filter=startsWith(displayName,'${sp.displayName.toUpperCase()}')&$select=id,displayName`);
    expect(byName.body.value).toEqual([{ id: sp.id, displayName: sp.displayName }]);
    expect((await call('PATCH', `servicePrincipals/${sp.id}`, { displayName: 'Renamed', appRoleAssignmentRequired: false })).status).toBe(204);
    expect((await call('GET', `servicePrincipals/${sp.id}`)).body).toMatchObject({ displayName: 'Renamed', appRoleAssignmentRequired: false });
  });

  it('when app input is bad, then 400 names the field; a taken appId is 409; an unknown app is 404; a caller without the permission is 403', async () => {
    const bad = await call('POST', 'servicePrincipals', { appRoles: [] });
    expect(bad.status).toBe(400);
    expect(targets(bad.body)).toContain('displayName');
    const badRole = await call('POST', 'servicePrincipals', { displayName: 'x', appRoles: [{ ...role('R'), allowedMemberTypes: ['Application'] }] });
    expect(targets(badRole.body)).toContain('appRoles.0.allowedMemberTypes.0');
    const sp = await createApp();
    const taken = await call('POST', 'servicePrincipals', { displayName: 'Copy', appId: sp.appId });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.message).toContain(sp.appId);
    expect(targets((await call('PATCH', `servicePrincipals/${sp.id}`, { appId: randomUUID() })).body)).toContain('appId');
    for (const [method, body] of [['GET'], ['PATCH', { displayName: 'x' }], ['DELETE']] as const) {
      expect((await call(method, `servicePrincipals/${randomUUID()}`, body)).status).toBe(404);
    }
    expect((await call('POST', 'servicePrincipals', { displayName: 'x' }, await rt.token({ roles: ['AppRoleAssignment.ReadWrite.All'] }))).status).toBe(403);
    expect((await call('GET', 'servicePrincipals', undefined, await rt.token({ roles: ['User.Invite.All'] }))).status).toBe(403);
  });

  it('when a user and a group are assigned, then both directions show it, a group’s assignment reaches its member, and removal is 204 then 404', async () => {
    const sp = await createApp([role('Reader'), role('Writer')]);
    const [reader, writer] = [sp.appRoles[0]!.id, sp.appRoles[1]!.id];
    const direct = await call('POST', `servicePrincipals/${sp.id}/appRoleAssignedTo`, { principalId: userId, resourceId: sp.id, appRoleId: reader });
    expect(direct.status, JSON.stringify(direct.body)).toBe(201);
    expect(direct.body).toMatchObject({ appRoleId: reader, principalId: userId, principalType: 'User', principalDisplayName: 'Anna Partner', resourceId: sp.id, resourceDisplayName: sp.displayName, createdDateTime: expect.any(String) });
    const viaGroup = await call('POST', `servicePrincipals/${sp.id}/appRoleAssignedTo`, { principalId: groupId, resourceId: sp.id, appRoleId: writer });
    expect(viaGroup.body).toMatchObject({ principalType: 'Group', principalDisplayName: 'Partners' });

    const first = await call('GET', `servicePrincipals/${sp.id}/appRoleAssignedTo?$top=1`);
    expect(first.body.value).toHaveLength(1);
    const nextLink = first.body['@odata.nextLink'] as string;
    const second = (await (await fetch(nextLink, { headers: { authorization: `Bearer ${admin}` } })).json()) as Json;
    expect([...first.body.value!, ...second.value!].map((a) => a['id']).sort()).toEqual([direct.body['id'], viaGroup.body['id']].sort());

    const mine = await call('GET', `users/${userId}/appRoleAssignments`);
    expect(mine.status).toBe(200);
    expect(mine.body.value?.filter((a) => a['resourceId'] === sp.id).map((a) => [a['principalType'], a['appRoleId']]).sort()).toEqual([['Group', writer], ['User', reader]]);

    expect((await call('DELETE', `servicePrincipals/${sp.id}/appRoleAssignedTo/${viaGroup.body['id']}`)).status).toBe(204);
    expect((await call('DELETE', `servicePrincipals/${sp.id}/appRoleAssignedTo/${viaGroup.body['id']}`)).status).toBe(404);
    const after = await call('GET', `users/${userId}/appRoleAssignments`);
    expect(after.body.value?.filter((a) => a['resourceId'] === sp.id).map((a) => a['principalType'])).toEqual(['User']);
  });

  it('when an assignment is wrong, then Graph’s answers come back: duplicate and unknown role are 400, unknown principal or app 404, missing field 400 by name', async () => {
    const sp = await createApp();
    const appRoleId = sp.appRoles[0]!.id;
    const path = `servicePrincipals/${sp.id}/appRoleAssignedTo`;
    expect((await call('POST', path, { principalId: userId, resourceId: sp.id, appRoleId })).status).toBe(201);
    const dup = await call('POST', path, { principalId: userId, resourceId: sp.id, appRoleId });
    expect(dup.status).toBe(400);
    expect(dup.body.error).toMatchObject({ code: 'Request_BadRequest', message: 'Permission being assigned already exists on the object.' });
    const defaultOnRoles = await call('POST', path, { principalId: groupId, resourceId: sp.id, appRoleId: DEFAULT_ACCESS });
    expect([defaultOnRoles.status, targets(defaultOnRoles.body)]).toEqual([400, ['appRoleId']]);
    expect(targets((await call('POST', path, { resourceId: sp.id, appRoleId })).body)).toContain('principalId');
    expect(targets((await call('POST', path, { principalId: userId, resourceId: randomUUID(), appRoleId })).body)).toContain('resourceId');
    expect((await call('POST', path, { principalId: randomUUID(), resourceId: sp.id, appRoleId })).status).toBe(404);
    const other = randomUUID();
    expect((await call('POST', `servicePrincipals/${other}/appRoleAssignedTo`, { principalId: userId, resourceId: other, appRoleId })).status).toBe(404);
    expect((await call('GET', `servicePrincipals/${other}/appRoleAssignedTo`)).status).toBe(404);
    expect((await call('GET', `users/${randomUUID()}/appRoleAssignments`)).status).toBe(404);

    const plain = await createApp([]);
    const ok = await call('POST', `servicePrincipals/${plain.id}/appRoleAssignedTo`, { principalId: groupId, resourceId: plain.id, appRoleId: DEFAULT_ACCESS });
    expect(ok.status).toBe(201);
  });

  it('when callers lack the permission or role, then assignment endpoints are 403; a User Administrator may assign but not create apps', async () => {
    const sp = await createApp();
    const body = { principalId: groupId, resourceId: sp.id, appRoleId: sp.appRoles[0]!.id };
    const reader = await rt.token({ roles: ['Directory.Read.All'] });
    expect((await call('POST', `servicePrincipals/${sp.id}/appRoleAssignedTo`, body, reader)).status).toBe(403);
    expect((await call('GET', `servicePrincipals/${sp.id}/appRoleAssignedTo`, undefined, reader)).status).toBe(200);
    const outsider = await rt.token({ roles: ['User.Invite.All'] });
    expect((await call('GET', `users/${userId}/appRoleAssignments`, undefined, outsider)).status).toBe(403);
    expect((await call('DELETE', `servicePrincipals/${sp.id}/appRoleAssignedTo/${randomUUID()}`, undefined, outsider)).status).toBe(403);

    const nick = `ua${randomUUID().slice(0, 8)}`;
    const ua = await call('POST', 'users', { accountEnabled: true, displayName: 'Uma Admin', mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com` });
    const grant = await call('POST', 'roleManagement/directory/roleAssignments', { principalId: ua.body['id'], roleDefinitionId: USER_ADMIN, directoryScopeId: '/' });
    expect(grant.status, JSON.stringify(grant.body)).toBe(201);
    const uaToken = await rt.token({ userId: ua.body['id'] as string });
    expect((await call('POST', `servicePrincipals/${sp.id}/appRoleAssignedTo`, body, uaToken)).status).toBe(201);
    expect((await call('POST', 'servicePrincipals', { displayName: 'Nope' }, uaToken)).status).toBe(403);
  });

  it('when an enabled role is removed, then Entra’s 400; when the app is deleted, then its assignments vanish from the user too', async () => {
    const sp = await createApp();
    const roleId = sp.appRoles[0]!.id;
    const refused = await call('PATCH', `servicePrincipals/${sp.id}`, { appRoles: [] });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toBe('Permission (scope or role) cannot be deleted or updated unless disabled first.');
    expect((await call('POST', `servicePrincipals/${sp.id}/appRoleAssignedTo`, { principalId: userId, resourceId: sp.id, appRoleId: roleId })).status).toBe(201);
    expect((await call('PATCH', `servicePrincipals/${sp.id}`, { appRoles: [{ ...sp.appRoles[0], isEnabled: false }] })).status).toBe(204);
    expect(targets((await call('PATCH', `servicePrincipals/${sp.id}`, { appRoles: [] })).body)).toEqual(['appRoles.0']);

    expect((await call('DELETE', `servicePrincipals/${sp.id}`)).status).toBe(204);
    expect((await call('GET', `servicePrincipals/${sp.id}`)).status).toBe(404);
    const mine = await call('GET', `users/${userId}/appRoleAssignments`);
    expect(mine.body.value?.filter((a) => a['resourceId'] === sp.id)).toEqual([]);
  });

  it('when a user is deleted and restored, then their app role and directory role assignments hide and come back with them', async () => {
    const nick = `del${randomUUID().slice(0, 8)}`;
    const user = await call('POST', 'users', { accountEnabled: true, displayName: 'Dana Leaving', mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com` });
    const id = user.body['id'] as string;
    const sp = await createApp();
    const assigned = await call('POST', `servicePrincipals/${sp.id}/appRoleAssignedTo`, { principalId: id, resourceId: sp.id, appRoleId: sp.appRoles[0]!.id });
    expect(assigned.status).toBe(201);
    expect((await call('POST', 'roleManagement/directory/roleAssignments', { principalId: id, roleDefinitionId: USER_ADMIN, directoryScopeId: '/' })).status).toBe(201);
    const listed = async () => (await call('GET', `servicePrincipals/${sp.id}/appRoleAssignedTo`)).body.value?.map((a) => a['id']);
    const roles = async () => (await call('GET', `roleManagement/directory/roleAssignments?$filter=principalId eq '${id}'`)).body.value?.length;

    expect((await call('DELETE', `users/${id}`)).status).toBe(204);
    expect(await listed()).toEqual([]);
    expect(await roles()).toBe(0);
    expect((await call('GET', `users/${id}/appRoleAssignments`)).status).toBe(404);

    const restored = await call('POST', `directory/deletedItems/${id}/restore`);
    expect(restored.status, JSON.stringify(restored.body)).toBeLessThan(300);
    expect(await listed()).toEqual([assigned.body['id']]);
    expect(await roles()).toBe(1);
    expect((await call('GET', `users/${id}/appRoleAssignments`)).body.value?.map((a) => a['id'])).toEqual([assigned.body['id']]);
  });

  it('when apps and assignments change, then the directory audit log names each change as Entra does', async () => {
    const sp = await createApp();
    const a = await call('POST', `servicePrincipals/${sp.id}/appRoleAssignedTo`, { principalId: groupId, resourceId: sp.id, appRoleId: sp.appRoles[0]!.id });
    await call('DELETE', `servicePrincipals/${sp.id}/appRoleAssignedTo/${a.body['id']}`);
    await call('PATCH', `servicePrincipals/${sp.id}`, { displayName: `${sp.displayName} 2` });
    await call('DELETE', `servicePrincipals/${sp.id}`);
    const auditor = await rt.token({ roles: ['AuditLog.Read.All'] });
    const seen: string[] = [];
    for (const activity of ['Add service principal', 'Add app role assignment to group', 'Remove app role assignment from group', 'Update service principal', 'Remove service principal']) {
      const res = await call('GET', `auditLogs/directoryAudits?$filter=activityDisplayName eq '${activity}'`, undefined, auditor);
      if (res.body.value?.some((e) => JSON.stringify(e['targetResources']).includes(sp.id))) seen.push(activity);
    }
    expect(seen).toEqual(['Add service principal', 'Add app role assignment to group', 'Remove app role assignment from group', 'Update service principal', 'Remove service principal']);
  });
});
