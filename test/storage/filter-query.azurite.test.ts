import { TableClient } from '@azure/data-tables';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { compileFilter, matchesFilter } from '../../src/http/odata';
import { toTableQuery } from '../../src/storage/filter-query';
import { usersMapping, usersSpec } from '../http/odata/fixtures';

// Small alphabets so that random filters hit random rows often, including case and quote edge cases.
const text = fc.array(fc.constantFrom('a', 'A', 'b', 'é', 'É', "'", ' ', 'z'), { maxLength: 3 }).map((c) => c.join(''));
const ids = fc.sample(fc.uuid(), { numRuns: 40, seed: 7 });
const managers = ['11111111-2222-4333-8444-555555555555', 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'];
const instants = ['2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.001Z', '2024-06-30T12:00:00.000Z', '2025-01-01T00:00:00.000Z'];

const row = fc.record({
  displayName: fc.option(text, { nil: undefined }),
  mail: text,
  userType: fc.constantFrom('Guest', 'Member'),
  accountEnabled: fc.boolean(),
  signInCount: fc.option(fc.integer({ min: -2, max: 4 }), { nil: undefined }),
  createdDateTime: fc.constantFrom(...instants),
  manager: fc.option(fc.constantFrom(...managers).map((id) => ({ id })), { nil: null }),
  otherMails: fc.array(text, { maxLength: 2 }),
});
const users = fc.sample(row, { numRuns: ids.length, seed: 11 }).map((user, i) => ({ id: ids[i] as string, ...user }));

const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;
const anyCase = (value: string) => fc.constantFrom(value, value.toUpperCase(), value.toLowerCase());

const clause: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('eq', 'ne', 'ge', 'le'), text).map(([op, v]) => `displayName ${op} ${quoted(v)}`),
  fc.constantFrom('displayName eq null', 'displayName ne null', 'signInCount eq null'),
  fc.tuple(fc.constantFrom('startsWith(mail', 'startsWith(displayName', 'endsWith(displayName'), text).map(([f, v]) => `${f}, ${quoted(v)})`),
  fc.array(text, { minLength: 1, maxLength: 3 }).map((vs) => `mail in (${vs.map(quoted).join(', ')})`),
  fc.tuple(fc.constantFrom('eq', 'ne'), anyCase('Guest')).map(([op, v]) => `userType ${op} '${v}'`),
  anyCase('member').map((v) => `userType in ('${v}')`),
  fc.tuple(fc.constantFrom('eq', 'ne'), fc.boolean()).map(([op, v]) => `accountEnabled ${op} ${v}`),
  fc.tuple(fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le'), fc.constantFrom(-1, 0, 2, 2.5, 4)).map(([op, v]) => `signInCount ${op} ${v}`),
  fc.tuple(fc.constantFrom('eq', 'gt', 'ge', 'lt', 'le'), fc.constantFrom(...instants, '2024-01-01')).map(([op, v]) => `createdDateTime ${op} ${v}`),
  fc.constantFrom(...managers).chain(anyCase).map((id) => `manager/id eq ${id}`),
  fc.tuple(fc.constantFrom('eq', 'ne'), fc.constantFrom(...ids.slice(0, 5)).chain(anyCase)).map(([op, id]) => `id ${op} '${id}'`),
  text.map((v) => `otherMails/any(m: startsWith(m, ${quoted(v)}))`),
);

const filterText: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    clause,
    fc.tuple(tie('f'), fc.constantFrom('and', 'or'), tie('f')).map(([l, op, r]) => `(${l}) ${op} (${r})`),
    tie('f').map((f) => `not (${f})`),
  ),
})).f;

describe('toTableQuery against Azurite', () => {
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `odata${Date.now()}`, {
    allowInsecureConnection: true,
  });
  const seen = { exact: 0, partial: 0, none: 0 };

  beforeAll(async () => {
    await table.createTable();
    for (const user of users) {
      await table.createEntity({
        partitionKey: 'users',
        rowKey: user.id,
        ...(user.displayName !== undefined && { DisplayNameLower: user.displayName.toLowerCase() }),
        MailLower: user.mail.toLowerCase(),
        UserType: user.userType,
        AccountEnabled: user.accountEnabled,
        ...(user.signInCount !== undefined && { SignInCount: { value: String(user.signInCount), type: 'Int32' as const } }),
        Created: new Date(user.createdDateTime),
        ...(user.manager && { ManagerId: { value: user.manager.id, type: 'Guid' as const } }),
        Dto: JSON.stringify(user),
      });
    }
  });

  afterAll(async () => {
    await table.deleteTable();
  });

  it('when any filter is split between the table and memory, then the result equals evaluating it in memory', async () => {
    await fc.assert(
      fc.asyncProperty(filterText, async (text) => {
        const compiled = compileFilter(text, usersSpec);
        if (!compiled.ok) throw new Error(`${text}: ${compiled.error.message}`);
        const query = toTableQuery(compiled.value, usersMapping);
        seen[query.filter === undefined ? 'none' : query.residualNeeded ? 'partial' : 'exact'] += 1;

        const fetched: unknown[] = [];
        for await (const entity of table.listEntities<{ Dto: string }>({ queryOptions: { filter: query.filter } })) {
          fetched.push(JSON.parse(entity.Dto));
        }
        const result = query.residualNeeded ? fetched.filter((u) => matchesFilter(compiled.value, u)) : fetched;
        const expected = users.filter((u) => matchesFilter(compiled.value, u));
        expect({ text, query, ids: result.map((u) => (u as { id: string }).id).sort() }).toEqual({
          text,
          query,
          ids: expected.map((u) => u.id).sort(),
        });
      }),
      { numRuns: 300 },
    );
    // The property is only meaningful if the table did real work in many runs.
    expect(seen.exact).toBeGreaterThan(50);
    expect(seen.partial).toBeGreaterThan(10);
  });
});
