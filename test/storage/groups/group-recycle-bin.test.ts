import { describe, expect, it } from 'vitest';
import { createGroup, deleteGroup, finishGroupDeletion } from '../../../src/domain/groups/manage-group';
import { restoreGroup, sweepGroupRecycleBin } from '../../../src/domain/groups/recycle-group';
import { binKey, GROUPS_PARTITION } from '../../../src/storage/group-rows';
import type { MembershipStep } from '../../../src/storage/membership-rows';
import { buildUser, testGroupModule, type TestGroupModule } from './support';

const ADMIN = { kind: 'system', name: 'test' } as const;
const DAY = 86_400_000;

/** A clock the test moves. */
function clock(start = new Date('2026-11-01T08:00:00Z')) {
  let at = start.getTime();
  return { now: () => new Date(at), advance: (ms: number) => void (at += ms) };
}

const unified = (m: TestGroupModule, name: string) =>
  createGroup(m.deps, { displayName: name, mailNickname: `${name}${Math.random().toString(36).slice(2, 8)}`, securityEnabled: false, mailEnabled: true, groupTypes: ['Unified'] }, ADMIN);

/** Crashes the first time a membership write reaches `step` while `armed` is set. */
function crashSwitch() {
  const state = { armed: false, step: 'forward-committed' as MembershipStep };
  return {
    state,
    afterStep(reached: MembershipStep) {
      if (state.armed && reached === state.step) {
        state.armed = false;
        throw new Error(`crash after ${reached}`);
      }
    },
  };
}

