import { describe, expect, it } from 'vitest';
import { processEntitlementSchedule } from '../../../../src/domain/entitlement/approvals/process-schedule';
import { scheduleAssignment } from '../../../../src/domain/entitlement/assignments/end-assignment';
import { reactivateTarget } from '../../../../src/domain/entitlement/assignments/lifecycle';
import type { EntitlementSettings } from '../../../../src/domain/entitlement/model';
import { approvalWorld, buildAssignment, DAY, GROUP_ID } from '../approvals/builders';

async function guestWithAssignment(settings?: EntitlementSettings, options: { createdTarget?: boolean; userType?: 'Guest' | 'Member' } = {}) {
  const w = await approvalWorld();
  if (settings) await w.deps.settings.insertIfAbsent(settings);
  w.people.addUser({ id: 'g1', userType: options.userType ?? 'Guest', creationType: 'Invitation', mail: 'g1@fabrikam.test' });
  const assignment = buildAssignment('g1', new Date(w.clock.now().getTime() + 10 * DAY).toISOString(), { createdTarget: options.createdTarget ?? true });
  await w.collections.packageAssignments.insert(assignment, 'x');
  await w.people.grants.grant('g1', w.scope, { kind: 'system', name: 't' }, 'c');
  await scheduleAssignment(w.deps, assignment);
  const tick = async (ms: number) => {
    w.clock.advance(ms);
    return processEntitlementSchedule(w.deps, w.clock.now(), 'timer');
  };
  return { ...w, assignment, tick, user: () => w.people.users.get('g1') };
}

describe('the guest lifecycle', () => {
  it('when the last assignment of a guest it brought in ends, then the guest is blocked and deleted 30 days later (default settings)', async () => {
    const w = await guestWithAssignment();
    await w.tick(10 * DAY);
    expect(w.user()?.accountEnabled).toBe(false);
    expect(w.people.groups.get(GROUP_ID)?.has('g1')).toBe(false);
    expect(w.audit.some((a) => a.activityDisplayName === 'Block external user without access package assignments')).toBe(true);

    await w.tick(30 * DAY - 1);
    expect(w.user()).toBeDefined();
    await w.tick(1);
    expect(w.user()).toBeUndefined();
    expect(w.people.log).toContain('delete g1');
    expect(w.audit.some((a) => a.activityDisplayName === 'Delete external user without access package assignments')).toBe(true);
    // The assignment and its history stay.
    expect((await w.collections.packageAssignments.get(w.assignment.id))?.value.state).toBe('expired');
    expect(w.schedule.entries()).toEqual([]);
  });

  it('when a blocked guest gets a new assignment before the deletion, then the deletion is cancelled and the guest unblocked', async () => {
    const w = await guestWithAssignment();
    await w.tick(10 * DAY);
    expect(w.user()?.accountEnabled).toBe(false);

    await w.tick(5 * DAY);
    await w.collections.packageAssignments.insert(buildAssignment('g1', null, { id: 'asg-new', assignmentPolicyId: 'pol-2', createdTarget: false }), 'x');
    await reactivateTarget(w.deps, 'g1', { kind: 'system', name: 'delivery' }, 'c');
    expect(w.user()?.accountEnabled).toBe(true);

    await w.tick(30 * DAY);
    expect(w.user()).toMatchObject({ id: 'g1', accountEnabled: true });
    expect(w.people.log).not.toContain('delete g1');
    expect(w.schedule.entries()).toEqual([]);
  });

  it('when an administrator re-enabled the blocked guest, then the deletion does not happen', async () => {
    const w = await guestWithAssignment();
    await w.tick(10 * DAY);
    w.people.users.get('g1')!.accountEnabled = true;
    await w.tick(30 * DAY);
    expect(w.user()).toBeDefined();
  });

  it('when the settings say blockSignIn, then the guest is blocked and never deleted', async () => {
    const w = await guestWithAssignment({ externalUserLifecycleAction: 'blockSignIn', durationUntilExternalUserDeletedAfterBlocked: 'P30D' });
    await w.tick(10 * DAY);
    expect(w.user()?.accountEnabled).toBe(false);
    expect(w.schedule.entries()).toEqual([]);
    await w.tick(60 * DAY);
    expect(w.user()).toBeDefined();
  });

  it('when the settings say none, then the guest keeps its account', async () => {
    const w = await guestWithAssignment({ externalUserLifecycleAction: 'none', durationUntilExternalUserDeletedAfterBlocked: 'P30D' });
    await w.tick(10 * DAY);
    expect(w.user()?.accountEnabled).toBe(true);
    expect(w.people.groups.get(GROUP_ID)?.has('g1')).toBe(false);
  });

  it('when the settings shorten the deletion delay, then it applies from the block', async () => {
    const w = await guestWithAssignment({ externalUserLifecycleAction: 'blockSignInAndDelete', durationUntilExternalUserDeletedAfterBlocked: 'P7D' });
    await w.tick(10 * DAY);
    await w.tick(7 * DAY);
    expect(w.user()).toBeUndefined();
  });

  it('when the guest was not brought in by entitlement management, or is a member, then the lifecycle leaves it alone', async () => {
    for (const options of [{ createdTarget: false }, { userType: 'Member' as const }]) {
      const w = await guestWithAssignment(undefined, options);
      await w.tick(10 * DAY);
      await w.tick(40 * DAY);
      expect(w.user()).toMatchObject({ accountEnabled: true });
    }
  });

  it('when reactivateTarget is called for an enabled user or one the lifecycle does not manage, then it changes nothing', async () => {
    const w = await guestWithAssignment(undefined, { createdTarget: false });
    w.people.users.get('g1')!.accountEnabled = false;
    await reactivateTarget(w.deps, 'g1', { kind: 'system', name: 'delivery' }, 'c');
    expect(w.user()?.accountEnabled).toBe(false);
    await reactivateTarget(w.deps, 'nobody', { kind: 'system', name: 'delivery' }, 'c');
  });
});
