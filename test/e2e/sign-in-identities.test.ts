import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTORY_ROLE_TEMPLATE_IDS } from '../../src/domain/principal';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { expectNamedField, memberBody, usersApi } from './users-api';

/**
 * People of the organization's own tenant are directory users linked by identity (issuer + the
 * token's `oid`), not by sharing ids: set over the API, or made at the first sign-in from a
 * verified email; the deployment's first administrator is seeded at their first sign-in.
 */
describe('sign-in identities', () => {
  let rt: TestRuntime;
  let api: ReturnType<typeof usersApi>;
  let admin: string;
  const firstAdminOid = randomUUID();
  beforeAll(async () => {
    rt = await startRuntime({ env: { FIRST_ADMINISTRATOR_OBJECT_ID: firstAdminOid, FIRST_ADMINISTRATOR_MAIL: 'it.lead@contoso.example' } });
    api = usersApi(rt);
    admin = await api.app('User.ReadWrite.All', 'Directory.Read.All', 'RoleManagement.ReadWrite.Directory');
  }, 90_000);
  afterAll(async () => {
    await rt?.stop();
  });

  const federated = (oid: string) => ({ signInType: 'federated', issuer: rt.issuer.issuer, issuerAssignedId: oid });
  const personToken = (oid: string, claims: Record<string, unknown> = {}) => rt.token({ userId: oid, claims });
  const rolesOf = async (token: string) => ((await api.call('GET', '/me/memberOf/microsoft.graph.directoryRole', token)).body['value'] ?? []).map((r: { displayName: string }) => r.displayName);
  async function makeUserAdministrator(userId: string) {
    const res = await api.call('POST', '/roleManagement/directory/roleAssignments', admin, { principalId: userId, roleDefinitionId: DIRECTORY_ROLE_TEMPLATE_IDS['User Administrator'], directoryScopeId: '/' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }

  it('when a member is created with a federated identity, then a token from that issuer with that oid acts as the member', async () => {
    const oid = randomUUID();
    const created = await api.call('POST', '/users', admin, memberBody({ identities: [federated(oid)] }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body['identities']).toEqual([federated(oid)]);
    await makeUserAdministrator(created.body['id']);
    const token = await personToken(oid);
    expect(await rolesOf(token)).toEqual(['User Administrator']);
    expect((await api.call('GET', '/users?$top=1', token)).status).toBe(200);
    const filter = encodeURIComponent(`identities/any(i:i/issuer eq '${rt.issuer.issuer}' and i/issuerAssignedId eq '${oid}')`);
    const found = await api.call('GET', `/users?$filter=${filter}&$select=id,identities`, admin);
    expect(found.body['value'].map((u: { id: string }) => u.id)).toEqual([created.body['id']]);
  });

  it('when a second user claims the same issuer and id (any case), then it is 409 naming identities, and PATCH can move it once freed', async () => {
    const oid = randomUUID();
    const first = await api.call('POST', '/users', admin, memberBody({ identities: [federated(oid)] }));
    expect(first.status).toBe(201);
    const second = await api.call('POST', '/users', admin, memberBody({ identities: [{ ...federated(oid.toUpperCase()), issuer: rt.issuer.issuer.toUpperCase() }] }));
    expect(second.status).toBe(409);
    expectNamedField(second.body, 'identities');
    const other = await api.call('POST', '/users', admin, memberBody());
    expect((await api.call('PATCH', `/users/${other.body['id']}`, admin, { identities: [federated(oid)] })).status).toBe(409);
    expect((await api.call('PATCH', `/users/${first.body['id']}`, admin, { identities: [] })).status).toBe(204);
    expect((await api.call('PATCH', `/users/${other.body['id']}`, admin, { identities: [federated(oid)] })).status).toBe(204);
    expect((await api.call('GET', `/users/${other.body['id']}`, admin)).body['identities']).toEqual([federated(oid)]);
  });

  it('when identities break Graph rules, then it is 400 naming the identity', async () => {
    const upnIdentity = await api.call('POST', '/users', admin, memberBody({ identities: [{ signInType: 'userPrincipalName', issuer: 'fabrikam.onmicrosoft.com', issuerAssignedId: 'x@fabrikam.onmicrosoft.com' }] }));
    expect(upnIdentity.status).toBe(400);
    expectNamedField(upnIdentity.body, 'identities[0].signInType');
    const badMail = await api.call('POST', '/users', admin, memberBody({ identities: [{ signInType: 'emailAddress', issuer: 'fabrikam.onmicrosoft.com', issuerAssignedId: 'not-a-mail' }] }));
    expect(badMail.status).toBe(400);
    expectNamedField(badMail.body, 'identities[0].issuerAssignedId');
    const tooLong = await api.call('POST', '/users', admin, memberBody({ identities: [federated('x'.repeat(65))] }));
    expect(tooLong.status).toBe(400);
    const twice = await api.call('POST', '/users', admin, memberBody({ identities: [federated('a1'), federated('A1')] }));
    expect(twice.status).toBe(400);
  });

  it('when an administrator added an employee by email, then their first sign-in with that verified email links them, once and for good', async () => {
    const mail = `employee.${randomUUID().slice(0, 8)}@fabrikam.com`;
    const created = await api.call('POST', '/users', admin, memberBody({ mail }));
    expect(created.status).toBe(201);
    await makeUserAdministrator(created.body['id']);
    const oid = randomUUID();
    // Unverified: the claim alone proves nothing, so nobody is linked and no role applies.
    expect((await api.call('GET', '/users?$top=1', await personToken(oid, { email: mail }))).status).toBe(403);
    expect((await api.call('GET', `/users/${created.body['id']}`, admin)).body['identities']).toEqual([]);

    const verified = await personToken(oid, { email: mail.toUpperCase(), email_verified: true });
    expect(await rolesOf(verified)).toEqual(['User Administrator']);
    expect((await api.call('GET', `/users/${created.body['id']}`, admin)).body['identities']).toEqual([federated(oid)]);
    // Later tokens need no email: the identity is the link.
    expect(await rolesOf(await personToken(oid))).toEqual(['User Administrator']);
    // Another person with the same verified email but another oid is not linked a second time.
    expect((await api.call('GET', '/users?$top=1', await personToken(randomUUID(), { email: mail, email_verified: true }))).status).toBe(403);
    const audits = await api.call('GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Link sign-in identity'")}`, await api.app('AuditLog.Read.All'));
    expect(audits.body['value'].some((a: { targetResources: { id: string }[] }) => a.targetResources[0]?.id === created.body['id'])).toBe(true);
  });

  it('when the verified email belongs to a guest, then the sign-in is not linked to them', async () => {
    const mail = `guest.${randomUUID().slice(0, 8)}@contoso.example`;
    const guest = await api.call('POST', '/users', admin, memberBody({ mail, userType: 'Guest' }));
    expect(guest.status).toBe(201);
    expect(await rolesOf(await personToken(randomUUID(), { email: mail, email_verified: true }))).toEqual([]);
    expect((await api.call('GET', `/users/${guest.body['id']}`, admin)).body['identities']).toEqual([]);
  });

  it('when the deployment names a first administrator, then their first sign-in creates them as a linked Global Administrator, once', async () => {
    const token = await personToken(firstAdminOid);
    const [a, b] = await Promise.all([rolesOf(token), rolesOf(token)]);
    expect(a).toEqual(['Global Administrator']);
    expect(b).toEqual(['Global Administrator']);
    const filter = encodeURIComponent(`identities/any(i:i/issuer eq '${rt.issuer.issuer}' and i/issuerAssignedId eq '${firstAdminOid}')`);
    const found = (await api.call('GET', `/users?$filter=${filter}`, admin)).body['value'];
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ mail: 'it.lead@contoso.example', userPrincipalName: 'it.lead@fabrikam.onmicrosoft.com', userType: 'Member', identities: [federated(firstAdminOid)] });
    // Deleting them is final: the seed does not run again.
    expect((await api.call('DELETE', `/users/${found[0].id}`, admin)).status).toBe(204);
    expect(await rolesOf(await personToken(firstAdminOid))).toEqual([]);
    // Nobody else is seeded by that setting.
    expect(await rolesOf(await personToken(randomUUID()))).toEqual([]);
  });
});
