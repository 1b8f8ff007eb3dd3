import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { listExportIds, readManifest } from '../../../src/storage/backup-format';
import { exportTables } from '../../../src/storage/table-export';
import { TABLES, type TableName } from '../../../src/storage/names';

const DAY = 86_400_000;

describe('table exports: kinds and retention', () => {
  const connectionString = inject('azuriteConnectionString');
  const prefix = `bk${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const table = (name: TableName) => TableClient.fromConnectionString(connectionString, `${prefix}${name}`, { allowInsecureConnection: true });
  const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(`${prefix}-backups`);
  beforeAll(async () => {
    for (const name of TABLES) await table(name).createTable();
  });

  it('when exports run daily with a full one every 3 days and 4 days of retention, then fulls and incrementals alternate and old exports go except the full one a kept export needs', async () => {
    await table('Users').createEntity({ partitionKey: 'u1', rowKey: 'user', displayName: 'One' });
    const start = Date.parse('2026-01-01T00:00:00Z');
    let clock = start;
    const deps = { table, container, now: () => new Date(clock), log: () => undefined };
    const options = { retentionDays: 4, fullEveryDays: 3 };

    const day0 = await exportTables(deps, options);
    expect(day0).toMatchObject({ kind: 'full', deleted: [] });
    expect(day0.tables['Users']).toEqual({ rows: 1, keys: 1 });

    clock = start + DAY;
    await new Promise((r) => setTimeout(r, 1_100));
    await table('Users').createEntity({ partitionKey: 'u2', rowKey: 'user', displayName: 'Two' });
    const day1 = await exportTables(deps, options);
    // The overlap makes the unchanged row count as "changed"; the clock here is far ahead of storage's.
    expect(day1).toMatchObject({ kind: 'incremental', fullId: day0.id, previousId: day0.id });
    expect(day1.tables['Users']!.keys).toBe(2);

    const kinds: string[] = [];
    for (let d = 2; d <= 7; d++) {
      clock = start + d * DAY;
      kinds.push((await exportTables(deps, options)).kind);
    }
    expect(kinds).toEqual(['incremental', 'full', 'incremental', 'incremental', 'full', 'incremental']);
    // Day 7: kept are days 3..7 (cutoff day 3); day 3 is a full export, so days 0..2 are gone.
    const left = await listExportIds(container);
    expect(left).toHaveLength(5);
    expect((await readManifest(container, left[0]!))?.kind).toBe('full');
    expect(await readManifest(container, day0.id)).toBeUndefined();
  }, 180_000);

  it('when the oldest kept export is an incremental one, then the full export it builds on is kept past the retention', async () => {
    const c = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(`${prefix}-chain`);
    const start = Date.parse('2026-02-01T00:00:00Z');
    let clock = start;
    const deps = { table, container: c, now: () => new Date(clock), log: () => undefined };
    const ids: string[] = [];
    for (let d = 0; d <= 5; d++) {
      clock = start + d * DAY;
      ids.push((await exportTables(deps, { retentionDays: 2, fullEveryDays: 2 })).id);
    }
    // Fulls on days 0, 2 and 4; on day 5 the cutoff is day 3, an incremental built on day 2's full export.
    const left = await listExportIds(c);
    expect(left).toEqual(ids.slice(2));
    expect((await readManifest(c, left[0]!))?.kind).toBe('full');
  }, 180_000);

  it('when rows changed after the previous export, then an incremental export holds those rows and every key', async () => {
    const c = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(`${prefix}-incr`);
    await table('Groups').createEntity({ partitionKey: 'old', rowKey: 'group', displayName: 'Before' });
    await new Promise((r) => setTimeout(r, 3_000));
    const before = Date.now();
    let clock = before + 10 * 60_000;
    const deps = { table, container: c, now: () => new Date(clock), log: () => undefined };
    const full = await exportTables(deps, { retentionDays: 30, fullEveryDays: 7 });
    await table('Groups').createEntity({ partitionKey: 'new', rowKey: 'group', displayName: 'After' });
    clock = before + DAY;
    const incremental = await exportTables(deps, { retentionDays: 30, fullEveryDays: 7 });
    expect(full.tables['Groups']).toEqual({ rows: 1, keys: 1 });
    expect(incremental).toMatchObject({ kind: 'incremental', since: new Date(before).toISOString() });
    expect(incremental.tables['Groups']).toEqual({ rows: 1, keys: 2 });
  }, 180_000);
});
