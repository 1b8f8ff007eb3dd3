import type { Invitation, User } from '@microsoft/microsoft-graph-types';
import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { EM, graphClient, graphFailure } from '../entitlement/graph-client';
import { adminClient, createMember, tag } from './users-fixture';

describe('invitation-post.md, Graph errors and least-privileged permissions', () => {
  let rt: TestRuntime;
  let admin: Client;
  const t = tag();

  beforeAll(async () => {
    rt = await startRuntime();
    admin = await adminClient(rt);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('invitation-post example 1: invite a guest → 201 with the invited user, a redeem URL and PendingAcceptance', async () => {
    const invitation = (await admin.api('/invitations').post({ invitedUserEmailAddress: `${t}admin@fabrikam.com`, inviteRedirectUrl: 'https://myapp.contoso.com' } satisfies Invitation)) as Invitation;
    // Gatehouse answers the redirect URL normalized (https://myapp.contoso.com/), the one divergence on this page.
    expect(new URL(invitation.inviteRedirectUrl!).href).toBe(new URL('https://myapp.contoso.com').href);
    expect(invitation).toMatchObject({ invitedUserEmailAddress: `${t}admin@fabrikam.com`, status: 'PendingAcceptance', inviteRedeemUrl: expect.stringMatching(/^https?:\/\//), invitedUser: { id: expect.any(String) } });
    const guest = (await admin.api(`/users/${invitation.invitedUser!.id}`).get()) as User;
    expect(guest).toMatchObject({ userType: 'Guest', externalUserState: 'PendingAcceptance', userPrincipalName: expect.stringContaining('#EXT#@') });
  });

  it('invitation-post example 2: resetRedemption with invitedUser.id → 201 for the same user', async () => {
    const first = (await admin.api('/invitations').post({ invitedUserEmailAddress: `${t}reset@fabrikam.com`, inviteRedirectUrl: 'https://myapp.contoso.com' } satisfies Invitation)) as Invitation;
    const reset = (await admin.api('/invitations').post({ invitedUserEmailAddress: `${t}reset@fabrikam.com`, inviteRedirectUrl: 'https://myapp.contoso.com', invitedUser: { id: first.invitedUser!.id! }, resetRedemption: true } satisfies Invitation)) as Invitation;
    expect(reset.invitedUser?.id).toBe(first.invitedUser!.id);
  });

  it('an unmatched route is Graph\'s 404 JSON with a request id; a known path with another method is 405 with Allow', async () => {
    const missing = await fetch(`${rt.url}/api/v1.0/users/${t}/nonsense`, { headers: { authorization: `Bearer ${await rt.token({ roles: ['User.Read.All'] })}` } });
    const body = (await missing.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect([missing.status, body.error.code, typeof body.error.innerError['request-id']]).toEqual([404, 'Request_ResourceNotFound', 'string']);
    const wrong = await fetch(`${rt.url}/api/v1.0/users/${t}`, { method: 'PUT' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH']);
    expect(((await wrong.json()) as { error: { innerError: Record<string, string> } }).error.innerError['request-id']).toEqual(expect.any(String));
  });

  it('$batch accepts inner URLs relative to the version, carrying the base path, or absolute (as the SDK\'s BatchRequestContent sends them)', async () => {
    const requests = [`/users?$top=1`, `/api/v1.0/users?$top=1`, `${rt.url}/api/v1.0/users?$top=1`, 'https://graph.microsoft.com/v1.0/users'].map((url, i) => ({ id: String(i + 1), method: 'GET', url }));
    const batch = (await admin.api('/$batch').post({ requests })) as { responses: { id: string; status: number }[] };
    expect(batch.responses.sort((a, b) => Number(a.id) - Number(b.id)).map((r) => r.status)).toEqual([200, 200, 200, 400]);
  });

  it.each([
    ['User.Read.All', '/users', 200],
    ['User.ReadBasic.All', '/users', 200],
    ['User.Read.All', '/groups', 403],
    ['Group.Read.All', '/groups', 200],
    ['GroupMember.Read.All', '/groups', 200],
    ['Application.Read.All', '/servicePrincipals', 200],
    ['Organization.Read.All', '/organization', 200],
    ['Policy.Read.All', '/policies/authorizationPolicy', 200],
    ['RoleManagement.Read.Directory', '/roleManagement/directory/roleDefinitions', 200],
    ['EntitlementManagement.Read.All', `${EM}/catalogs`, 200],
  ])('an app holding only %s reads %s → %s', async (permission, path, status) => {
    const client = graphClient(rt, await rt.token({ roles: [permission] }));
    if (status === 200) await expect(client.api(path).get()).resolves.toHaveProperty('@odata.context');
    else expect((await graphFailure(client.api(path).get())).statusCode).toBe(status);
  });

  it('read-only permissions cannot write: User.Read.All, Group.Read.All, EntitlementManagement.Read.All are 403 on writes', async () => {
    const users = graphClient(rt, await rt.token({ roles: ['User.Read.All'] }));
    expect((await graphFailure(createMember(users, 'No', `${t}no`))).statusCode).toBe(403);
    const groups = graphClient(rt, await rt.token({ roles: ['Group.Read.All'] }));
    expect((await graphFailure(groups.api('/groups').post({ displayName: 'No', mailNickname: `${t}g`, securityEnabled: true, mailEnabled: false }))).statusCode).toBe(403);
    const em = graphClient(rt, await rt.token({ roles: ['EntitlementManagement.Read.All'] }));
    expect((await graphFailure(em.api(`${EM}/catalogs`).post({ displayName: 'No' }))).statusCode).toBe(403);
  });
});
