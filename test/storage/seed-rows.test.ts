import { randomUUID } from 'node:crypto';
import { TableClient, type TableEntityResult } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import type { Assignment } from '../../src/domain/entitlement/requests/model';
import { USER_INDEXES } from '../../src/domain/users/user-indexes';
import { createTableCollection, newEntityRows } from '../../src/storage/entitlement-collection';
import { assignmentPlan } from '../../src/storage/entitlement-plans';
import { assignmentDoc } from '../../src/storage/entitlement-request-rows';
import { createIndexedCollection, newObjectRows } from '../../src/storage/indexed-collection';

/**
 * The row builders a bulk loader (the scale benchmark) writes with must give exactly the rows the
 * collections' own writes leave, or a benchmark would measure a layout the app never has.
 */
async function freshTable(): Promise<TableClient> {
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `sr${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
  await table.createTable();
  return table;
}

async function rowsOf(table: TableClient): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const row of table.listEntities<Record<string, unknown>>()) {
    const { etag: _e, timestamp: _t, ...rest } = row as TableEntityResult<Record<string, unknown>>;
    out.push(rest);
  }
  return out.sort((a, b) => `${String(a['partitionKey'])} ${String(a['rowKey'])}`.localeCompare(`${String(b['partitionKey'])} ${String(b['rowKey'])}`));
}

describe('rows for a bulk loader', () => {
  it('when an object is synced into an indexed collection, then its rows are the ones newObjectRows gives', async () => {
    const [synced, loaded] = await Promise.all([freshTable(), freshTable()]);
    const id = randomUUID();
    const doc = { id, displayName: 'Ada Lovelace', mail: 'ada@partner.example', userPrincipalName: 'ada_partner.example#EXT#@x.onmicrosoft.com', userType: 'Guest', accountEnabled: true, createdDateTime: '2026-10-01T00:00:00.000Z', proxyAddresses: [], identities: [] };
    await createIndexedCollection(synced, 'users', USER_INDEXES).sync(id, async () => doc);
    await Promise.all(newObjectRows('users', USER_INDEXES, id, doc).map((row) => loaded.upsertEntity(row, 'Replace')));
    const expected = await rowsOf(synced);
    expect(expected.length).toBeGreaterThan(2);
    expect(await rowsOf(loaded)).toEqual(expected);
  });

  it('when an entity is inserted into an entitlement collection, then its rows are the ones newEntityRows gives', async () => {
    const [inserted, loaded] = await Promise.all([freshTable(), freshTable()]);
    const at = '2026-10-01T00:00:00.000Z';
    const assignment = {
      id: randomUUID(), accessPackageId: 'p1', catalogId: 'c1', assignmentPolicyId: 'pol1', targetUserId: 'u1',
      target: { objectId: 'u1', email: 'u1@partner.example', displayName: 'U One', subjectType: 'user', connectedOrganizationId: null },
      state: 'delivered', status: 'Delivered', schedule: { startDateTime: at, expiration: { type: 'noExpiration', endDateTime: null, duration: null } },
      endDateTime: null, expiredDateTime: null, expiryNotices: [], createdTarget: false, createdDateTime: at, modifiedDateTime: at,
    } as unknown as Assignment;
    await createTableCollection(inserted, 'access package assignment', assignmentDoc, assignmentPlan).insert(assignment, 'exists');
    const rows = newEntityRows(assignment, assignmentPlan);
    await Promise.all([...rows.index, rows.entity].map((row) => loaded.upsertEntity(row, 'Replace')));
    const expected = await rowsOf(inserted);
    expect(expected.length).toBeGreaterThan(2);
    expect(await rowsOf(loaded)).toEqual(expected);
  });
});
