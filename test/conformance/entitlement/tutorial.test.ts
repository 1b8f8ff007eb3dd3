import { randomUUID } from 'node:crypto';
import type { AccessPackage, AccessPackageAssignment, AccessPackageAssignmentPolicy, AccessPackageAssignmentRequest, AccessPackageCatalog, AccessPackageResource, AccessPackageResourceRole, AccessPackageResourceRoleScope, Group, User } from '@microsoft/microsoft-graph-types';
import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { EM, graphClient } from './graph-client';

/**
 * concepts/tutorial-access-package-api.md ("Manage access to resources using the entitlement
 * management APIs"), step by step, through the Graph JS SDK. Its policy, request and assignment
 * steps are written against beta (`accessPackageAssignmentPolicies`, `durationInDays`,
 * `accessPackageAssignments`); Gatehouse is v1.0 only, so those steps use their v1.0 form (same
 * values, v1.0 names) and say so. Everything else is the v1.0 request as documented, ids adapted.
 */
describe('the access-package tutorial, end to end', () => {
  let rt: TestRuntime;
  let admin: Client;
  let requestor: Client;
  const state: Record<string, string> = {};

  beforeAll(async () => {
    rt = await startRuntime();
    admin = graphClient(rt, await rt.token({ roles: ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All'] }));
  }, 90_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('runs every step: user and group, General catalog, resource, roles, package, role scope, policy, request, assignment, members, clean-up', async () => {
    // Prerequisites: a requestor account and the "Marketing resources" security group.
    const nick = `Requestor1${randomUUID().slice(0, 6)}`;
    const user = (await admin.api('/users').post({ accountEnabled: true, displayName: 'Requestor1', mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com`, passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Contoso1234' } } satisfies User)) as User;
    expect(user).toMatchObject({ displayName: 'Requestor1', mailNickname: nick, accountEnabled: true });
    const userId = user.id as string;
    requestor = graphClient(rt, await rt.token({ userId }));
    const group = (await admin.api('/groups').post({ description: 'Marketing group', displayName: 'Marketing resources', mailEnabled: false, mailNickname: `markres${randomUUID().slice(0, 6)}`, securityEnabled: true } satisfies Group)) as Group;
    const groupId = group.id as string;
    expect(group).toMatchObject({ displayName: 'Marketing resources', description: 'Marketing group', mailEnabled: false });

    // Step 1.1: the General catalog's id.
    const catalogs = (await admin.api(`${EM}/catalogs`).filter("(displayName eq 'General')").get()) as { value: AccessPackageCatalog[] };
    expect(catalogs.value).toHaveLength(1);
    expect(catalogs.value[0]).toMatchObject({ displayName: 'General', description: 'Built-in catalog.', catalogType: 'serviceDefault', state: 'published', isExternallyVisible: true });
    const catalogId = catalogs.value[0]!.id as string;

    // Step 1.2: add the group to the catalog (the tutorial's body: catalogId, "AdminAdd", accessPackageResource).
    const resourceRequest = (await admin.api(`${EM}/resourceRequests`).post({ catalogId, requestType: 'AdminAdd', justification: '', accessPackageResource: { resourceType: 'AadGroup', originId: groupId, originSystem: 'AadGroup' } })) as Record<string, unknown>;
    expect(resourceRequest).toMatchObject({ id: expect.any(String), requestType: 'adminAdd', state: 'delivered' });

    // Step 1.3: the catalog's resources with that originId.
    const resources = (await admin.api(`${EM}/catalogs/${catalogId}/resources`).filter(`originId eq '${groupId}'`).get()) as { value: AccessPackageResource[] };
    expect(resources.value).toHaveLength(1);
    expect(resources.value[0]).toMatchObject({ displayName: 'Marketing resources', description: 'Marketing group', originId: groupId, originSystem: 'AadGroup', attributes: [] });
    const resourceId = resources.value[0]!.id as string;
    expect(resourceId).not.toBe(groupId);

    // Step 1.4: the Member role of that resource.
    const roles = (await admin.api(`${EM}/catalogs/${catalogId}/resourceRoles`).filter(`(originSystem eq 'AadGroup' and displayName eq 'Member' and resource/id eq '${resourceId}')`).expand('resource').get()) as { value: AccessPackageResourceRole[] };
    expect(roles.value).toHaveLength(1);
    expect(roles.value[0]).toMatchObject({ displayName: 'Member', originSystem: 'AadGroup', originId: `Member_${groupId}`, resource: { id: resourceId, displayName: 'Marketing resources', originId: groupId, originSystem: 'AadGroup' } });

    // Step 1.5: the access package (the tutorial's body names the catalog by catalogId).
    const pkg = (await admin.api(`${EM}/accessPackages`).post({ catalogId, displayName: 'Marketing Campaign', description: 'Access to resources for the campaign' })) as AccessPackage;
    expect(pkg).toMatchObject({ displayName: 'Marketing Campaign', description: 'Access to resources for the campaign', isHidden: false, createdDateTime: expect.any(String) });
    const packageId = pkg.id as string;

    // Step 1.6: the Member role through the package, scope named by the group's own id.
    const scope = (await admin.api(`${EM}/accessPackages/${packageId}/accessPackageResourceRoleScopes`).post({
      role: { originId: `Member_${groupId}`, displayName: 'Member', originSystem: 'AadGroup', resource: { id: resourceId, resourceType: 'Security Group', originId: groupId, originSystem: 'AadGroup' } },
      scope: { originId: groupId, originSystem: 'AadGroup' },
    })) as AccessPackageResourceRoleScope;
    expect(scope).toMatchObject({ id: expect.any(String), createdDateTime: expect.any(String) });

    // Step 1.7 (beta in the tutorial; the v1.0 policy with the same meaning): Requestor1 may ask, no approval, 30 days.
    const policyBody: AccessPackageAssignmentPolicy = {
      displayName: 'Specific users',
      description: 'Specific users can request assignment',
      allowedTargetScope: 'specificDirectoryUsers',
      specificAllowedTargets: [{ '@odata.type': '#microsoft.graph.singleUser', userId, description: 'Requestor1' } as never],
      expiration: { type: 'afterDuration', duration: 'P30D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true, enableTargetsToSelfUpdateAccess: false, enableTargetsToSelfRemoveAccess: true },
      requestApprovalSettings: { isApprovalRequiredForAdd: false, isApprovalRequiredForUpdate: false, stages: [] },
      accessPackage: { id: packageId },
    };
    const policy = (await admin.api(`${EM}/assignmentPolicies`).post(policyBody)) as AccessPackageAssignmentPolicy;
    expect(policy).toMatchObject({ displayName: 'Specific users', allowedTargetScope: 'specificDirectoryUsers', expiration: { type: 'afterDuration', duration: 'P30D' } });
    const policyId = policy.id as string;

    // Step 2: Requestor1 asks for the package ("UserAdd", accessPackageAssignment: the documented v1.0 example 4 form).
    const request = (await requestor.api(`${EM}/assignmentRequests`).post({ requestType: 'UserAdd', accessPackageAssignment: { targetId: userId, assignmentPolicyId: policyId, accessPackageId: packageId } })) as AccessPackageAssignmentRequest;
    expect(request).toMatchObject({ id: expect.any(String), requestType: 'userAdd', status: expect.any(String) });
    state['requestId'] = request.id as string;

    // Step 3.1: the request, delivered.
    const read = (await admin.api(`${EM}/assignmentRequests/${state['requestId']}`).get()) as AccessPackageAssignmentRequest;
    expect(read).toMatchObject({ id: state['requestId'], requestType: 'userAdd', state: 'delivered', createdDateTime: expect.any(String), completedDateTime: expect.any(String) });

    // Step 3.2 (beta in the tutorial): the assignments of the policy, with their target.
    const assignments = (await admin.api(`${EM}/assignments`).filter(`assignmentPolicy/id eq '${policyId}'`).expand('target').get()) as { value: AccessPackageAssignment[] };
    expect(assignments.value).toHaveLength(1);
    expect(assignments.value[0]).toMatchObject({ state: 'delivered', target: { objectId: userId } });
    const assignmentId = assignments.value[0]!.id as string;

    // Step 3.3: Requestor1 is a member of the group.
    const members = (await admin.api(`/groups/${groupId}/members`).get()) as { value: User[] };
    expect(members.value.map((m) => m.id)).toContain(userId);

    // Step 4: clean up (the tutorial's "AdminRemove" with accessPackageAssignment), then the policy and the package.
    const removal = (await admin.api(`${EM}/assignmentRequests`).post({ requestType: 'AdminRemove', accessPackageAssignment: { id: assignmentId } })) as AccessPackageAssignmentRequest;
    expect(removal).toMatchObject({ id: expect.any(String), requestType: 'adminRemove' });
    expect(((await admin.api(`/groups/${groupId}/members`).get()) as { value: User[] }).value.map((m) => m.id)).not.toContain(userId);
    await admin.api(`${EM}/assignmentPolicies/${policyId}`).delete();
    await admin.api(`${EM}/accessPackages/${packageId}`).delete();
    const gone = await admin.api(`${EM}/accessPackages/${packageId}`).get().catch((e: { statusCode: number; code: string }) => e);
    expect(gone).toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });
});
