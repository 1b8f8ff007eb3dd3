import { describe, expect, it } from 'vitest';
import { submitRequest, type SubmitRequestInput } from '../../../../src/domain/entitlement/requests/submit-request';
import { adminAddRequest, approvalStage, buildPolicy, DAY, PACKAGE_ID, portalRequest, requestWorld, userCaller } from './world';

const withApproval = buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: true, stages: [approvalStage('approver-1')] } });

const extend = (email: string, assignmentId: string | null, overrides: Partial<SubmitRequestInput> = {}): SubmitRequestInput =>
  portalRequest(email, { requestType: 'userExtend', assignmentId, accessPackageId: '', assignmentPolicyId: null, ...overrides });
const remove = (requestType: 'adminRemove' | 'userRemove', assignmentId: string, requestor: SubmitRequestInput['requestor'], caller: SubmitRequestInput['caller']): SubmitRequestInput => ({
  requestType, requestor, caller, accessPackageId: '', assignmentPolicyId: null, target: { objectId: null, email: null, displayName: null }, assignmentId, justification: null, answers: [], schedule: null, correlationId: 'c',
});

describe('adminAdd', () => {
  it('when an assignment manager adds an address under a policy that requires approval, then it is delivered at once (admin adds need no approval) and the guest is created', async () => {
    const w = await requestWorld({ policy: withApproval });
    await w.grantCatalogRole('member-1', 'assignmentManager');
    const request = await submitRequest(w.deps, adminAddRequest({ objectId: null, email: 'kim@fabrikam.test', displayName: 'Kim' }, userCaller('member-1')));
    expect(request).toMatchObject({ requestType: 'adminAdd', state: 'delivered', requestor: { kind: 'user', userId: 'member-1' }, stages: [] });
    expect(w.people.users.get(request.targetObjectId)).toMatchObject({ userType: 'Guest', mail: 'kim@fabrikam.test' });
    expect(w.mails.filter((m) => m.kind === 'approvalRequest')).toEqual([]);
  });

  it('when the caller holds no assigning role in the catalog (a catalog reader), then adminAdd is refused and nothing is written', async () => {
    const w = await requestWorld();
    await w.grantCatalogRole('member-1', 'reader');
    const before = w.written();
    await expect(submitRequest(w.deps, adminAddRequest({ objectId: null, email: 'kim@fabrikam.test', displayName: null }, userCaller('member-1')))).rejects.toMatchObject({ code: 'accessDenied' });
    await expect(submitRequest(w.deps, adminAddRequest({ objectId: null, email: 'kim@fabrikam.test', displayName: null }, userCaller('member-1'), { caller: null }))).rejects.toMatchObject({ code: 'accessDenied' });
    expect(w.written()).toEqual(before);
  });

  it('when the target does not fit the policy (an address under a policy for directory users, a member under one for external users), then it is refused naming the target', async () => {
    const internal = await requestWorld({ policy: buildPolicy({ allowedTargetScope: 'allMemberUsers' }) });
    await expect(submitRequest(internal.deps, adminAddRequest({ objectId: null, email: 'kim@fabrikam.test', displayName: null }))).rejects.toMatchObject({ details: [{ target: 'assignment.target.email' }] });
    const external = await requestWorld();
    await expect(submitRequest(external.deps, adminAddRequest({ objectId: 'member-1', email: null, displayName: null }))).rejects.toMatchObject({ details: [{ target: 'assignment.targetId' }] });
    await expect(submitRequest(external.deps, adminAddRequest({ objectId: 'nobody', email: null, displayName: null }))).rejects.toMatchObject({ code: 'notFound' });
    // A directory user under a policy for directory users: the portal page is the access link.
    const ok = await submitRequest(internal.deps, adminAddRequest({ objectId: 'member-1', email: null, displayName: null }));
    expect(ok.state).toBe('delivered');
    expect(internal.mails[0]?.data).toMatchObject({ accessUrl: `https://gatehouse.test/api/myaccess/access-packages/${PACKAGE_ID}` });
  });
});

