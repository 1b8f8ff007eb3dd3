import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { DueEntry } from '../../../src/domain/entitlement/requests/ports';
import { createTableDueIndex } from '../../../src/storage/entitlement-schedule';

let table: TableClient;
beforeEach(async () => {
  table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `s${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
  await table.createTable();
});

const entry = (kind: DueEntry['kind'], subjectId: string, dueAt: string): DueEntry => ({ kind, subjectId, dueAt: new Date(dueAt) });
const ids = (entries: DueEntry[]) => entries.map((e) => `${e.kind}:${e.subjectId}`).sort();

describe('the entitlement due index (EntitlementSchedule)', () => {
  it('when entries fall before, at and after now (same day, earlier days, later days), then only those due by now are listed', async () => {
    const index = createTableDueIndex(table);
    const now = new Date('2026-11-21T12:00:00.000Z');
    await index.schedule(entry('approvalTimeout', 'req-old', '2026-11-19T08:00:00.000Z'));
    await index.schedule(entry('assignmentEnd', 'asg-1', '2026-11-21T12:00:00.000Z'));
    await index.schedule(entry('approvalEscalation', 'req-later-today', '2026-11-21T12:00:00.001Z'));
    await index.schedule(entry('guestDeletion', 'user-1', '2026-12-21T00:00:00.000Z'));

    const due = await index.listDue(now, 50);
    expect(ids(due)).toEqual(['approvalTimeout:req-old', 'assignmentEnd:asg-1']);
    expect(due.find((e) => e.subjectId === 'asg-1')?.dueAt.toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(ids(await index.listDue(new Date('2026-12-21T00:00:00.000Z'), 50))).toHaveLength(4);
  });

  it('when the same entry is scheduled twice, then it is listed once; once removed it is gone, and removing it again is fine', async () => {
    const index = createTableDueIndex(table);
    const e = entry('scheduledStart', 'req/with?odd#chars', '2026-11-20T00:00:00.000Z');
    await index.schedule(e);
    await index.schedule({ ...e });
    const now = new Date('2026-11-21T00:00:00.000Z');
    expect(await index.listDue(now, 50)).toEqual([e]);
    await index.remove(e);
    await index.remove(e);
    expect(await index.listDue(now, 50)).toEqual([]);
  });

  it('when the same subject has entries of two kinds at the same time, then both are kept and listed', async () => {
    const index = createTableDueIndex(table);
    await index.schedule(entry('assignmentNotice', 'asg-9', '2026-11-20T00:00:00.000Z'));
    await index.schedule(entry('assignmentEnd', 'asg-9', '2026-11-20T00:00:00.000Z'));
    expect(ids(await index.listDue(new Date('2026-11-21T00:00:00.000Z'), 50))).toEqual(['assignmentEnd:asg-9', 'assignmentNotice:asg-9']);
  });

  it('when more entries are due than the limit, then at most the limit is returned', async () => {
    const index = createTableDueIndex(table);
    for (let i = 0; i < 5; i++) await index.schedule(entry('approvalTimeout', `req-${i}`, `2026-11-1${i}T00:00:00.000Z`));
    expect(await index.listDue(new Date('2026-11-21T00:00:00.000Z'), 3)).toHaveLength(3);
    expect(await index.listDue(new Date('2026-11-21T00:00:00.000Z'), 0)).toHaveLength(0);
  });
});
