import { describe, expect, it } from 'vitest';
import { createDynamicMembershipObserver, evaluateGroupPage, resumeStalledEvaluations } from '../../../src/domain/groups/dynamic-membership';
import { createGroup, updateGroup } from '../../../src/domain/groups/manage-group';
import type { EvaluationMessage } from '../../../src/domain/groups/ports';
import { evaluationMessageSchema } from '../../../src/domain/groups/ports';
import { buildUser, testGroupModule, type TestGroupModule } from '../../storage/groups/support';

const admin = { kind: 'app', appId: 'admin-app' } as const;
const dynamic = (rule: string, state: 'On' | 'Paused' = 'On') => ({
  displayName: 'Dynamic',
  mailNickname: `dyn${Math.random().toString(36).slice(2, 8)}`,
  securityEnabled: true,
  groupTypes: ['DynamicMembership' as const],
  membershipRule: rule,
  membershipRuleProcessingState: state,
});

async function memberIds(m: TestGroupModule, groupId: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await m.deps.memberships.listMembers(groupId, { top: 1000, continuationToken: token });
    ids.push(...page.items);
    token = page.continuationToken;
  } while (token);
  return ids.sort();
}

/** Small pages, so a few dozen users already take several queue messages. */
const PAGE_SIZE = 10;

const runQueue = (m: TestGroupModule, outcomes: string[] = []) =>
  m.drain(async (raw) => outcomes.push(await evaluateGroupPage(m.deps, evaluationMessageSchema.parse(raw), PAGE_SIZE)));

describe('dynamic groups evaluated from the queue', () => {
  it('when a dynamic group is created and its rule later changes, then pages of users are evaluated from queue messages and the members follow the rule', async () => {
    const users = Array.from({ length: 25 }, (_, i) => buildUser({ department: i % 3 === 0 ? 'Sales' : 'Marketing' }));
    const m = await testGroupModule({ users });
    const group = await createGroup(m.deps, dynamic('user.department -eq "Sales"'), admin);
    const outcomes: string[] = [];
    expect(await runQueue(m, outcomes)).toBe(3);
    expect(outcomes).toEqual(['continued', 'continued', 'finished']);
    const sales = users.filter((u) => u.department === 'Sales').map((u) => u.id).sort();
    expect(await memberIds(m, group.id)).toEqual(sales);
    expect(await m.deps.groups.getProgress(group.id)).toMatchObject({ nextPage: undefined });

    await updateGroup(m.deps, group.id, { membershipRule: 'user.department -eq "Marketing"' }, admin);
    await runQueue(m);
    expect(await memberIds(m, group.id)).toEqual(users.filter((u) => u.department === 'Marketing').map((u) => u.id).sort());
    const added = m.audit.entries.filter((e) => e.activityDisplayName === 'Add member to group');
    expect(added).toHaveLength(25);
    expect(added[0]?.initiatedBy).toEqual({ kind: 'system', name: 'Dynamic membership' });
  });

  it('when a page message is delivered twice or belongs to an older rule, then it is dropped', async () => {
    const users = Array.from({ length: 15 }, () => buildUser({ city: 'Delft' }));
    const m = await testGroupModule({ users });
    const group = await createGroup(m.deps, dynamic('user.city -eq "Delft"'), admin);
    const first: EvaluationMessage = { groupId: group.id, ruleVersion: 1, page: '' };
    await runQueue(m);
    expect(await evaluateGroupPage(m.deps, first, PAGE_SIZE)).toBe('dropped');
    await updateGroup(m.deps, group.id, { membershipRule: 'user.city -eq "Leiden"' }, admin);
    expect(await evaluateGroupPage(m.deps, first, PAGE_SIZE)).toBe('dropped');
    expect(await memberIds(m, group.id)).toHaveLength(15);
    await runQueue(m);
    expect(await memberIds(m, group.id)).toEqual([]);
  });

  it('when the first message was lost, then the stalled-evaluation sweep queues it again and the evaluation completes', async () => {
    const users = [buildUser({ country: 'NL' }), buildUser({ country: 'BE' })];
    let now = new Date('2026-11-21T06:00:00Z');
    const m = await testGroupModule({ users, now: () => now });
    const group = await createGroup(m.deps, dynamic('user.country -eq "NL"'), admin);
    await m.queue.clearMessages();
    expect(await resumeStalledEvaluations(m.deps, 15 * 60_000)).toEqual([]);
    now = new Date('2026-11-21T06:20:00Z');
    expect(await resumeStalledEvaluations(m.deps, 15 * 60_000)).toEqual([{ groupId: group.id, ruleVersion: 1, page: '' }]);
    await runQueue(m);
    expect(await memberIds(m, group.id)).toEqual([users[0]!.id]);
    expect(await resumeStalledEvaluations(m.deps, 0)).toEqual([]);
  });

  it('when an assigned group becomes dynamic, then members the rule rejects leave and users it admits join; back to assigned, the members stay', async () => {
    const [kept, dropped, joins] = [buildUser({ city: 'Delft' }), buildUser({ city: 'Leiden' }), buildUser({ city: 'Delft' })];
    const m = await testGroupModule({ users: [kept, dropped, joins] });
    const group = await createGroup(m.deps, { displayName: 'Was assigned', mailNickname: 'wasassigned', securityEnabled: true }, admin);
    for (const u of [kept, dropped]) await m.deps.memberships.add(group.id, u.id, new Date());
    await updateGroup(m.deps, group.id, { groupTypes: ['DynamicMembership'], membershipRule: 'user.city -eq "Delft"' }, admin);
    await runQueue(m);
    expect(await memberIds(m, group.id)).toEqual([kept.id, joins.id].sort());
    await updateGroup(m.deps, group.id, { groupTypes: [] }, admin);
    expect(await runQueue(m)).toBe(0);
    expect(await memberIds(m, group.id)).toEqual([kept.id, joins.id].sort());
  });

  it('when processing is paused, then nothing is evaluated until it is switched on again', async () => {
    const user = buildUser({ department: 'Sales' });
    const m = await testGroupModule({ users: [user] });
    const group = await createGroup(m.deps, dynamic('user.department -eq "Sales"', 'Paused'), admin);
    expect(await runQueue(m)).toBe(0);
    await createDynamicMembershipObserver(m.deps).userChanged({ before: undefined, after: user });
    expect(await memberIds(m, group.id)).toEqual([]);
    await updateGroup(m.deps, group.id, { membershipRuleProcessingState: 'On' }, admin);
    expect(await runQueue(m)).toBe(1);
    expect(await memberIds(m, group.id)).toEqual([user.id]);
  });
});