describe('the recycle bin of Microsoft 365 groups', () => {
  it('when a Microsoft 365 group is deleted, then it is in the bin, its memberships are hidden, and a restore brings back all but a member deleted meanwhile', async () => {
    const [anna, ben] = [buildUser(), buildUser()];
    const m = await testGroupModule({ users: [anna, ben] });
    const group = await unified(m, 'team');
    for (const u of [anna, ben]) await m.deps.memberships.add(group.id, u.id, new Date());
    await deleteGroup(m.deps, group.id, ADMIN);
    expect(await m.deps.groups.get(group.id)).toBeUndefined();
    expect((await m.deps.recycleBin.listDeleted({ top: 10 })).items.map((d) => d.group.id)).toEqual([group.id]);
    expect(await m.deps.memberships.groupIdsOf(anna.id)).toEqual([]);
    expect(await m.deps.memberships.isMember(group.id, ben.id)).toBe(false);

    m.directory.remove(ben.id);
    await restoreGroup(m.deps, group.id, ADMIN);
    expect(await m.deps.memberships.groupIdsOf(anna.id)).toEqual([group.id]);
    expect(await m.deps.memberships.isMember(group.id, ben.id)).toBe(false);
    expect((await m.deps.recycleBin.listDeleted({ top: 10 })).items).toEqual([]);
    expect(await m.deps.recycleBin.listUnsettled()).toEqual([]);
  });

  it('when a security group is deleted, then it is gone for good and the bin stays empty', async () => {
    const m = await testGroupModule();
    const group = await createGroup(m.deps, { displayName: 'sec', mailNickname: 'sec1', securityEnabled: true }, ADMIN);
    await deleteGroup(m.deps, group.id, ADMIN);
    expect(await m.deps.recycleBin.getDeleted(group.id)).toBeUndefined();
    expect((await m.deps.recycleBin.listDeleted({ top: 10 })).items).toEqual([]);
  });

  it('when the deletion crashed while hiding memberships, then readers see the group gone and the sweep finishes the hiding', async () => {
    const crash = crashSwitch();
    const [anna, ben] = [buildUser(), buildUser()];
    const m = await testGroupModule({ users: [anna, ben], membershipOptions: { afterStep: crash.afterStep } });
    const group = await unified(m, 'crashy');
    for (const u of [anna, ben]) await m.deps.memberships.add(group.id, u.id, new Date());
    crash.state.armed = true;
    await expect(deleteGroup(m.deps, group.id, ADMIN)).rejects.toThrow('crash');
    expect(await m.deps.groups.get(group.id)).toBeUndefined();
    expect(await m.deps.recycleBin.listUnsettled()).toEqual([group.id]);

    await sweepGroupRecycleBin(m.deps, (id) => finishGroupDeletion(m.deps, id));
    expect(await m.deps.memberships.groupIdsOf(anna.id)).toEqual([]);
    expect(await m.deps.memberships.groupIdsOf(ben.id)).toEqual([]);
    expect(await m.deps.recycleBin.listUnsettled()).toEqual([]);
    expect((await m.deps.recycleBin.getDeleted(group.id))?.group.id).toBe(group.id);
  });

  it('when the restore crashed while showing memberships, then the sweep shows the rest', async () => {
    const crash = crashSwitch();
    const [anna, ben] = [buildUser(), buildUser()];
    const m = await testGroupModule({ users: [anna, ben], membershipOptions: { afterStep: crash.afterStep } });
    const group = await unified(m, 'back');
    for (const u of [anna, ben]) await m.deps.memberships.add(group.id, u.id, new Date());
    await deleteGroup(m.deps, group.id, ADMIN);
    crash.state.armed = true;
    await expect(restoreGroup(m.deps, group.id, ADMIN)).rejects.toThrow('crash');
    expect((await m.deps.groups.get(group.id))?.value.id).toBe(group.id);

    await sweepGroupRecycleBin(m.deps, (id) => finishGroupDeletion(m.deps, id));
    expect(await m.deps.memberships.groupIdsOf(anna.id)).toEqual([group.id]);
    expect(await m.deps.memberships.groupIdsOf(ben.id)).toEqual([group.id]);
    expect(await m.deps.recycleBin.listUnsettled()).toEqual([]);
  });

  it('when 30 days have passed, then the sweep finds the due group through its purge-due row and removes it for good, leaving younger ones', async () => {
    const t = clock();
    const anna = buildUser();
    const m = await testGroupModule({ users: [anna], now: t.now });
    const old = await unified(m, 'old');
    await m.deps.memberships.add(old.id, anna.id, t.now());
    await deleteGroup(m.deps, old.id, ADMIN);
    t.advance(10 * DAY);
    const young = await unified(m, 'young');
    await deleteGroup(m.deps, young.id, ADMIN);

    t.advance(19 * DAY);
    expect(await sweepGroupRecycleBin(m.deps, (id) => finishGroupDeletion(m.deps, id))).toEqual([]);
    t.advance(1 * DAY + 1000);
    expect(await sweepGroupRecycleBin(m.deps, (id) => finishGroupDeletion(m.deps, id))).toEqual([old.id]);
    expect(await m.deps.recycleBin.getDeleted(old.id)).toBeUndefined();
    expect(await m.deps.groups.getDeleting(old.id)).toBeUndefined();
    expect(await m.deps.memberships.isMember(old.id, anna.id)).toBe(false);
    expect(await m.deps.memberships.groupIdsOf(anna.id)).toEqual([]);
    expect((await m.deps.recycleBin.listDeleted({ top: 10 })).items.map((d) => d.group.id)).toEqual([young.id]);
    // Its mailNickname is free again.
    await createGroup(m.deps, { displayName: 'again', mailNickname: old.mailNickname, securityEnabled: true }, ADMIN);
  });

  it('when the bin is read a page at a time, then every deleted group comes once across the continuations, and a bin row without a deleted group behind it is skipped', async () => {
    const m = await testGroupModule();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const g = await unified(m, `p${i}`);
      await deleteGroup(m.deps, g.id, ADMIN);
      ids.push(g.id);
    }
    // A bin row whose group is not in the bin (e.g. a table restored from an older backup).
    const live = await unified(m, 'live');
    await m.groupsTable.upsertEntity({ partitionKey: GROUPS_PARTITION, rowKey: binKey(live.id), groupId: live.id }, 'Replace');

    const seen: string[] = [];
    let continuationToken: string | undefined;
    let pages = 0;
    do {
      const page = await m.deps.recycleBin.listDeleted({ top: 2, continuationToken });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((d) => d.group.id));
      continuationToken = page.continuationToken;
      pages++;
    } while (continuationToken);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen.sort()).toEqual([...ids].sort());
  });
});
