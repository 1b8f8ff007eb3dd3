import { describe, expect, it } from 'vitest';
import { decideStage } from '../../../../src/domain/entitlement/approvals/decide-stage';
import { processEntitlementSchedule } from '../../../../src/domain/entitlement/approvals/process-schedule';
import { endAssignment } from '../../../../src/domain/entitlement/assignments/end-assignment';
import { FOLLOW_UP_AFTER_MS } from '../../../../src/domain/entitlement/requests/follow-up-hint';
import { submitRequest } from '../../../../src/domain/entitlement/requests/submit-request';
import { adminAddRequest, approvalStage, buildPolicy, DAY, GROUPS, portalRequest, requestWorld } from './world';

/** Makes `method` of `port` throw (as a crashed instance would stop) on its `nth` call from now. */
function crashOn<T extends object>(port: T, method: keyof T & string, nth = 1): void {
  const original = (port as Record<string, (...args: unknown[]) => unknown>)[method]!;
  let calls = 0;
  (port as Record<string, unknown>)[method] = (...args: unknown[]) => {
    calls++;
    if (calls === nth) throw new Error(`instance stopped in ${method}`);
    return original.apply(port, args);
  };
}

const SYSTEM = { kind: 'system' as const, name: 'test' };

describe('requests cut off by a crash are finished by the timer', () => {
  it('when an instance stops right after recording a request that needs approval, then the timer opens the approval and mails the approver once', async () => {
    const w = await requestWorld({ policy: buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [approvalStage('approver-1')] } }) });
    crashOn(w.deps.requests, 'replace');
    await expect(submitRequest(w.deps, portalRequest('pat@fabrikam.test'))).rejects.toThrow('instance stopped');
    const [stuck] = w.collections.requests.all();
    expect(stuck?.state).toBe('submitted');
    expect(w.mails).toEqual([]);

    // Not yet due: nothing happens before the follow-up time.
    await processEntitlementSchedule(w.deps, w.clock.now(), 'timer');
    expect(w.collections.requests.all()[0]?.state).toBe('submitted');
    w.clock.advance(FOLLOW_UP_AFTER_MS);
    const run = await processEntitlementSchedule(w.deps, w.clock.now(), 'timer');
    expect(run.failed).toEqual([]);
    expect(w.collections.requests.all()[0]).toMatchObject({ state: 'pendingApproval', stages: [{ status: 'InProgress', approverIds: ['approver-1'] }] });
    expect(w.mails.map((m) => m.kind)).toEqual(['approvalRequest']);
    // Running again changes nothing and mails nobody twice.
    await processEntitlementSchedule(w.deps, new Date(w.clock.now().getTime() + FOLLOW_UP_AFTER_MS), 'timer');
    expect(w.mails.map((m) => m.kind)).toEqual(['approvalRequest']);
  });

  it('when an instance stops in the middle of a delivery, then the request stays delivering and the timer completes it: guest, both groups, one access mail', async () => {
    const w = await requestWorld();
    crashOn(w.deps.packageAssignments, 'insert');
    await expect(submitRequest(w.deps, portalRequest('pat@fabrikam.test'))).rejects.toThrow('instance stopped');
    expect(w.collections.requests.all()[0]?.state).toBe('delivering');
    expect(w.mails).toEqual([]);

    w.clock.advance(FOLLOW_UP_AFTER_MS);
    await processEntitlementSchedule(w.deps, w.clock.now(), 'timer');
    const [request] = w.collections.requests.all();
    expect(request).toMatchObject({ state: 'delivered', status: 'Delivered' });
    const guestId = request!.target.objectId!;
    for (const group of GROUPS) expect(w.people.groups.get(group)?.has(guestId)).toBe(true);
    expect(w.mails.map((m) => [m.kind, m.to[0]?.address])).toEqual([['requestApproved', 'pat@fabrikam.test']]);
    expect(w.people.log.filter((l) => l.startsWith('ensureGuest'))).toHaveLength(1);
    // Like the invitation mails, the access mail names the organization's privacy statement.
    expect((w.mails[0]?.data as { organization: { privacyStatementUrl: string | null } }).organization.privacyStatementUrl).toBe('https://contoso.test/privacy');
  });

  it('when an instance stops between an approval and the delivery it sets off, then the timer delivers the approved request', async () => {
    const w = await requestWorld({ policy: buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [approvalStage('approver-1')] } }) });
    const request = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    // The decision lands; the delivery's first write (the request going to `delivering`) is where the instance stops.
    crashOn(w.deps.requests, 'replace', 2);
    await expect(decideStage(w.deps, { userId: 'approver-1', displayName: 'Ada' }, request.id, request.stages[0]!.id, { reviewResult: 'Approve', justification: 'ok' }, 'c')).rejects.toThrow('instance stopped');
    expect(w.collections.requests.all()[0]).toMatchObject({ state: 'delivering', stages: [{ reviewResult: 'Approve' }] });
    expect(w.collections.packageAssignments.all()).toEqual([]);

    w.clock.advance(FOLLOW_UP_AFTER_MS);
    await processEntitlementSchedule(w.deps, w.clock.now(), 'timer');
    expect(w.collections.requests.all()[0]?.state).toBe('delivered');
    expect(w.mails.filter((m) => m.kind === 'requestApproved')).toHaveLength(1);
  });

  it('when an instance stops between a denial and its mail, then the timer sends the denial mail once', async () => {
    const w = await requestWorld({ policy: buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [approvalStage('approver-1')] } }) });
    const request = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    crashOn(w.deps.mail, 'send');
    await expect(decideStage(w.deps, { userId: 'approver-1', displayName: 'Ada' }, request.id, request.stages[0]!.id, { reviewResult: 'Deny', justification: 'Not this quarter' }, 'c')).rejects.toThrow('instance stopped');
    expect(w.mails.filter((m) => m.kind === 'requestDenied')).toEqual([]);
    w.clock.advance(FOLLOW_UP_AFTER_MS);
    await processEntitlementSchedule(w.deps, w.clock.now(), 'timer');
    expect(w.mails.filter((m) => m.kind === 'requestDenied').map((m) => m.to[0]?.address)).toEqual(['pat@fabrikam.test']);
    expect(w.collections.requests.all()[0]).toMatchObject({ state: 'denied', reason: 'Not this quarter' });
  });

  it('when an instance stops while a removal ends the assignment, then the timer finishes the removal', async () => {
    const w = await requestWorld();
    const added = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    const guestId = added.target.objectId!;
    crashOn(w.deps.grants, 'revoke');
    await expect(submitRequest(w.deps, adminAddRequest({ objectId: guestId, email: null, displayName: null }, undefined, { requestType: 'adminRemove', assignmentId: added.assignmentId, assignmentPolicyId: null }))).rejects.toThrow('instance stopped');
    const removal = w.collections.requests.all().find((r) => r.requestType === 'adminRemove');
    expect(removal?.state).toBe('submitted');
    w.clock.advance(FOLLOW_UP_AFTER_MS);
    await processEntitlementSchedule(w.deps, w.clock.now(), 'timer');
    expect(w.collections.requests.all().find((r) => r.requestType === 'adminRemove')?.state).toBe('delivered');
    expect(w.collections.packageAssignments.all()[0]?.state).toBe('expired');
    for (const group of GROUPS) expect(w.people.groups.get(group)?.has(guestId)).toBe(false);
  });
});

