import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { expectNamedField, usersApi } from './users-api';

describe('collaboration policies over HTTP', () => {
  let rt: TestRuntime;
  let api: ReturnType<typeof usersApi>;
  beforeAll(async () => {
    rt = await startRuntime();
    api = usersApi(rt);
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it("when nothing was set, then the authorization policy has Entra's defaults", async () => {
    const res = await api.call('GET', '/policies/authorizationPolicy', await api.app('Directory.Read.All'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'authorizationPolicy', allowInvitesFrom: 'everyone', guestUserRoleId: '10dae51f-b6af-4016-8d66-8c2a99b929b3' });
  });

  it('when a Global Administrator changes allowInvitesFrom, then it reads back; a bad value is 400 naming the field', async () => {
    const admin = await api.user(randomUUID(), 'Global Administrator');
    expect((await api.call('PATCH', '/policies/authorizationPolicy', admin, { allowInvitesFrom: 'adminsAndGuestInviters' })).status).toBe(204);
    expect((await api.call('GET', '/policies/authorizationPolicy', admin)).body['allowInvitesFrom']).toBe('adminsAndGuestInviters');
    const bad = await api.call('PATCH', '/policies/authorizationPolicy', admin, { allowInvitesFrom: 'friends' });
    expect(bad.status).toBe(400);
    expectNamedField(bad.body, 'allowInvitesFrom');
    const badRole = await api.call('PATCH', '/policies/authorizationPolicy', admin, { guestUserRoleId: randomUUID() });
    expect(badRole.status).toBe(400);
    expectNamedField(badRole.body, 'guestUserRoleId');
  });

  it('when anyone but a Global Administrator or Policy.ReadWrite.Authorization changes a policy, then it is 403', async () => {
    for (const token of [await api.user(randomUUID(), 'User Administrator'), await api.user(randomUUID(), 'Privileged Role Administrator'), await api.app('Directory.ReadWrite.All')]) {
      expect((await api.call('PATCH', '/policies/authorizationPolicy', token, { allowInvitesFrom: 'none' })).status).toBe(403);
      expect((await api.call('PATCH', '/policies/invitationDomainPolicy', token, { blockedDomains: ['x.com'] })).status).toBe(403);
    }
    expect((await api.call('GET', '/policies/invitationDomainPolicy', await api.app('User.Invite.All'))).status).toBe(403);
  });

  it('when the domain lists are set, then they are stored lower-cased and de-duplicated; malformed ones are 400', async () => {
    const admin = await api.app('Policy.ReadWrite.Authorization');
    expect((await api.call('GET', '/policies/invitationDomainPolicy', admin)).body).toMatchObject({ allowedDomains: [], blockedDomains: [] });
    const res = await api.call('PATCH', '/policies/invitationDomainPolicy', admin, { allowedDomains: ['Contoso.com', 'contoso.com', '*.Partners.example'], blockedDomains: ['Evil.example'] });
    expect(res.status).toBe(204);
    expect((await api.call('GET', '/policies/invitationDomainPolicy', admin)).body).toMatchObject({
      id: 'invitationDomainPolicy',
      allowedDomains: ['contoso.com', '*.partners.example'],
      blockedDomains: ['evil.example'],
    });
    const bad = await api.call('PATCH', '/policies/invitationDomainPolicy', admin, { blockedDomains: ['not a domain'] });
    expect(bad.status).toBe(400);
    expectNamedField(bad.body, 'blockedDomains');
    const tooLong = await api.call('PATCH', '/policies/invitationDomainPolicy', admin, { allowedDomains: Array.from({ length: 1400 }, (_, i) => `domain${i}.example.com`) });
    expect(tooLong.status).toBe(400);
    expect((await api.call('PATCH', '/policies/invitationDomainPolicy', admin, {})).status).toBe(400);
  });
});
