import { randomUUID } from 'node:crypto';
import type { AccessPackage, AccessPackageCatalog, AccessPackageResource, ConnectedOrganization, EntitlementManagementSettings, User } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { buildWorld, type World } from './fixture';
import { EM, graphFailure } from './graph-client';

describe('catalogs, resources, access packages, connected organizations and settings as documented', () => {
  let rt: TestRuntime;
  let w: World;

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildWorld(rt, ['sponsor']);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('accesspackagecatalog: create → 201 (userManaged), list, get, update (PATCH → 204), delete → 204', async () => {
    const catalog = (await w.admin.api(`${EM}/catalogs`).post({ displayName: 'sales', description: 'for employees working with sales and outside sales partners', isExternallyVisible: true } satisfies AccessPackageCatalog)) as AccessPackageCatalog;
    expect(catalog).toMatchObject({ id: expect.any(String), displayName: 'sales', description: 'for employees working with sales and outside sales partners', catalogType: 'userManaged', state: 'published', isExternallyVisible: true, createdDateTime: expect.any(String), modifiedDateTime: expect.any(String) });
    const listed = (await w.admin.api(`${EM}/catalogs`).get()) as { value: AccessPackageCatalog[] };
    expect(listed.value.map((c) => c.id)).toEqual(expect.arrayContaining([catalog.id, w.catalogId]));
    await w.admin.api(`${EM}/catalogs/${catalog.id}`).patch({ displayName: 'Catalog One' } satisfies AccessPackageCatalog);
    expect(((await w.admin.api(`${EM}/catalogs/${catalog.id}`).get()) as AccessPackageCatalog).displayName).toBe('Catalog One');
    await w.admin.api(`${EM}/catalogs/${catalog.id}`).delete();
    expect(await graphFailure(w.admin.api(`${EM}/catalogs/${catalog.id}`).get())).toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });

  it('entitlementmanagement-post-resourcerequests: add a group (adminAdd, resource with displayName, catalog.id) → 201 delivered; then remove it (adminRemove)', async () => {
    const group = (await w.admin.api('/groups').post({ displayName: 'Test group', mailNickname: `tg${randomUUID().slice(0, 8)}`, securityEnabled: true, mailEnabled: false })) as { id: string };
    const added = (await w.admin.api(`${EM}/resourceRequests`).post({ requestType: 'adminAdd', resource: { displayName: 'Test group', originId: group.id, originSystem: 'AadGroup' }, catalog: { id: w.catalogId } })) as Record<string, unknown>;
    expect(added).toMatchObject({ id: expect.any(String), requestType: 'adminAdd', state: 'delivered' });
    const removed = (await w.admin.api(`${EM}/resourceRequests`).post({ requestType: 'adminRemove', resource: { originId: group.id, originSystem: 'AadGroup' }, catalog: { id: w.catalogId } })) as Record<string, unknown>;
    expect(removed).toMatchObject({ requestType: 'adminRemove', state: 'delivered' });
    // GET resourceRequests: both, with the resource as it was.
    const listed = (await w.admin.api(`${EM}/resourceRequests`).filter(`catalog/id eq '${w.catalogId}' and resource/originId eq '${group.id}'`).expand('catalog').get()) as { value: Record<string, unknown>[] };
    expect(listed.value.map((r) => r['id']).sort()).toEqual([removed['id'], added['id']].sort());
    expect(listed.value.find((r) => r['id'] === removed['id'])).toMatchObject({ requestType: 'adminRemove', resource: { originId: group.id, displayName: 'Test group' }, catalog: { id: w.catalogId, displayName: expect.any(String) } });
  });

  it('accesspackagecatalog-list-resources: plain, $filter=originId eq …, $expand=roles,scopes', async () => {
    const all = (await w.admin.api(`${EM}/catalogs/${w.catalogId}/resources`).get()) as { value: AccessPackageResource[] };
    expect(all.value.map((r) => r.id)).toContain(w.resourceId);
    const one = (await w.admin.api(`${EM}/catalogs/${w.catalogId}/resources`).filter(`originId eq '${w.groupId}'`).expand('roles,scopes').get()) as { value: AccessPackageResource[] };
    expect(one.value).toEqual([expect.objectContaining({ id: w.resourceId, roles: expect.arrayContaining([expect.objectContaining({ displayName: 'Member' })]), scopes: [expect.objectContaining({ originId: w.groupId, isRootScope: true })] })]);
  });

  it('accesspackage: create (catalog.id) → 201, get with $expand=catalog, update (PATCH → 204), delete → 204', async () => {
    const pkg = (await w.admin.api(`${EM}/accessPackages`).post({ displayName: 'sales reps', description: 'outside sales representatives', isHidden: false, catalog: { id: w.catalogId } } satisfies AccessPackage)) as AccessPackage;
    expect(pkg).toMatchObject({ displayName: 'sales reps', description: 'outside sales representatives', isHidden: false });
    const read = (await w.admin.api(`${EM}/accessPackages/${pkg.id}`).expand('catalog').get()) as AccessPackage;
    expect(read.catalog).toMatchObject({ id: w.catalogId, displayName: expect.any(String) });
    await w.admin.api(`${EM}/accessPackages/${pkg.id}`).patch({ displayName: 'Sales reps', description: 'Sales reps' } satisfies AccessPackage);
    expect((await w.admin.api(`${EM}/accessPackages/${pkg.id}`).get()) as AccessPackage).toMatchObject({ displayName: 'Sales reps', description: 'Sales reps' });
    await w.admin.api(`${EM}/accessPackages/${pkg.id}`).delete();
    expect(await graphFailure(w.admin.api(`${EM}/accessPackages/${pkg.id}`).get())).toMatchObject({ statusCode: 404 });
  });

  it('accesspackage-delete-resourcerolescopes → 204', async () => {
    const pkg = await w.newPackage();
    const scopes = (await w.admin.api(`${EM}/accessPackages/${pkg}/resourceRoleScopes`).get()) as { value: { id: string }[] };
    await w.admin.api(`${EM}/accessPackages/${pkg}/resourceRoleScopes/${scopes.value[0]!.id}`).delete();
    expect(((await w.admin.api(`${EM}/accessPackages/${pkg}/resourceRoleScopes`).get()) as { value: unknown[] }).value).toEqual([]);
  });

  it('connectedorganization: create (domainIdentitySource, proposed) → 201, update → 204, sponsors $ref add/list/remove, delete → 204', async () => {
    const domain = `example${randomUUID().slice(0, 6)}.com`;
    const org = (await w.admin.api(`${EM}/connectedOrganizations`).post({
      displayName: 'Connected organization name',
      description: 'Connected organization description',
      identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: domain, displayName: domain }],
      state: 'proposed',
    })) as ConnectedOrganization;
    expect(org).toMatchObject({ displayName: 'Connected organization name', state: 'proposed', identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: domain }] });
    await w.admin.api(`${EM}/connectedOrganizations/${org.id}`).patch({ displayName: 'Connected organization new name', description: 'Connected organization new description', state: 'configured' } satisfies ConnectedOrganization);
    expect((await w.admin.api(`${EM}/connectedOrganizations/${org.id}`).get()) as ConnectedOrganization).toMatchObject({ displayName: 'Connected organization new name', state: 'configured' });
    const sponsor = w.people['sponsor']!.id;
    await w.admin.api(`${EM}/connectedOrganizations/${org.id}/internalSponsors/$ref`).post({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${sponsor}` });
    const sponsors = (await w.admin.api(`${EM}/connectedOrganizations/${org.id}/internalSponsors`).get()) as { value: User[] };
    expect(sponsors.value.map((s) => s.id)).toEqual([sponsor]);
    await w.admin.api(`${EM}/connectedOrganizations/${org.id}/internalSponsors/${sponsor}/$ref`).delete();
    await w.admin.api(`${EM}/connectedOrganizations/${org.id}`).delete();
    expect(await graphFailure(w.admin.api(`${EM}/connectedOrganizations/${org.id}`).get())).toMatchObject({ statusCode: 404 });
  });

  it('entitlementmanagementsettings: get, update (PATCH → 204)', async () => {
    await w.admin.api(`${EM}/settings`).patch({ externalUserLifecycleAction: 'blockSignInAndDelete', durationUntilExternalUserDeletedAfterBlocked: 'P30D' } satisfies EntitlementManagementSettings);
    expect((await w.admin.api(`${EM}/settings`).get()) as EntitlementManagementSettings).toMatchObject({ externalUserLifecycleAction: 'blockSignInAndDelete', durationUntilExternalUserDeletedAfterBlocked: 'P30D' });
  });
});
