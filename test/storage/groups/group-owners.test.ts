import type { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import type { AuditInitiator } from '../../../src/domain/audit';
import { createGroup, deleteGroup, finishInterruptedDeletions } from '../../../src/domain/groups/manage-group';
import { addGroupMember } from '../../../src/domain/groups/manage-members';
import { addGroupOwner, listGroupOwners, listOwnedObjects, removeGroupOwner } from '../../../src/domain/groups/manage-owners';
import { listGroupMembers } from '../../../src/domain/groups/read-memberships';
import { forwardPartition, reversePartition, type MembershipStep } from '../../../src/storage/membership-rows';
import { buildUser, testGroupModule, type TestGroupModule } from './support';

const admin: AuditInitiator = { kind: 'user', id: 'admin-1' };
const assigned = (name: string) => ({ displayName: name, mailNickname: `${name.toLowerCase()}${Math.floor(Math.random() * 1e9)}`, securityEnabled: true });

class Crash extends Error {}

/** Options that crash the owner rows' writes right after `step`, the first time it is reached. */
function crashOnceAfter(step: MembershipStep) {
  let crashed = false;
  return {
    afterStep(reached: MembershipStep) {
      if (reached === step && !crashed) {
        crashed = true;
        throw new Crash(`crash after ${step}`);
      }
    },
  };
}

async function rawRows(table: TableClient, partitionKey: string) {
  const out: { rowKey: string; state: unknown }[] = [];
  for await (const row of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${partitionKey}'` } })) out.push({ rowKey: row.rowKey!, state: row['state'] });
  return out;
}

/** What both directions say about one ownership; they must always agree. */
async function views(m: TestGroupModule, groupId: string, ownerId: string) {
  return {
    isOwner: await m.deps.owners.isOwner(groupId, ownerId),
    inOwners: (await listGroupOwners(m.deps, groupId, { top: 100 })).items.some((u) => u.id === ownerId),
    inOwnedObjects: (await listOwnedObjects(m.deps, ownerId, { top: 100 })).items.some((g) => g.id === groupId),
  };
}
const all = (value: boolean) => ({ isOwner: value, inOwners: value, inOwnedObjects: value });

describe('group owners stored in both directions', () => {
  it('when a user is made an owner, then the group lists the user, the user lists the group, membership is untouched, and a second add is Graph’s 400', async () => {
    const [olga] = [buildUser({ displayName: 'Olga' })];
    const m = await testGroupModule({ users: [olga] });
    const group = await createGroup(m.deps, assigned('Falcon'), admin);

    await addGroupOwner(m.deps, group.id, olga.id, admin, 'corr-1');
    expect(await views(m, group.id, olga.id)).toEqual(all(true));
    expect((await listGroupMembers(m.deps, group.id, { top: 100 })).items).toEqual([]);
    expect(m.audit.entries.at(-1)).toMatchObject({
      activityDisplayName: 'Add owner to group',
      category: 'GroupManagement',
      correlationId: 'corr-1',
      targetResources: [{ id: group.id, type: 'Group' }, { id: olga.id, type: 'User', userPrincipalName: olga.userPrincipalName }],
    });

    const again = addGroupOwner(m.deps, group.id, olga.id, admin);
    await expect(again).rejects.toMatchObject({ code: 'validationFailed', message: expect.stringContaining("modified properties: 'owners'") });
    expect(m.audit.entries.filter((e) => e.activityDisplayName === 'Add owner to group')).toHaveLength(1);
  });

  it('when the group or the user does not exist, then adding is 404 and nothing is written', async () => {
    const olga = buildUser();
    const m = await testGroupModule({ users: [olga] });
    const group = await createGroup(m.deps, assigned('Falcon'), admin);
    await expect(addGroupOwner(m.deps, group.id, 'no-such-user', admin)).rejects.toMatchObject({ code: 'notFound' });
    await expect(addGroupOwner(m.deps, 'no-such-group', olga.id, admin)).rejects.toMatchObject({ code: 'notFound' });
    expect(await rawRows(m.ownersTable, forwardPartition(group.id))).toEqual([]);
    expect(await rawRows(m.ownersTable, reversePartition(olga.id))).toEqual([]);
  });

  it('when the only owner of a security group is removed, then that is allowed and audited; removing again is 404', async () => {
    const olga = buildUser();
    const m = await testGroupModule({ users: [olga] });
    const group = await createGroup(m.deps, assigned('Falcon'), admin);
    await addGroupOwner(m.deps, group.id, olga.id, admin);

    await removeGroupOwner(m.deps, group.id, olga.id, admin, 'corr-2');
    expect(await views(m, group.id, olga.id)).toEqual(all(false));
    expect(m.audit.entries.at(-1)).toMatchObject({ activityDisplayName: 'Remove owner from group', category: 'GroupManagement', correlationId: 'corr-2' });
    await expect(removeGroupOwner(m.deps, group.id, olga.id, admin)).rejects.toMatchObject({ code: 'notFound' });
    expect(await rawRows(m.ownersTable, forwardPartition(group.id))).toEqual([]);
    expect(await rawRows(m.ownersTable, reversePartition(olga.id))).toEqual([]);
  });

  it('when the group has dynamic membership, then it still takes owners (ownership is not membership)', async () => {
    const olga = buildUser();
    const m = await testGroupModule({ users: [olga] });
    const group = await createGroup(m.deps, { ...assigned('Dyn'), groupTypes: ['DynamicMembership'], membershipRule: 'user.department -eq "Sales"' }, admin);
    await addGroupOwner(m.deps, group.id, olga.id, admin);
    expect(await views(m, group.id, olga.id)).toEqual(all(true));
  });

  describe('when an add crashes between its writes', () => {
    it('then before the commit nobody sees an owner, and retrying the add completes it in both directions', async () => {
      const olga = buildUser();
      const m = await testGroupModule({ users: [olga], ownershipOptions: crashOnceAfter('reverse-pending') });
      const group = await createGroup(m.deps, assigned('Falcon'), admin);
      await expect(addGroupOwner(m.deps, group.id, olga.id, admin)).rejects.toBeInstanceOf(Crash);
      expect(await views(m, group.id, olga.id)).toEqual(all(false));

      await addGroupOwner(m.deps, group.id, olga.id, admin);
      expect(await views(m, group.id, olga.id)).toEqual(all(true));
      expect(await rawRows(m.ownersTable, reversePartition(olga.id))).toEqual([{ rowKey: group.id, state: 'active' }]);
    });

    it('then after the commit both directions already agree, and a retry (Graph’s 400) settles the reverse row', async () => {
      const olga = buildUser();
      const m = await testGroupModule({ users: [olga], ownershipOptions: crashOnceAfter('forward-committed') });
      const group = await createGroup(m.deps, assigned('Falcon'), admin);
      await expect(addGroupOwner(m.deps, group.id, olga.id, admin)).rejects.toBeInstanceOf(Crash);
      expect(await rawRows(m.ownersTable, reversePartition(olga.id))).toEqual([{ rowKey: group.id, state: 'pending' }]);
      expect(await views(m, group.id, olga.id)).toEqual(all(true));

      await expect(addGroupOwner(m.deps, group.id, olga.id, admin)).rejects.toMatchObject({ code: 'validationFailed' });
      expect(await rawRows(m.ownersTable, reversePartition(olga.id))).toEqual([{ rowKey: group.id, state: 'active' }]);
    });
  });

  it('when a removal crashes after its commit, then nobody sees an owner, and retrying it (404) leaves no row behind', async () => {
    const olga = buildUser();
    const m = await testGroupModule({ users: [olga], ownershipOptions: crashOnceAfter('forward-deleted') });
    const group = await createGroup(m.deps, assigned('Falcon'), admin);
    await addGroupOwner(m.deps, group.id, olga.id, admin);
    await expect(removeGroupOwner(m.deps, group.id, olga.id, admin)).rejects.toBeInstanceOf(Crash);
    expect(await views(m, group.id, olga.id)).toEqual(all(false));

    await expect(removeGroupOwner(m.deps, group.id, olga.id, admin)).rejects.toMatchObject({ code: 'notFound' });
    expect(await rawRows(m.ownersTable, reversePartition(olga.id))).toEqual([]);
  });

  it('when the owner is soft-deleted, then the ownership is hidden (with the membership); restore brings it back; purge leaves no row', async () => {
    const [olga, kim] = [buildUser(), buildUser()];
    const m = await testGroupModule({ users: [olga, kim] });
    const group = await createGroup(m.deps, assigned('Falcon'), admin);
    await addGroupOwner(m.deps, group.id, olga.id, admin);
    await addGroupOwner(m.deps, group.id, kim.id, admin);
    await addGroupMember(m.deps, group.id, olga.id, admin);

    await m.lifecycle.principalDeleted(olga.id);
    await m.lifecycle.principalDeleted(olga.id);
    expect(await m.deps.owners.isOwner(group.id, olga.id)).toBe(false);
    expect((await m.deps.owners.listOwners(group.id, { top: 100 })).items).toEqual([kim.id]);
    expect((await m.deps.owners.listOwnedGroups(olga.id, { top: 100 })).items).toEqual([]);
    expect(await m.deps.memberships.isMember(group.id, olga.id)).toBe(false);
    expect(await rawRows(m.ownersTable, reversePartition(olga.id))).toEqual([{ rowKey: group.id, state: 'hidden' }]);

    await m.lifecycle.principalRestored(olga.id);
    expect(await views(m, group.id, olga.id)).toEqual(all(true));
    expect(await m.deps.memberships.isMember(group.id, olga.id)).toBe(true);

    await m.lifecycle.principalDeleted(olga.id);
    await m.lifecycle.principalPurged(olga.id);
    expect(await rawRows(m.ownersTable, reversePartition(olga.id))).toEqual([]);
    expect((await rawRows(m.ownersTable, forwardPartition(group.id))).map((r) => r.rowKey)).toEqual([kim.id]);
  });

  it('when a group is deleted (even with a crash in its clean-up), then its owner rows go from both sides and other groups keep theirs', async () => {
    const [olga, kim] = [buildUser(), buildUser()];
    const m = await testGroupModule({ users: [olga, kim], ownershipOptions: crashOnceAfter('forward-deleted') });
    const [doomed, kept] = [await createGroup(m.deps, assigned('Doomed'), admin), await createGroup(m.deps, assigned('Kept'), admin)];
    await addGroupOwner(m.deps, doomed.id, olga.id, admin);
    await addGroupOwner(m.deps, doomed.id, kim.id, admin);
    await addGroupOwner(m.deps, kept.id, olga.id, admin);

    await expect(deleteGroup(m.deps, doomed.id, admin)).rejects.toBeInstanceOf(Crash);
    expect((await listOwnedObjects(m.deps, olga.id, { top: 100 })).items.map((g) => g.id)).toEqual([kept.id]);
    expect(await finishInterruptedDeletions(m.deps)).toEqual([doomed.id]);

    expect(await rawRows(m.ownersTable, forwardPartition(doomed.id))).toEqual([]);
    // The crashed step left one reverse row for the doomed group `pending` (whose depends on row
    // order): readers resolve it against the forward row, which is gone, so it counts for nothing,
    // as with memberships.
    const settled = async (userId: string) => (await rawRows(m.ownersTable, reversePartition(userId))).filter((r) => r.state !== 'pending').map((r) => r.rowKey);
    expect(await settled(kim.id)).toEqual([]);
    expect(await settled(olga.id)).toEqual([kept.id]);
    expect((await m.deps.owners.listOwnedGroups(kim.id, { top: 100 })).items).toEqual([]);
    expect((await m.deps.owners.listOwnedGroups(olga.id, { top: 100 })).items).toEqual([kept.id]);
    expect(await views(m, kept.id, olga.id)).toEqual(all(true));
  });
});
