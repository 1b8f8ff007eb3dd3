import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import { createTableReminderIndex } from '../../../src/storage/invitation-reminders';

describe('reminder due-date index on Table Storage', () => {
  it('when entries are due on several days, then only those due by now are listed, oldest first, and removed ones are gone', async () => {
    const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `rem${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
    await table.createTable();
    const index = createTableReminderIndex(table);
    const invitedAt = new Date('2026-03-01T10:00:00Z');
    const entry = (guestId: string, due: string, i = 0) => ({ guestId, index: i, invitedAt, dueAt: new Date(due) });
    const overdue = entry('g1', '2026-03-02T09:00:00Z');
    const dueToday = entry('g2', '2026-03-04T10:00:00Z');
    const laterToday = entry('g3', '2026-03-04T18:00:00Z');
    const tomorrow = entry('g4', '2026-03-05T10:00:00Z');
    for (const e of [tomorrow, laterToday, dueToday, overdue]) await index.schedule(e);
    await index.schedule(overdue);

    const now = new Date('2026-03-04T12:00:00Z');
    expect(await index.listDue(now, 100)).toEqual([overdue, dueToday]);
    expect(await index.listDue(now, 1)).toEqual([overdue]);
    await index.remove(overdue);
    await index.remove(overdue);
    expect(await index.listDue(now, 100)).toEqual([dueToday]);
    expect(await index.listDue(new Date('2026-03-05T23:00:00Z'), 100)).toEqual([dueToday, laterToday, tomorrow]);
  });
});
