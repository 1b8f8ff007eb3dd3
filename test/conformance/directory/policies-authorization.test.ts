import type { AuthorizationPolicy } from '@microsoft/microsoft-graph-types';
import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphClient, graphFailure } from '../entitlement/graph-client';
import { adminClient } from './users-fixture';

// authorizationpolicy-get.md and authorizationpolicy-update.md (examples 1-6), replayed as documented.
describe('authorizationPolicy', () => {
  let rt: TestRuntime;
  let admin: Client;
  const read = async () => (await admin.api('/policies/authorizationPolicy').get()) as AuthorizationPolicy;
  const patch = async (body: AuthorizationPolicy) => {
    const response = (await admin.api('/policies/authorizationPolicy').responseType('raw' as never).patch(body)) as Response;
    expect(response.status).toBe(204);
  };

  beforeAll(async () => {
    rt = await startRuntime();
    admin = await adminClient(rt);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('authorizationpolicy-get: the full documented shape with Entra\'s defaults', async () => {
    expect(await read()).toMatchObject({
      id: 'authorizationPolicy',
      displayName: 'Authorization Policy',
      allowInvitesFrom: 'everyone',
      allowedToSignUpEmailBasedSubscriptions: true,
      allowedToUseSSPR: true,
      allowEmailVerifiedUsersToJoinOrganization: false,
      blockMsolPowerShell: false,
      guestUserRoleId: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
      defaultUserRolePermissions: { allowedToCreateApps: true, allowedToCreateSecurityGroups: true, allowedToReadOtherUsers: true, permissionGrantPoliciesAssigned: expect.any(Array) },
    });
  });

  it('example 1: allowEmailVerifiedUsersToJoinOrganization false → 204 and kept', async () => {
    await patch({ allowEmailVerifiedUsersToJoinOrganization: false });
    expect((await read()).allowEmailVerifiedUsersToJoinOrganization).toBe(false);
  });

  it('example 2: blockMsolPowerShell true → 204 and kept', async () => {
    await patch({ blockMsolPowerShell: true });
    expect((await read()).blockMsolPowerShell).toBe(true);
  });

  it('example 3: defaultUserRolePermissions.allowedToCreateApps false → 204; the other flags stay', async () => {
    await patch({ defaultUserRolePermissions: { allowedToCreateApps: false } });
    expect((await read()).defaultUserRolePermissions).toMatchObject({ allowedToCreateApps: false, allowedToCreateSecurityGroups: true, allowedToReadOtherUsers: true });
  });

  it('example 4: allowedToUseSSPR true → 204 and kept', async () => {
    await patch({ allowedToUseSSPR: true });
    expect((await read()).allowedToUseSSPR).toBe(true);
  });

  it('example 5: permissionGrantPoliciesAssigned [] → 204 and kept', async () => {
    await patch({ defaultUserRolePermissions: { permissionGrantPoliciesAssigned: [] } });
    expect((await read()).defaultUserRolePermissions?.permissionGrantPoliciesAssigned).toEqual([]);
  });

  it('example 6: permissionGrantPoliciesAssigned [managePermissionGrantsForSelf.microsoft-user-default-low] → 204 and kept', async () => {
    await patch({ defaultUserRolePermissions: { permissionGrantPoliciesAssigned: ['managePermissionGrantsForSelf.microsoft-user-default-low'] } });
    expect((await read()).defaultUserRolePermissions?.permissionGrantPoliciesAssigned).toEqual(['managePermissionGrantsForSelf.microsoft-user-default-low']);
  });

  it('guestUserRoleId and allowInvitesFrom still drive Gatehouse; an unknown property is a 400 naming it', async () => {
    await patch({ guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b', allowInvitesFrom: 'adminsAndGuestInviters' });
    expect(await read()).toMatchObject({ guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b', allowInvitesFrom: 'adminsAndGuestInviters' });
    const refused = await graphFailure(admin.api('/policies/authorizationPolicy').patch({ enabledPreviewFeatures: ['x'] }));
    expect([refused.statusCode, JSON.stringify(refused.error).includes('enabledPreviewFeatures')]).toEqual([400, true]);
  });

  it('Policy.Read.All reads the policy and cannot change it', async () => {
    const reader = graphClient(rt, await rt.token({ roles: ['Policy.Read.All'] }));
    expect(((await reader.api('/policies/authorizationPolicy').get()) as AuthorizationPolicy).id).toBe('authorizationPolicy');
    expect((await graphFailure(reader.api('/policies/authorizationPolicy').patch({ blockMsolPowerShell: false }))).statusCode).toBe(403);
  });
});
