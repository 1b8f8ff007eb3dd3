import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { usersApi } from './users-api';

/**
 * The settings documents the admin center edits answer their ETag on GET (an `ETag` header;
 * Graph has none there, so the body keeps Graph's shape) and refuse a PATCH whose If-Match is no
 * longer current with 412, changing nothing. If-Match stays optional, as for Graph's SDK clients.
 */
describe('settings documents: ETag on read, If-Match on change', () => {
  let rt: TestRuntime;
  let api: ReturnType<typeof usersApi>;
  let admin: string;
  let tenantId: string;
  beforeAll(async () => {
    rt = await startRuntime();
    api = usersApi(rt);
    admin = await api.user(randomUUID(), 'Global Administrator');
    tenantId = String((await api.call('GET', '/organization', admin)).body['value'][0].id);
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  async function etagOf(path: string): Promise<string> {
    const res = await fetch(`${rt.url}/api/v1.0${path}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).some((k) => k.toLowerCase().includes('etag')), 'the body keeps Graph shape').toBe(false);
    const etag = res.headers.get('etag');
    expect(etag, `${path} answers an ETag`).toBeTruthy();
    return etag!;
  }

  const cases: [string, string, Record<string, unknown>, Record<string, unknown>][] = [
    ['authorization policy', '/policies/authorizationPolicy', { allowInvitesFrom: 'adminsAndGuestInviters' }, { allowInvitesFrom: 'everyone' }],
    ['invitation domain policy', '/policies/invitationDomainPolicy', { blockedDomains: ['first.example'] }, { blockedDomains: ['second.example'] }],
    ['entitlement management settings', '/identityGovernance/entitlementManagement/settings', { externalUserLifecycleAction: 'blockSignIn' }, { externalUserLifecycleAction: 'none' }],
  ];
  for (const [name, path, first, second] of cases) {
    it(`when the ${name} changed after it was read, then a PATCH with the old ETag is 412 and changes nothing; with the new one it is 204`, async () => {
      const read = await etagOf(path);
      expect((await api.call('PATCH', path, admin, first, { 'if-match': read })).status).toBe(204);
      const now = await etagOf(path);
      expect(now).not.toBe(read);
      const stale = await api.call('PATCH', path, admin, second, { 'if-match': read });
      expect(stale.status).toBe(412);
      expect(stale.body['error']['code']).toBeTruthy();
      expect((await api.call('GET', path, admin)).body).toMatchObject(first);
      expect(await etagOf(path)).toBe(now);
      expect((await api.call('PATCH', path, admin, second, { 'if-match': now })).status).toBe(204);
      expect((await api.call('GET', path, admin)).body).toMatchObject(second);
      // Without If-Match the change is accepted, as Graph's clients send it.
      expect((await api.call('PATCH', path, admin, first)).status).toBe(204);
    });
  }

  it('when the organization changed after it was read, then a PATCH with the old ETag is 412 and changes nothing', async () => {
    const path = `/organization/${tenantId}`;
    const read = await etagOf(path);
    expect((await api.call('PATCH', path, admin, { privacyProfile: { contactEmail: 'first@fabrikam.example' } }, { 'if-match': read })).status).toBe(204);
    const stale = await api.call('PATCH', path, admin, { privacyProfile: { contactEmail: 'second@fabrikam.example' } }, { 'if-match': read });
    expect(stale.status).toBe(412);
    expect((await api.call('GET', path, admin)).body['privacyProfile']['contactEmail']).toBe('first@fabrikam.example');
    expect((await api.call('PATCH', path, admin, { privacyProfile: { contactEmail: 'second@fabrikam.example' } }, { 'if-match': await etagOf(path) })).status).toBe(204);
  });
});
