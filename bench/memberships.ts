import { randomUUID } from 'node:crypto';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { startAzurite } from '../dev/azurite';
import type { DirectoryUser, UserDirectory } from '../src/domain/directory/ports';
import type { Group } from '../src/domain/groups/group';
import { checkMemberGroups } from '../src/domain/groups/manage-members';
import { listGroupMembers, listMemberOf } from '../src/domain/groups/read-memberships';
import { createGroupModule, type GroupModule } from '../src/storage/group-module';
import { GROUPS_PARTITION, toGroupEntity } from '../src/storage/group-rows';
import { encodeKey } from '../src/storage/keys';
import { forwardPartition, reversePartition } from '../src/storage/membership-rows';

/**
 * Membership reads at two directory sizes, measured in one run on an in-memory Azurite through the
 * groups module's repositories:
 *   small directory: 10 groups, 100 users; one user in all 10 groups, one group with all 100 users
 *   large directory: 1,010 groups, 10,100 users; one user in 1,000 groups, one group with 10,000
 *                    members, and also a user in 10 groups and a group of 100 (same result sizes
 *                    as the small directory, in the big one)
 * `memberOf` and `members` read every page ($top=100, as a client following nextLink does);
 * `checkMemberGroups` asks for 20 ids. Users are resolved from memory, so `members` measures the
 * membership and group tables only (the users module adds one point read per listed member).
 */

