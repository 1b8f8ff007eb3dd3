import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { expectNamedField, usersApi } from './users-api';

describe('the organization over HTTP', () => {
  let rt: TestRuntime;
  let api: ReturnType<typeof usersApi>;
  let tenantId: string;
  beforeAll(async () => {
    rt = await startRuntime();
    api = usersApi(rt);
    tenantId = String((await api.call('GET', '/organization', await api.app('Directory.Read.All'))).body['value'][0].id);
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when read for the first time, then it is seeded from settings with the invitation extensions at their defaults', async () => {
    const res = await api.call('GET', '/organization', await api.app('Directory.Read.All'));
    expect(res.status).toBe(200);
    expect(res.body['value'][0]).toMatchObject({
      id: tenantId,
      verifiedDomains: [{ name: 'fabrikam.onmicrosoft.com', isInitial: true }],
      invitationValidity: null,
      invitationReminderSchedule: [3, 7, 14],
    });
  });

  it('when a Global Administrator patches it, then it is 204, reads back, and the audit log has old and new values', async () => {
    const admin = await api.user(randomUUID(), 'Global Administrator');
    const res = await api.call('PATCH', `/organization/${tenantId}`, admin, {
      displayName: 'Fabrikam Ltd',
      privacyProfile: { statementUrl: 'https://fabrikam.example/privacy' },
      invitationValidity: 'P30D',
      invitationReminderSchedule: [],
    });
    expect(res.status).toBe(204);
    const org = (await api.call('GET', '/organization', admin)).body['value'][0];
    expect(org).toMatchObject({ displayName: 'Fabrikam Ltd', privacyProfile: { statementUrl: 'https://fabrikam.example/privacy' }, invitationValidity: 'P30D', invitationReminderSchedule: [] });
    const audits = await api.call('GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Update company settings'")}`, admin);
    const changed = audits.body['value'][0].targetResources[0].modifiedProperties as { displayName: string; oldValue: string; newValue: string }[];
    expect(changed).toContainEqual({ displayName: 'invitationValidity', oldValue: 'null', newValue: '"P30D"' });
    expect(changed).toContainEqual({ displayName: 'invitationReminderSchedule', oldValue: '[3,7,14]', newValue: '[]' });
  });

  it('when the patch is malformed, then it is 400 naming the field; verifiedDomains is read-only', async () => {
    const admin = await api.app('Organization.ReadWrite.All');
    const bad = await api.call('PATCH', `/organization/${tenantId}`, admin, { invitationValidity: '30 days' });
    expect(bad.status).toBe(400);
    expectNamedField(bad.body, 'invitationValidity');
    const schedule = await api.call('PATCH', `/organization/${tenantId}`, admin, { invitationReminderSchedule: [0] });
    expect(schedule.status).toBe(400);
    expectNamedField(schedule.body, 'invitationReminderSchedule');
    expect((await api.call('PATCH', `/organization/${tenantId}`, admin, { verifiedDomains: [] })).status).toBe(400);
  });

  it('when the caller is not a Global Administrator or lacks Organization.ReadWrite.All, then it is 403', async () => {
    expect((await api.call('PATCH', `/organization/${tenantId}`, await api.app('Directory.ReadWrite.All'), { displayName: 'x' })).status).toBe(403);
    expect((await api.call('PATCH', `/organization/${tenantId}`, await api.user(randomUUID(), 'User Administrator'), { displayName: 'x' })).status).toBe(403);
  });

  it('when the id is not this tenant, then it is 404; a stale If-Match is 412', async () => {
    const admin = await api.app('Organization.ReadWrite.All');
    expect((await api.call('PATCH', `/organization/${randomUUID()}`, admin, { displayName: 'x' })).status).toBe(404);
    expect((await api.call('PATCH', `/organization/${tenantId}`, admin, { displayName: 'x' }, { 'if-match': 'W/"datetime\'2000-01-01T00%3A00%3A00Z\'"' })).status).toBe(412);
  });
});
