import { TableClient } from '@azure/data-tables';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { compileFilter, matchesFilter, parseSearch, type AdvancedListQuerySpec } from '../../../src/http/odata';
import { matchesSearch, type SearchNode } from '../../../src/domain/query/search';
import { planQuery } from '../../../src/domain/query/plan';
import type { OrderBy } from '../../../src/domain/query/order';
import { USER_INDEXES } from '../../../src/domain/users/user-indexes';
import { createIndexedCollection } from '../../../src/storage/indexed-collection';

const spec: AdvancedListQuerySpec = {
  resource: 'User',
  entityType: 'microsoft.graph.user',
  filterable: {
    id: { type: { kind: 'guid' }, operators: ['eq', 'ne', 'in'] },
    displayName: { type: { kind: 'string' }, operators: ['eq', 'ne', 'startsWith', 'endsWith', 'in', 'ge', 'le', 'gt', 'lt'] },
    mail: { type: { kind: 'string' }, operators: ['eq', 'ne', 'startsWith', 'endsWith', 'in'] },
    userPrincipalName: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'endsWith'] },
    userType: { type: { kind: 'enum', values: ['Member', 'Guest'] }, operators: ['eq', 'ne', 'in'] },
    accountEnabled: { type: { kind: 'boolean' }, operators: ['eq', 'ne'] },
    createdDateTime: { type: { kind: 'datetime' }, operators: ['eq', 'gt', 'ge', 'lt', 'le'] },
    proxyAddresses: { type: { kind: 'stringCollection' }, operators: ['eq', 'startsWith', 'endsWith'] },
    identities: { type: { kind: 'objectCollection', properties: { issuer: { type: { kind: 'string' }, operators: ['eq'] }, issuerAssignedId: { type: { kind: 'string' }, operators: ['eq'] } } }, operators: [] },
  },
  selectable: ['displayName'],
  defaultPageSize: 100,
  sortable: { displayName: 'default', userPrincipalName: 'default', createdDateTime: 'advanced' },
  searchable: ['displayName', 'mail'],
};

const text = fc.array(fc.constantFrom('a', 'A', 'b', 'é', "'", ' ', 'z', '#'), { maxLength: 3 }).map((c) => c.join(''));
const instants = ['2024-01-01T00:00:00.000Z', '2024-06-30T12:00:00.000Z', '2025-01-01T00:00:00.000Z'];
const ids = fc.sample(fc.uuid(), { numRuns: 40, seed: 5 }).map((id) => id.toLowerCase());
const user = fc.record({
  displayName: fc.option(text, { nil: null }),
  mail: fc.option(text.map((t) => `${t}@x.com`), { nil: null }),
  userPrincipalName: fc.tuple(text, fc.boolean()).map(([t, guest]) => (guest ? `${t}#EXT#@contoso.com` : `${t}@fabrikam.com`)),
  userType: fc.constantFrom('Guest', 'Member'),
  accountEnabled: fc.boolean(),
  createdDateTime: fc.constantFrom(...instants),
});
const users = fc.sample(user, { numRuns: ids.length, seed: 3 }).map((u, i) => ({
  id: ids[i]!,
  ...u,
  proxyAddresses: u.mail ? [`SMTP:${u.mail}`] : [],
  identities: [{ signInType: 'userPrincipalName', issuer: 'contoso.com', issuerAssignedId: u.userPrincipalName }],
}));
const quoted = (v: string) => `'${v.replaceAll("'", "''")}'`;

const clause = fc.oneof(
  fc.tuple(fc.constantFrom('eq', 'ne', 'ge', 'gt', 'le', 'lt'), text).map(([op, v]) => `displayName ${op} ${quoted(v)}`),
  fc.tuple(fc.constantFrom('startsWith(displayName', 'endsWith(mail', 'startsWith(mail', 'endsWith(userPrincipalName'), text).map(([f, v]) => `${f}, ${quoted(v)})`),
  fc.constant("endsWith(userPrincipalName, '#EXT#@contoso.com')"),
  fc.array(text, { minLength: 1, maxLength: 2 }).map((vs) => `displayName in (${vs.map(quoted).join(', ')})`),
  fc.constantFrom("userType eq 'Guest'", "userType ne 'guest'", 'accountEnabled eq true', 'displayName eq null'),
  fc.tuple(fc.constantFrom('gt', 'ge', 'lt', 'le', 'eq'), fc.constantFrom(...instants)).map(([op, v]) => `createdDateTime ${op} ${v}`),
  text.map((v) => `proxyAddresses/any(p: startsWith(p, ${quoted(`smtp:${v}`)}))`),
  text.map((v) => `proxyAddresses/any(p: endsWith(p, ${quoted(`${v}@x.com`)}))`),
  text.map((v) => `identities/any(i: i/issuerAssignedId eq ${quoted(`${v}@fabrikam.com`)} and i/issuer eq 'contoso.com')`),
);
const filterText: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof({ depthSize: 'small' }, clause, fc.tuple(tie('f'), fc.constantFrom('and', 'or'), tie('f')).map(([l, op, r]) => `(${l}) ${op} (${r})`), tie('f').map((f) => `not (${f})`)),
})).f;
const term = fc.tuple(fc.constantFrom('displayName', 'mail'), fc.constantFrom('a', 'b', 'z', 'ab', 'é', 'x')).map(([p, t]) => `"${p}:${t}"`);
const searchText = fc.oneof(term, fc.tuple(term, fc.constantFrom('AND', 'OR'), term).map(([l, op, r]) => `${l} ${op} ${r}`));
const orderBy = fc.option(fc.record({ property: fc.constantFrom('displayName', 'createdDateTime'), descending: fc.boolean() }), { nil: undefined });

