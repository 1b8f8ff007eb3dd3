import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit';
import { auditIndexForFilter, type AuditIndexKey } from '../../src/domain/audit-query';
import { parseFilter } from '../../src/http/odata/filter';
import { createTableAuditLog, type NewestFirstOptions } from '../../src/storage/audit-log';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ACTIVITIES = ['Add user', 'Update user', 'Delete user', 'Add member to group', 'Invite external user'];
const CATEGORIES = ['UserManagement', 'GroupManagement', 'Invitations'] as const;
const USERS = Array.from({ length: 4 }, () => randomUUID());
const APPS = ['app-one', 'App-Two'];
const TARGETS = Array.from({ length: 6 }, () => randomUUID());
const CORRELATIONS = Array.from({ length: 5 }, () => randomUUID());

function randomEntries(count: number, months: string[], seed: number): AuditEntry[] {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return Array.from({ length: count }, () => {
    const month = pick(months);
    const at = new Date(`${month}-${String(1 + Math.floor(next() * 27)).padStart(2, '0')}T${String(Math.floor(next() * 24)).padStart(2, '0')}:00:00Z`);
    const targets = Array.from({ length: Math.floor(next() * 3) }, () => ({ id: pick(TARGETS), type: 'User' as const }));
    return {
      id: randomUUID(),
      activityDisplayName: pick(ACTIVITIES),
      category: pick(CATEGORIES),
      activityAt: at,
      initiatedBy: next() < 0.6 ? { kind: 'user', id: pick(USERS) } : next() < 0.8 ? { kind: 'app', appId: pick(APPS) } : { kind: 'system', name: 'timer' },
      targetResources: targets,
      result: 'success',
      ...(next() < 0.7 && { correlationId: pick(CORRELATIONS) }),
    } satisfies AuditEntry;
  });
}

/** What the entry must have for the key (the full scan's predicate). */
function has(entry: AuditEntry, key: AuditIndexKey): boolean {
  const eq = (a: string | undefined) => a !== undefined && a.toLowerCase() === key.key.toLowerCase();
  switch (key.name) {
    case 'activity':
      return eq(entry.activityDisplayName);
    case 'category':
      return eq(entry.category);
    case 'user':
      return entry.initiatedBy.kind === 'user' && eq(entry.initiatedBy.id);
    case 'app':
      return entry.initiatedBy.kind === 'app' && eq(entry.initiatedBy.appId);
    case 'correlation':
      return eq(entry.correlationId);
    case 'target':
      return entry.targetResources.some((t) => eq(t.id));
  }
}

async function freshTable() {
  const queries: string[] = [];
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `ax${randomUUID().replace(/-/g, '')}`, {
    allowInsecureConnection: true,
    additionalPolicies: [{ position: 'perCall', policy: { name: 'record', sendRequest: (request, next) => (queries.push(decodeURIComponent(request.url)), next(request)) } }],
  });
  await table.createTable();
  return { table, queries };
}

/** Every page, following the continuation, `top` at a time. */
async function all(log: ReturnType<typeof createTableAuditLog>, options: Omit<NewestFirstOptions, 'top' | 'maxQueries' | 'continuation'>, key: AuditIndexKey, top: number) {
  const ids: string[] = [];
  let continuation: string | undefined;
  for (let pages = 0; pages < 500; pages++) {
    const page = await log.listNewestFirst({ ...options, top, maxQueries: 3, ...(continuation && { continuation }) }, (e) => (has(e, key) ? e.id : undefined));
    ids.push(...page.items);
    continuation = page.continuation;
    if (!continuation) return ids;
  }
  throw new Error('did not finish');
}

