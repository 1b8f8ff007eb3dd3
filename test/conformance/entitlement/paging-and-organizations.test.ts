import { randomUUID } from 'node:crypto';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { AccessPackage, AccessPackageAssignmentRequest, AccessPackageCatalog, ConnectedOrganization, User } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { buildWorld, type World } from './fixture';
import { EM, graphFailure } from './graph-client';

/**
 * Lists as Graph pages them (`@odata.nextLink` until the last page, `$count=true`, `$orderby`), and
 * the connected-organization pages: `entitlementmanagement-list-connectedorganizations`,
 * `connectedorganization-get`, `-list-internalsponsors`, `-list-externalsponsors`,
 * `-post-externalsponsors`, `-delete-externalsponsors`.
 */

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
}

describe('lists page through @odata.nextLink; $count and $orderby where Graph has them', () => {
  let rt: TestRuntime;
  let w: World;
  const tag = randomUUID().slice(0, 6);

  /** Follows `@odata.nextLink` through the same SDK client (the SDK itself only follows https links). */
  async function readAll<T>(client: Client, first: Page<T>): Promise<{ items: T[]; pages: number }> {
    const items = [...first.value];
    let page = first;
    let pages = 1;
    while (page['@odata.nextLink']) {
      const next = new URL(page['@odata.nextLink']);
      expect(next.searchParams.get('$skiptoken')).toBeTruthy();
      page = (await client.api(`${next.pathname.replace(/^\/api\/v1\.0/, '')}${next.search}`).get()) as Page<T>;
      items.push(...page.value);
      pages++;
      expect(pages).toBeLessThan(50);
    }
    return { items, pages };
  }

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildWorld(rt, ['reader', 'asker']);
    for (const n of [3, 1, 5, 2, 4]) await w.admin.api(`${EM}/catalogs`).post({ displayName: `Paging ${tag} ${n}`, state: 'published' } satisfies AccessPackageCatalog);
    for (let i = 0; i < 4; i++) await w.newPackage();
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when catalogs are read two at a time, then the next links lead through every catalog once, by display name, and $count=true counts them all', async () => {
    const first = (await w.admin.api(`${EM}/catalogs`).top(2).query({ $count: 'true' }).get()) as Page<AccessPackageCatalog>;
    expect(first.value).toHaveLength(2);
    const { items, pages } = await readAll(w.admin, first);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(new Set(items.map((c) => c.id)).size).toBe(items.length);
    expect(first['@odata.count']).toBe(items.length);
    expect(items.map((c) => c.displayName)).toContain('General');
    const mine = items.map((c) => c.displayName).filter((n) => n?.startsWith(`Paging ${tag}`));
    expect(mine).toEqual([1, 2, 3, 4, 5].map((n) => `Paging ${tag} ${n}`));
    const names = items.map((c) => (c.displayName ?? '').toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it("when access packages are filtered by catalog/id with $top, then the pages hold exactly that catalog's packages and $count agrees", async () => {
    const first = (await w.admin.api(`${EM}/accessPackages`).filter(`catalog/id eq '${w.catalogId}'`).top(2).query({ $count: 'true' }).expand('catalog').get()) as Page<AccessPackage>;
    const { items } = await readAll(w.admin, first);
    expect(items).toHaveLength(5);
    expect(first['@odata.count']).toBe(5);
    expect(items.every((p) => p.catalog?.id === w.catalogId)).toBe(true);
    const ordered = (await w.admin.api(`${EM}/catalogs/${w.catalogId}/accessPackages`).orderby('displayName').get()) as Page<AccessPackage>;
    const names = ordered.value.map((p) => (p.displayName ?? '').toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('when $orderby names the order a collection keeps, then it is served; any other order is a 400 naming $orderby', async () => {
    for (const path of ['catalogs', 'accessPackages', 'connectedOrganizations', 'assignmentPolicies']) {
      const res = (await w.admin.api(`${EM}/${path}`).orderby('displayName').get()) as Page<{ displayName: string }>;
      const names = res.value.map((x) => x.displayName.toLowerCase());
      expect(names, path).toEqual([...names].sort());
    }
    await w.people['asker']!.client.api(`${EM}/assignmentRequests`).post({ requestType: 'userAdd', assignment: { accessPackageId: w.packageId, assignmentPolicyId: await w.policy() } });
    const newest = (await w.admin.api(`${EM}/assignmentRequests`).orderby('createdDateTime desc').get()) as Page<AccessPackageAssignmentRequest>;
    const created = newest.value.map((r) => r.createdDateTime as string);
    expect(created.length).toBeGreaterThan(0);
    expect(created).toEqual([...created].sort().reverse());
    const refused = await graphFailure(w.admin.api(`${EM}/catalogs`).orderby('createdDateTime').get());
    expect(refused.statusCode).toBe(400);
    expect(refused.error.message).toContain('$orderby');
  });

  it('when $count asks for a filter no index serves, or the skip token was altered, then it is a 400 naming the option', async () => {
    const count = await graphFailure(w.admin.api(`${EM}/accessPackages`).filter("contains(tolower(displayName), 'package')").query({ $count: 'true' }).get());
    expect(count.statusCode).toBe(400);
    expect(count.error.message).toContain('$count');
    const first = (await w.admin.api(`${EM}/catalogs`).top(1).get()) as Page<AccessPackageCatalog>;
    const next = new URL(first['@odata.nextLink']!);
    next.searchParams.set('$skiptoken', `${next.searchParams.get('$skiptoken')!.slice(0, -2)}xx`);
    const altered = await graphFailure(w.admin.api(`${next.pathname.replace(/^\/api\/v1\.0/, '')}${next.search}`).get());
    expect(altered.statusCode).toBe(400);
    // A valid token of another list (users, same options) does not belong here either.
    const users = (await w.admin.api('/users').top(1).get()) as Page<User>;
    const borrowed = new URL(users['@odata.nextLink']!).searchParams.get('$skiptoken')!;
    const transplanted = await graphFailure(w.admin.api(`${EM}/catalogs`).top(1).query({ $skiptoken: borrowed }).get());
    expect(transplanted.statusCode).toBe(400);
  });

  it('when a catalog reader lists packages, then only the catalogs they hold a role in are read, page by page', async () => {
    const reader = w.people['reader']!;
    await w.admin.api('/roleManagement/entitlementManagement/roleAssignments').post({ principalId: reader.id, roleDefinitionId: '44272f93-9762-48e8-af59-1b5351b1d6b3', appScopeId: `/AccessPackageCatalog/${w.catalogId}` });
    const first = (await reader.client.api(`${EM}/accessPackages`).top(2).get()) as Page<AccessPackage>;
    const { items } = await readAll(reader.client, first);
    expect(items).toHaveLength(5);
    const other = (await w.admin.api(`${EM}/catalogs`).filter(`displayName eq 'Paging ${tag} 1'`).get()) as Page<AccessPackageCatalog>;
    const none = (await reader.client.api(`${EM}/accessPackages`).filter(`catalog/id eq '${other.value[0]!.id}'`).get()) as Page<AccessPackage>;
    expect(none.value).toEqual([]);
  });
});

describe("the list pages' documented query scenarios", () => {
  let rt: TestRuntime;
  let w: World;

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildWorld(rt, ['requester']);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it("entitlementmanagement-list-catalogs: $filter=contains(tolower(displayName),'staff') and $expand=accessPackages", async () => {
    const staff = (await w.admin.api(`${EM}/catalogs`).post({ displayName: `Staff ${randomUUID().slice(0, 4)}` })) as AccessPackageCatalog;
    const found = (await w.admin.api(`${EM}/catalogs`).filter("contains(tolower(displayName),'staff')").get()) as Page<AccessPackageCatalog>;
    expect(found.value.map((c) => c.id)).toEqual([staff.id]);
    const expandedList = (await w.admin.api(`${EM}/catalogs`).expand('accessPackages').get()) as Page<AccessPackageCatalog>;
    const mine = expandedList.value.find((c) => c.id === w.catalogId);
    expect(mine?.accessPackages?.map((p) => p.id)).toContain(w.packageId);
  });

  it('entitlementmanagement-list-assignmentrequests: $expand=accessPackage with $filter=accessPackage/id eq, $expand=accessPackageAssignment, $expand=requestor', async () => {
    const policyId = await w.policy();
    const made = (await w.people['requester']!.client.api(`${EM}/assignmentRequests`).post({ requestType: 'userAdd', assignment: { accessPackageId: w.packageId, assignmentPolicyId: policyId } })) as AccessPackageAssignmentRequest;
    const byPackage = (await w.admin.api(`${EM}/assignmentRequests`).expand('accessPackage').filter(`accessPackage/id eq '${w.packageId}'`).get()) as Page<AccessPackageAssignmentRequest>;
    expect(byPackage.value.map((r) => r.id)).toEqual([made.id]);
    expect(byPackage.value[0]!.accessPackage).toMatchObject({ id: w.packageId, displayName: expect.any(String) });
    const withAssignment = (await w.admin.api(`${EM}/assignmentRequests`).expand('accessPackageAssignment').get()) as Page<Record<string, { state?: string } | undefined>>;
    expect(withAssignment.value.find((r) => (r as { id?: unknown }).id === made.id)?.['accessPackageAssignment']).toMatchObject({ state: 'delivered' });
    const withRequestor = (await w.admin.api(`${EM}/assignmentRequests`).expand('requestor').get()) as Page<AccessPackageAssignmentRequest>;
    expect(withRequestor.value.find((r) => r.id === made.id)?.requestor).toMatchObject({ objectId: w.people['requester']!.id });
  });

  it('entitlementmanagement-list-assignmentpolicies: $filter=accessPackage/id eq with $expand=accessPackage', async () => {
    const pkg = await w.newPackage();
    const policyId = await w.policy({}, pkg);
    const res = (await w.admin.api(`${EM}/assignmentPolicies`).filter(`accessPackage/id eq '${pkg}'`).expand('accessPackage').query({ $count: 'true' }).get()) as Page<{ id: string; accessPackage: AccessPackage }>;
    expect(res.value.map((p) => p.id)).toEqual([policyId]);
    expect(res.value[0]!.accessPackage).toMatchObject({ id: pkg, displayName: expect.any(String) });
    expect(res['@odata.count']).toBe(1);
  });
});

describe('connected organizations as documented', () => {
  let rt: TestRuntime;
  let w: World;

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildWorld(rt, ['inside', 'outside']);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('entitlementmanagement-list-connectedorganizations and connectedorganization-get: the organization with its identity sources', async () => {
    const tenantId = randomUUID();
    const org = (await w.admin.api(`${EM}/connectedOrganizations`).post({
      displayName: 'Contoso',
      description: 'Contoso partner tenant',
      identitySources: [{ '@odata.type': '#microsoft.graph.azureActiveDirectoryTenant', tenantId, displayName: 'Contoso' }],
      state: 'configured',
    })) as ConnectedOrganization;
    const list = (await w.admin.api(`${EM}/connectedOrganizations`).get()) as Page<ConnectedOrganization>;
    expect(list.value.map((o) => o.id)).toContain(org.id);
    const read = (await w.admin.api(`${EM}/connectedOrganizations/${org.id}`).get()) as ConnectedOrganization;
    expect(read).toMatchObject({ id: org.id, displayName: 'Contoso', description: 'Contoso partner tenant', state: 'configured', createdDateTime: expect.any(String) });
    expect(read.identitySources).toEqual([expect.objectContaining({ '@odata.type': '#microsoft.graph.azureActiveDirectoryTenant', tenantId, displayName: 'Contoso' })]);
    const filtered = (await w.admin.api(`${EM}/connectedOrganizations`).filter("state eq 'configured'").query({ $count: 'true' }).get()) as Page<ConnectedOrganization>;
    expect(filtered.value.map((o) => o.id)).toContain(org.id);
    expect(filtered['@odata.count']).toBe(filtered.value.length);
  });

  it('externalSponsors: POST $ref → 204, list → the user, DELETE …/{id}/$ref → 204; internalSponsors list stays empty', async () => {
    const org = (await w.admin.api(`${EM}/connectedOrganizations`).post({
      displayName: 'Fabrikam', identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: `fabrikam${randomUUID().slice(0, 6)}.com`, displayName: 'Fabrikam' }],
    })) as ConnectedOrganization;
    const outside = w.people['outside']!.id;
    await w.admin.api(`${EM}/connectedOrganizations/${org.id}/externalSponsors/$ref`).post({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${outside}` });
    const external = (await w.admin.api(`${EM}/connectedOrganizations/${org.id}/externalSponsors`).get()) as Page<User>;
    expect(external.value).toEqual([expect.objectContaining({ id: outside, '@odata.type': '#microsoft.graph.user' })]);
    expect(((await w.admin.api(`${EM}/connectedOrganizations/${org.id}/internalSponsors`).get()) as Page<User>).value).toEqual([]);
    await w.admin.api(`${EM}/connectedOrganizations/${org.id}/externalSponsors/${outside}/$ref`).delete();
    expect(((await w.admin.api(`${EM}/connectedOrganizations/${org.id}/externalSponsors`).get()) as Page<User>).value).toEqual([]);
  });

  it('a group named as sponsor (the documentation allows users or groups) is refused with 400 naming @odata.id: Gatehouse sponsors are users', async () => {
    const org = (await w.admin.api(`${EM}/connectedOrganizations`).post({
      displayName: 'Litware', identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: `litware${randomUUID().slice(0, 6)}.com`, displayName: 'Litware' }],
    })) as ConnectedOrganization;
    const refused = await graphFailure(w.admin.api(`${EM}/connectedOrganizations/${org.id}/internalSponsors/$ref`).post({ '@odata.id': `https://graph.microsoft.com/v1.0/groups/${w.groupId}` }));
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.error)).toContain('@odata.id');
  });
});
