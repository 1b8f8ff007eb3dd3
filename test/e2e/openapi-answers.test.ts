import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationId } from '../../src/domain/access';
import { REQUEST_EXAMPLES } from '../../src/functions/openapi/request-examples';
import { SUCCESS_BODIES } from '../../src/functions/openapi/responses';
import { graphCaller, type GraphCall } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';

/**
 * The OpenAPI document against the running API: the documented request examples are accepted as
 * sent, and what comes back passes the zod schema the document shows for that operation.
 */
describe('the OpenAPI document’s schemas and examples against the running API', () => {
  let rt: TestRuntime;
  let call: GraphCall;
  beforeAll(async () => {
    rt = await startRuntime();
    const admin = await rt.token({
      roles: ['Directory.ReadWrite.All', 'User.Invite.All', 'Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All', 'EntitlementManagement.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'AuditLog.Read.All', 'Policy.ReadWrite.Authorization'],
    });
    call = graphCaller(rt, admin);
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  /** Calls the operation and checks the status and the body against the documented schema. */
  async function answered(operationId: OperationId, status: number, method: string, path: string, body?: unknown) {
    const res = await call(method, path, body);
    expect([operationId, res.status]).toEqual([operationId, status]);
    const schema = SUCCESS_BODIES[operationId]?.schema;
    expect(schema).toBeDefined();
    const parsed = schema!.safeParse(res.body);
    expect([operationId, parsed.success ? 'fits' : parsed.error.issues]).toEqual([operationId, 'fits']);
    return res.body;
  }

  it('when the directory examples are sent, then each answer fits its documented schema', async () => {
    const invitation = await answered('createInvitation', 201, 'POST', 'invitations', REQUEST_EXAMPLES.createInvitation);
    const guestId = (invitation['invitedUser'] as { id: string }).id;
    await answered('getUserInvitation', 200, 'GET', `users/${guestId}/invitation`);
    await answered('listUsers', 200, 'GET', 'users');
    const group = await answered('createGroup', 201, 'POST', 'groups', REQUEST_EXAMPLES.createGroup);
    await answered('getGroup', 200, 'GET', `groups/${group['id'] as string}`);
    await answered('listGroups', 200, 'GET', 'groups');
    expect((await call('POST', `groups/${group['id'] as string}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${guestId}` })).status).toBe(204);
    await answered('listGroupMembers', 200, 'GET', `groups/${group['id'] as string}/members`);
    await answered('listUserMemberOf', 200, 'GET', `users/${guestId}/memberOf`);
    await answered('listTransitiveMemberOf', 200, 'GET', `users/${guestId}/transitiveMemberOf`);
    const app = await answered('createApplication', 201, 'POST', 'applications', REQUEST_EXAMPLES.createApplication);
    await answered('addApplicationPassword', 200, 'POST', `applications/${app['id'] as string}/addPassword`, REQUEST_EXAMPLES.addApplicationPassword);
    await answered('listApplications', 200, 'GET', 'applications');
    const principal = await answered('createServicePrincipal', 201, 'POST', 'servicePrincipals', { appId: app['appId'] });
    await answered('createAppRoleAssignedTo', 201, 'POST', `servicePrincipals/${principal['id'] as string}/appRoleAssignedTo`, {
      principalId: guestId,
      resourceId: principal['id'],
      appRoleId: (app['appRoles'] as { id: string }[])[0]!.id,
    });
    await answered('listAppRoleAssignedTo', 200, 'GET', `servicePrincipals/${principal['id'] as string}/appRoleAssignedTo`);
    await answered('listRoleDefinitions', 200, 'GET', 'roleManagement/directory/roleDefinitions');
    await answered('listDirectoryRoleTemplates', 200, 'GET', 'directoryRoleTemplates');
    await answered('getAuthorizationPolicy', 200, 'GET', 'policies/authorizationPolicy');
    await answered('listDirectoryAudits', 200, 'GET', 'auditLogs/directoryAudits');
  });

  it('when the entitlement-management examples are sent, then each answer fits its documented schema', async () => {
    const catalog = await answered('createEntitlementCatalog', 201, 'POST', 'identityGovernance/entitlementManagement/catalogs', REQUEST_EXAMPLES.createEntitlementCatalog);
    await answered('listEntitlementCatalogs', 200, 'GET', 'identityGovernance/entitlementManagement/catalogs');
    const pkg = await answered('createAccessPackage', 201, 'POST', 'identityGovernance/entitlementManagement/accessPackages', { ...(REQUEST_EXAMPLES.createAccessPackage as object), catalog: { id: catalog['id'] } });
    await answered('getAccessPackage', 200, 'GET', `identityGovernance/entitlementManagement/accessPackages/${pkg['id'] as string}`);
    await answered('createConnectedOrganization', 201, 'POST', 'identityGovernance/entitlementManagement/connectedOrganizations', REQUEST_EXAMPLES.createConnectedOrganization);
    await answered('listConnectedOrganizations', 200, 'GET', 'identityGovernance/entitlementManagement/connectedOrganizations');
    await answered('getEntitlementSettings', 200, 'GET', 'identityGovernance/entitlementManagement/settings');
    await answered('listEntitlementRoleDefinitions', 200, 'GET', 'roleManagement/entitlementManagement/roleDefinitions');
    await answered('listAssignmentRequests', 200, 'GET', 'identityGovernance/entitlementManagement/assignmentRequests');
    await answered('listAccessPackageAssignments', 200, 'GET', 'identityGovernance/entitlementManagement/assignments');
  });
});