const PAGE = 100;
const RUNS = 3;
const PARALLEL = 16;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function inParallel<T>(items: readonly T[], run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

/** Writes rows of one partition in transactions of 100. */
async function batched(table: TableClient, rows: Record<string, unknown>[]): Promise<void> {
  const chunks: TransactionAction[][] = [];
  for (let i = 0; i < rows.length; i += 100) chunks.push(rows.slice(i, i + 100).map((r) => ['create', r as { partitionKey: string; rowKey: string }]));
  await inParallel(chunks, (actions) => table.submitTransaction(actions));
}

function group(i: number): Group {
  return { id: randomUUID(), displayName: `Group ${i}`, description: null, mailNickname: `group${i}-${randomUUID().slice(0, 8)}`, mailEnabled: false, securityEnabled: true, groupTypes: [], membershipRule: null, membershipRuleProcessingState: null, createdAt: new Date(), ruleVersion: 1 };
}

function user(i: number): DirectoryUser {
  return {
    id: randomUUID(), userPrincipalName: `user${i}@bench.onmicrosoft.com`, displayName: `User ${i}`, mail: null, otherMails: [], userType: 'Member', accountEnabled: true,
    creationType: null, externalUserState: null, givenName: null, surname: null, jobTitle: null, department: null, companyName: null, employeeId: null,
    country: null, city: null, state: null, usageLocation: null, preferredLanguage: null, mailNickname: null,
  };
}

interface Directory {
  module: GroupModule;
  /** [user id, its groups' ids] by number of groups. */
  userIn: Map<number, { userId: string; groupIds: string[] }>;
  /** Group id by number of members. */
  groupOf: Map<number, string>;
}

/**
 * Seeds a directory straight into the tables in the state the repositories leave behind (both
 * directions `active`): each membership partition in transactions of 100, the other direction
 * (one row per partition) in parallel single writes.
 */
async function seed(connection: string, groupCount: number, userCount: number, userIn: number[], groupOf: number[]): Promise<Directory> {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  const groupsTable = TableClient.fromConnectionString(connection, `benchgroups${suffix}`, { allowInsecureConnection: true });
  const membershipsTable = TableClient.fromConnectionString(connection, `benchmembers${suffix}`, { allowInsecureConnection: true });
  const queue = new QueueClient(connection, `bench-${suffix}`);
  await Promise.all([groupsTable.createTable(), membershipsTable.createTable(), queue.create()]);

  const groups = Array.from({ length: groupCount }, (_, i) => group(i));
  const users = Array.from({ length: userCount }, (_, i) => user(i));
  await batched(groupsTable, groups.map((g) => toGroupEntity(g)));
  const byId = new Map(users.map((u) => [u.id, u]));
  const directory: UserDirectory = {
    getUser: async (id) => byId.get(id),
    listUsers: async () => ({ items: users, continuationToken: undefined }),
  };
  const forward = (g: string, u: string) => ({ partitionKey: forwardPartition(g), rowKey: encodeKey(u), state: 'active', memberType: 'user', addedAt: new Date() });
  const reverse = (u: string, g: string) => ({ partitionKey: reversePartition(u), rowKey: encodeKey(g), state: 'active' });

  const result: Directory = { module: undefined as unknown as GroupModule, userIn: new Map(), groupOf: new Map() };
  let nextUser = 0;
  for (const count of userIn) {
    const u = users[nextUser++]!;
    const mine = groups.slice(0, count).map((g) => g.id);
    await batched(membershipsTable, mine.map((g) => reverse(u.id, g)));
    await inParallel(mine, (g) => membershipsTable.createEntity(forward(g, u.id)));
    result.userIn.set(count, { userId: u.id, groupIds: mine });
  }
  let nextGroup = groups.length - 1;
  for (const count of groupOf) {
    const g = groups[nextGroup--]!;
    const members = users.slice(userIn.length, userIn.length + count).map((u) => u.id);
    await batched(membershipsTable, members.map((u) => forward(g.id, u)));
    await inParallel(members, (u) => membershipsTable.createEntity(reverse(u, g.id)));
    result.groupOf.set(count, g.id);
  }
  result.module = createGroupModule({
    groupsTable, membershipsTable, evaluationQueue: queue, users: directory,
    // Owners are not measured here: the client is never used, so the table is not created.
    ownersTable: TableClient.fromConnectionString(connection, `benchowners${suffix}`, { allowInsecureConnection: true }),
    audit: { append: async () => undefined }, now: () => new Date(), newId: () => randomUUID(),
  });
  return result;
}

async function readAll<T>(read: (page: { top: number; continuationToken?: string | undefined }) => Promise<{ items: T[]; continuationToken: string | undefined }>): Promise<number> {
  let count = 0;
  let continuationToken: string | undefined;
  do {
    const page = await read({ top: PAGE, continuationToken });
    count += page.items.length;
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return count;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs the benchmark (starting its own Azurite) and returns the report. */
export async function benchMemberships(): Promise<string> {
  const azurite = await startAzurite();
  try {
    const seedStart = Date.now();
    const small = await seed(azurite.connectionString, 10, 100, [10], [100]);
    const large = await seed(azurite.connectionString, 1_010, 10_100, [10, 1_000], [100, 10_000]);
    const seedMs = Date.now() - seedStart;

    const cases: { name: string; dir: Directory; size: number; run: (d: Directory) => Promise<unknown> }[] = [];
    const firstPage = (n: number) => (d: Directory) => listGroupMembers(d.module.deps, d.groupOf.get(n)!, { top: PAGE });
    const memberOf = (n: number) => (d: Directory) => readAll((p) => listMemberOf(d.module.deps, d.userIn.get(n)!.userId, p));
    const members = (n: number) => (d: Directory) => readAll((p) => listGroupMembers(d.module.deps, d.groupOf.get(n)!, p));
    const check = (n: number) => (d: Directory) => {
      const { userId, groupIds } = d.userIn.get(n)!;
      const asked = [...groupIds.slice(0, 10), ...Array.from({ length: 10 }, () => randomUUID())];
      return checkMemberGroups(d.module.deps, userId, asked);
    };
    cases.push(
      { name: 'memberOf', dir: small, size: 10, run: memberOf(10) },
      { name: 'memberOf', dir: large, size: 10, run: memberOf(10) },
      { name: 'memberOf', dir: large, size: 1_000, run: memberOf(1_000) },
      { name: 'checkMemberGroups', dir: small, size: 10, run: check(10) },
      { name: 'checkMemberGroups', dir: large, size: 10, run: check(10) },
      { name: 'checkMemberGroups', dir: large, size: 1_000, run: check(1_000) },
      { name: 'members', dir: small, size: 100, run: members(100) },
      { name: 'members', dir: large, size: 100, run: members(100) },
      { name: 'members', dir: large, size: 10_000, run: members(10_000) },
      { name: 'members, first page', dir: small, size: 100, run: firstPage(100) },
      { name: 'members, first page', dir: large, size: 100, run: firstPage(100) },
      { name: 'members, first page', dir: large, size: 10_000, run: firstPage(10_000) },
    );
    for (const c of cases) await c.run(c.dir); // warm-up
    const samples = cases.map(() => [] as number[]);
    for (let r = 0; r < RUNS; r++) for (const [i, c] of cases.entries()) samples[i]!.push(await timed(() => c.run(c.dir)));
    const ms = samples.map(median);

    const lines = [`seeded 2 directories (11,100 group rows+users, ~22,400 membership rows) in ${(seedMs / 1000).toFixed(1)} s; median of ${RUNS} runs`];
    for (let i = 0; i < cases.length; i += 3) {
      const [a, b, c] = [cases[i]!, cases[i + 1]!, cases[i + 2]!];
      const [ma, mb, mc] = [ms[i]!, ms[i + 1]!, ms[i + 2]!];
      const unit = a.name.startsWith('members') ? 'members' : 'groups';
      lines.push(
        `${a.name}${a.name === 'members, first page' ? ` ($top=${PAGE}: what one request costs)` : a.name === 'checkMemberGroups' ? ' (20 ids)' : ` (every page, $top=${PAGE})`}`,
        `  small directory, ${a.size} ${unit}: ${ma.toFixed(1)} ms`,
        `  large directory, ${b.size} ${unit}: ${mb.toFixed(1)} ms  (×${(mb / ma).toFixed(2)} vs small directory: directory size alone)`,
        `  large directory, ${c.size.toLocaleString('en-US')} ${unit}: ${mc.toFixed(1)} ms  (×${(mc / mb).toFixed(2)} for ×${c.size / b.size} the ${a.name === 'members' || a.name === 'memberOf' ? 'result' : 'memberships, same result size'})`,
      );
    }
    lines.push(
      'note: Azurite answers each page of a partition query by scanning and sorting in memory, so a page costs more in',
      'bigger tables and partitions; on Azure Table Storage a page is an indexed range read of one partition.',
    );
    return lines.join('\n');
  } finally {
    await azurite.stop();
  }
}
