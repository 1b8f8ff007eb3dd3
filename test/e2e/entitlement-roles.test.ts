import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';

const EM = 'identityGovernance/entitlementManagement';
const ROLES = 'roleManagement/entitlementManagement/roleAssignments';
const IGA = '45d8d3c5-c802-45c6-b32a-1d70b5e1e86e';
const OWNER = 'ae79f266-94d4-4dab-b730-feca7e132178';
const READER = '44272f93-9762-48e8-af59-1b5351b1d6b3';
const PACKAGE_MANAGER = '7f480852-ebdc-47d4-87de-0d8498384a83';
const CREATOR = 'ba92d953-d8e0-4e39-a797-0cbedb0a89e8';

describe('entitlement management roles, connected organizations and settings over HTTP', () => {
  let rt: TestRuntime;
  let admin: string;
  let call: GraphCall;
  const targets = (body: Json) => (body.error?.details ?? []).map((d) => d.target);
  const created = async (path: string, body: unknown, token = admin) => {
    const res = await call('POST', path, body, token);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Json & { id: string };
  };
  const newUser = async () => {
    const nick = `em${randomUUID().slice(0, 8)}`;
    const id = (await created('users', { accountEnabled: true, displayName: `User ${nick}`, mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com` })).id;
    return { id, token: await rt.token({ userId: id }) };
  };
  const grant = (principalId: string, roleDefinitionId: string, appScopeId: string, token = admin) => call('POST', ROLES, { principalId, roleDefinitionId, appScopeId }, token);

  beforeAll(async () => {
    rt = await startRuntime();
    admin = await rt.token({ roles: ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'AuditLog.Read.All'] });
    call = graphCaller(rt, admin);
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when users hold catalog roles, then readers read but cannot edit, a package manager of catalog A edits A’s packages but not B’s, and only owners edit the catalog', async () => {
    const [a, b] = [await created(`${EM}/catalogs`, { displayName: 'A' }), await created(`${EM}/catalogs`, { displayName: 'B' })];
    const [pkgA, pkgB] = [await created(`${EM}/accessPackages`, { displayName: 'PA', catalog: { id: a.id } }), await created(`${EM}/accessPackages`, { displayName: 'PB', catalog: { id: b.id } })];
    const reader = await newUser();
    const manager = await newUser();
    const owner = await newUser();
    expect((await grant(reader.id, READER, `/AccessPackageCatalog/${a.id}`)).status).toBe(201);
    expect((await grant(manager.id, PACKAGE_MANAGER, `/AccessPackageCatalog/${a.id}`)).status).toBe(201);
    expect((await grant(owner.id, OWNER, `/AccessPackageCatalog/${a.id}`)).status).toBe(201);
    expect((await grant(owner.id, OWNER, `/AccessPackageCatalog/${a.id}`)).status).toBe(409);

    expect((await call('GET', `${EM}/accessPackages/${pkgA.id}`, undefined, reader.token)).status).toBe(200);
    expect((await call('PATCH', `${EM}/accessPackages/${pkgA.id}`, { displayName: 'x' }, reader.token)).status).toBe(403);
    expect((await call('GET', `${EM}/accessPackages`, undefined, reader.token)).body.value?.map((p) => p['id'])).toEqual([pkgA.id]);
    expect((await call('PATCH', `${EM}/accessPackages/${pkgA.id}`, { displayName: 'Renamed' }, manager.token)).status).toBe(204);
    expect((await call('PATCH', `${EM}/accessPackages/${pkgB.id}`, { displayName: 'x' }, manager.token)).status).toBe(403);
    expect((await call('GET', `${EM}/catalogs/${b.id}`, undefined, manager.token)).status).toBe(403);
    expect((await call('PATCH', `${EM}/catalogs/${a.id}`, { state: 'unpublished' }, manager.token)).status).toBe(403);
    expect((await call('PATCH', `${EM}/catalogs/${a.id}`, { state: 'unpublished' }, owner.token)).status).toBe(204);
    // Once the reader's assignment is removed, the reader sees nothing of catalog A.
    const readerAssignment = (await call('GET', `${ROLES}?$filter=principalId eq '${reader.id}'`)).body.value?.[0];
    expect((await call('DELETE', `${ROLES}/${readerAssignment?.['id'] as string}`, undefined, owner.token)).status).toBe(204);
    expect((await call('GET', `${EM}/accessPackages/${pkgA.id}`, undefined, reader.token)).status).toBe(403);
    // Owners hand out roles in their own catalog only.
    expect((await grant(reader.id, READER, `/AccessPackageCatalog/${b.id}`, owner.token)).status).toBe(403);
    expect((await call('POST', `${EM}/catalogs`, { displayName: 'Mine' }, owner.token)).status).toBe(403);
    expect((await call('GET', `${EM}/connectedOrganizations`, undefined, owner.token)).status).toBe(403);
  });

  it('when a user is made catalog creator, then the user may create catalogs and owns them; an Identity Governance Administrator may do everything', async () => {
    const creator = await newUser();
    const wrongScope = await grant(creator.id, CREATOR, `/AccessPackageCatalog/${randomUUID()}`);
    expect([wrongScope.status, targets(wrongScope.body)]).toEqual([400, ['appScopeId']]);
    expect((await grant(creator.id, CREATOR, '/')).status).toBe(201);
    const mine = await created(`${EM}/catalogs`, { displayName: 'Mine' }, creator.token);
    expect((await call('PATCH', `${EM}/catalogs/${mine.id}`, { description: 'owned' }, creator.token)).status).toBe(204);
    const assignments = await call('GET', `${ROLES}?$filter=principalId eq '${creator.id}'`);
    expect(assignments.body.value).toContainEqual(expect.objectContaining({ roleDefinitionId: OWNER, appScopeId: `/AccessPackageCatalog/${mine.id}` }));

    const governor = await newUser();
    expect((await call('POST', 'roleManagement/directory/roleAssignments', { principalId: governor.id, roleDefinitionId: IGA, directoryScopeId: '/' })).status).toBe(201);
    expect((await call('PATCH', `${EM}/catalogs/${mine.id}`, { state: 'unpublished' }, governor.token)).status).toBe(204);
    expect((await call('GET', `${EM}/settings`, undefined, governor.token)).status).toBe(200);
  });

  it('when connected organizations are managed, then a domain belongs to one only (409), and sponsors are added, listed and removed by $ref', async () => {
    const org = await created(`${EM}/connectedOrganizations`, {
      displayName: 'Contoso',
      identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: 'Contoso-partners.example', displayName: 'Contoso' }],
    });
    expect(org).toMatchObject({ state: 'configured', identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: 'contoso-partners.example' }] });
    const twice = await call('POST', `${EM}/connectedOrganizations`, { displayName: 'Copy', identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: 'contoso-partners.example' }] });
    expect(twice.status).toBe(409);
    const badDomain = await call('POST', `${EM}/connectedOrganizations`, { displayName: 'Bad', identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: 'not a domain' }] });
    expect([badDomain.status, targets(badDomain.body)]).toEqual([400, ['identitySources.0.domainName']]);
    const other = await created(`${EM}/connectedOrganizations`, { displayName: 'Other', identitySources: [{ '@odata.type': '#microsoft.graph.azureActiveDirectoryTenant', tenantId: randomUUID() }] });
    const takeOver = await call('PATCH', `${EM}/connectedOrganizations/${other.id}`, { identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: 'contoso-partners.example' }] });
    expect(takeOver.status).toBe(409);
    const sponsor = await newUser();
    expect((await call('POST', `${EM}/connectedOrganizations/${org.id}/internalSponsors/$ref`, { '@odata.id': `${rt.url}/api/v1.0/users/${sponsor.id}` })).status).toBe(204);
    expect((await call('POST', `${EM}/connectedOrganizations/${org.id}/internalSponsors/$ref`, { '@odata.id': `${rt.url}/api/v1.0/users/${sponsor.id}` })).status).toBe(409);
    expect((await call('POST', `${EM}/connectedOrganizations/${org.id}/externalSponsors/$ref`, { '@odata.id': `${rt.url}/api/v1.0/users/${randomUUID()}` })).status).toBe(404);
    expect((await call('GET', `${EM}/connectedOrganizations/${org.id}/internalSponsors`)).body.value?.map((u) => u['id'])).toEqual([sponsor.id]);
    expect((await call('GET', `${EM}/connectedOrganizations/${org.id}/externalSponsors`)).body.value).toEqual([]);
    expect((await call('DELETE', `${EM}/connectedOrganizations/${org.id}/internalSponsors/${sponsor.id}/$ref`)).status).toBe(204);
    expect((await call('DELETE', `${EM}/connectedOrganizations/${org.id}`)).status).toBe(204);
    // The domain is free again once its organization is gone.
    expect((await call('POST', `${EM}/connectedOrganizations`, { displayName: 'Again', state: 'proposed', identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: 'contoso-partners.example' }] })).status).toBe(201);
  });

  it('when settings are read and changed, then the defaults are block and delete after P30D, and a bad duration names its field', async () => {
    expect((await call('GET', `${EM}/settings`)).body).toMatchObject({ externalUserLifecycleAction: 'blockSignInAndDelete', durationUntilExternalUserDeletedAfterBlocked: 'P30D' });
    expect((await call('PATCH', `${EM}/settings`, { externalUserLifecycleAction: 'blockSignIn', durationUntilExternalUserDeletedAfterBlocked: 'P60D' })).status).toBe(204);
    expect((await call('GET', `${EM}/settings`)).body).toMatchObject({ externalUserLifecycleAction: 'blockSignIn', durationUntilExternalUserDeletedAfterBlocked: 'P60D' });
    const bad = await call('PATCH', `${EM}/settings`, { durationUntilExternalUserDeletedAfterBlocked: '60 days' });
    expect([bad.status, targets(bad.body)]).toEqual([400, ['durationUntilExternalUserDeletedAfterBlocked']]);
    const audits = await call('GET', `auditLogs/directoryAudits?$filter=activityDisplayName eq 'Update entitlement management settings'`);
    expect(audits.body.value).toEqual([expect.objectContaining({ category: 'EntitlementManagement' })]);
  });
});
