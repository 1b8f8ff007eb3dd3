import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { memberBody, usersApi } from './users-api';

const LEVELS = {
  sameAsMembers: 'a0b1b346-4d3e-4e8b-98f8-753987be4970',
  limited: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
  restricted: '2af84b1e-32c8-42b7-82bc-daa82404023b',
};

describe('what guests may read of the users (guestUserRoleId)', () => {
  let rt: TestRuntime;
  let api: ReturnType<typeof usersApi>;
  let guestToken: string;
  let guestId: string;
  let otherId: string;
  let guestUpn: string;
  const setLevel = async (id: string) =>
    expect((await api.call('PATCH', '/policies/authorizationPolicy', await api.app('Policy.ReadWrite.Authorization'), { guestUserRoleId: id })).status).toBe(204);

  beforeAll(async () => {
    rt = await startRuntime();
    api = usersApi(rt);
    const writer = await api.app('User.ReadWrite.All');
    const alias = `g${randomUUID().slice(0, 6)}`;
    const guest = await api.call('POST', '/users', writer, memberBody({ userType: 'Guest', userPrincipalName: `${alias}_contoso.com#EXT#@fabrikam.onmicrosoft.com`, mail: `${alias}@contoso.com` }));
    expect(guest.status).toBe(201);
    guestId = String(guest.body['id']);
    guestUpn = String(guest.body['userPrincipalName']);
    expect(guestUpn).toContain('#EXT#');
    otherId = String((await api.call('POST', '/users', writer, memberBody())).body['id']);
    guestToken = await api.user(guestId);
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when guest access is limited (the default), then a guest reads users by id but may not list them', async () => {
    expect((await api.call('GET', '/policies/authorizationPolicy', await api.app('Directory.Read.All'))).body['guestUserRoleId']).toBe(LEVELS.limited);
    expect((await api.call('GET', `/users/${otherId}`, guestToken)).status).toBe(200);
    expect((await api.call('GET', '/users', guestToken)).status).toBe(403);
  });

  it('when guest access is restricted, then a guest reads only their own user object', async () => {
    await setLevel(LEVELS.restricted);
    expect((await api.call('GET', `/users/${guestId}`, guestToken)).status).toBe(200);
    expect((await api.call('GET', `/users/${encodeURIComponent(guestUpn)}`, guestToken)).body['id']).toBe(guestId);
    expect((await api.call('GET', `/users/${otherId}`, guestToken)).status).toBe(403);
    expect((await api.call('GET', '/users', guestToken)).status).toBe(403);
  });

  it('when guests have the same access as members, then a guest may list users too', async () => {
    await setLevel(LEVELS.sameAsMembers);
    expect((await api.call('GET', '/users?$top=5', guestToken)).status).toBe(200);
    expect((await api.call('GET', `/users/${otherId}`, guestToken)).status).toBe(200);
  });

  it('when a guest holds a directory role, then the role decides, not the guest level', async () => {
    await setLevel(LEVELS.restricted);
    const token = await api.user(guestId, 'Helpdesk Administrator');
    expect((await api.call('GET', `/users/${otherId}`, token)).status).toBe(200);
    expect((await api.call('GET', '/users', token)).status).toBe(200);
  });
});