describe('audit log filter index', () => {
  it('when random entries are listed by each index, then the pages across continuations equal a full scan', async () => {
    const { table, queries } = await freshTable();
    const log = createTableAuditLog(table);
    const months = ['2026-08', '2026-09', '2026-10'];
    const entries = randomEntries(240, months, 19);
    for (let i = 0; i < entries.length; i += 8) await log.appendAll!(entries.slice(i, i + 8));
    const now = new Date('2026-10-30T00:00:00Z');
    const keys: AuditIndexKey[] = [
      { name: 'activity', key: 'update USER' },
      { name: 'category', key: 'Invitations' },
      { name: 'user', key: USERS[1]! },
      { name: 'app', key: 'app-two' },
      { name: 'correlation', key: CORRELATIONS[2]! },
      { name: 'target', key: TARGETS[3]! },
      { name: 'target', key: randomUUID() },
    ];
    for (const key of keys) {
      const expected = entries.filter((e) => has(e, key)).sort((a, b) => b.activityAt.getTime() - a.activityAt.getTime() || 0).map((e) => e.id);
      const scanned = await all(log, { now, lookbackMonths: 3 }, key, 7);
      queries.length = 0;
      const indexed = await all(log, { now, lookbackMonths: 3, index: key }, key, 7);
      expect(new Set(indexed)).toEqual(new Set(expected));
      expect(indexed).toEqual(scanned);
      // September and October are complete (August has index rows too), so they were read from the index.
      expect(queries.some((q) => q.includes("PartitionKey eq '2026-10'") && q.includes('~x|'))).toBe(true);
    }
  });

  it('when a time range is given with an index, then only that range of the index is read', async () => {
    const { table } = await freshTable();
    const log = createTableAuditLog(table);
    const entries = randomEntries(120, ['2026-09', '2026-10'], 7);
    await Promise.all(Array.from({ length: 15 }, (_, i) => log.appendAll!(entries.slice(i * 8, i * 8 + 8))));
    const from = new Date('2026-10-05T00:00:00Z');
    const to = new Date('2026-10-20T00:00:00Z');
    const key: AuditIndexKey = { name: 'category', key: 'UserManagement' };
    const expected = entries.filter((e) => has(e, key) && e.activityAt >= from && e.activityAt <= to).map((e) => e.id);
    const indexed = await all(log, { now: new Date('2026-10-30T00:00:00Z'), lookbackMonths: 3, from, to, index: key }, key, 5);
    expect(new Set(indexed)).toEqual(new Set(expected));
  });

  it('when a month holds entries written before the index existed, then that month and the next are read entry by entry and nothing is missed', async () => {
    const { table, queries } = await freshTable();
    const log = createTableAuditLog(table);
    const entries = randomEntries(60, ['2026-09', '2026-10'], 3);
    for (let i = 0; i < entries.length; i += 6) await log.appendAll!(entries.slice(i, i + 6));
    // As an older version left September: no index rows, no marker.
    for await (const row of table.listEntities({ queryOptions: { filter: "PartitionKey eq '2026-09' and RowKey ge '~x' and RowKey lt '~y'" } })) {
      await table.deleteEntity(row.partitionKey!, row.rowKey!);
    }
    const key: AuditIndexKey = { name: 'activity', key: 'Add user' };
    const expected = entries.filter((e) => has(e, key)).map((e) => e.id);
    const log2 = createTableAuditLog(table);
    queries.length = 0;
    const indexed = await all(log2, { now: new Date('2026-10-30T00:00:00Z'), lookbackMonths: 2, index: key }, key, 4);
    expect(new Set(indexed)).toEqual(new Set(expected));
    // October's previous month has no marker: October may hold entries from before, so it was scanned.
    expect(queries.some((q) => q.includes('~x|'))).toBe(false);
  });

  it('when a $filter is planned, then an eq on an indexed property in a top-level and is used, and an or is not', () => {
    const plan = (text: string) => {
      const parsed = parseFilter(text);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return auditIndexForFilter(parsed.value);
    };
    expect(plan("activityDisplayName eq 'Add user'")).toEqual({ name: 'activity', key: 'Add user' });
    expect(plan("activityDisplayName eq 'Add user' and correlationId eq 'c-1'")).toEqual({ name: 'correlation', key: 'c-1' });
    expect(plan("targetResources/any(t: t/id eq 'abc') and category eq 'UserManagement'")).toEqual({ name: 'target', key: 'abc' });
    expect(plan("initiatedBy/user/id eq '5f0e1b3a-8c7d-4e2f-9a1b-2c3d4e5f6a7b'")).toEqual({ name: 'user', key: '5f0e1b3a-8c7d-4e2f-9a1b-2c3d4e5f6a7b' });
    expect(plan("activityDisplayName eq 'Add user' or category eq 'UserManagement'")).toBeUndefined();
    expect(plan("startsWith(activityDisplayName, 'Add')")).toBeUndefined();
    expect(plan("activityDateTime ge 2026-10-01T00:00:00Z")).toBeUndefined();
  });
});
