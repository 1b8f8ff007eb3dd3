import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';

const EM = 'identityGovernance/entitlementManagement';

describe('entitlement management catalogs, resources, packages and policies over HTTP', () => {
  let rt: TestRuntime;
  let admin: string;
  let call: GraphCall;
  let groupId: string;
  let app: { id: string; appRoles: { id: string }[] };
  const targets = (body: Json) => (body.error?.details ?? []).map((d) => d.target);
  const created = async (path: string, body: unknown, token = admin) => {
    const res = await call('POST', path, body, token);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Json & { id: string };
  };

  beforeAll(async () => {
    rt = await startRuntime();
    admin = await rt.token({ roles: ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'Application.ReadWrite.All', 'User.ReadWrite.All'] });
    call = graphCaller(rt, admin);
    groupId = (await created('groups', { displayName: 'Partners', mailNickname: `partners${randomUUID().slice(0, 8)}`, securityEnabled: true, mailEnabled: false })).id;
    const appRole = { id: randomUUID(), displayName: 'Reader', description: null, value: 'Reader', allowedMemberTypes: ['User'], isEnabled: true };
    app = (await created('servicePrincipals', { displayName: 'Contoso CRM', appRoles: [appRole] })) as unknown as typeof app;
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  const newCatalog = async (extra: Record<string, unknown> = {}) => created(`${EM}/catalogs`, { displayName: `Catalog ${randomUUID().slice(0, 6)}`, ...extra });
  const addResource = (catalogId: string, originId: string, originSystem: string, requestType = 'adminAdd') =>
    call('POST', `${EM}/resourceRequests`, { requestType, resource: { originId, originSystem }, catalog: { id: catalogId } });

  it('when a catalog is created, read, changed and listed, then it has Graph’s shape; other catalog types are refused', async () => {
    const catalog = await newCatalog({ description: 'For partners', state: 'unpublished', isExternallyVisible: false });
    expect(catalog).toMatchObject({ catalogType: 'userManaged', state: 'unpublished', isExternallyVisible: false, description: 'For partners', createdDateTime: expect.any(String), modifiedDateTime: expect.any(String) });
    expect((await call('PATCH', `${EM}/catalogs/${catalog.id}`, { state: 'published', isExternallyVisible: true })).status).toBe(204);
    expect((await call('GET', `${EM}/catalogs/${catalog.id}`)).body).toMatchObject({ state: 'published', isExternallyVisible: true });
    const list = await call('GET', `${EM}/catalogs?$filter=displayName eq '${catalog['displayName'] as string}'`);
    expect(list.body.value?.map((c) => c['id'])).toEqual([catalog.id]);
    const bad = await call('POST', `${EM}/catalogs`, { displayName: 'X', catalogType: 'serviceManaged' });
    expect(bad.status).toBe(400);
    expect(targets(bad.body)).toContain('catalogType');
    expect((await call('GET', `${EM}/catalogs/${randomUUID()}`)).status).toBe(404);
  });

  it('when a group and an application are added to a catalog, then their roles are Member_/Owner_<groupId> and the app role ids; a second add is 409', async () => {
    const catalog = await newCatalog();
    const added = await addResource(catalog.id, groupId, 'AadGroup');
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ requestType: 'adminAdd', state: 'delivered', resource: { originId: groupId, originSystem: 'AadGroup', displayName: 'Partners' }, catalog: { id: catalog.id } });
    expect((await addResource(catalog.id, app.id, 'AadApplication')).status).toBe(201);
    expect((await addResource(catalog.id, groupId, 'AadGroup')).status).toBe(409);
    expect((await addResource(catalog.id, randomUUID(), 'AadGroup')).status).toBe(404);
    const resources = await call('GET', `${EM}/catalogs/${catalog.id}/resources?$expand=roles`);
    const group = resources.body.value?.find((r) => r['originSystem'] === 'AadGroup');
    expect((group?.['roles'] as { originId: string }[]).map((r) => r.originId)).toEqual([`Member_${groupId}`, `Owner_${groupId}`]);
    const appResource = resources.body.value?.find((r) => r['originSystem'] === 'AadApplication');
    const roles = await call('GET', `${EM}/catalogs/${catalog.id}/resources/${appResource?.['id'] as string}/roles`);
    expect(roles.body.value?.map((r) => r['originId'])).toEqual([app.appRoles[0]!.id]);
  });

  it('when a package grants a group role, then it is listed (hidden too) and expanded with its role scopes; the resource cannot leave the catalog, nor the catalog be deleted', async () => {
    const catalog = await newCatalog();
    const resource = ((await addResource(catalog.id, groupId, 'AadGroup')).body['resource'] as { id: string }).id;
    const pkg = await created(`${EM}/accessPackages`, { displayName: 'Partner access', isHidden: true, catalog: { id: catalog.id } });
    const scope = await created(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`, { role: { originId: `Member_${groupId}`, originSystem: 'AadGroup', resource: { id: resource } }, scope: { originId: 'Root', originSystem: 'AadGroup' } });
    // Graph reads a root scope back as the resource's own id, however it was named.
    expect(scope).toMatchObject({ role: { originId: `Member_${groupId}`, displayName: 'Member', resource: { id: resource } }, scope: { originId: groupId, isRootScope: true } });
    const listed = await call('GET', `${EM}/accessPackages?$filter=catalog/id eq '${catalog.id}'`);
    expect(listed.body.value).toEqual([expect.objectContaining({ id: pkg.id, isHidden: true })]);
    const expanded = await call('GET', `${EM}/accessPackages/${pkg.id}?$expand=resourceRoleScopes($expand=role,scope)`);
    expect((expanded.body['resourceRoleScopes'] as unknown[]).length).toBe(1);
    const wrongRole = await call('POST', `${EM}/accessPackages/${pkg.id}/resourceRoleScopes`, { role: { originId: 'Admin_x', originSystem: 'AadGroup', resource: { id: resource } }, scope: { originId: 'Root', originSystem: 'AadGroup' } });
    expect([wrongRole.status, targets(wrongRole.body)]).toEqual([400, ['role.originId']]);
    expect((await addResource(catalog.id, groupId, 'AadGroup', 'adminRemove')).status).toBe(409);
    expect((await call('DELETE', `${EM}/catalogs/${catalog.id}`)).status).toBe(409);
    expect((await call('DELETE', `${EM}/accessPackages/${pkg.id}/resourceRoleScopes/${scope.id}`)).status).toBe(204);
    expect((await addResource(catalog.id, groupId, 'AadGroup', 'adminRemove')).status).toBe(201);
    expect((await call('DELETE', `${EM}/accessPackages/${pkg.id}`)).status).toBe(204);
    expect((await call('DELETE', `${EM}/catalogs/${catalog.id}`)).status).toBe(204);
  });

  it('when a policy is created, filtered, replaced and deleted, then Graph’s shape round-trips; broken rules and missing references name their field', async () => {
    const catalog = await newCatalog();
    const pkg = await created(`${EM}/accessPackages`, { displayName: 'Pkg', catalog: { id: catalog.id } });
    const policy = {
      displayName: 'External partners',
      allowedTargetScope: 'allExternalUsers',
      expiration: { type: 'afterDuration', duration: 'P90D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true },
      requestApprovalSettings: {
        isApprovalRequiredForAdd: true,
        stages: [{ durationBeforeAutomaticDenial: 'P7D', isEscalationEnabled: true, durationBeforeEscalation: 'P2D', primaryApprovers: [{ '@odata.type': '#microsoft.graph.groupMembers', groupId }], escalationApprovers: [{ '@odata.type': '#microsoft.graph.externalSponsors' }] }],
      },
      questions: [{ '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion', text: 'Which project?', isRequired: true, sequence: 1 }],
      accessPackage: { id: pkg.id },
    };
    const made = await created(`${EM}/assignmentPolicies`, policy);
    expect(made).toMatchObject({ allowedTargetScope: 'allExternalUsers', requestApprovalSettings: { stages: [{ primaryApprovers: [{ '@odata.type': '#microsoft.graph.groupMembers', groupId }] }] }, accessPackage: { id: pkg.id } });
    const filtered = await call('GET', `${EM}/assignmentPolicies?$filter=accessPackage/id eq '${pkg.id}'`);
    expect(filtered.body.value?.map((p) => p['id'])).toEqual([made.id]);
    const replaced = await call('PUT', `${EM}/assignmentPolicies/${made.id}`, { ...policy, displayName: 'Renamed', expiration: { type: 'noExpiration' } });
    expect([replaced.status, replaced.body['displayName']]).toEqual([200, 'Renamed']);
    const escalationTooLate = { ...policy, requestApprovalSettings: { ...policy.requestApprovalSettings, stages: [{ ...policy.requestApprovalSettings.stages[0], durationBeforeEscalation: 'P7D' }] } };
    const late = await call('POST', `${EM}/assignmentPolicies`, escalationTooLate);
    expect([late.status, targets(late.body)]).toEqual([400, ['requestApprovalSettings.stages[0].durationBeforeEscalation']]);
    const ghost = { ...policy, requestApprovalSettings: { ...policy.requestApprovalSettings, stages: [{ ...policy.requestApprovalSettings.stages[0], primaryApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', userId: randomUUID() }] }] } };
    const missing = await call('POST', `${EM}/assignmentPolicies`, ghost);
    expect([missing.status, targets(missing.body)]).toEqual([400, ['requestApprovalSettings.stages[0].primaryApprovers[0].userId']]);
    const badDuration = await call('POST', `${EM}/assignmentPolicies`, { ...policy, expiration: { type: 'afterDuration', duration: '90 days' } });
    expect([badDuration.status, targets(badDuration.body)]).toEqual([400, ['expiration.duration']]);
    expect((await call('POST', `${EM}/assignmentPolicies`, { ...policy, accessPackage: { id: randomUUID() } })).status).toBe(404);
    expect((await call('DELETE', `${EM}/assignmentPolicies/${made.id}`)).status).toBe(204);
    expect((await call('GET', `${EM}/assignmentPolicies/${made.id}`)).status).toBe(404);
  });
});
