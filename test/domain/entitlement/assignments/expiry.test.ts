import { describe, expect, it } from 'vitest';
import { decideStage } from '../../../../src/domain/entitlement/approvals/decide-stage';
import { processEntitlementSchedule } from '../../../../src/domain/entitlement/approvals/process-schedule';
import { startApproval } from '../../../../src/domain/entitlement/approvals/start-approval';
import { endAssignment, scheduleAssignment } from '../../../../src/domain/entitlement/assignments/end-assignment';
import { emailMessageSchema } from '../../../../src/domain/mail/message';
import { approvalWorld, buildAssignment, buildPolicy, buildRequest, DAY, GROUP_ID, HOUR, PACKAGE_ID } from '../approvals/builders';

async function world(policy = buildPolicy()) {
  const w = await approvalWorld(policy);
  const tick = async (ms: number) => {
    w.clock.advance(ms);
    return processEntitlementSchedule(w.deps, w.clock.now(), 'timer');
  };
  return { ...w, tick };
}

/** A guest (brought in by entitlement management) holding the package until `end`, with the group membership granted. */
async function delivered(w: Awaited<ReturnType<typeof world>>, userId: string, end: Date | null, overrides: Parameters<typeof buildAssignment>[2] = {}) {
  w.people.addUser({ id: userId, userType: 'Guest', creationType: 'Invitation', mail: `${userId}@fabrikam.test` });
  const assignment = buildAssignment(userId, end?.toISOString() ?? null, overrides);
  await w.collections.packageAssignments.insert(assignment, 'x');
  await w.people.grants.grant(userId, w.scope, { kind: 'system', name: 't' }, 'c');
  await scheduleAssignment(w.deps, assignment);
  return assignment;
}

const read = async (w: Awaited<ReturnType<typeof world>>, id: string) => (await w.collections.packageAssignments.get(id))!.value;

describe('scheduleAssignment', () => {
  it('when an assignment ends, then notices 14 and 1 days before and the end are due; none without an end; none already past', async () => {
    const w = await world();
    const now = w.clock.now().getTime();
    await delivered(w, 'g1', new Date(now + 30 * DAY));
    await delivered(w, 'g2', null);
    await delivered(w, 'g3', new Date(now + 7 * DAY));
    const of = (id: string) => w.schedule.entries().filter((e) => e.subjectId === `asg-${id}-${PACKAGE_ID}`).map((e) => [e.kind, (e.dueAt.getTime() - now) / DAY]).sort();
    expect(of('g1')).toEqual([['assignmentEnd', 30], ['assignmentNotice', 16], ['assignmentNotice', 29]]);
    expect(of('g2')).toEqual([]);
    expect(of('g3')).toEqual([['assignmentEnd', 7], ['assignmentNotice', 6]]);
  });
});

