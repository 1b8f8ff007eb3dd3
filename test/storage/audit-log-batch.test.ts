import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit';
import { createTableAuditLog } from '../../src/storage/audit-log';

const entry = (at: string, activity: string, id = randomUUID()): AuditEntry => ({
  id,
  activityDisplayName: activity,
  category: 'Invitations',
  activityAt: new Date(at),
  initiatedBy: { kind: 'app', appId: 'app-1' },
  targetResources: [{ id: 'g1', type: 'User', displayName: 'guest@partner.example' }],
  result: 'success',
  correlationId: 'req-1',
});

async function freshLog() {
  const requests: string[] = [];
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `ab${randomUUID().replace(/-/g, '')}`, {
    allowInsecureConnection: true,
    additionalPolicies: [{ position: 'perCall', policy: { name: 'count', sendRequest: (request, next) => (requests.push(request.url), next(request)) } }],
  });
  await table.createTable();
  requests.length = 0;
  return { log: createTableAuditLog(table), requests };
}

describe('audit entries appended together', () => {
  it('when two entries of one step are appended, then both are stored with one request', async () => {
    const { log, requests } = await freshLog();
    await log.appendAll!([entry('2026-11-05T09:00:00Z', 'Invite external user'), entry('2026-11-05T09:00:00Z', 'Queue invitation mail')]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain('$batch');
    const listed = await log.listMonth('2026-11', { top: 10 });
    expect(listed.items.map((e) => e.activityDisplayName).sort()).toEqual(['Invite external user', 'Queue invitation mail']);
    expect(listed.items.every((e) => e.correlationId === 'req-1')).toBe(true);
  });

  it('when one entry of the batch cannot be written, then none is', async () => {
    const { log } = await freshLog();
    const id = randomUUID();
    await log.append(entry('2026-11-05T09:00:00Z', 'Invite external user', id));
    await expect(log.appendAll!([entry('2026-11-05T09:00:00Z', 'Queue invitation mail'), entry('2026-11-05T09:00:00Z', 'Invite external user', id)])).rejects.toThrow();
    expect((await log.listMonth('2026-11', { top: 10 })).items.map((e) => e.activityDisplayName)).toEqual(['Invite external user']);
  });

  it('when entries fall in two months, then each month gets its own write and all are stored', async () => {
    const { log } = await freshLog();
    await log.appendAll!([entry('2026-11-30T23:59:59Z', 'Invite external user'), entry('2026-12-01T00:00:00Z', 'Queue invitation mail')]);
    expect((await log.listMonth('2026-11', { top: 10 })).items).toHaveLength(1);
    expect((await log.listMonth('2026-12', { top: 10 })).items).toHaveLength(1);
  });
});