describe('userExtend', () => {
  it('when the target extends their assignment, then its end moves on by the policy’s duration from now and the expiry notices start over', async () => {
    const w = await requestWorld();
    const first = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    const stored = (await w.collections.packageAssignments.get(first.assignmentId!))!;
    await w.collections.packageAssignments.replace({ ...stored.value, expiryNotices: [14] }, stored.etag);
    w.clock.advance(80 * DAY);
    const extended = await submitRequest(w.deps, extend('pat@fabrikam.test', first.assignmentId));
    expect(extended).toMatchObject({ requestType: 'userExtend', state: 'delivered', assignmentId: first.assignmentId });
    expect((await w.collections.packageAssignments.get(first.assignmentId!))?.value).toMatchObject({ endDateTime: new Date(w.clock.now().getTime() + 90 * DAY).toISOString(), expiryNotices: [], state: 'delivered' });
    expect(w.mails.filter((m) => m.kind === 'requestApproved')).toHaveLength(2);
  });

  it('when the policy requires approval for updates, then the extension waits for the approver', async () => {
    const w = await requestWorld({ policy: withApproval });
    const added = await submitRequest(w.deps, adminAddRequest({ objectId: null, email: 'pat@fabrikam.test', displayName: null }));
    const pending = await submitRequest(w.deps, extend('pat@fabrikam.test', added.assignmentId));
    expect(pending.state).toBe('pendingApproval');
    await expect(submitRequest(w.deps, extend('pat@fabrikam.test', added.assignmentId))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('when someone extends an assignment that is not theirs, has none, or the policy forbids it, then it is refused', async () => {
    const w = await requestWorld({ policy: buildPolicy({ requestor: { enableTargetsToSelfUpdateAccess: false } }) });
    const added = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    await expect(submitRequest(w.deps, extend('eve@fabrikam.test', added.assignmentId))).rejects.toMatchObject({ code: 'notFound' });
    await expect(submitRequest(w.deps, extend('pat@fabrikam.test', 'no-such-assignment'))).rejects.toMatchObject({ code: 'notFound' });
    await expect(submitRequest(w.deps, extend('pat@fabrikam.test', null))).rejects.toMatchObject({ code: 'validationFailed' });
    await expect(submitRequest(w.deps, extend('pat@fabrikam.test', added.assignmentId))).rejects.toMatchObject({ code: 'accessDenied' });
  });
});

describe('removals', () => {
  it('when an administrator removes an assignment, then its roles are revoked, it is expired and the removal request is delivered; removing it again is a conflict', async () => {
    const w = await requestWorld();
    const added = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    const admin = { kind: 'app' as const, appId: 'app-admin' };
    const removal = await submitRequest(w.deps, remove('adminRemove', added.assignmentId!, admin, { kind: 'administrator', audit: { kind: 'app', appId: 'app-admin' } }));
    expect(removal).toMatchObject({ requestType: 'adminRemove', state: 'delivered', status: 'Delivered', assignmentId: added.assignmentId, targetObjectId: added.targetObjectId });
    expect((await w.collections.packageAssignments.get(added.assignmentId!))?.value.state).toBe('expired');
    expect(w.people.groups.get('grp-a')?.has(added.targetObjectId)).toBe(false);
    await expect(submitRequest(w.deps, remove('adminRemove', added.assignmentId!, admin, { kind: 'administrator', audit: { kind: 'app', appId: 'app-admin' } }))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('when the target removes their own access, then it ends; a stranger or a policy that forbids it is refused', async () => {
    const w = await requestWorld();
    const added = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    await expect(submitRequest(w.deps, remove('userRemove', added.assignmentId!, { kind: 'external', email: 'eve@fabrikam.test' }, null))).rejects.toMatchObject({ code: 'notFound' });
    await expect(submitRequest(w.deps, remove('adminRemove', added.assignmentId!, { kind: 'user', userId: 'member-1' }, userCaller('member-1')))).rejects.toMatchObject({ code: 'accessDenied' });
    const own = await submitRequest(w.deps, remove('userRemove', added.assignmentId!, { kind: 'external', email: 'pat@fabrikam.test' }, null));
    expect(own.state).toBe('delivered');

    const closed = await requestWorld({ policy: buildPolicy({ requestor: { enableTargetsToSelfRemoveAccess: false } }) });
    const kept = await submitRequest(closed.deps, portalRequest('pat@fabrikam.test'));
    await expect(submitRequest(closed.deps, remove('userRemove', kept.assignmentId!, { kind: 'external', email: 'pat@fabrikam.test' }, null))).rejects.toMatchObject({ code: 'accessDenied' });
  });
});
