import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { expectNamedField, memberBody, usersApi } from './users-api';

describe('users over HTTP', () => {
  let rt: TestRuntime;
  let api: ReturnType<typeof usersApi>;
  let writer: string;
  beforeAll(async () => {
    rt = await startRuntime();
    api = usersApi(rt);
    writer = await api.app('User.ReadWrite.All');
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when an app with User.ReadWrite.All creates a member, then it is 201 with the Graph shape and no password', async () => {
    const body = memberBody({ mail: 'Anna.Create@Fabrikam.com', ageGroup: 'Minor', consentProvidedForMinor: 'Granted', usageLocation: 'NL' });
    const res = await api.call('POST', '/users', writer, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      userPrincipalName: body['userPrincipalName'],
      userType: 'Member',
      mail: 'Anna.Create@Fabrikam.com',
      proxyAddresses: ['SMTP:Anna.Create@Fabrikam.com'],
      legalAgeGroupClassification: 'MinorWithParentalConsent',
      creationType: null,
      externalUserState: null,
    });
    expect(res.body).not.toHaveProperty('passwordProfile');
  });

  it('when the create body lacks userPrincipalName or has a bad usageLocation, then it is 400 naming the field', async () => {
    const { userPrincipalName: _, ...noUpn } = memberBody();
    const missing = await api.call('POST', '/users', writer, noUpn);
    expect(missing.status).toBe(400);
    expectNamedField(missing.body, 'userPrincipalName');
    const badCountry = await api.call('POST', '/users', writer, memberBody({ usageLocation: 'XX' }));
    expect(badCountry.status).toBe(400);
    expectNamedField(badCountry.body, 'usageLocation');
    const foreignDomain = await api.call('POST', '/users', writer, memberBody({ userPrincipalName: 'anna@contoso.com' }));
    expect(foreignDomain.status).toBe(400);
    expectNamedField(foreignDomain.body, 'userPrincipalName');
  });

  it('when the caller lacks the permission or role, then create is 403; a User Administrator may', async () => {
    expect((await api.call('POST', '/users', await api.app('User.Invite.All'), memberBody())).status).toBe(403);
    expect((await api.call('POST', '/users', await api.app('Directory.Read.All'), memberBody())).status).toBe(403);
    expect((await api.call('POST', '/users', await api.user(randomUUID(), 'Guest Inviter'), memberBody())).status).toBe(403);
    expect((await api.call('POST', '/users', await api.user(randomUUID(), 'User Administrator'), memberBody())).status).toBe(201);
  });

  it('when a second user uses an address already taken (any case, mail or UPN), then it is Graph\'s 400 with an ObjectConflict detail', async () => {
    const first = await api.call('POST', '/users', writer, memberBody({ mail: 'dup@fabrikam.com' }));
    expect(first.status).toBe(201);
    const taken = await api.call('POST', '/users', writer, memberBody({ mail: 'DUP@Fabrikam.com' }));
    expect([taken.status, taken.body['error']['code'], taken.body['error']['details'][0]['code']]).toEqual([400, 'Request_BadRequest', 'ObjectConflict']);
    const upn = await api.call('POST', '/users', writer, memberBody({ userPrincipalName: String(first.body['userPrincipalName']).toUpperCase() }));
    expect([upn.status, upn.body['error']['details'][0]['target']]).toEqual([400, 'userPrincipalName']);
    expect((await api.call('POST', '/users', writer, memberBody({ otherMails: ['dup@FABRIKAM.com'] }))).status).toBe(400);
    const race = await Promise.all([
      api.call('POST', '/users', writer, memberBody({ mail: 'race@fabrikam.com' })),
      api.call('POST', '/users', writer, memberBody({ mail: 'RACE@fabrikam.com' })),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 400]);
  });

  it('when a user is read by id or by UPN, then both give it; an unknown one is 404', async () => {
    const created = (await api.call('POST', '/users', writer, memberBody())).body;
    const reader = await api.app('Directory.Read.All');
    expect((await api.call('GET', `/users/${created['id']}`, reader)).body['id']).toBe(created['id']);
    expect((await api.call('GET', `/users/${encodeURIComponent(String(created['userPrincipalName']).toUpperCase())}`, reader)).body['id']).toBe(created['id']);
    expect((await api.call('GET', `/users/${randomUUID()}`, reader)).status).toBe(404);
    expect((await api.call('GET', `/users/nobody@fabrikam.onmicrosoft.com`, reader)).status).toBe(404);
    expect((await api.call('GET', `/users/${created['id']}`, await api.app('User.Invite.All'))).status).toBe(403);
  });

  it('when users are listed with $filter, $select and $top, then pages follow nextLink and hold only matches', async () => {
    const tag = `Zed${randomUUID().slice(0, 6)}`;
    for (let i = 0; i < 3; i++) await api.call('POST', '/users', writer, memberBody({ displayName: `${tag} ${i}`, department: 'Lab' }));
    await api.call('POST', '/users', writer, memberBody({ displayName: `${tag} off`, accountEnabled: false }));
    const reader = await api.app('Directory.Read.All');
    let url: string | undefined = `/users?$filter=${encodeURIComponent(`startsWith(displayName,'${tag.toLowerCase()}') and accountEnabled eq true and userType eq 'member'`)}&$select=displayName,department&$top=2`;
    const seen: unknown[] = [];
    while (url) {
      const res = await api.call('GET', url, reader);
      expect(res.status).toBe(200);
      seen.push(...(res.body['value'] as unknown[]));
      const next = res.body['@odata.nextLink'] as string | undefined;
      url = next ? next.slice(next.indexOf('/api/v1.0') + '/api/v1.0'.length) : undefined;
    }
    expect(seen).toHaveLength(3);
    expect(seen).toContainEqual(expect.objectContaining({ displayName: `${tag} 0`, department: 'Lab' }));
    expect(seen.every((u) => !Object.hasOwn(u as object, 'mail'))).toBe(true);
    const bad = await api.call('GET', `/users?$filter=${encodeURIComponent("signInActivity/lastSignInDateTime eq null")}`, reader);
    expect(bad.status).toBe(400);
  });

  it('when a delegated member without roles reads the directory, then GET works but changes are 403', async () => {
    const me = (await api.call('POST', '/users', writer, memberBody())).body;
    const token = await api.user(String(me['id']));
    expect((await api.call('GET', '/users?$top=1', token)).status).toBe(200);
    expect((await api.call('GET', `/users/${me['id']}`, token)).status).toBe(200);
    expect((await api.call('PATCH', `/users/${me['id']}`, token, { jobTitle: 'Boss' })).status).toBe(403);
    expect((await api.call('GET', '/users?$top=1', await api.user(randomUUID()))).status).toBe(403);
  });

  it('when the profile is patched, then it is 204 and every category reads back; read-only properties are 400', async () => {
    const id = (await api.call('POST', '/users', writer, memberBody())).body['id'];
    const changes = {
      givenName: 'Anna', surname: 'Jansen', displayName: 'Anna Jansen', userType: 'Member',
      jobTitle: 'Engineer', department: 'R&D', companyName: 'Fabrikam', employeeId: 'E123',
      streetAddress: 'Main 1', city: 'Utrecht', state: 'UT', postalCode: '3511AA', country: 'Netherlands',
      businessPhones: ['+31 30 123 4567'], mobilePhone: '+31 6 1234 5678', otherMails: ['anna.j@contoso.com'],
      ageGroup: 'NotAdult', consentProvidedForMinor: 'Denied', usageLocation: 'NL', preferredLanguage: 'nl-NL',
      accountEnabled: true, mail: 'anna.jansen@fabrikam.com',
    };
    expect((await api.call('PATCH', `/users/${id}`, writer, changes)).status).toBe(204);
    const read = (await api.call('GET', `/users/${id}`, writer)).body;
    expect(read).toMatchObject({ ...changes, legalAgeGroupClassification: 'NotAdult' });
    const readOnly = await api.call('PATCH', `/users/${id}`, writer, { legalAgeGroupClassification: 'Adult' });
    expect(readOnly.status).toBe(400);
    expect(JSON.stringify(readOnly.body)).toContain('legalAgeGroupClassification');
    const badAge = await api.call('PATCH', `/users/${id}`, writer, { ageGroup: 'Teen' });
    expect(badAge.status).toBe(400);
    expectNamedField(badAge.body, 'ageGroup');
    expect((await api.call('PATCH', `/users/${randomUUID()}`, writer, { jobTitle: 'x' })).status).toBe(404);
    expect((await api.call('PATCH', `/users/${id}`, await api.app('Directory.Read.All'), { jobTitle: 'x' })).status).toBe(403);
  });

  it('when a manager is set by $ref, then GET manager returns them; a missing user is 404, a cycle 400', async () => {
    const boss = (await api.call('POST', '/users', writer, memberBody())).body;
    const anna = (await api.call('POST', '/users', writer, memberBody())).body;
    const ref = (id: unknown) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${id}` });
    expect((await api.call('PUT', `/users/${anna['id']}/manager/$ref`, writer, ref(boss['id']))).status).toBe(204);
    expect((await api.call('GET', `/users/${anna['id']}/manager`, writer)).body).toMatchObject({ id: boss['id'] });
    expect((await api.call('GET', `/users/${boss['id']}/manager`, writer)).status).toBe(404);
    expect((await api.call('PUT', `/users/${anna['id']}/manager/$ref`, writer, ref(randomUUID()))).status).toBe(404);
    expect((await api.call('PUT', `/users/${boss['id']}/manager/$ref`, writer, ref(anna['id']))).status).toBe(400);
    const bad = await api.call('PUT', `/users/${anna['id']}/manager/$ref`, writer, { '@odata.id': 'not a url' });
    expect(bad.status).toBe(400);
    expectNamedField(bad.body, '@odata.id');
    expect((await api.call('PUT', `/users/${anna['id']}/manager/$ref`, await api.app('Directory.Read.All'), ref(boss['id']))).status).toBe(403);
  });

  it('when a user is deleted, then it is gone, listed under deletedItems, and a restore brings it back with 200', async () => {
    const anna = (await api.call('POST', '/users', writer, memberBody({ mail: `del${randomUUID().slice(0, 6)}@fabrikam.com` }))).body;
    expect((await api.call('DELETE', `/users/${anna['id']}`, await api.app('Directory.Read.All'))).status).toBe(403);
    expect((await api.call('DELETE', `/users/${anna['id']}`, writer)).status).toBe(204);
    expect((await api.call('GET', `/users/${anna['id']}`, writer)).status).toBe(404);
    expect((await api.call('DELETE', `/users/${anna['id']}`, writer)).status).toBe(404);
    expect((await api.call('POST', '/users', writer, memberBody({ mail: anna['mail'] }))).status).toBe(400);

    const deleted = await api.call('GET', '/directory/deletedItems/microsoft.graph.user?$top=999', writer);
    expect(deleted.status).toBe(200);
    expect(deleted.body['value']).toContainEqual(expect.objectContaining({ id: anna['id'], '@odata.type': '#microsoft.graph.user', deletedDateTime: expect.any(String) }));

    const restored = await api.call('POST', `/directory/deletedItems/${anna['id']}/restore`, writer);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: anna['id'], mail: anna['mail'] });
    expect((await api.call('GET', `/users/${anna['id']}`, writer)).status).toBe(200);
    expect((await api.call('POST', `/directory/deletedItems/${anna['id']}/restore`, writer)).status).toBe(404);
  });
});

describe('the purge timer', () => {
  it('when the host lists its functions, then purgeDeletedUsers is a daily NCRONTAB timer that the admin API accepts on demand', async () => {
    const rt = await startRuntime();
    try {
      const fn = (await (await fetch(`${rt.url}/admin/functions/purgeDeletedUsers`)).json()) as Record<string, unknown>;
      expect(JSON.stringify(fn)).toContain('0 30 2 * * *');
      const res = await fetch(`${rt.url}/admin/functions/purgeDeletedUsers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' });
      expect(res.status).toBe(202);
    } finally {
      await rt.stop();
    }
  }, 60_000);
});