describe('expiry', () => {
  it('when the end comes closer, then "expiring" is mailed 14 days and 1 day before, once each, with the extension link when the policy allows it', async () => {
    const w = await world(buildPolicy({ requestorSettings: { ...buildPolicy().requestorSettings, enableTargetsToSelfUpdateAccess: true } }));
    const end = new Date(w.clock.now().getTime() + 30 * DAY);
    const assignment = await delivered(w, 'g1', end);
    const expiring = () => w.mails.filter((m) => m.kind === 'accessExpiring');

    await w.tick(16 * DAY - HOUR);
    expect(expiring()).toHaveLength(0);
    await w.tick(HOUR);
    expect(expiring()).toHaveLength(1);
    expect(emailMessageSchema.safeParse(expiring()[0]).success).toBe(true);
    expect(expiring()[0]).toMatchObject({
      to: [{ address: 'g1@fabrikam.test' }],
      data: { daysLeft: 14, expiresDateTime: end.toISOString(), extendUrl: `https://gatehouse.test/api/myaccess/assignments/${assignment.id}/extend`, accessPackage: { displayName: 'Project Falcon' } },
    });
    expect((await read(w, assignment.id)).expiryNotices).toEqual([14]);
    // A repeated entry for the same notice (a second scheduling) sends nothing more.
    await scheduleAssignment(w.deps, await read(w, assignment.id));
    await w.tick(HOUR);
    expect(expiring()).toHaveLength(1);

    await w.tick(13 * DAY - HOUR);
    expect(expiring().map((m) => (m.data as { daysLeft: number }).daysLeft)).toEqual([14, 1]);
    await processEntitlementSchedule(w.deps, w.clock.now(), 'again');
    expect(expiring()).toHaveLength(2);
    expect((await read(w, assignment.id)).expiryNotices).toEqual([14, 1]);
  });

  it('when the policy does not let targets extend, then the expiring mail has no extension link', async () => {
    const w = await world();
    await delivered(w, 'g1', new Date(w.clock.now().getTime() + 20 * DAY));
    await w.tick(6 * DAY);
    expect(w.mails.find((m) => m.kind === 'accessExpiring')?.data).toMatchObject({ daysLeft: 14, extendUrl: null });
  });

  it('when the end comes, then the group membership is removed, the assignment expires, "access ended" is mailed and the request stays readable as Expired', async () => {
    const w = await world();
    const end = new Date(w.clock.now().getTime() + 20 * DAY);
    const assignment = await delivered(w, 'g1', end, { createdTarget: false });
    await w.collections.requests.insert(buildRequest({ id: 'req-delivered', state: 'delivered', status: 'Delivered', assignmentId: assignment.id, targetObjectId: 'g1' }), 'x');
    expect(w.people.groups.get(GROUP_ID)?.has('g1')).toBe(true);

    await w.tick(20 * DAY - 1);
    expect((await read(w, assignment.id)).state).toBe('delivered');
    await w.tick(1);

    expect(w.people.groups.get(GROUP_ID)?.has('g1')).toBe(false);
    expect(await read(w, assignment.id)).toMatchObject({ state: 'expired', status: 'Expired', expiredDateTime: end.toISOString() });
    const ended = w.mails.filter((m) => m.kind === 'accessEnded');
    expect(ended).toHaveLength(1);
    expect(emailMessageSchema.safeParse(ended[0]).success).toBe(true);
    expect(ended[0]?.data).toMatchObject({ requestAgainUrl: `https://gatehouse.test/api/myaccess/access-packages/${PACKAGE_ID}` });
    expect((await w.collections.requests.get('req-delivered'))?.value).toMatchObject({ state: 'delivered', status: 'Expired' });
    expect(w.audit.some((a) => a.activityDisplayName === 'Access package assignment expired')).toBe(true);
    // Not brought in by entitlement management: no lifecycle.
    expect(w.people.users.get('g1')?.accountEnabled).toBe(true);
    expect(w.schedule.entries()).toEqual([]);
  });

  it('when an assignment is extended, then the entries of the old end date do nothing', async () => {
    const w = await world();
    const assignment = await delivered(w, 'g1', new Date(w.clock.now().getTime() + 20 * DAY));
    const stored = (await w.collections.packageAssignments.get(assignment.id))!;
    const extended = { ...stored.value, endDateTime: new Date(w.clock.now().getTime() + 60 * DAY).toISOString() };
    await w.collections.packageAssignments.replace(extended, stored.etag);
    await scheduleAssignment(w.deps, extended);

    await w.tick(21 * DAY);
    expect((await read(w, assignment.id)).state).toBe('delivered');
    expect(w.mails.filter((m) => m.kind === 'accessExpiring' || m.kind === 'accessEnded')).toHaveLength(0);
    expect(w.people.groups.get(GROUP_ID)?.has('g1')).toBe(true);
  });

  it('when another live assignment grants the same group, then ending one keeps the membership and does not block the guest', async () => {
    const w = await world();
    const first = await delivered(w, 'g1', null);
    await w.collections.packageAssignments.insert(buildAssignment('g1', null, { id: 'asg-other', assignmentPolicyId: 'pol-2' }), 'x');
    await endAssignment(w.deps, first.id, 'removed', { kind: 'user', id: 'admin' }, 'c');
    expect((await read(w, first.id)).state).toBe('expired');
    expect(w.people.groups.get(GROUP_ID)?.has('g1')).toBe(true);
    expect(w.people.users.get('g1')?.accountEnabled).toBe(true);
    // A removal is not an expiry: no "access ended" mail.
    expect(w.mails.filter((m) => m.kind === 'accessEnded')).toHaveLength(0);
    // Ending it again changes nothing.
    const before = w.people.log.length;
    expect((await endAssignment(w.deps, first.id, 'removed', { kind: 'user', id: 'admin' }, 'c'))?.state).toBe('expired');
    expect(w.people.log.length).toBe(before);
  });

  it('when an approved request is delivered and its assignment runs out, then the guest gets access, the notices, and loses the access at the end', async () => {
    const w = await world(buildPolicy({ expiration: { type: 'afterDuration', endDateTime: null, duration: 'P30D' } }));
    const request = buildRequest({ schedule: { startDateTime: w.clock.now().toISOString(), expiration: { type: 'afterDuration', endDateTime: null, duration: 'P30D' } } });
    await w.collections.requests.insert(request, 'x');
    const started = await startApproval(w.deps, request.id, 'c');
    await decideStage(w.deps, { userId: 'approver-1', displayName: null }, request.id, started.stages[0]!.id, { reviewResult: 'Approve', justification: null }, 'c');
    const after = (await w.collections.requests.get(request.id))!.value;
    expect(after.state).toBe('delivered');
    const guestId = after.target.objectId!;
    expect(w.people.groups.get(GROUP_ID)?.has(guestId)).toBe(true);

    await w.tick(16 * DAY);
    await w.tick(13 * DAY);
    await w.tick(1 * DAY);
    expect(w.mails.filter((m) => m.kind === 'accessExpiring' || m.kind === 'accessEnded').map((m) => m.kind)).toEqual(['accessExpiring', 'accessExpiring', 'accessEnded']);
    expect(w.people.groups.get(GROUP_ID)?.has(guestId)).toBe(false);
    expect((await w.collections.requests.get(request.id))?.value).toMatchObject({ state: 'delivered', status: 'Expired', stages: [{ reviewResult: 'Approve' }] });
    // The guest it brought in is blocked (default settings: block, then delete after 30 days).
    expect(w.people.users.get(guestId)?.accountEnabled).toBe(false);
  });
});
