import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { createTableMembershipRepository, type TableMembershipRepository } from '../../../src/storage/membership-repository';
import { reversePartition, type MembershipStep } from '../../../src/storage/membership-rows';
import { encodeKey } from '../../../src/storage/keys';
import { sweepPendingMemberships } from '../../../src/storage/membership-sweep';
import { freshTable } from './support';

const at = new Date('2026-11-21T06:00:00Z');
const HOUR = 3_600_000;

function crashingOnceAt(table: TableClient, step: MembershipStep, nth = 1): TableMembershipRepository {
  let seen = 0;
  return createTableMembershipRepository(table, {
    afterStep(reached) {
      if (reached === step && ++seen === nth) throw new Error(`crash after ${step}`);
    },
  });
}
const reverseRow = async (table: TableClient, memberId: string, groupId: string) => {
  try {
    return await table.getEntity<{ state: string }>(reversePartition(memberId), encodeKey(groupId));
  } catch {
    return undefined;
  }
};

describe('sweep of pending membership rows', () => {
  it('when a group deletion crashed between a membership\'s two rows and was finished, then the pending index row it left is deleted by the sweep, and only once it is stale', async () => {
    const table = await freshTable('ms');
    const repo = createTableMembershipRepository(table);
    const [doomed, kept, anna, ben] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const member of [anna, ben]) await repo.add(doomed, member, at);
    await repo.add(kept, anna, at);
    // The deletion's clean-up crashes right after the second membership's forward row is gone…
    await expect(crashingOnceAt(table, 'forward-deleted', 2).removeAllOfGroup(doomed)).rejects.toThrow('crash');
    // …and the retry (or the deletion sweep) finishes the group: it sees no forward rows left.
    await repo.removeAllOfGroup(doomed);
    const orphan = (await reverseRow(table, ben, doomed)) ?? (await reverseRow(table, anna, doomed));
    expect(orphan?.state).toBe('pending');

    expect(await sweepPendingMemberships(table, new Date())).toEqual({ deleted: 0, settled: 0 });
    expect(await sweepPendingMemberships(table, new Date(Date.now() + HOUR))).toEqual({ deleted: 1, settled: 0 });
    expect(await reverseRow(table, anna, doomed)).toBeUndefined();
    expect(await reverseRow(table, ben, doomed)).toBeUndefined();
    expect((await reverseRow(table, anna, kept))?.state).toBe('active');
    expect(await repo.groupIdsOf(anna)).toEqual([kept]);
  });

  it('when a change crashed after marking the index row pending, then the sweep sets it to the committed state, and a pending add is left alone', async () => {
    const table = await freshTable('ms');
    const repo = createTableMembershipRepository(table);
    const [group, carla, dan] = [randomUUID(), randomUUID(), randomUUID()];
    await repo.add(group, carla, at);
    // Hiding Carla (she was soft-deleted) crashed after the commit: forward hidden, index still pending.
    await expect(crashingOnceAt(table, 'forward-committed').principalDeleted(carla)).rejects.toThrow('crash');
    expect((await reverseRow(table, carla, group))?.state).toBe('pending');
    // Adding Dan crashed before its commit: both rows pending, for a retried add to complete.
    await expect(crashingOnceAt(table, 'reverse-pending').add(group, dan, at)).rejects.toThrow('crash');

    expect(await sweepPendingMemberships(table, new Date(Date.now() + HOUR))).toEqual({ deleted: 0, settled: 1 });
    expect((await reverseRow(table, carla, group))?.state).toBe('hidden');
    expect((await reverseRow(table, dan, group))?.state).toBe('pending');
    expect(await repo.add(group, dan, at)).toBe(true);
    expect(await repo.isMember(group, dan)).toBe(true);
  });
});
