import type { DirectoryAudit } from '@microsoft/microsoft-graph-types';
import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphClient, graphFailure } from '../entitlement/graph-client';
import { adminClient, createMember, tag } from './users-fixture';

type Page = { value: DirectoryAudit[] };

// directoryaudit-list.md and directoryaudit-get.md, plus the documented $filter forms of the list page.
describe('directory audits', () => {
  let rt: TestRuntime;
  let admin: Client;
  let userId: string;
  const t = tag();

  beforeAll(async () => {
    rt = await startRuntime();
    admin = await adminClient(rt);
    userId = (await createMember(admin, `${t} Audited`, `${t}audited`)).id;
    await admin.api(`/users/${userId}`).patch({ jobTitle: 'Auditor' });
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('directoryaudit-list: GET /auditLogs/directoryAudits, newest first, in Graph\'s shape', async () => {
    const page = (await admin.api('/auditLogs/directoryAudits').get()) as Page;
    expect(page.value[0]).toMatchObject({ activityDisplayName: 'Update user', category: 'UserManagement', result: 'success', loggedByService: 'Core Directory', targetResources: [expect.objectContaining({ id: userId })] });
  });

  it('directoryaudit-get: GET /auditLogs/directoryAudits/{id} is that entry; an unknown id is 404', async () => {
    const [latest] = ((await admin.api('/auditLogs/directoryAudits').top(1).get()) as Page).value;
    const entry = (await admin.api(`/auditLogs/directoryAudits/${latest!.id}`).get()) as DirectoryAudit;
    expect(entry).toMatchObject({ id: latest!.id, activityDisplayName: latest!.activityDisplayName, activityDateTime: latest!.activityDateTime });
    expect((await graphFailure(admin.api('/auditLogs/directoryAudits/Directory_nope').get())).statusCode).toBe(404);
  });

  it("$filter=targetResources/any(t:t/id eq '…'), any(x: startswith(x/displayName, '…')) and activityDateTime ranges", async () => {
    const byTarget = (await admin.api('/auditLogs/directoryAudits').filter(`targetResources/any(t:t/id eq '${userId}')`).get()) as Page;
    expect(byTarget.value.map((e) => e.activityDisplayName).sort()).toEqual(['Add user', 'Update user']);
    const byName = (await admin.api('/auditLogs/directoryAudits').filter(`targetResources/any(x: startswith(x/displayName, '${t}'))`).get()) as Page;
    expect(byName.value.length).toBe(2);
    const old = (await admin.api('/auditLogs/directoryAudits').filter('activityDateTime le 2018-01-24').get()) as Page;
    expect(old.value).toEqual([]);
    const ordered = (await admin.api('/auditLogs/directoryAudits').filter(`targetResources/any(t:t/id eq '${userId}')`).orderby('activityDateTime desc').get()) as Page;
    expect(ordered.value.map((e) => e.activityDisplayName)).toEqual(['Update user', 'Add user']);
  });

  it('AuditLog.Read.All reads the log; a token without it is refused', async () => {
    const reader = graphClient(rt, await rt.token({ roles: ['AuditLog.Read.All'] }));
    expect(((await reader.api('/auditLogs/directoryAudits').top(1).get()) as Page).value).toHaveLength(1);
    const outsider = graphClient(rt, await rt.token({ roles: ['User.Read.All'] }));
    expect((await graphFailure(outsider.api('/auditLogs/directoryAudits').get())).statusCode).toBe(403);
  });
});
