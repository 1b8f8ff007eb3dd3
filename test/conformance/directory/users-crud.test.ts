import type { User } from '@microsoft/microsoft-graph-types';
import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphClient, graphFailure } from '../entitlement/graph-client';
import { adminClient, createMember, DOMAIN, tag } from './users-fixture';

const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

// user-post-users.md, user-get.md, user-update.md, user-delete.md, user-post-manager.md,
// user-list-manager.md, user-list-directreports.md: the documented request examples, ids adapted.
describe('users: create, get, update, delete, manager, direct reports', () => {
  let rt: TestRuntime;
  let admin: Client;
  const t = tag();
  let adele: User & { id: string };
  let me: Client;

  beforeAll(async () => {
    rt = await startRuntime();
    admin = await adminClient(rt);
    adele = await createMember(admin, 'Adele Vance', `${t}adelev`, { givenName: 'Adele', surname: 'Vance', jobTitle: 'Retail Manager', mail: `${t}adelev@contoso.com`, businessPhones: ['+1 425 555 0109'], mobilePhone: '+1 425 555 0109', officeLocation: '18/2111', preferredLanguage: 'en-US', postalCode: '98004' });
    await admin.api('/roleManagement/directory/roleAssignments').post({ principalId: adele.id, roleDefinitionId: USER_ADMINISTRATOR, directoryScopeId: '/' });
    me = graphClient(rt, await rt.token({ userId: adele.id }));
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  describe('user-post-users.md', () => {
    it('example 1: create a user with accountEnabled, displayName, mailNickname, userPrincipalName and passwordProfile → 201 with the user', async () => {
      const created = (await admin.api('/users').post({
        accountEnabled: true,
        displayName: 'Adele Vance',
        mailNickname: `new${t}AdeleV`,
        userPrincipalName: `new${t}AdeleV@${DOMAIN}`,
        passwordProfile: { forceChangePasswordNextSignIn: true, password: 'xWwvJ]6NMw+bWH-d' },
      } satisfies User)) as User;
      expect(created).toMatchObject({ displayName: 'Adele Vance', userPrincipalName: `new${t}AdeleV@${DOMAIN}`, id: expect.any(String) });
      expect(created).not.toHaveProperty('passwordProfile');
    });

    it('example 2: a local account with identities (a B2C sign-in) is a clear 400 naming identities', async () => {
      const refused = await graphFailure(admin.api('/users').post({
        displayName: 'John Smith',
        identities: [{ signInType: 'userName', issuer: 'contoso.onmicrosoft.com', issuerAssignedId: 'johnsmith' }],
        passwordProfile: { password: 'password-value', forceChangePasswordNextSignIn: false },
        passwordPolicies: 'DisablePasswordExpiration',
      } satisfies User));
      expect(refused.statusCode).toBe(400);
      expect(JSON.stringify(refused.error)).toContain('identities');
    });

    it('a taken userPrincipalName is 400 Request_BadRequest with an ObjectConflict detail, as Graph answers it', async () => {
      const refused = await graphFailure(createMember(admin, 'Second Adele', `${t}adelev`));
      expect([refused.statusCode, refused.error.code, refused.error.message]).toEqual([400, 'Request_BadRequest', 'Another object with the same value for property userPrincipalName already exists.']);
      expect(refused.error.details).toEqual([expect.objectContaining({ code: 'ObjectConflict', target: 'userPrincipalName' })]);
    });
  });

  describe('user-get.md', () => {
    it('example 1: GET /users/{id} has the default properties, officeLocation included', async () => {
      const user = (await admin.api(`/users/${adele.id}`).get()) as User;
      expect(user).toMatchObject({ businessPhones: ['+1 425 555 0109'], displayName: 'Adele Vance', givenName: 'Adele', jobTitle: 'Retail Manager', mail: `${t}adelev@contoso.com`, mobilePhone: '+1 425 555 0109', officeLocation: '18/2111', preferredLanguage: 'en-US', surname: 'Vance', userPrincipalName: `${t}adelev@${DOMAIN}`, id: adele.id });
    });

    it('example 2: GET /me with a delegated token is the signed-in user; with an app-only token Graph\'s 400', async () => {
      expect(((await me.api('/me').get()) as User).id).toBe(adele.id);
      const refused = await graphFailure(admin.api('/me').get());
      expect([refused.statusCode, refused.error.message]).toEqual([400, '/me request is only valid with delegated authentication flow.']);
    });

    it('example 3: $select=displayName,givenName,postalCode,identities returns just those, with the context naming them', async () => {
      const user = (await admin.api(`/users/${adele.id}`).select('displayName,givenName,postalCode,identities').get()) as Record<string, unknown>;
      expect(user).toEqual({
        '@odata.context': expect.stringMatching(/#users\(displayName,givenName,postalCode,identities\)\/\$entity$/),
        id: adele.id,
        displayName: 'Adele Vance',
        givenName: 'Adele',
        postalCode: '98004',
        identities: [{ signInType: 'userPrincipalName', issuer: DOMAIN, issuerAssignedId: `${t}adelev@${DOMAIN}` }],
      });
    });

    it('example 4: $select of a schema extension is a clear 400 naming it', async () => {
      const refused = await graphFailure(admin.api(`/users/${adele.id}`).select('ext55gb1l09_msLearnCourses').get());
      expect([refused.statusCode, refused.error.message?.includes('ext55gb1l09_msLearnCourses')]).toEqual([400, true]);
    });

    it('example 5: $select=customSecurityAttributes reads null (no attributes assigned)', async () => {
      const user = (await admin.api(`/users/${adele.id}`).select('customSecurityAttributes').get()) as Record<string, unknown>;
      expect(user['customSecurityAttributes']).toBeNull();
    });

    it('$expand=manager, directReports and memberOf work on one user; an unknown relationship or option is a 400 naming it', async () => {
      const boss = await createMember(admin, 'Boss', `${t}boss`);
      await admin.api(`/users/${adele.id}/manager/$ref`).put({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${boss.id}` });
      const expanded = (await admin.api(`/users/${adele.id}`).expand('manager').get()) as User;
      expect(expanded.manager).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: boss.id });
      const reports = (await admin.api(`/users/${boss.id}`).select('id').expand('directReports').get()) as User;
      expect(reports.directReports?.map((r) => r.id)).toEqual([adele.id]);
      const groups = (await admin.api(`/users/${adele.id}`).expand('memberOf').get()) as User;
      expect(groups.memberOf).toEqual([]);
      for (const call of [admin.api(`/users/${adele.id}`).expand('photo'), admin.api(`/users/${adele.id}`).filter("displayName eq 'x'")]) {
        expect((await graphFailure(call.get())).statusCode).toBe(400);
      }
    });
  });

  describe('user-update.md', () => {
    it('PATCH /me with accountEnabled, businessPhones and city → 204, and the values are kept', async () => {
      const response = await me.api('/me').responseType('raw' as never).patch({ accountEnabled: true, businessPhones: ['+1 425 555 0110'], city: 'Redmond' } satisfies User) as Response;
      expect(response.status).toBe(204);
      expect((await admin.api(`/users/${adele.id}`).get()) as User).toMatchObject({ businessPhones: ['+1 425 555 0110'], city: 'Redmond' });
    });

    it('properties Gatehouse keeps without rules (officeLocation, faxNumber, employeeOrgData, …) are stored and returned, never rejecting the PATCH', async () => {
      await admin.api(`/users/${adele.id}`).patch({ officeLocation: '131/1105', faxNumber: '+1 425 555 0199', employeeType: 'Contractor', employeeOrgData: { division: 'Retail', costCenter: 'CC-7' }, onPremisesExtensionAttributes: { extensionAttribute1: 'a' }, showInAddressList: false, skills: ['Graph'], passwordPolicies: 'DisablePasswordExpiration', passwordProfile: { forceChangePasswordNextSignIn: false, password: 'ignored-Aa1!' } } satisfies User);
      const user = (await admin.api(`/users/${adele.id}`).get()) as User;
      expect(user).toMatchObject({ officeLocation: '131/1105', faxNumber: '+1 425 555 0199', employeeType: 'Contractor', employeeOrgData: { division: 'Retail', costCenter: 'CC-7' }, onPremisesExtensionAttributes: { extensionAttribute1: 'a' }, showInAddressList: false, skills: ['Graph'], passwordPolicies: 'DisablePasswordExpiration' });
      await admin.api(`/users/${adele.id}`).patch({ faxNumber: null });
      expect(((await admin.api(`/users/${adele.id}`).get()) as User).faxNumber).toBeNull();
    });

    it('properties Gatehouse cannot keep are a 400 naming them (identities, customSecurityAttributes)', async () => {
      for (const [property, value] of [['identities', []], ['customSecurityAttributes', { Engineering: { '@odata.type': '#Microsoft.DirectoryServices.CustomSecurityAttributeValue', Project: 'Baker' } }]] as const) {
        const refused = await graphFailure(admin.api(`/users/${adele.id}`).patch({ [property]: value }));
        expect([refused.statusCode, JSON.stringify(refused.error).includes(property)]).toEqual([400, true]);
      }
    });
  });

  describe('user-post-manager.md, user-list-manager.md, user-list-directreports.md, user-delete.md', () => {
    it('PUT manager/$ref → 204; GET manager; GET directReports lists the report', async () => {
      const manager = await createMember(admin, 'Manager', `${t}mgr`);
      const report = await createMember(admin, 'Report', `${t}rep`);
      const put = (await admin.api(`/users/${report.id}/manager/$ref`).responseType('raw' as never).put({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${manager.id}` })) as Response;
      expect(put.status).toBe(204);
      expect(((await admin.api(`/users/${report.id}/manager`).get()) as User).id).toBe(manager.id);
      const reports = (await admin.api(`/users/${manager.id}/directReports`).get()) as { value: User[] };
      expect(reports.value).toEqual([expect.objectContaining({ '@odata.type': '#microsoft.graph.user', id: report.id })]);
    });

    it('DELETE /users/{id} → 204; the user is gone from GET and from lists', async () => {
      const leaving = await createMember(admin, `${t} Leaving`, `${t}leaving`);
      const deleted = (await admin.api(`/users/${leaving.id}`).responseType('raw' as never).delete()) as Response;
      expect(deleted.status).toBe(204);
      expect((await graphFailure(admin.api(`/users/${leaving.id}`).get())).statusCode).toBe(404);
      const list = (await admin.api('/users').filter(`startswith(displayName,'${t} Leaving')`).get()) as { value: User[] };
      expect(list.value).toEqual([]);
    });
  });
});
