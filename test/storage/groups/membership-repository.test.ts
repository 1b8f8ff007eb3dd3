import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { createTableMembershipRepository, type TableMembershipRepository } from '../../../src/storage/membership-repository';
import { forwardPartition, reversePartition, type MembershipStep } from '../../../src/storage/membership-rows';
import { freshTable } from './support';

const at = new Date('2026-11-21T06:00:00Z');

class Crash extends Error {}

/** A repository on `table` that crashes right after `step` (the first time it is reached). */
function crashingAt(table: TableClient, step: MembershipStep): TableMembershipRepository {
  let crashed = false;
  return createTableMembershipRepository(table, {
    afterStep(reached) {
      if (reached === step && !crashed) {
        crashed = true;
        throw new Crash(`crash after ${step}`);
      }
    },
  });
}

/** What every reader says about one membership; they must always agree. */
async function views(repo: TableMembershipRepository, groupId: string, memberId: string) {
  const members = await repo.listMembers(groupId, { top: 100 });
  const groups = await repo.listGroupsOf(memberId, { top: 100 });
  return {
    isMember: await repo.isMember(groupId, memberId),
    inMembers: members.items.includes(memberId),
    inMemberOf: groups.items.includes(groupId),
    checked: (await repo.checkGroups(memberId, [groupId])).includes(groupId),
    inGroupIdsOf: (await repo.groupIdsOf(memberId)).includes(groupId),
  };
}

const all = (value: boolean) => ({ isMember: value, inMembers: value, inMemberOf: value, checked: value, inGroupIdsOf: value });

