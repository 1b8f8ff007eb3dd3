import { randomUUID } from 'node:crypto';
import type { Application, AppRoleAssignment, PasswordCredential, ServicePrincipal } from '@microsoft/microsoft-graph-types';
import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphClient, graphFailure } from '../entitlement/graph-client';

/**
 * The documented request examples of the application pages (application-*.md, the recycle bin for
 * applications, service principals from an appId, user appRoleAssignments), through the Graph JS
 * SDK. APPLICATIONS.md lists each page with the examples tried and passed.
 */
describe('applications as documented', () => {
  let rt: TestRuntime;
  let admin: Client;
  const create = async (body: Application = { displayName: 'Display name' }) => (await admin.api('/applications').post(body)) as Application;

  beforeAll(async () => {
    rt = await startRuntime();
    admin = graphClient(rt, await rt.token({ roles: ['Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All', 'User.ReadWrite.All'] }));
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('application-post-applications: create with displayName → 201 with id, appId, empty collections and the web defaults', async () => {
    const app = await create();
    expect(app).toMatchObject({
      id: expect.any(String), appId: expect.any(String), displayName: 'Display name', deletedDateTime: null, identifierUris: [], appRoles: [],
      groupMembershipClaims: null, optionalClaims: null, keyCredentials: [], passwordCredentials: [], requiredResourceAccess: [],
      publicClient: { redirectUris: [] }, web: { redirectUris: [], homePageUrl: null, logoutUrl: null, implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false } },
      createdDateTime: expect.any(String),
    });
    expect(app.appId).not.toBe(app.id);
  });

  it('application-post-applications: a property Gatehouse cannot keep (keyCredentials) is a 400 naming it, and nothing is created', async () => {
    const before = ((await admin.api('/applications').get()) as { value: Application[] }).value.length;
    const failure = await graphFailure(admin.api('/applications').post({ displayName: 'With a certificate', keyCredentials: [] }));
    expect(failure.statusCode).toBe(400);
    expect(JSON.stringify(failure.error)).toContain('keyCredentials');
    expect(((await admin.api('/applications').get()) as { value: Application[] }).value.length).toBe(before);
  });

  it('application-list example 1: list → 200 with the applications', async () => {
    const app = await create({ displayName: 'My app', identifierUris: [`api://${randomUUID()}`] });
    const listed = (await admin.api('/applications').get()) as { value: Application[] };
    expect(listed.value.find((a) => a.id === app.id)).toMatchObject({ appId: app.appId, displayName: 'My app', identifierUris: app.identifierUris, signInAudience: 'AzureADMyOrg' });
  });

  it('application-get: get by id → 200; an unknown id → 404 Request_ResourceNotFound', async () => {
    const app = await create();
    expect(((await admin.api(`/applications/${app.id}`).get()) as Application).appId).toBe(app.appId);
    expect(await graphFailure(admin.api(`/applications/${randomUUID()}`).get())).toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });

  it("application-get, -update and -delete by Graph's alternate key /applications(appId='{appId}')", async () => {
    const app = await create({ displayName: 'Keyed by appId' });
    expect(await admin.api(`/applications(appId='${app.appId}')`).get()).toMatchObject({ id: app.id, appId: app.appId, displayName: 'Keyed by appId' });
    await admin.api(`/applications(appId='${app.appId}')`).patch({ displayName: 'Renamed by appId' });
    expect(((await admin.api(`/applications/${app.id}`).get()) as Application).displayName).toBe('Renamed by appId');
    await admin.api(`/applications(appId='${app.appId}')`).delete();
    expect((await graphFailure(admin.api(`/applications/${app.id}`).get())).statusCode).toBe(404);
    expect((await graphFailure(admin.api(`/applications(appId='${app.appId}')`).get())).statusCode).toBe(404);
  });

  it("serviceprincipal-get, -update and -delete by /servicePrincipals(appId='{appId}')", async () => {
    const app = await create({ displayName: 'Principal keyed by appId' });
    const sp = (await admin.api('/servicePrincipals').post({ appId: app.appId })) as ServicePrincipal;
    expect(await admin.api(`/servicePrincipals(appId='${app.appId}')`).get()).toMatchObject({ id: sp.id, appId: app.appId, displayName: 'Principal keyed by appId' });
    await admin.api(`/servicePrincipals(appId='${app.appId}')`).patch({ appRoleAssignmentRequired: true });
    expect(((await admin.api(`/servicePrincipals/${sp.id}`).get()) as ServicePrincipal).appRoleAssignmentRequired).toBe(true);
    await admin.api(`/servicePrincipals(appId='${app.appId}')`).delete();
    expect((await graphFailure(admin.api(`/servicePrincipals/${sp.id}`).get())).statusCode).toBe(404);
  });

  it('application-update: PATCH displayName → 204 and kept; redirect URIs, app roles, groupMembershipClaims and optionalClaims too', async () => {
    const app = await create();
    await admin.api(`/applications/${app.id}`).patch({ displayName: 'New display name' } satisfies Application);
    const roleId = randomUUID();
    await admin.api(`/applications/${app.id}`).patch({
      web: { redirectUris: ['https://app.contoso.example/signin-oidc'] },
      spa: { redirectUris: ['https://spa.contoso.example/'] },
      publicClient: { redirectUris: ['http://localhost'] },
      appRoles: [{ id: roleId, allowedMemberTypes: ['User'], description: 'Readers', displayName: 'Reader', isEnabled: true, value: 'Reader' }],
      groupMembershipClaims: 'SecurityGroup',
      optionalClaims: { idToken: [{ name: 'email', source: null, essential: false, additionalProperties: [] }], accessToken: [], saml2Token: [] },
    } satisfies Application);
    const read = (await admin.api(`/applications/${app.id}`).get()) as Application;
    expect(read).toMatchObject({
      displayName: 'New display name', web: { redirectUris: ['https://app.contoso.example/signin-oidc'] }, spa: { redirectUris: ['https://spa.contoso.example/'] },
      publicClient: { redirectUris: ['http://localhost'] }, groupMembershipClaims: 'SecurityGroup', appRoles: [{ id: roleId, value: 'Reader', origin: 'Application' }],
    });
    expect(read.optionalClaims?.idToken?.[0]?.name).toBe('email');
    const badUri = await graphFailure(admin.api(`/applications/${app.id}`).patch({ web: { redirectUris: ['http://app.contoso.example/'] } }));
    expect(badUri.statusCode).toBe(400);
  });

  it('application-addpassword and application-removepassword: the secret is shown once, listed by hint only, and removed by keyId (204)', async () => {
    const app = await create();
    const password = (await admin.api(`/applications/${app.id}/addPassword`).post({ passwordCredential: { displayName: 'Password friendly name' } })) as PasswordCredential;
    expect(password).toMatchObject({ customKeyIdentifier: null, displayName: 'Password friendly name', keyId: expect.any(String), hint: password.secretText!.slice(0, 3), startDateTime: expect.any(String), endDateTime: expect.any(String) });
    expect(password.secretText!.length).toBeGreaterThanOrEqual(16);
    const twoYears = new Date(password.endDateTime!).getTime() - new Date(password.startDateTime!).getTime();
    expect(Math.round(twoYears / 86_400_000)).toBe(730);
    const stored = (await admin.api(`/applications/${app.id}`).get()) as Application;
    expect(stored.passwordCredentials).toEqual([expect.objectContaining({ keyId: password.keyId, secretText: null, hint: password.hint })]);
    await admin.api(`/applications/${app.id}/removePassword`).post({ keyId: password.keyId });
    expect(((await admin.api(`/applications/${app.id}`).get()) as Application).passwordCredentials).toEqual([]);
  });

  it('application-delete and the recycle bin: delete → 204, listed and read under deletedItems, restored (200), deleted again and purged (204)', async () => {
    const app = await create({ displayName: `Recycled ${randomUUID().slice(0, 6)}` });
    await admin.api(`/applications/${app.id}`).delete();
    expect((await graphFailure(admin.api(`/applications/${app.id}`).get())).statusCode).toBe(404);
    const deleted = (await admin.api('/directory/deletedItems/microsoft.graph.application').get()) as { value: Application[] };
    expect(deleted.value.find((a) => a.id === app.id)).toMatchObject({ '@odata.type': '#microsoft.graph.application', deletedDateTime: expect.any(String) });
    expect(((await admin.api(`/directory/deletedItems/microsoft.graph.application/${app.id}`).get()) as Application).displayName).toBe(app.displayName);
    const restored = (await admin.api(`/directory/deletedItems/microsoft.graph.application/${app.id}/restore`).post({})) as Application;
    expect(restored).toMatchObject({ id: app.id, deletedDateTime: null });
    await admin.api(`/applications/${app.id}`).delete();
    await admin.api(`/directory/deletedItems/microsoft.graph.application/${app.id}`).delete();
    expect((await graphFailure(admin.api(`/directory/deletedItems/microsoft.graph.application/${app.id}`).get())).statusCode).toBe(404);
  });

  it('serviceprincipal-post-serviceprincipals: created from an appId, it takes the display name and roles of the application', async () => {
    const roleId = randomUUID();
    const app = await create({ displayName: 'Contoso app', appRoles: [{ id: roleId, allowedMemberTypes: ['User'], description: 'Readers', displayName: 'Reader', isEnabled: true, value: 'Reader' }] });
    const sp = (await admin.api('/servicePrincipals').post({ appId: app.appId })) as ServicePrincipal;
    expect(sp).toMatchObject({ appId: app.appId, displayName: 'Contoso app', appRoles: [expect.objectContaining({ id: roleId, value: 'Reader' })] });
    expect(await graphFailure(admin.api('/servicePrincipals').post({ appId: app.appId }))).toMatchObject({ statusCode: 409 });
  });

  it('user-post-approleassignments and user-list-approleassignments with $filter=resourceId eq: 201, then listed and filtered', async () => {
    const roleId = randomUUID();
    const app = await create({ displayName: 'Assigned app', appRoles: [{ id: roleId, allowedMemberTypes: ['User'], description: 'Readers', displayName: 'Reader', isEnabled: true, value: 'Reader' }] });
    const sp = (await admin.api('/servicePrincipals').post({ appId: app.appId })) as ServicePrincipal;
    const other = (await admin.api('/servicePrincipals').post({ displayName: 'Other app' })) as ServicePrincipal;
    const nick = `user${randomUUID().slice(0, 6)}`;
    const user = (await admin.api('/users').post({ accountEnabled: true, displayName: nick, mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com`, passwordProfile: { password: 'x-Passw0rd!' } })) as { id: string };
    const assignment = (await admin.api(`/users/${user.id}/appRoleAssignments`).post({ principalId: user.id, resourceId: sp.id, appRoleId: roleId })) as AppRoleAssignment;
    expect(assignment).toMatchObject({ principalId: user.id, principalType: 'User', resourceId: sp.id, appRoleId: roleId, resourceDisplayName: 'Assigned app' });
    await admin.api(`/users/${user.id}/appRoleAssignments`).post({ principalId: user.id, resourceId: other.id, appRoleId: '00000000-0000-0000-0000-000000000000' });
    const all = (await admin.api(`/users/${user.id}/appRoleAssignments`).get()) as { value: AppRoleAssignment[] };
    expect(all.value).toHaveLength(2);
    const filtered = (await admin.api(`/users/${user.id}/appRoleAssignments`).filter(`resourceId eq ${sp.id}`).get()) as { value: AppRoleAssignment[] };
    expect(filtered.value.map((a) => a.id)).toEqual([assignment.id]);
  });

  describe('application-list advanced queries (ConsistencyLevel: eventual)', () => {
    const eventual = { ConsistencyLevel: 'eventual' };
    type Listed = { '@odata.context': string; '@odata.count'?: number; value: Application[] };
    const everyApplication = async () => ((await admin.api('/applications').top(999).get()) as Listed).value;

    it('application-list example 2: GET /applications/$count → the number of applications as text/plain', async () => {
      await create({ displayName: 'Counted app' });
      const count = (await admin.api('/applications/$count').headers(eventual).get()) as unknown;
      expect(String(count)).toMatch(/^\d+$/);
      expect(Number(count)).toBe((await everyApplication()).length);
    });

    it('application-list example 3: $filter=startswith(displayName, \'a\') with $count=true, $top=1 and $orderby=displayName → the first by name, counted', async () => {
      await create({ displayName: 'ab tools' });
      const a = await create({ displayName: 'a' });
      await create({ displayName: 'Web portal' });
      const listed = (await admin.api('/applications').headers(eventual).filter("startswith(displayName, 'a')").query({ $count: 'true' }).top(1).orderby('displayName').get()) as Listed;
      const startingWithA = (await everyApplication()).filter((app) => app.displayName!.toLowerCase().startsWith('a'));
      expect(listed['@odata.count']).toBe(startingWithA.length);
      expect(startingWithA.length).toBeGreaterThanOrEqual(2);
      expect(listed.value).toHaveLength(1);
      expect(listed.value[0]).toMatchObject({ id: a.id, appId: a.appId, displayName: 'a', signInAudience: 'AzureADMyOrg', identifierUris: [] });
      expect(listed['@odata.context']).toMatch(/\$metadata#applications$/);
    });

    it('application-list example 4: $search="displayName:Web" with $count=true and $select → the matching applications, counted, with the selected properties', async () => {
      const dotNet = await create({ displayName: 'DotNetWeb-App', identifierUris: [`api://${randomUUID()}`] });
      const other = await create({ displayName: 'Webhooks relay' });
      await create({ displayName: 'Payroll' });
      const listed = (await admin.api('/applications').headers(eventual).search('"displayName:Web"').query({ $count: 'true' }).select('appId,identifierUris,displayName,publisherDomain,signInAudience').get()) as Listed;
      expect(listed['@odata.context']).toContain('$metadata#applications(appId,identifierUris,displayName,publisherDomain,signInAudience)');
      const names = listed.value.map((app) => app.displayName);
      expect(names).toEqual(expect.arrayContaining(['DotNetWeb-App', 'Webhooks relay', 'Web portal']));
      expect(names).not.toContain('Payroll');
      expect(listed['@odata.count']).toBe(listed.value.length);
      expect(listed.value.find((app) => app.appId === dotNet.appId)).toMatchObject({
        appId: dotNet.appId, identifierUris: dotNet.identifierUris, displayName: 'DotNetWeb-App', publisherDomain: expect.stringMatching(/\./), signInAudience: 'AzureADMyOrg',
      });
      expect(listed.value.some((app) => app.appId === other.appId)).toBe(true);
    });

    it('application-list example 5 ($filter=owners/$count eq 0 or owners/$count eq 1): applications have no owners in Gatehouse → a 400 naming owners', async () => {
      const refused = await graphFailure(admin.api('/applications').headers(eventual).filter('owners/$count eq 0 or owners/$count eq 1').query({ $count: 'true' }).select('id,displayName').get());
      expect(refused.statusCode).toBe(400);
      expect(refused.error.message).toContain('owners/$count');
    });

    it('without ConsistencyLevel: eventual, /$count and $search are 400 as in Graph; $filter with $orderby is 400 Request_UnsupportedQuery', async () => {
      const count = await graphFailure(admin.api('/applications/$count').get());
      expect(count.statusCode).toBe(400);
      expect(count.error.message).toContain('$count');
      const search = await graphFailure(admin.api('/applications').search('"displayName:Web"').query({ $count: 'true' }).get());
      expect(search.statusCode).toBe(400);
      expect(search.error.message).toContain('ConsistencyLevel');
      const sorted = await graphFailure(admin.api('/applications').filter("startswith(displayName, 'a')").query({ $count: 'true' }).orderby('displayName').get());
      expect(sorted).toMatchObject({ statusCode: 400, code: 'Request_UnsupportedQuery' });
    });

    it('$filter on displayName without the header is served, as Graph serves default filters; @odata.count is ignored without it', async () => {
      const listed = (await admin.api('/applications').filter("displayName eq 'DotNetWeb-App'").query({ $count: 'true' }).get()) as Listed;
      expect(listed.value.map((app) => app.displayName)).toEqual(['DotNetWeb-App']);
      expect(listed['@odata.count']).toBeUndefined();
    });

    it('$orderby=displayName pages through every application in order with @odata.nextLink', async () => {
      const names: string[] = [];
      let page = (await admin.api('/applications').headers(eventual).query({ $count: 'true' }).orderby('displayName').top(3).get()) as Listed & { '@odata.nextLink'?: string };
      names.push(...page.value.map((app) => app.displayName!));
      while (page['@odata.nextLink']) {
        page = (await admin.api(page['@odata.nextLink'].replace(`${rt.url}/api/v1.0`, '')).headers(eventual).get()) as typeof page;
        names.push(...page.value.map((app) => app.displayName!));
      }
      expect(names).toHaveLength((await everyApplication()).length);
      expect(names).toEqual([...names].sort((x, y) => (x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0)));
    });
  });
});
