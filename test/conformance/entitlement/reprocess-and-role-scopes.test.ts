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

  it('accesspackageassignment-get: GET assignments/{id} → 200 with state and status; $expand=accessPackage,target,assignmentPolicy and $select as the page says', async () => {
    const policyId = await w.policy();
    await w.admin.api(`${EM}/assignmentRequests`).post({ requestType: 'adminAdd', assignment: { targetId: w.people['member']!.id, assignmentPolicyId: policyId, accessPackageId: w.packageId } });
    const list = (await w.admin.api(`${EM}/assignments`).filter(`target/objectId eq '${w.people['member']!.id}' and assignmentPolicy/id eq '${policyId}'`).get()) as { value: { id: string }[] };
    const id = list.value[0]!.id;
    const plain = (await w.admin.api(`${EM}/assignments/${id}`).get()) as Record<string, unknown>;
    expect(plain).toMatchObject({ id, state: 'delivered', status: expect.any(String) });
    const expandedOne = (await w.admin.api(`${EM}/assignments/${id}`).expand('accessPackage,target,assignmentPolicy').get()) as Record<string, Record<string, unknown>>;
    expect(expandedOne['accessPackage']).toMatchObject({ id: w.packageId, displayName: expect.any(String) });
    expect(expandedOne['assignmentPolicy']).toMatchObject({ id: policyId, displayName: expect.any(String) });
    expect(expandedOne['target']).toMatchObject({ objectId: w.people['member']!.id });
    const selected = (await w.admin.api(`${EM}/assignments/${id}`).select('id,state').get()) as Record<string, unknown>;
    expect(Object.keys(selected).filter((k) => !k.startsWith('@')).sort()).toEqual(['id', 'state']);
  });

  it('entitlementmanagement-list-resourcerequests: GET resourceRequests → the adminAdd that put the group in the catalog, newest first, $expand=resource', async () => {
    const res = (await w.admin.api(`${EM}/resourceRequests`).filter(`catalog/id eq '${w.catalogId}'`).expand('resource').get()) as { value: { requestType: string; state: string; createdDateTime: string; resource: { originId: string } }[] };
    expect(res.value.map((r) => r.resource.originId)).toContain(w.groupId);
    expect(res.value.every((r) => r.state === 'delivered')).toBe(true);
    const created = res.value.map((r) => r.createdDateTime);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('unifiedroleassignment get and delete for entitlementManagement: GET roleAssignments/{id} → 200, DELETE → 204, then 404', async () => {
    const PACKAGE_MANAGER = '7f480852-ebdc-47d4-87de-0d8498384a83';
    const created = (await w.admin.api('/roleManagement/entitlementManagement/roleAssignments').post({ principalId: w.people['member']!.id, roleDefinitionId: PACKAGE_MANAGER, appScopeId: `/AccessPackageCatalog/${w.catalogId}` })) as UnifiedRoleAssignment;
    expect((await w.admin.api(`/roleManagement/entitlementManagement/roleAssignments/${created.id}`).get()) as UnifiedRoleAssignment).toMatchObject({ id: created.id, roleDefinitionId: PACKAGE_MANAGER });
    await w.admin.api(`/roleManagement/entitlementManagement/roleAssignments/${created.id}`).delete();
    expect((await graphFailure(w.admin.api(`/roleManagement/entitlementManagement/roleAssignments/${created.id}`).get())).statusCode).toBe(404);
  });
});