async function rows(table: TableClient, partitionKey: string) {
  const out: { rowKey: string; state: unknown }[] = [];
  for await (const row of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${partitionKey}'` } })) out.push({ rowKey: row.rowKey!, state: row['state'] });
  return out;
}

describe('memberships stored in both directions', () => {
  it('when a user is added, then the group lists the user and the user lists the group, and a second add reports an existing member', async () => {
    const table = await freshTable();
    const repo = createTableMembershipRepository(table);
    const [groupId, memberId, other] = [randomUUID(), randomUUID(), randomUUID()];
    expect(await repo.add(groupId, memberId, at)).toBe(true);
    expect(await views(repo, groupId, memberId)).toEqual(all(true));
    expect(await repo.checkGroups(memberId, [other, groupId])).toEqual([groupId]);
    expect(await repo.add(groupId, memberId, at)).toBe(false);
    expect(await repo.remove(groupId, memberId)).toBe(true);
    expect(await views(repo, groupId, memberId)).toEqual(all(false));
    expect(await repo.remove(groupId, memberId)).toBe(false);
    expect(await rows(table, forwardPartition(groupId))).toEqual([]);
    expect(await rows(table, reversePartition(memberId))).toEqual([]);
  });

  it('when members are listed in pages, then each page is a range read that continues where the last stopped', async () => {
    const repo = createTableMembershipRepository(await freshTable());
    const groupId = randomUUID();
    const ids = Array.from({ length: 7 }, () => randomUUID());
    for (const id of ids) await repo.add(groupId, id, at);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await repo.listMembers(groupId, { top: 3, continuationToken: token });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      token = page.continuationToken;
    } while (token);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  describe.each(['forward-pending', 'reverse-pending', 'forward-committed'] as const)('when an add crashes right after %s', (step) => {
    it('then every reader gives the same answer, and retrying the add completes it in both directions', async () => {
      const table = await freshTable();
      const [groupId, memberId] = [randomUUID(), randomUUID()];
      await expect(crashingAt(table, step).add(groupId, memberId, at)).rejects.toBeInstanceOf(Crash);

      const repo = createTableMembershipRepository(table);
      const committed = step === 'forward-committed';
      expect(await views(repo, groupId, memberId)).toEqual(all(committed));

      // The retry of a committed add says "already a member" (the client's 500 was a lie it can check).
      expect(await repo.add(groupId, memberId, at)).toBe(!committed);
      expect(await views(repo, groupId, memberId)).toEqual(all(true));
      expect(await rows(table, forwardPartition(groupId))).toEqual([{ rowKey: memberId, state: 'active' }]);
      expect(await rows(table, reversePartition(memberId))).toEqual([{ rowKey: groupId, state: 'active' }]);
    });

    it('then repair alone completes it', async () => {
      const table = await freshTable();
      const [groupId, memberId] = [randomUUID(), randomUUID()];
      await expect(crashingAt(table, step).add(groupId, memberId, at)).rejects.toBeInstanceOf(Crash);
      const repo = createTableMembershipRepository(table);
      await repo.repair(groupId, memberId);
      expect(await views(repo, groupId, memberId)).toEqual(all(true));
      expect(await rows(table, reversePartition(memberId))).toEqual([{ rowKey: groupId, state: 'active' }]);
    });
  });

  describe.each(['reverse-pending', 'forward-deleted'] as const)('when a removal crashes right after %s', (step) => {
    it('then every reader gives the same answer, and retrying the removal completes it', async () => {
      const table = await freshTable();
      const [groupId, memberId] = [randomUUID(), randomUUID()];
      await createTableMembershipRepository(table).add(groupId, memberId, at);
      await expect(crashingAt(table, step).remove(groupId, memberId)).rejects.toBeInstanceOf(Crash);

      const repo = createTableMembershipRepository(table);
      const removed = step === 'forward-deleted';
      expect(await views(repo, groupId, memberId)).toEqual(all(!removed));
      await repo.remove(groupId, memberId);
      expect(await views(repo, groupId, memberId)).toEqual(all(false));
      expect(await rows(table, forwardPartition(groupId))).toEqual([]);
      expect(await rows(table, reversePartition(memberId))).toEqual([]);
    });
  });

  it('when a group is deleted, then all its memberships go from both sides', async () => {
    const table = await freshTable();
    const repo = createTableMembershipRepository(table);
    const [groupId, keep] = [randomUUID(), randomUUID()];
    const members = Array.from({ length: 5 }, () => randomUUID());
    for (const m of members) await repo.add(groupId, m, at);
    await repo.add(keep, members[0]!, at);
    await repo.removeAllOfGroup(groupId);
    await repo.removeAllOfGroup(groupId);
    expect(await rows(table, forwardPartition(groupId))).toEqual([]);
    for (const m of members) expect(await repo.groupIdsOf(m)).toEqual(m === members[0] ? [keep] : []);
  });
});

describe('memberships through a user’s soft delete, restore and purge', () => {
  async function userInGroups(table: TableClient, count: number) {
    const repo = createTableMembershipRepository(table);
    const userId = randomUUID();
    const groups = Array.from({ length: count }, () => randomUUID());
    for (const g of groups) await repo.add(g, userId, at);
    return { repo, userId, groups };
  }

  it('when the user is deleted, then the memberships are hidden on both sides, and restore brings back exactly those', async () => {
    const table = await freshTable();
    const { repo, userId, groups } = await userInGroups(table, 3);
    const left = randomUUID();
    await repo.add(left, userId, at);
    await repo.remove(left, userId);

    await repo.principalDeleted(userId);
    await repo.principalDeleted(userId);
    expect(await repo.groupIdsOf(userId)).toEqual([]);
    for (const g of groups) expect(await views(repo, g, userId)).toEqual(all(false));

    await repo.principalRestored(userId);
    await repo.principalRestored(userId);
    expect((await repo.groupIdsOf(userId)).sort()).toEqual([...groups].sort());
    for (const g of groups) expect(await views(repo, g, userId)).toEqual(all(true));
    expect(await repo.isMember(left, userId)).toBe(false);
  });

  it('when the user is purged, then no row of theirs is left', async () => {
    const table = await freshTable();
    const { repo, userId, groups } = await userInGroups(table, 3);
    await repo.principalDeleted(userId);
    await repo.principalPurged(userId);
    await repo.principalPurged(userId);
    expect(await rows(table, reversePartition(userId))).toEqual([]);
    for (const g of groups) expect(await rows(table, forwardPartition(g))).toEqual([]);
  });

  it('when the deletion crashes between the two sides, then readers agree and running it again finishes it', async () => {
    const table = await freshTable();
    const { userId, groups } = await userInGroups(table, 3);
    await expect(crashingAt(table, 'forward-committed').principalDeleted(userId)).rejects.toBeInstanceOf(Crash);
    const repo = createTableMembershipRepository(table);
    for (const g of groups) {
      const v = await views(repo, g, userId);
      expect(new Set(Object.values(v)).size, `readers disagree on ${g}`).toBe(1);
    }
    await repo.principalDeleted(userId);
    for (const g of groups) expect(await views(repo, g, userId)).toEqual(all(false));
    await repo.principalRestored(userId);
    for (const g of groups) expect(await views(repo, g, userId)).toEqual(all(true));
  });
});
