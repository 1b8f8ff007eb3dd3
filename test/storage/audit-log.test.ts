import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit';
import { createTableAuditLog } from '../../src/storage/audit-log';

const entry = (at: string, activity = 'Add user'): AuditEntry => ({
  id: randomUUID(),
  activityDisplayName: activity,
  category: 'UserManagement',
  activityAt: new Date(at),
  initiatedBy: { kind: 'app', appId: 'app-1' },
  targetResources: [{ id: 'u1', type: 'User', displayName: 'Anna' }],
  result: 'success',
});

describe('audit log on Table Storage', () => {
  it('when entries of a month are listed, then they come newest first and a time range bounds them', async () => {
    const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `a${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
    await table.createTable();
    const log = createTableAuditLog(table);
    for (const at of ['2026-11-01T10:00:00Z', '2026-11-03T10:00:00Z', '2026-11-02T10:00:00Z', '2026-12-01T00:00:00Z']) await log.append(entry(at));
    const all = await log.listMonth('2026-11', { top: 10 });
    expect(all.items.map((e) => e.activityAt.toISOString().slice(0, 10))).toEqual(['2026-11-03', '2026-11-02', '2026-11-01']);
    expect(all.items[0]?.initiatedBy).toEqual({ kind: 'app', appId: 'app-1' });
    const ranged = await log.listMonth('2026-11', { top: 10, from: new Date('2026-11-02T10:00:00Z'), to: new Date('2026-11-02T10:00:00Z') });
    expect(ranged.items.map((e) => e.activityAt.toISOString().slice(0, 10))).toEqual(['2026-11-02']);
  });
});
