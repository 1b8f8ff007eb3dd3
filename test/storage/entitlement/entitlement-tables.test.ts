import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditEntry } from '../../../src/domain/audit';
import type { EntitlementCaller } from '../../../src/domain/entitlement/catalog-roles';
import { createCatalog, deleteCatalog } from '../../../src/domain/entitlement/catalogs';
import { connectedOrganizationForDomain, createOrganization, updateOrganization } from '../../../src/domain/entitlement/connected-organizations';
import { createPackage, deletePackage } from '../../../src/domain/entitlement/packages';
import { requestCatalogResource } from '../../../src/domain/entitlement/resources';
import { addRoleScope } from '../../../src/domain/entitlement/role-scopes';
import { createPolicy } from '../../../src/domain/entitlement/policies';
import { entitlementPrincipalLifecycle } from '../../../src/domain/entitlement/principal-lifecycle';
import type { Assignment } from '../../../src/domain/entitlement/requests/model';
import { createCatalogRoleReaders, createTableEntitlementCollections, createTableRequestCollections, type EntitlementTableName } from '../../../src/storage/entitlement-tables';
import { createTableDocumentStore } from '../../../src/storage/policy-document-store';
import { entitlementSettingsDoc } from '../../../src/storage/entitlement-rows';

const admin: EntitlementCaller = { kind: 'administrator', audit: { kind: 'app', appId: 'tests' } };
const GROUP = '22222222-2222-4222-8222-222222222222';

