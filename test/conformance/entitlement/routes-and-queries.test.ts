import type { AccessPackage, AccessPackageAssignment, AccessPackageAssignmentRequest, AccessPackageCatalog, AccessPackageResource, AccessPackageResourceRole, UnifiedRoleAssignment, UnifiedRoleDefinition } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { buildWorld, singleUser, type World } from './fixture';
import { EM, graphFailure } from './graph-client';

const CATALOG_OWNER = 'ae79f266-94d4-4dab-b730-feca7e132178';

describe('routes, query options and errors as documented', () => {
  let rt: TestRuntime;
  let w: World;
  let assignmentId: string;
  let policyId: string;

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildWorld(rt, ['member', 'owner', 'approver', 'waiting']);
    policyId = await w.policy();
    await w.people['member']!.client.api(`${EM}/assignmentRequests`).post({ requestType: 'userAdd', assignment: { accessPackageId: w.packageId, assignmentPolicyId: policyId } });
    const mine = (await w.people['member']!.client.api(`${EM}/assignments/filterByCurrentUser(on='target')`).get()) as { value: AccessPackageAssignment[] };
    assignmentId = mine.value[0]!.id as string;
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  describe('catalogs', () => {
    it('the built-in General catalog exists (serviceDefault, published) and cannot be deleted', async () => {
      const general = (await w.admin.api(`${EM}/catalogs`).filter("displayName eq 'General'").get()) as { value: AccessPackageCatalog[] };
      expect(general.value).toEqual([expect.objectContaining({ displayName: 'General', catalogType: 'serviceDefault', state: 'published' })]);
      const refused = await graphFailure(w.admin.api(`${EM}/catalogs/${general.value[0]!.id}`).delete());
      expect(refused.statusCode).toBe(400);
    });

    it('accesspackagecatalog-list-resourceroles: $filter on originSystem and resource/id with $expand=resource', async () => {
      const roles = (await w.admin.api(`${EM}/catalogs/${w.catalogId}/resourceRoles`).filter(`(originSystem eq 'AadGroup' and resource/id eq '${w.resourceId}')`).expand('resource').get()) as { value: AccessPackageResourceRole[] };
      expect(roles.value.map((r) => r.originId).sort()).toEqual([`Member_${w.groupId}`, `Owner_${w.groupId}`]);
      expect(roles.value[0]!.resource).toMatchObject({ id: w.resourceId, originId: w.groupId, originSystem: 'AadGroup' });
      const plain = (await w.admin.api(`${EM}/catalogs/${w.catalogId}/resourceRoles`).get()) as { value: AccessPackageResourceRole[] };
      expect(plain.value[0]).not.toHaveProperty('resource');
    });

    it('catalogs/{id}/resources/{id} ($expand=roles) and catalogs/{id}/accessPackages', async () => {
      const resource = (await w.admin.api(`${EM}/catalogs/${w.catalogId}/resources/${w.resourceId}`).expand('roles').get()) as AccessPackageResource;
      expect(resource).toMatchObject({ id: w.resourceId, originId: w.groupId, roles: expect.arrayContaining([expect.objectContaining({ originId: `Member_${w.groupId}` })]) });
      const packages = (await w.admin.api(`${EM}/catalogs/${w.catalogId}/accessPackages`).get()) as { value: AccessPackage[] };
      expect(packages.value.map((p) => p.id)).toContain(w.packageId);
    });

    it('$expand=accessPackages on a catalog returns the packages themselves; $select keeps the named properties', async () => {
      const catalog = (await w.admin.api(`${EM}/catalogs/${w.catalogId}`).select('id,displayName').expand('accessPackages').get()) as AccessPackageCatalog & Record<string, unknown>;
      expect(Object.keys(catalog).sort()).toEqual(['@odata.context', 'accessPackages', 'displayName', 'id']);
      expect(catalog.accessPackages?.find((p) => p.id === w.packageId)).toMatchObject({ displayName: expect.any(String), isHidden: false });
    });
  });

  describe('access packages', () => {
    it('accesspackage-list: $filter=contains(tolower(displayName), …); $expand=catalog gives the catalog', async () => {
      const name = ((await w.admin.api(`${EM}/accessPackages/${w.packageId}`).get()) as AccessPackage).displayName as string;
      const found = (await w.admin.api(`${EM}/accessPackages`).filter(`contains(tolower(displayName), '${name.slice(-4).toLowerCase()}')`).expand('catalog').get()) as { value: AccessPackage[] };
      expect(found.value.map((p) => p.id)).toContain(w.packageId);
      expect(found.value.find((p) => p.id === w.packageId)!.catalog).toMatchObject({ id: w.catalogId, displayName: expect.any(String), state: 'published' });
    });

    it('accesspackage-get: $expand=resourceRoleScopes($expand=role,scope) and assignmentPolicies', async () => {
      const pkg = (await w.admin.api(`${EM}/accessPackages/${w.packageId}`).expand('resourceRoleScopes($expand=role,scope),assignmentPolicies').get()) as AccessPackage;
      expect(pkg.resourceRoleScopes?.[0]).toMatchObject({ role: { originId: `Member_${w.groupId}` }, scope: { originId: w.groupId, isRootScope: true } });
      expect(pkg.assignmentPolicies?.map((p) => p.id)).toContain(policyId);
    });

    it('accesspackage-filterbycurrentuser: on=allowedRequestor lists what the user may request', async () => {
      const mine = (await w.people['waiting']!.client.api(`${EM}/accessPackages/filterByCurrentUser(on='allowedRequestor')`).get()) as { value: AccessPackage[] };
      expect(mine.value.map((p) => p.id)).toContain(w.packageId);
    });
  });

  describe('assignment requests and assignments', () => {
    it('filterByCurrentUser on target, createdBy and approver', async () => {
      const member = w.people['member']!.client;
      const target = (await member.api(`${EM}/assignmentRequests/filterByCurrentUser(on='target')`).get()) as { value: AccessPackageAssignmentRequest[] };
      const createdBy = (await member.api(`${EM}/assignmentRequests/filterByCurrentUser(on='createdBy')`).get()) as { value: AccessPackageAssignmentRequest[] };
      expect(target.value).toHaveLength(1);
      expect(createdBy.value.map((r) => r.id)).toEqual(target.value.map((r) => r.id));
      const pkg = await w.newPackage();
      const approvalPolicy = await w.policy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [{ durationBeforeAutomaticDenial: 'P7D', primaryApprovers: [singleUser(w.people['approver']!.id)] }] } }, pkg);
      const pending = (await w.people['waiting']!.client.api(`${EM}/assignmentRequests`).post({ requestType: 'userAdd', assignment: { accessPackageId: pkg, assignmentPolicyId: approvalPolicy } })) as AccessPackageAssignmentRequest;
      const toDecide = (await w.people['approver']!.client.api(`${EM}/assignmentRequests/filterByCurrentUser(on='approver')`).get()) as { value: AccessPackageAssignmentRequest[] };
      expect(toDecide.value.map((r) => r.id)).toEqual([pending.id]);
      const assignments = (await member.api(`${EM}/assignments/filterByCurrentUser(on='createdBy')`).get()) as { value: AccessPackageAssignment[] };
      expect(assignments.value.map((a) => a.id)).toEqual([assignmentId]);

      // accessPackageAssignmentRequest-cancel, then -delete of the canceled request.
      await w.people['waiting']!.client.api(`${EM}/assignmentRequests/${pending.id}/cancel`).post({});
      await w.admin.api(`${EM}/assignmentRequests/${pending.id}`).delete();
      expect(await graphFailure(w.admin.api(`${EM}/assignmentRequests/${pending.id}`).get())).toMatchObject({ statusCode: 404 });
    });

    it('a request whose assignment is active cannot be deleted (409); $expand=accessPackage,assignment gives both entities; $select on one', async () => {
      const [request] = ((await w.admin.api(`${EM}/assignmentRequests`).filter(`accessPackage/id eq '${w.packageId}'`).expand('accessPackage,assignment').get()) as { value: AccessPackageAssignmentRequest[] }).value;
      expect(request).toMatchObject({ accessPackage: { id: w.packageId, displayName: expect.any(String) }, assignment: { id: assignmentId, state: 'delivered' } });
      expect(await graphFailure(w.admin.api(`${EM}/assignmentRequests/${request!.id}`).delete())).toMatchObject({ statusCode: 409, code: 'Conflict' });
      const selected = (await w.admin.api(`${EM}/assignmentRequests/${request!.id}`).select('state').get()) as Record<string, unknown>;
      expect(Object.keys(selected).sort()).toEqual(['@odata.context', 'id', 'state']);
    });

    it('accesspackageassignment-list: $filter=target/objectId eq …, state eq …; $expand=target,accessPackage,assignmentPolicy', async () => {
      const list = (await w.admin.api(`${EM}/assignments`).filter(`target/objectId eq '${w.people['member']!.id}' and state eq 'delivered'`).expand('target,accessPackage,assignmentPolicy').get()) as { value: AccessPackageAssignment[] };
      expect(list.value).toEqual([expect.objectContaining({ id: assignmentId, target: expect.objectContaining({ objectId: w.people['member']!.id }), accessPackage: expect.objectContaining({ displayName: expect.any(String) }), assignmentPolicy: expect.objectContaining({ id: policyId, displayName: expect.any(String) }) })]);
    });

    it('accesspackageassignment-reprocess → 202', async () => {
      const res = await fetch(`${rt.url}/api/v1.0${EM}/assignments/${assignmentId}/reprocess`, { method: 'POST', headers: { authorization: `Bearer ${await rt.token({ roles: ['EntitlementManagement.ReadWrite.All'] })}` } });
      expect(res.status).toBe(202);
    });
  });

  describe('roleManagement/entitlementManagement', () => {
    it('roleDefinitions list and get; roleAssignments create, list with $filter and $expand=principal', async () => {
      const definitions = (await w.admin.api('/roleManagement/entitlementManagement/roleDefinitions').filter("displayName eq 'Catalog owner'").get()) as { value: UnifiedRoleDefinition[] };
      expect(definitions.value).toEqual([expect.objectContaining({ id: CATALOG_OWNER, displayName: 'Catalog owner', isBuiltIn: true })]);
      expect((await w.admin.api(`/roleManagement/entitlementManagement/roleDefinitions/${CATALOG_OWNER}`).get()) as UnifiedRoleDefinition).toMatchObject({ id: CATALOG_OWNER });
      const created = (await w.admin.api('/roleManagement/entitlementManagement/roleAssignments').post({ principalId: w.people['owner']!.id, roleDefinitionId: CATALOG_OWNER, appScopeId: `/AccessPackageCatalog/${w.catalogId}` } satisfies UnifiedRoleAssignment)) as UnifiedRoleAssignment;
      expect(created).toMatchObject({ principalId: w.people['owner']!.id, roleDefinitionId: CATALOG_OWNER, appScopeId: `/AccessPackageCatalog/${w.catalogId}` });
      const listed = (await w.admin.api('/roleManagement/entitlementManagement/roleAssignments').filter(`roleDefinitionId eq '${CATALOG_OWNER}' and principalId eq '${w.people['owner']!.id}'`).expand('principal').get()) as { value: UnifiedRoleAssignment[] };
      expect(listed.value).toEqual([expect.objectContaining({ id: created.id, principal: expect.objectContaining({ id: w.people['owner']!.id, displayName: 'owner' }) })]);
    });
  });

  describe('errors', () => {
    it('an unknown path is a 404 with a Graph error body the SDK reads (code, message, innerError)', async () => {
      const failure = await graphFailure(w.admin.api(`${EM}/accessPackageCatalogs`).get());
      expect(failure).toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound', error: { message: expect.any(String), innerError: { 'request-id': expect.any(String), date: expect.any(String) } } });
    });

    it('an unknown id is a 404 with a Graph error body', async () => {
      const failure = await graphFailure(w.admin.api(`${EM}/accessPackages/00000000-0000-0000-0000-000000000001`).get());
      expect(failure).toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound', error: { innerError: { 'request-id': expect.any(String) } } });
    });

    it('a method the path does not have is a 405 with Allow and a Graph error body', async () => {
      const res = await fetch(`${rt.url}/api/v1.0${EM}/catalogs`, { method: 'DELETE', headers: { authorization: `Bearer ${await rt.token({ roles: ['EntitlementManagement.ReadWrite.All'] })}` } });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')?.split(', ')).toEqual(expect.arrayContaining(['GET', 'POST']));
      expect(res.headers.get('allow')).not.toContain('DELETE');
      const body = (await res.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
      expect(body.error).toMatchObject({ code: expect.any(String), message: expect.any(String), innerError: { 'request-id': expect.any(String) } });
    });

    it('an unsupported query option or expansion is a 400 that names it', async () => {
      const order = await graphFailure(w.admin.api(`${EM}/accessPackages`).query({ $orderby: 'description' }).get());
      expect(order.statusCode).toBe(400);
      expect(order.error.message).toContain('$orderby');
      const expand = await graphFailure(w.admin.api(`${EM}/accessPackages`).expand('incompatibleGroups').get());
      expect(expand.statusCode).toBe(400);
      expect(expand.error.message).toContain('incompatibleGroups');
      const top = await graphFailure(w.admin.api(`${EM}/accessPackages/${w.packageId}`).top(3).get());
      expect(top.statusCode).toBe(400);
      expect(top.error.message).toContain('$top');
    });
  });

});
