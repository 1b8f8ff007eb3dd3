import { randomUUID } from 'node:crypto';
import type { AccessPackageAssignmentRequest, UnifiedRoleAssignment } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { buildWorld, type World } from './fixture';
import { EM, graphFailure } from './graph-client';

/**
 * `accesspackageassignmentrequest-reprocess.md` (202 for a partly delivered request, 404 for an
 * unknown one, 400 for an id that is not valid) and `rbacapplication-list-roleassignments.md` for
 * entitlementManagement filtered by `appScopeId`, served from an index.
 */
describe('accesspackageassignmentrequest-reprocess and catalog role assignments by scope', () => {
  let rt: TestRuntime;
  let w: World;

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildWorld(rt, ['member', 'reader']);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when a request was only partly delivered, then POST …/reprocess answers 202; an unknown id 404, an invalid id 400', async () => {
    // A second group in the package, deleted afterwards: its role cannot be granted.
    const doomed = (await w.admin.api('/groups').post({ displayName: 'Doomed', mailNickname: `doomed${randomUUID().slice(0, 6)}`, securityEnabled: true, mailEnabled: false })) as { id: string };
    const resource = (await w.admin.api(`${EM}/resourceRequests`).post({ requestType: 'adminAdd', resource: { originId: doomed.id, originSystem: 'AadGroup' }, catalog: { id: w.catalogId } })) as { resource: { id: string } };
    const pkg = await w.newPackage();
    await w.admin.api(`${EM}/accessPackages/${pkg}/resourceRoleScopes`).post({
      role: { originId: `Member_${doomed.id}`, originSystem: 'AadGroup', resource: { id: resource.resource.id } },
      scope: { originId: doomed.id, originSystem: 'AadGroup', isRootScope: true },
    });
    await w.admin.api(`/groups/${doomed.id}`).delete();
    const policyId = await w.policy({}, pkg);
    const request = (await w.people['member']!.client.api(`${EM}/assignmentRequests`).post({ requestType: 'userAdd', assignment: { accessPackageId: pkg, assignmentPolicyId: policyId } })) as AccessPackageAssignmentRequest;
    expect(((await w.admin.api(`${EM}/assignmentRequests/${request.id}`).get()) as AccessPackageAssignmentRequest).state).toBe('partiallyDelivered');

    const res = (await w.admin.api(`${EM}/assignmentRequests/${request.id}/reprocess`).responseType('raw' as never).post(undefined)) as Response;
    expect(res.status).toBe(202);
    expect((await graphFailure(w.admin.api(`${EM}/assignmentRequests/${randomUUID()}/reprocess`).post(undefined))).statusCode).toBe(404);
    expect((await graphFailure(w.admin.api(`${EM}/assignmentRequests/not-an-id/reprocess`).post(undefined))).statusCode).toBe(400);
  });

  it("rbacapplication-list-roleassignments: $filter=appScopeId eq '/AccessPackageCatalog/{id}' (and with roleDefinitionId) lists that catalog's role holders only", async () => {
    const READER = '44272f93-9762-48e8-af59-1b5351b1d6b3';
    const other = (await w.admin.api(`${EM}/catalogs`).post({ displayName: `Other ${randomUUID().slice(0, 4)}` })) as { id: string };
    const mine = (await w.admin.api('/roleManagement/entitlementManagement/roleAssignments').post({ principalId: w.people['reader']!.id, roleDefinitionId: READER, appScopeId: `/AccessPackageCatalog/${w.catalogId}` })) as UnifiedRoleAssignment;
    await w.admin.api('/roleManagement/entitlementManagement/roleAssignments').post({ principalId: w.people['reader']!.id, roleDefinitionId: READER, appScopeId: `/AccessPackageCatalog/${other.id}` });
    const scoped = (await w.admin.api('/roleManagement/entitlementManagement/roleAssignments').filter(`appScopeId eq '/AccessPackageCatalog/${w.catalogId}'`).query({ $count: 'true' }).get()) as { value: UnifiedRoleAssignment[]; '@odata.count': number };
    expect(scoped.value.map((a) => a.id)).toEqual([mine.id]);
    expect(scoped['@odata.count']).toBe(1);
    const both = (await w.admin.api('/roleManagement/entitlementManagement/roleAssignments').filter(`roleDefinitionId eq '${READER}' and appScopeId eq '/AccessPackageCatalog/${other.id}'`).expand('principal').get()) as { value: UnifiedRoleAssignment[] };
    expect(both.value).toHaveLength(1);
    expect(both.value[0]).toMatchObject({ appScopeId: `/AccessPackageCatalog/${other.id}`, principal: { id: w.people['reader']!.id } });
  });
});
