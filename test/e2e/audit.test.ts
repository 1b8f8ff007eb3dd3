import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { TableClient } from '@azure/data-tables';
import { createTableAuditLog } from '../../src/storage/audit-log';
import { memberBody, usersApi } from './users-api';

describe('directory audits over HTTP', () => {
  let rt: TestRuntime;
  let api: ReturnType<typeof usersApi>;
  let created: string[];
  beforeAll(async () => {
    rt = await startRuntime();
    api = usersApi(rt);
    const writer = await api.app('User.ReadWrite.All');
    created = [];
    for (let i = 0; i < 3; i++) created.push(String((await api.call('POST', '/users', writer, memberBody())).body['id']));
    await api.call('PATCH', `/users/${created[0]}`, writer, { jobTitle: 'Auditor' });
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when audits are listed, then they come newest first in Graph shape and page with nextLink', async () => {
    const reader = await api.app('AuditLog.Read.All');
    const first = await api.call('GET', '/auditLogs/directoryAudits?$top=2', reader);
    expect(first.status).toBe(200);
    expect(first.body['value']).toHaveLength(2);
    expect(first.body['value'][0]).toMatchObject({
      activityDisplayName: 'Update user',
      category: 'UserManagement',
      loggedByService: 'Core Directory',
      result: 'success',
      initiatedBy: { app: { appId: expect.any(String) } },
      targetResources: [{ id: created[0], type: 'User', modifiedProperties: [{ displayName: 'jobTitle', oldValue: null, newValue: '"Auditor"' }] }],
    });
    const next = String(first.body['@odata.nextLink']);
    const second = await api.call('GET', next.slice(next.indexOf('/api/v1.0') + 9), reader);
    expect(second.status).toBe(200);
    const all = [...first.body['value'], ...second.body['value']];
    const times = all.map((a: { activityDateTime: string }) => a.activityDateTime);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(all.map((a: { id: string }) => a.id)).size).toBe(all.length);
  });

  it('when filtered by activity and time, then only matches come back', async () => {
    const reader = await api.app('Directory.Read.All');
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const filter = `activityDisplayName eq 'Add user' and activityDateTime ge ${since}`;
    const res = await api.call('GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}`, reader);
    expect(res.status).toBe(200);
    // The runtime itself added one user: the first Global Administrator it seeds at start.
    const seeded = (await api.call('GET', `/users?$filter=${encodeURIComponent("userPrincipalName eq 'admin@fabrikam.onmicrosoft.com'")}`, reader)).body['value'].map((u: { id: string }) => u.id);
    expect(seeded).toHaveLength(1);
    const targets: string[] = res.body['value'].map((a: { targetResources: { id: string }[] }) => a.targetResources[0]!.id);
    expect(targets.filter((id) => !seeded.includes(id)).sort()).toEqual([...created].sort());
    const starts = await api.call('GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent("startsWith(activityDisplayName,'update')")}`, reader);
    expect(starts.body['value']).toHaveLength(1);
    const future = await api.call('GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent(`activityDateTime ge ${new Date(Date.now() + 3_600_000).toISOString()}`)}`, reader);
    expect(future.body['value']).toEqual([]);
  });

  it('when the filter uses an unsupported property, then it is 400; without an audit permission it is 403', async () => {
    const reader = await api.app('AuditLog.Read.All');
    expect((await api.call('GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent("resultReason eq 'x'")}`, reader)).status).toBe(400);
    expect((await api.call('GET', '/auditLogs/directoryAudits', await api.app('User.ReadWrite.All'))).status).toBe(403);
    expect((await api.call('GET', '/auditLogs/directoryAudits', await api.user(randomUUID(), 'User Administrator'))).status).toBe(403);
    expect((await api.call('GET', '/auditLogs/directoryAudits', await api.user(randomUUID(), 'Global Administrator'))).status).toBe(200);
  });

  it('when entries lie in earlier months, then paging walks back month by month, newest first, and a time range bounds the walk', async () => {
    const log = createTableAuditLog(TableClient.fromConnectionString(rt.storage, 'AuditLogs', { allowInsecureConnection: true }));
    const now = new Date();
    const monthsAgo = (n: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 15, 12));
    const old = [1, 2, 4].map((n) => ({ n, id: randomUUID(), at: monthsAgo(n) }));
    for (const o of old) {
      await log.append({ id: o.id, activityDisplayName: 'Archived entry', category: 'UserManagement', activityAt: o.at, initiatedBy: { kind: 'system', name: 'test' }, targetResources: [], result: 'success' });
    }
    const reader = await api.app('AuditLog.Read.All');
    let url: string | undefined = `/auditLogs/directoryAudits?$top=1&$filter=${encodeURIComponent("activityDisplayName eq 'Archived entry'")}`;
    const seen: string[] = [];
    for (let guard = 0; url && guard < 20; guard++) {
      const res = await api.call('GET', url, reader);
      expect(res.status).toBe(200);
      seen.push(...res.body['value'].map((a: { id: string }) => a.id));
      const next = res.body['@odata.nextLink'] as string | undefined;
      url = next ? next.slice(next.indexOf('/api/v1.0') + 9) : undefined;
    }
    expect(seen).toEqual(old.map((o) => o.id));

    const from = monthsAgo(3).toISOString();
    const to = monthsAgo(1).toISOString();
    const ranged = await api.call('GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent(`activityDateTime ge ${from} and activityDateTime le ${to}`)}`, reader);
    expect(ranged.body['value'].map((a: { id: string }) => a.id)).toEqual([old[0]!.id, old[1]!.id]);
  });
});