describe('the guest lifecycle lifts only its own blocks', () => {
  const expire = async (w: Awaited<ReturnType<typeof requestWorld>>, assignmentId: string) => endAssignment(w.deps, assignmentId, 'expired', SYSTEM, 'c');

  it('when the lifecycle blocked a guest and it is given access again, then it is unblocked', async () => {
    const w = await requestWorld();
    const first = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    const guestId = first.target.objectId!;
    await expire(w, first.assignmentId!);
    expect(w.people.users.get(guestId)?.accountEnabled).toBe(false);
    w.clock.advance(DAY);
    const again = await submitRequest(w.deps, adminAddRequest({ objectId: guestId, email: null, displayName: null }));
    expect(again.state).toBe('delivered');
    expect(w.people.users.get(guestId)?.accountEnabled).toBe(true);
    expect(w.collections.packageAssignments.all().every((a) => !a.targetBlockedAt)).toBe(true);
  });

  it('when an administrator blocked a guest after the lifecycle had unblocked it, then new access does not unblock it', async () => {
    const w = await requestWorld();
    const first = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    const guestId = first.target.objectId!;
    await expire(w, first.assignmentId!);
    // An administrator re-enables, and later blocks the guest for reasons of their own.
    w.people.users.get(guestId)!.accountEnabled = true;
    await submitRequest(w.deps, adminAddRequest({ objectId: guestId, email: null, displayName: null }));
    w.people.users.get(guestId)!.accountEnabled = false;
    const second = w.collections.packageAssignments.all()[0]!;
    await submitRequest(w.deps, adminAddRequest({ objectId: guestId, email: null, displayName: null }, undefined, { requestType: 'adminRemove', assignmentId: second.id, assignmentPolicyId: null }));
    // The removal found the guest already blocked: no mark, so the next access leaves the administrator's block alone.
    w.clock.advance(DAY);
    await submitRequest(w.deps, adminAddRequest({ objectId: guestId, email: null, displayName: null }));
    expect(w.people.users.get(guestId)?.accountEnabled).toBe(false);
  });
});
