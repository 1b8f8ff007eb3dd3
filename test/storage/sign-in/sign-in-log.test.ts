import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import type { SignInQuery, SignInRecord } from '../../../src/domain/sign-in/ports';
import { createTableSignInLog, oldestMonth } from '../../../src/storage/sign-in-log';

const APP = '11111111-1111-4111-8111-111111111111';
const OTHER_APP = '22222222-2222-4222-8222-222222222222';

const buildSignIn = (at: string, overrides: Partial<SignInRecord> = {}): SignInRecord => ({
  id: randomUUID(),
  createdAt: new Date(at),
  userId: 'aaaaaaaa-0000-4000-8000-000000000001',
  userDisplayName: 'Anna',
  userPrincipalName: 'anna@fabrikam.example',
  appId: APP,
  appDisplayName: 'Project room',
  ipAddress: '198.51.100.7',
  clientAppUsed: 'Browser',
  identityProvider: 'mail',
  refusal: null,
  ...overrides,
});

async function freshLog() {
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `s${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
  await table.createTable();
  return { table, log: createTableSignInLog(table) };
}

const NOW = new Date('2026-12-07T12:00:00Z');
const days = (items: SignInRecord[]) => items.map((r) => r.createdAt.toISOString().slice(0, 10));
const all = (query: Partial<SignInQuery> = {}) => ({ now: NOW, top: 100, maxQueries: 50, ...query });

describe('sign-in log on Table Storage', () => {
  it('when sign-ins span months, then a list reads them newest first across months and a time range is a key range', async () => {
    const { log } = await freshLog();
    for (const at of ['2026-10-30T10:00:00Z', '2026-12-02T10:00:00Z', '2026-11-15T10:00:00Z', '2026-12-05T10:00:00Z']) await log.append(buildSignIn(at));
    const listed = await log.list(all(), (r) => r);
    expect(days(listed.items)).toEqual(['2026-12-05', '2026-12-02', '2026-11-15', '2026-10-30']);
    expect(listed.continuation).toBeUndefined();
    const ranged = await log.list(all({ from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-03T00:00:00Z') }), (r) => r);
    expect(days(ranged.items)).toEqual(['2026-12-02', '2026-11-15']);
  });

  it('when filtered by user, application or error code, then the table answers only the matching rows', async () => {
    const { log } = await freshLog();
    await log.append(buildSignIn('2026-12-01T10:00:00Z'));
    await log.append(buildSignIn('2026-12-02T10:00:00Z', { appId: OTHER_APP }));
    await log.append(buildSignIn('2026-12-03T10:00:00Z', { userId: 'aaaaaaaa-0000-4000-8000-000000000002', refusal: 'notAssigned' }));
    await log.append(buildSignIn('2026-12-04T10:00:00Z', { userId: null, refusal: 'unknownAccount' }));
    expect(days((await log.list(all({ appId: OTHER_APP }), (r) => r)).items)).toEqual(['2026-12-02']);
    expect(days((await log.list(all({ userId: 'AAAAAAAA-0000-4000-8000-000000000002' }), (r) => r)).items)).toEqual(['2026-12-03']);
    expect(days((await log.list(all({ errorCode: 50105 }), (r) => r)).items)).toEqual(['2026-12-03']);
    expect(days((await log.list(all({ errorCode: 0 }), (r) => r)).items)).toEqual(['2026-12-02', '2026-12-01']);
    // Every row the storage returned was a match: nothing was dropped in memory.
    let seen = 0;
    await log.list(all({ errorCode: 50034 }), (r) => (seen++, r));
    expect(seen).toBe(1);
  });

  it('when a page is full, then the continuation goes on where it stopped, across a month boundary, without repeating or losing an entry', async () => {
    const { log } = await freshLog();
    const written = ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'];
    for (const day of written) await log.append(buildSignIn(`${day}T08:00:00Z`));
    const pages: string[][] = [];
    let continuation: string | undefined;
    let read = 0;
    do {
      const page = await log.list(all({ top: 3, continuation }), (r) => (read++, r));
      pages.push(days(page.items));
      continuation = page.continuation;
    } while (continuation && pages.length < 10);
    expect(pages.flat()).toEqual([...written].reverse());
    expect(pages[0]).toEqual(['2026-12-03', '2026-12-02', '2026-12-01']);
    // Paging reads what it returns (storage pages of the requested size), not the whole log per page.
    expect(read).toBe(written.length);
  });

  it('when a continuation was not written by the log, then it is refused as an invalid request', async () => {
    const { log } = await freshLog();
    await expect(log.list(all({ continuation: 'not json' }), (r) => r)).rejects.toMatchObject({ code: 'invalidRequest' });
  });

  it('when months fall out of the 13-month window, then the sweep deletes exactly those months and lists never show them', async () => {
    const { table, log } = await freshLog();
    await log.append(buildSignIn('2025-10-15T10:00:00Z'));
    await log.append(buildSignIn('2025-11-15T10:00:00Z'));
    for (let i = 0; i < 130; i++) await log.append(buildSignIn(new Date(Date.UTC(2025, 10, 20, 0, i)).toISOString()));
    await log.append(buildSignIn('2025-12-01T00:00:00Z'));
    await log.append(buildSignIn('2026-12-01T10:00:00Z'));
    const cutoff = oldestMonth(NOW, undefined);
    expect(cutoff).toBe('2025-12');
    // Reads stop at the window before the sweep ran.
    expect(days((await log.list(all(), (r) => r)).items)).toEqual(['2026-12-01', '2025-12-01']);
    // A limit stops the sweep part-way; the next run finishes.
    expect(await log.deleteMonthsBefore(cutoff, 100)).toBe(100);
    expect(await log.deleteMonthsBefore(cutoff, 5_000)).toBe(32);
    expect(await log.deleteMonthsBefore(cutoff, 5_000)).toBe(0);
    const left: string[] = [];
    for await (const row of table.listEntities<{ createdAt?: string }>()) if (row.createdAt) left.push(row.createdAt.slice(0, 10));
    expect(left.sort()).toEqual(['2025-12-01', '2026-12-01']);
  });
});
