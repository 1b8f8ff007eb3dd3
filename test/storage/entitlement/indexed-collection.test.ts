import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Collection, Where } from '../../../src/domain/entitlement/ports';
import type { Assignment } from '../../../src/domain/entitlement/requests/model';
import { createTableCollection, createTableReindexer } from '../../../src/storage/entitlement-collection';
import { indexPartition } from '../../../src/storage/entitlement-index';
import { assignmentPlan } from '../../../src/storage/entitlement-plans';
import { assignmentDoc } from '../../../src/storage/entitlement-request-rows';

/**
 * The index rows of the entitlement collections (issue 19): pages follow the storage's
 * continuation, filters served from index rows give exactly what a full scan of the entities
 * gives, and index rows left behind by a crash or a change never show up in a list.
 */

async function freshTable(): Promise<TableClient> {
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `x${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
  await table.createTable();
  return table;
}

/** A small seeded generator, so a failing run can be repeated. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const STATES = ['delivering', 'delivered', 'expired', 'partiallyDelivered'] as const;

function assignmentOf(next: () => number, index: number): Assignment {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const created = new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 300) * 86_400_000 + index).toISOString();
  const user = pick(['u1', 'u2', 'u3', 'u4', 'u5']);
  return {
    id: randomUUID(), accessPackageId: pick(['p1', 'p2', 'p3']), catalogId: pick(['c1', 'c2']), assignmentPolicyId: pick(['pol1', 'pol2']), targetUserId: user,
    target: { objectId: user, email: null, displayName: null, subjectType: 'user', connectedOrganizationId: null },
    state: pick(STATES), status: 'Delivered', schedule: { startDateTime: created, expiration: { type: 'noExpiration', endDateTime: null, duration: null } },
    endDateTime: null, expiredDateTime: null, expiryNotices: [], createdTarget: false, createdDateTime: created, modifiedDateTime: created,
  };
}

async function readAllPages<T extends { id: string }>(collection: Collection<T>, where: Where, top: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let continuation: string | undefined;
  let pages = 0;
  do {
    const page = await collection.page(where, { top, continuation });
    expect(page.items.length).toBeLessThanOrEqual(top);
    items.push(...page.items);
    continuation = page.continuation;
    pages++;
  } while (continuation);
  return { items, pages };
}

/** Every entity row of the table, read without any index: the reference a filter must agree with. */
async function fullScan(table: TableClient): Promise<Assignment[]> {
  const out: Assignment[] = [];
  for await (const row of table.listEntities<{ doc: string }>({ queryOptions: { filter: "RowKey eq ''" } })) out.push(assignmentDoc.parse(JSON.parse(row.doc)));
  return out;
}

describe('indexed entitlement collections on Table Storage', () => {
  let table: TableClient;
  let assignments: Collection<Assignment>;
  const next = random(19);
  beforeAll(async () => {
    table = await freshTable();
    assignments = createTableCollection(table, 'access package assignment', assignmentDoc, assignmentPlan);
    const made = Array.from({ length: 90 }, (_, i) => assignmentOf(next, i));
    for (let i = 0; i < made.length; i += 15) await Promise.all(made.slice(i, i + 15).map((a) => assignments.insert(a, 'exists')));
    // Change a third of them, so index rows move with the entity.
    for (const a of made.filter((_, i) => i % 3 === 0)) {
      const stored = await assignments.get(a.id);
      await assignments.replace({ ...a, state: 'expired', targetUserId: 'u9', target: { ...a.target, objectId: 'u9' } }, stored!.etag);
    }
    for (const a of made.filter((_, i) => i % 10 === 1)) await assignments.remove(a.id);
  }, 120_000);

  it('when the whole collection is read with a small $top, then every page follows the continuation, nothing repeats or goes missing, newest first', async () => {
    const { items, pages } = await readAllPages(assignments, {}, 7);
    const scanned = await fullScan(table);
    expect(pages).toBeGreaterThan(5);
    expect(new Set(items.map((a) => a.id)).size).toBe(items.length);
    expect(items.map((a) => a.id).sort()).toEqual(scanned.map((a) => a.id).sort());
    const created = items.map((a) => a.createdDateTime);
    expect(created).toEqual([...created].sort().reverse());
    expect(await assignments.count({})).toBe(scanned.length);
  });

  it('when random filters are served from the index rows, then they give exactly what a full scan of the entities gives', async () => {
    const scanned = await fullScan(table);
    const filters: [keyof Assignment & string, string][] = [];
    for (let i = 0; i < 8; i++) {
      const field = (['targetUserId', 'accessPackageId', 'catalogId', 'state', 'assignmentPolicyId'] as const)[Math.floor(next() * 5)]!;
      const values = [...new Set(scanned.map((a) => String(a[field])))];
      filters.push([field, values[Math.floor(next() * values.length)]!]);
    }
    filters.push(['targetUserId', 'u9'], ['targetUserId', 'nobody']);
    for (const [field, value] of filters) {
      const expected = scanned.filter((a) => String(a[field]) === value).map((a) => a.id).sort();
      const { items } = await readAllPages(assignments, { [field]: value }, 4);
      expect(items.map((a) => a.id).sort(), `${field} eq ${value}`).toEqual(expected);
      expect((await assignments.find({ [field]: value })).map((a) => a.id).sort()).toEqual(expected);
      expect(await assignments.count({ [field]: value })).toBe(expected.length);
      // A second key is checked on the entity: an index and a residual condition together.
      const [other, wanted] = field === 'catalogId' ? (['assignmentPolicyId', 'pol1'] as const) : (['catalogId', 'c1'] as const);
      const both = scanned.filter((a) => String(a[field]) === value && a[other] === wanted).map((a) => a.id).sort();
      expect((await assignments.find({ [field]: value, [other]: wanted })).map((a) => a.id).sort()).toEqual(both);
    }
    const active = scanned.filter((a) => a.accessPackageId === 'p1' && a.state !== 'expired').map((a) => a.id).sort();
    expect((await assignments.find({ activeInPackage: 'p1' })).map((a) => a.id).sort()).toEqual(active);
  }, 180_000);

  it('when an index row points at an entity that no longer has it (a crash between the two writes), then lists skip it', async () => {
    const ghost = assignmentOf(next, 1000);
    const real = assignmentOf(next, 1001);
    await assignments.insert({ ...real, targetUserId: 'u-crash' }, 'exists');
    // What a writer that stopped after its index rows leaves: a pointer to nothing, and one to an entity with another key.
    for (const id of [ghost.id, real.id]) {
      await table.upsertEntity({ partitionKey: indexPartition('e', 'targetUserId', 'u-crash'), rowKey: `0|${id}`, ref: id });
    }
    await table.upsertEntity({ partitionKey: indexPartition('e', 'state', 'delivering'), rowKey: `0|${real.id}`, ref: real.id });
    const found = await assignments.find({ targetUserId: 'u-crash' });
    expect(found.map((a) => a.id)).toEqual([real.id]);
    expect((await assignments.find({ state: 'delivering' })).some((a) => a.id === real.id)).toBe(real.state === 'delivering');
  });

  it('when two inserts race for one id, then the loser leaves no index row for the winner to lose', async () => {
    const id = randomUUID();
    const a = { ...assignmentOf(next, 2000), id, targetUserId: 'u-race-a' };
    const b = { ...assignmentOf(next, 2001), id, targetUserId: 'u-race-b' };
    const results = await Promise.allSettled([assignments.insert(a, 'exists'), assignments.insert(b, 'exists')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const winner = (await assignments.get(id))!.value;
    expect((await assignments.find({ targetUserId: winner.targetUserId })).map((x) => x.id)).toEqual([id]);
    expect(await assignments.find({ targetUserId: winner.targetUserId === 'u-race-a' ? 'u-race-b' : 'u-race-a' })).toEqual([]);
  });

  it('when find is asked for no index key, then it refuses instead of reading the whole table', async () => {
    await expect(assignments.find({})).rejects.toThrow(TypeError);
    await expect(assignments.find({ status: 'Delivered' })).rejects.toThrow(TypeError);
  });
});

describe('when entities were stored before their collection had index rows (an upgrade)', () => {
  it('then the reindexer writes them page by page, resumes where it stopped, and marks the kind done', async () => {
    const table = await freshTable();
    const next = random(7);
    const old = Array.from({ length: 450 }, (_, i) => assignmentOf(next, i));
    // The layout written before: the entity row only.
    for (let i = 0; i < old.length; i += 50) await Promise.all(old.slice(i, i + 50).map((a) => table.createEntity({ partitionKey: a.id, rowKey: '', doc: JSON.stringify(a) })));
    const assignments = createTableCollection(table, 'access package assignment', assignmentDoc, assignmentPlan);
    expect((await assignments.page({}, { top: 10 })).items).toEqual([]);

    const reindexer = createTableReindexer(table, 'access package assignment', assignmentDoc, assignmentPlan);
    expect(await reindexer.progress()).toEqual({ done: false, continuation: undefined });
    const first = await reindexer.reindexPage(undefined);
    expect(first.continuation).toBeDefined();
    // A later run starts from the marker, not from the beginning.
    let progress = await reindexer.progress();
    expect(progress).toEqual({ done: false, continuation: first.continuation });
    let total = first.entities;
    while (!progress.done) {
      const page = await reindexer.reindexPage(progress.continuation);
      total += page.entities;
      progress = await reindexer.progress();
    }
    expect(total).toBe(old.length);
    expect(await assignments.count({})).toBe(old.length);
    const u1 = old.filter((a) => a.targetUserId === 'u1').map((a) => a.id).sort();
    expect((await assignments.find({ targetUserId: 'u1' })).map((a) => a.id).sort()).toEqual(u1);
  }, 120_000);
});
