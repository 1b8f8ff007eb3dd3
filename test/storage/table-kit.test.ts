import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { z } from 'zod';
import { Failure } from '../../src/domain/errors';
import { decodeKey, encodeKey, odataString, prefixEnd } from '../../src/storage/keys';
import { deleteRow, insertRow, listRows, readRow, transact, updateRow } from '../../src/storage/table-kit';

const thing = z.object({ partitionKey: z.string(), rowKey: z.string(), name: z.string(), count: z.number() });

async function freshTable(): Promise<TableClient> {
  const client = TableClient.fromConnectionString(inject('azuriteConnectionString'), `t${randomUUID().replace(/-/g, '')}`, {
    allowInsecureConnection: true,
  });
  await client.createTable();
  return client;
}

async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Failure);
  return error as Failure;
}

describe('table keys', () => {
  it('when a value holds characters Table Storage forbids in keys, then it round-trips through encodeKey', () => {
    const nasty = 'john_contoso.com#EXT#@fabrikam.onmicrosoft.com/a\\b?c%d\u0001';
    const key = encodeKey(nasty);
    expect(key).not.toMatch(/[/\\#?\u0000-\u001f]/);
    expect(decodeKey(key)).toBe(nasty);
  });

  it('when a key would exceed 1 KiB, then encoding refuses it', () => {
    expect(() => encodeKey('x'.repeat(1025))).toThrow(TypeError);
  });
});

describe('table kit on Azurite', () => {
  let table: TableClient;
  beforeAll(async () => {
    table = await freshTable();
  });

  it('when a row is inserted twice, then the second insert is a conflict', async () => {
    await insertRow(table, { partitionKey: 'p', rowKey: 'dup', name: 'a', count: 1 }, 'already there');
    const failure = await failureOf(insertRow(table, { partitionKey: 'p', rowKey: 'dup', name: 'b', count: 2 }, 'already there'));
    expect(failure.code).toBe('conflict');
    expect((await readRow(table, thing, 'thing', 'p', 'dup'))?.value.name).toBe('a');
  });

  it('when an update carries a stale ETag, then it fails with preconditionFailed and the newer write survives', async () => {
    await insertRow(table, { partitionKey: 'p', rowKey: 'race', name: 'v0', count: 0 }, 'x');
    const first = (await readRow(table, thing, 'thing', 'p', 'race'))!;
    const second = (await readRow(table, thing, 'thing', 'p', 'race'))!;
    await updateRow(table, { partitionKey: 'p', rowKey: 'race', name: 'winner', count: 1 }, first.etag);
    const failure = await failureOf(updateRow(table, { partitionKey: 'p', rowKey: 'race', name: 'loser', count: 2 }, second.etag));
    expect(failure.code).toBe('preconditionFailed');
    expect((await readRow(table, thing, 'thing', 'p', 'race'))?.value.name).toBe('winner');
  });

  it('when an update has no ETag, then it is refused before reaching storage', async () => {
    await expect(updateRow(table, { partitionKey: 'p', rowKey: 'x', name: 'n', count: 0 }, '*')).rejects.toThrow(TypeError);
  });

  it('when a delete carries a stale ETag, then the row stays', async () => {
    await insertRow(table, { partitionKey: 'p', rowKey: 'del', name: 'v0', count: 0 }, 'x');
    const stale = (await readRow(table, thing, 'thing', 'p', 'del'))!;
    await updateRow(table, { partitionKey: 'p', rowKey: 'del', name: 'v1', count: 1 }, stale.etag);
    expect((await failureOf(deleteRow(table, 'p', 'del', stale.etag))).code).toBe('preconditionFailed');
    expect(await readRow(table, thing, 'thing', 'p', 'del')).toBeDefined();
  });

  it('when a stored row does not match its schema, then reading it throws rather than returning garbage', async () => {
    await insertRow(table, { partitionKey: 'p', rowKey: 'bad', name: 42 }, 'x');
    await expect(readRow(table, thing, 'thing', 'p', 'bad')).rejects.toThrow(/does not match its schema \(name, count\)/);
  });

  it('when listing more rows than a page holds, then continuation tokens walk every row exactly once', async () => {
    const paged = await freshTable();
    const keys = Array.from({ length: 25 }, (_, i) => `item-${String(i).padStart(2, '0')}`);
    for (let i = 0; i < keys.length; i += 10) {
      await transact(paged, keys.slice(i, i + 10).map((rowKey) => ['create', { partitionKey: 'list', rowKey, name: rowKey, count: 1 }]));
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await listRows(paged, thing, 'thing', { top: 10, continuationToken: token, filter: `PartitionKey eq ${odataString('list')}` });
      seen.push(...page.items.map((r) => r.rowKey));
      token = page.continuationToken;
      pages += 1;
    } while (token);
    expect(seen).toEqual(keys);
    expect(pages).toBe(3);
  });

  it('when a prefix range is queried, then only keys with that prefix come back', async () => {
    const t = await freshTable();
    await transact(t, ['a|1', 'a|2', 'ab|1', 'b|1'].map((rowKey) => ['create', { partitionKey: 'r', rowKey, name: rowKey, count: 0 }]));
    const page = await listRows(t, thing, 'thing', { top: 100, filter: `PartitionKey eq 'r' and RowKey ge 'a|' and RowKey lt ${odataString(prefixEnd('a|'))}` });
    expect(page.items.map((r) => r.rowKey)).toEqual(['a|1', 'a|2']);
  });

  it('when one action of a transaction conflicts, then none of its writes happen', async () => {
    const t = await freshTable();
    await insertRow(t, { partitionKey: 'tx', rowKey: 'existing', name: 'x', count: 0 }, 'x');
    const failure = await failureOf(
      transact(t, [
        ['create', { partitionKey: 'tx', rowKey: 'new', name: 'n', count: 0 }],
        ['create', { partitionKey: 'tx', rowKey: 'existing', name: 'y', count: 0 }],
      ]),
    );
    expect(failure.code).toBe('conflict');
    expect(await readRow(t, thing, 'thing', 'tx', 'new')).toBeUndefined();
  });

  it('when a transaction spans partitions or exceeds 100 actions, then it is refused as misuse', async () => {
    await expect(transact(table, [['create', { partitionKey: 'a', rowKey: '1' }], ['create', { partitionKey: 'b', rowKey: '1' }]])).rejects.toThrow(TypeError);
    const many = Array.from({ length: 101 }, (_, i) => ['create', { partitionKey: 'a', rowKey: String(i) }] as ['create', { partitionKey: string; rowKey: string }]);
    await expect(transact(table, many)).rejects.toThrow(TypeError);
  });
});