function sortKey(u: Record<string, unknown>, property: string): string {
  const value = u[property];
  return typeof value === 'string' ? value.toLowerCase() : '';
}

describe('index-served lists against Azurite', () => {
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `dirindex${Date.now()}`, { allowInsecureConnection: true });
  const collection = createIndexedCollection(table, 'users', USER_INDEXES);
  const tally = { driven: 0, nonEmpty: 0, multiPage: 0 };

  beforeAll(async () => {
    await table.createTable();
    for (const u of users) await collection.sync(u.id, async () => u);
  });
  afterAll(async () => {
    await table.deleteTable();
  });

  it('when any filter, search and order is paged through 3 at a time, then the pages hold exactly the matches once each, in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(filterText, { nil: undefined }), fc.option(searchText, { nil: undefined }), orderBy, async (f, s, o) => {
        const filter = f === undefined ? undefined : compileFilter(f, spec);
        if (filter && !filter.ok) throw new Error(`${f}: ${filter.error.message}`);
        const search = s === undefined ? undefined : parseSearch(s, spec.searchable);
        if (search && !search.ok) throw new Error(`${s}: ${search.error.message}`);
        const input = { filter: filter?.value, search: search?.value as SearchNode | undefined, orderBy: o as OrderBy | undefined };
        const plan = planQuery(USER_INDEXES, input)!;
        if (plan.branches.some((b) => b.index.name !== 'id')) tally.driven++;
        const seen: string[] = [];
        let position: string | undefined;
        for (let pages = 0; pages < 200; pages++) {
          const page = await collection.page(plan, { top: 3, position });
          seen.push(...page.items.map((u) => u['id'] as string));
          position = page.next;
          if (!position) break;
        }
        const expected = users.filter((u) => (!input.filter || matchesFilter(input.filter, u)) && (!input.search || matchesSearch(input.search, u)));
        const count = await collection.count(plan);
        if (o) {
          const sign = o.descending ? -1 : 1;
          expected.sort((a, b) => {
            const [x, y] = [sortKey(a, o.property), sortKey(b, o.property)];
            return x === y ? (a.id < b.id ? -1 : 1) : x < y ? -sign : sign;
          });
          expect({ f, s, o, seen }).toEqual({ f, s, o, seen: expected.map((u) => u.id) });
        } else {
          expect({ f, s, seen: [...seen].sort() }).toEqual({ f, s, seen: expected.map((u) => u.id).sort() });
        }
        expect(count).toBe(expected.length);
        if (expected.length > 0) tally.nonEmpty++;
        if (expected.length > 3) tally.multiPage++;
      }),
      { numRuns: 150 },
    );
    // Only meaningful if most runs were served by a specific index and many had several pages.
    expect(tally.driven).toBeGreaterThan(90);
    expect(tally.nonEmpty).toBeGreaterThan(60);
    expect(tally.multiPage).toBeGreaterThan(30);
  });

  it('when an object changes or leaves, then its old keys stop matching and its manifest follows', async () => {
    const [first] = users;
    const changed = { ...first!, displayName: 'Zebra Quartz', mail: 'zq@x.com', proxyAddresses: ['SMTP:zq@x.com'] };
    await collection.sync(first!.id, async () => changed);
    const byWord = planQuery(USER_INDEXES, { search: { type: 'term', property: 'displayName', text: 'quartz' } })!;
    expect((await collection.page(byWord, { top: 10 })).items.map((u) => u['id'])).toEqual([first!.id]);
    await collection.sync(first!.id, async () => undefined);
    expect((await collection.page(byWord, { top: 10 })).items).toEqual([]);
    const everything = planQuery(USER_INDEXES, {})!;
    expect(await collection.count(everything)).toBe(users.length - 1);
    await collection.sync(first!.id, async () => first);
    expect(await collection.count(everything)).toBe(users.length);
  });
});