describe('dynamic groups following user changes', () => {
  it("when a user's department changes, then the user enters and later leaves the dynamic group without a manual step", async () => {
    const m = await testGroupModule();
    const sales = await createGroup(m.deps, dynamic('user.department -eq "Sales"'), admin);
    const assignedGroup = await createGroup(m.deps, { displayName: 'Assigned', mailNickname: 'assigned', securityEnabled: true }, admin);
    const observer = createDynamicMembershipObserver(m.deps);
    const before = buildUser({ department: 'Marketing' });
    m.directory.put(before);
    await observer.userChanged({ before: undefined, after: before });
    expect(await memberIds(m, sales.id)).toEqual([]);

    const moved = { ...before, department: 'Sales' };
    m.directory.put(moved);
    await observer.userChanged({ before, after: moved });
    expect(await memberIds(m, sales.id)).toEqual([before.id]);
    expect(await m.deps.memberships.groupIdsOf(before.id)).toEqual([sales.id]);

    const back = { ...moved, department: 'Finance' };
    await observer.userChanged({ before: moved, after: back });
    expect(await memberIds(m, sales.id)).toEqual([]);
    expect(await memberIds(m, assignedGroup.id)).toEqual([]);
  });

  it('when only properties the rules do not read change, then the dynamic index is not even read', async () => {
    const m = await testGroupModule();
    await createGroup(m.deps, dynamic('user.department -eq "Sales"'), admin);
    let reads = 0;
    const counting = { ...m.deps, groups: { ...m.deps.groups, listDynamic: async () => (reads++, m.deps.groups.listDynamic()) } };
    const observer = createDynamicMembershipObserver(counting);
    const user = buildUser({ department: 'Marketing', jobTitle: 'Engineer' });
    await observer.userChanged({ before: user, after: { ...user } });
    expect(reads).toBe(0);
    // jobTitle is readable by rules, so the index is read, but no rule reads it: no membership write.
    const adds: string[] = [];
    const spying = { ...counting, memberships: { ...m.deps.memberships, add: async (g: string, u: string, at: Date) => (adds.push(g), m.deps.memberships.add(g, u, at)), remove: async () => (adds.push('remove'), false) } };
    await createDynamicMembershipObserver(spying).userChanged({ before: user, after: { ...user, jobTitle: 'Manager' } });
    expect(reads).toBe(1);
    expect(adds).toEqual([]);
  });

  it('when a user is deleted, then the observer leaves the memberships to the lifecycle, which hides and restores them', async () => {
    const user = buildUser({ department: 'Sales' });
    const m = await testGroupModule({ users: [user] });
    const group = await createGroup(m.deps, dynamic('user.department -eq "Sales"'), admin);
    await runQueue(m);
    await m.lifecycle.principalDeleted(user.id);
    await createDynamicMembershipObserver(m.deps).userChanged({ before: user, after: undefined });
    expect(await memberIds(m, group.id)).toEqual([]);
    await m.lifecycle.principalRestored(user.id);
    await createDynamicMembershipObserver(m.deps).userChanged({ before: undefined, after: user });
    expect(await memberIds(m, group.id)).toEqual([user.id]);
    expect(await m.reader.groupIdsOf(user.id)).toEqual([group.id]);
  });
});
