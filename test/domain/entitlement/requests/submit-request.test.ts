import { describe, expect, it } from 'vitest';
import { nameBasedId } from '../../../../src/domain/entitlement/ids';
import { submitRequest } from '../../../../src/domain/entitlement/requests/submit-request';
import { deliverRequest } from '../../../../src/domain/entitlement/requests/deliver-request';
import { emailMessageSchema } from '../../../../src/domain/mail/message';
import { approvalStage, buildPolicy, DAY, GROUPS, PACKAGE_ID, POLICY_ID, portalRequest, requestWorld } from './world';

describe('submitRequest (userAdd from the portal)', () => {
  it('when a new external address asks under an allExternalUsers policy without approval, then the guest is created, gets both groups, an assignment for 90 days and the redemption link by mail', async () => {
    const w = await requestWorld();
    const request = await submitRequest(w.deps, portalRequest('Pat@Fabrikam.test'));

    expect(request).toMatchObject({ requestType: 'userAdd', state: 'delivered', status: 'Delivered', targetEmail: 'pat@fabrikam.test', requestor: { kind: 'external' }, completedDateTime: w.clock.now().toISOString() });
    const guestId = request.target.objectId!;
    expect(w.people.users.get(guestId)).toMatchObject({ userType: 'Guest', mail: 'pat@fabrikam.test' });
    for (const groupId of GROUPS) expect(w.people.groups.get(groupId)?.has(guestId)).toBe(true);
    const [assignment] = w.collections.packageAssignments.all();
    expect(assignment).toMatchObject({
      id: nameBasedId('assignment', PACKAGE_ID, POLICY_ID, guestId),
      state: 'delivered',
      targetUserId: guestId,
      createdTarget: true,
      endDateTime: new Date(w.clock.now().getTime() + 90 * DAY).toISOString(),
    });
    expect(request.assignmentId).toBe(assignment!.id);
    const [mail] = w.mails;
    expect(w.mails).toHaveLength(1);
    expect(mail).toMatchObject({ kind: 'requestApproved', to: [{ address: 'pat@fabrikam.test' }], data: { accessUrl: `https://gatehouse.test/api/redeem?t=${guestId}`, expiresDateTime: assignment!.endDateTime } });
    expect(emailMessageSchema.safeParse(mail).success).toBe(true);
    // The expiry timer knows when the assignment ends.
    expect(w.schedule.entries()).toContainEqual({ kind: 'assignmentEnd', subjectId: assignment!.id, dueAt: new Date(assignment!.endDateTime!) });
    expect(w.audit.map((a) => a.activityDisplayName)).toEqual(expect.arrayContaining(['Create access package assignment request', 'Deliver access package assignment']));
  });

  it('when the address’s domain is claimed by no connected organization, then a proposed one is created for it and recorded on the request; a claimed domain proposes nothing', async () => {
    const w = await requestWorld();
    await w.addOrganization('org-contoso', 'northwind.test');
    const first = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    const organization = w.collections.organizations.all().find((o) => o.id === first.proposedConnectedOrganizationId);
    expect(organization).toMatchObject({ state: 'proposed', identitySources: [{ kind: 'domain', domainName: 'fabrikam.test' }] });
    expect((await w.collections.domains.get('fabrikam.test'))?.value.connectedOrganizationId).toBe(organization!.id);

    const second = await submitRequest(w.deps, portalRequest('nick@northwind.test'));
    expect(second.proposedConnectedOrganizationId).toBeNull();
    expect(second.target.connectedOrganizationId).toBe('org-contoso');
    expect(w.collections.organizations.all()).toHaveLength(2);
  });

  it('when the policy requires approval, then the request goes to its first stage and the approver is mailed, nothing is granted', async () => {
    const w = await requestWorld({ policy: buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [approvalStage('approver-1')] } }) });
    const request = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    expect(request).toMatchObject({ state: 'pendingApproval', status: 'PendingApproval' });
    expect(request.stages[0]).toMatchObject({ status: 'InProgress', approverIds: ['approver-1'] });
    expect(w.mails.map((m) => [m.kind, m.to[0]?.address])).toEqual([['approvalRequest', 'ada@contoso.test']]);
    expect(w.collections.packageAssignments.all()).toEqual([]);
    expect(w.people.log).toEqual([]);
  });

  it('when the requestor chooses a later start, then the request is scheduled with a due entry, and delivered from that start when the timer calls', async () => {
    const w = await requestWorld({ policy: buildPolicy({ requestor: { allowCustomAssignmentSchedule: true } }) });
    const start = new Date(w.clock.now().getTime() + 3 * DAY);
    const request = await submitRequest(w.deps, portalRequest('pat@fabrikam.test', { schedule: { startDateTime: start.toISOString(), expiration: { type: 'afterDuration', endDateTime: null, duration: 'P30D' } } }));
    expect(request).toMatchObject({ state: 'scheduled', status: 'Scheduled' });
    expect(w.schedule.entries().filter((e) => e.kind !== 'requestFollowUp')).toEqual([{ kind: 'scheduledStart', subjectId: request.id, dueAt: start }]);
    expect(w.people.log).toEqual([]);
    // Too early: nothing happens.
    expect((await deliverRequest(w.deps, request.id, { kind: 'system', name: 'timer' }, 'c')).state).toBe('scheduled');

    w.clock.advance(3 * DAY + 60_000);
    const delivered = await deliverRequest(w.deps, request.id, { kind: 'system', name: 'timer' }, 'c');
    expect(delivered.state).toBe('delivered');
    expect(w.collections.packageAssignments.all()[0]).toMatchObject({ schedule: { startDateTime: start.toISOString() }, endDateTime: new Date(start.getTime() + 30 * DAY).toISOString() });
  });

  it('when an existing guest asks again through the portal after being given access, then the open assignment is a 409; a second pending request too', async () => {
    const w = await requestWorld();
    await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    await expect(submitRequest(w.deps, portalRequest('pat@fabrikam.test'))).rejects.toMatchObject({ code: 'conflict' });

    const approval = await requestWorld({ policy: buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [approvalStage('approver-1')] } }) });
    await submitRequest(approval.deps, portalRequest('pat@fabrikam.test'));
    const before = approval.written();
    await expect(submitRequest(approval.deps, portalRequest('PAT@fabrikam.test'))).rejects.toMatchObject({ code: 'conflict' });
    expect(approval.written()).toEqual(before);
  });

  it('when the same address submits twice at the same moment, then at most one request stays open and the other is a 409', async () => {
    const w = await requestWorld({ policy: buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [approvalStage('approver-1')] } }) });
    const outcomes = await Promise.allSettled([submitRequest(w.deps, portalRequest('pat@fabrikam.test')), submitRequest(w.deps, portalRequest('pat@fabrikam.test'))]);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code)).toContain('conflict');
    expect(w.collections.requests.all().length).toBe(outcomes.filter((o) => o.status === 'fulfilled').length);
    expect(w.collections.requests.all().length).toBeLessThanOrEqual(1);
  });

  it('when an existing guest’s earlier assignment has expired, then the same address can get the package again, on the same assignment id', async () => {
    const w = await requestWorld();
    const first = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    const stored = (await w.collections.packageAssignments.get(first.assignmentId!))!;
    await w.collections.packageAssignments.replace({ ...stored.value, state: 'expired', expiredDateTime: w.clock.now().toISOString() }, stored.etag);
    w.clock.advance(DAY);
    const second = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    expect(second).toMatchObject({ state: 'delivered', assignmentId: first.assignmentId, target: { objectId: first.target.objectId } });
    expect((await w.collections.packageAssignments.get(first.assignmentId!))?.value).toMatchObject({ state: 'delivered', expiredDateTime: null, createdTarget: true });
    expect(w.people.log.filter((l) => l.startsWith('ensureGuest'))).toHaveLength(1);
    // The guest has had a redemption link already: this time the mail points at the package.
    expect(w.mails.at(-1)?.data).toMatchObject({ accessUrl: `https://gatehouse.test/api/myaccess/access-packages/${PACKAGE_ID}` });
  });
});