async function build() {
  const clients = new Map<string, TableClient>();
  const table = (name: string) => {
    let client = clients.get(name);
    if (!client) {
      client = TableClient.fromConnectionString(inject('azuriteConnectionString'), `e${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
      clients.set(name, client);
    }
    return client;
  };
  const all: EntitlementTableName[] = ['EntitlementCatalogs', 'EntitlementResources', 'AccessPackages', 'AccessPackageResourceRoleScopes', 'AccessPackageAssignmentPolicies', 'AccessPackageAssignments', 'ConnectedOrganizations', 'ConnectedOrganizationSponsors', 'ConnectedOrganizationDomains', 'EntitlementRoleAssignments'];
  for (const name of [...all, 'TenantSettings']) await table(name).createTable();
  const collections = createTableEntitlementCollections((name) => table(name));
  const audit: AuditEntry[] = [];
  const deps = {
    ...collections,
    ...createCatalogRoleReaders(collections),
    settings: createTableDocumentStore(table('TenantSettings'), 'entitlementManagementSettings', entitlementSettingsDoc),
    directory: {
      user: async () => undefined,
      group: async (id: string) => (id === GROUP ? { id, displayName: 'Partners', description: null } : undefined),
      servicePrincipal: async () => undefined,
    },
    audit: { append: async (entry: AuditEntry) => void audit.push(entry) },
    now: () => new Date('2026-11-21T08:00:00Z'),
    newId: () => randomUUID(),
  };
  return { deps, audit, assignmentsTable: table('AccessPackageAssignments') };
}

describe('entitlement management on Table Storage', () => {
  let world: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    world = await build();
  });

  it('when a catalog still holds a package, then deleting it is a conflict; once the package is gone, the catalog and its resources go', async () => {
    const { deps } = world;
    const catalog = await createCatalog(deps, admin, { displayName: 'Partners' }, 'c1');
    await requestCatalogResource(deps, admin, { requestType: 'adminAdd', catalogId: catalog.id, originId: GROUP, originSystem: 'AadGroup' }, 'c2');
    const pkg = await createPackage(deps, admin, { catalogId: catalog.id, displayName: 'Pkg' }, 'c3');
    await expect(deleteCatalog(deps, admin, catalog.id, 'c4')).rejects.toMatchObject({ code: 'conflict' });
    await deletePackage(deps, admin, pkg.id, 'c5');
    await deleteCatalog(deps, admin, catalog.id, 'c6');
    expect(await deps.catalogs.get(catalog.id)).toBeUndefined();
    expect(await deps.resources.find({ catalogId: catalog.id })).toEqual([]);
    expect(world.audit.map((e) => e.category)).toContain('EntitlementManagement');
  });

  it('when a resource is added twice, then the second is a conflict; when a package grants its role, then removing it is a conflict', async () => {
    const { deps } = world;
    const catalog = await createCatalog(deps, admin, { displayName: 'Apps' }, 'c1');
    const added = await requestCatalogResource(deps, admin, { requestType: 'adminAdd', catalogId: catalog.id, originId: GROUP, originSystem: 'AadGroup' }, 'c2');
    await expect(requestCatalogResource(deps, admin, { requestType: 'adminAdd', catalogId: catalog.id, originId: GROUP, originSystem: 'AadGroup' }, 'c3')).rejects.toMatchObject({ code: 'conflict' });
    const pkg = await createPackage(deps, admin, { catalogId: catalog.id, displayName: 'Pkg' }, 'c4');
    await addRoleScope(deps, admin, pkg.id, { roleOriginId: `Member_${GROUP}`, roleOriginSystem: 'AadGroup', resourceId: added.resource.id, scopeOriginId: 'Root', scopeOriginSystem: 'AadGroup' }, 'c5');
    await expect(requestCatalogResource(deps, admin, { requestType: 'adminRemove', catalogId: catalog.id, originId: GROUP, originSystem: 'AadGroup' }, 'c6')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('when a package has an assignment that is not expired, then it cannot be deleted; an expired one does not hold it', async () => {
    const { deps, assignmentsTable } = world;
    const catalog = await createCatalog(deps, admin, { displayName: 'Held' }, 'c1');
    const pkg = await createPackage(deps, admin, { catalogId: catalog.id, displayName: 'Pkg' }, 'c2');
    // Written through the assignments collection, with its index rows, as delivery writes them.
    const assignments = createTableRequestCollections(() => assignmentsTable).packageAssignments;
    const held = assignmentOf({ id: 'a1', accessPackageId: pkg.id });
    await assignments.insert(held, 'exists');
    await assignments.insert(assignmentOf({ id: 'a2', accessPackageId: 'another-package' }), 'exists');
    await expect(deletePackage(deps, admin, pkg.id, 'c3')).rejects.toMatchObject({ code: 'conflict' });
    await assignments.replace({ ...held, state: 'expired' }, (await assignments.get('a1'))!.etag);
    await deletePackage(deps, admin, pkg.id, 'c4');
    expect(await deps.packages.get(pkg.id)).toBeUndefined();
  });

  it('when a domain already belongs to a connected organization, then a second one claiming it is a conflict and releases the domains it had claimed', async () => {
    const { deps } = world;
    const contoso = await createOrganization(deps, admin, { displayName: 'Contoso', identitySources: [{ kind: 'domain', domainName: 'contoso.com', displayName: 'Contoso' }] }, 'c1');
    const both = [
      { kind: 'domain' as const, domainName: 'litware.com', displayName: 'Litware' },
      { kind: 'domain' as const, domainName: 'contoso.com', displayName: 'Contoso' },
    ];
    await expect(createOrganization(deps, admin, { displayName: 'Litware', identitySources: both }, 'c2')).rejects.toMatchObject({ code: 'conflict' });
    expect(await connectedOrganizationForDomain(deps, 'litware.com')).toBeUndefined();
    expect((await connectedOrganizationForDomain(deps, 'CONTOSO.com'))?.id).toBe(contoso.id);
    // Moving Contoso to a new domain releases the old one.
    await updateOrganization(deps, admin, contoso.id, { identitySources: [{ kind: 'domain', domainName: 'contoso.org', displayName: 'Contoso' }] }, 'c3');
    expect(await connectedOrganizationForDomain(deps, 'contoso.com')).toBeUndefined();
    expect((await connectedOrganizationForDomain(deps, 'contoso.org'))?.id).toBe(contoso.id);
  });

  it('when a catalog is being deleted, then a package created meanwhile is withdrawn (404); a deletion that finds a package lifts its mark; a stale mark no longer counts', async () => {
    const { deps } = world;
    const catalog = await createCatalog(deps, admin, { displayName: 'Racing' }, 'c1');
    const stored = (await deps.catalogs.get(catalog.id))!;
    await deps.catalogs.replace({ ...stored.value, removingAt: '2026-11-21T07:59:30Z' }, stored.etag);
    await expect(createPackage(deps, admin, { catalogId: catalog.id, displayName: 'Late' }, 'c2')).rejects.toMatchObject({ code: 'notFound' });
    expect(await deps.packages.find({ catalogId: catalog.id })).toEqual([]);
    const marked = (await deps.catalogs.get(catalog.id))!;
    await deps.catalogs.replace({ ...marked.value, removingAt: '2026-11-21T07:58:00Z' }, marked.etag);
    await createPackage(deps, admin, { catalogId: catalog.id, displayName: 'After a crashed deletion' }, 'c3');
    await expect(deleteCatalog(deps, admin, catalog.id, 'c4')).rejects.toMatchObject({ code: 'conflict' });
    expect((await deps.catalogs.get(catalog.id))?.value.removingAt).toBeNull();
  });

  it('when a stored entity is replaced with a stale ETag, then the change is refused', async () => {
    const { deps } = world;
    const catalog = await createCatalog(deps, admin, { displayName: 'Race' }, 'c1');
    const first = (await deps.catalogs.get(catalog.id))!;
    await deps.catalogs.replace({ ...first.value, displayName: 'One' }, first.etag);
    await expect(deps.catalogs.replace({ ...first.value, displayName: 'Two' }, first.etag)).rejects.toMatchObject({ code: 'preconditionFailed' });
    expect((await deps.catalogs.get(catalog.id))?.value.displayName).toBe('One');
  });
});

describe('a stored document longer than one column', () => {
  it('when a policy with the most questions and choices is stored, then it reads back whole', async () => {
    const { deps } = await build();
    const catalog = await createCatalog(deps, admin, { displayName: 'Big' }, 'c1');
    const pkg = await createPackage(deps, admin, { catalogId: catalog.id, displayName: 'Pkg' }, 'c2');
    const choices = Array.from({ length: 25 }, (_, j) => ({ actualValue: `${j}`.padEnd(200, 'v'), text: `${j} café 😀`.padEnd(200, 'x') }));
    const questions = Array.from({ length: 20 }, (_, i) => ({ type: 'multipleChoice' as const, id: `q${i}`, text: 'Q'.repeat(1024), isRequired: true, sequence: i, isAnswerEditable: true, allowsMultipleSelection: true, choices }));
    const policy = await createPolicy(deps, admin, {
      displayName: 'Big',
      description: null,
      accessPackageId: pkg.id,
      allowedTargetScope: 'notSpecified',
      specificAllowedTargets: [],
      expiration: { type: 'noExpiration', endDateTime: null, duration: null },
      requestorSettings: { enableTargetsToSelfAddAccess: false, enableTargetsToSelfUpdateAccess: false, enableTargetsToSelfRemoveAccess: false, allowCustomAssignmentSchedule: false, enableOnBehalfRequestorsToAddAccess: false, enableOnBehalfRequestorsToUpdateAccess: false, enableOnBehalfRequestorsToRemoveAccess: false, onBehalfRequestors: [] },
      requestApprovalSettings: { isApprovalRequiredForAdd: false, isApprovalRequiredForUpdate: false, stages: [] },
      questions,
    }, 'c3');
    expect(JSON.stringify(policy).length).toBeGreaterThan(200_000);
    expect((await deps.policies.get(policy.id))?.value).toEqual(policy);
    expect(await deps.policies.find({ accessPackageId: pkg.id })).toEqual([policy]);
    const tooLarge = questions.map((q) => ({ ...q, choices: q.choices.map((c) => ({ ...c, text: 'é'.repeat(200) })) }));
    await expect(deps.policies.replace({ ...policy, questions: tooLarge }, (await deps.policies.get(policy.id))!.etag)).rejects.toMatchObject({ code: 'payloadTooLarge' });
  });
});

describe('when a user is purged', () => {
  it('then its catalog roles and sponsorships are removed, and those of others stay', async () => {
    const { deps } = await build();
    const gone = '55555555-5555-4555-8555-555555555555';
    const stays = '66666666-6666-4666-8666-666666666666';
    for (const principalId of [gone, stays]) {
      await deps.roleAssignments.insert({ id: randomUUID(), principalId, roleDefinitionId: 'ae79f266-94d4-4dab-b730-feca7e132178', catalogId: randomUUID(), createdAt: 'now' }, 'dup');
      await deps.sponsors.insert({ id: randomUUID(), connectedOrganizationId: 'org', kind: 'internalSponsors', userId: principalId }, 'dup');
    }
    await entitlementPrincipalLifecycle(() => deps).principalPurged(gone);
    await entitlementPrincipalLifecycle(() => deps).principalPurged(gone);
    expect((await deps.roleAssignments.page({}, { top: 10 })).items.map((a) => a.principalId)).toEqual([stays]);
    expect((await deps.sponsors.page({}, { top: 10 })).items.map((s) => s.userId)).toEqual([stays]);
  });
});

function assignmentOf(overrides: Partial<Assignment>): Assignment {
  const at = '2026-11-21T08:00:00.000Z';
  return {
    id: randomUUID(), accessPackageId: 'pkg', catalogId: 'cat', assignmentPolicyId: 'pol', targetUserId: 'user-1',
    target: { objectId: 'user-1', email: null, displayName: null, subjectType: 'user', connectedOrganizationId: null },
    state: 'delivered', status: 'Delivered', schedule: { startDateTime: at, expiration: { type: 'noExpiration', endDateTime: null, duration: null } },
    endDateTime: null, expiredDateTime: null, expiryNotices: [], createdTarget: false, createdDateTime: at, modifiedDateTime: at,
    ...overrides,
  };
}
