import { describe, expect, it } from 'vitest';
import { Failure } from '../../../../src/domain/errors';
import { deliverRequest } from '../../../../src/domain/entitlement/requests/deliver-request';
import { reprocessRequest } from '../../../../src/domain/entitlement/requests/reprocess-request';
import { submitRequest } from '../../../../src/domain/entitlement/requests/submit-request';
import { admin, GROUPS, portalRequest, requestWorld, userCaller } from './world';

const timer = { kind: 'system' as const, name: 'timer' };
const asAdmin = { requestor: { kind: 'app' as const, appId: 'app-admin' }, caller: admin };

describe('deliverRequest and reprocessRequest', () => {
  it('when one role cannot be granted, then the request is partiallyDelivered with the reason and pending scope, and reprocess grants just that one, delivers and mails once', async () => {
    const w = await requestWorld();
    w.people.grants.failNext.add('scope-grp-b');
    const partial = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    const guestId = partial.target.objectId!;
    expect(partial).toMatchObject({ state: 'partiallyDelivered', status: 'PartiallyDelivered', pendingRoleScopeIds: ['scope-grp-b'], completedDateTime: null });
    expect(partial.reason).toContain('Member_grp-b');
    expect(w.collections.packageAssignments.all()[0]).toMatchObject({ state: 'partiallyDelivered', targetUserId: guestId });
    expect(w.people.groups.get('grp-a')?.has(guestId)).toBe(true);
    expect(w.mails).toEqual([]);

    const done = await reprocessRequest(w.deps, asAdmin, timer, partial.id, 'c2');
    expect(done).toMatchObject({ state: 'delivered', pendingRoleScopeIds: [], reason: null });
    expect(w.people.log.filter((l) => l.startsWith('grant'))).toEqual([`grant ${guestId} scope-grp-a`, `grant ${guestId} scope-grp-b`]);
    expect(w.collections.packageAssignments.all()[0]?.state).toBe('delivered');
    // The guest made by the first attempt gets the redemption link.
    expect(w.mails).toHaveLength(1);
    expect(w.mails[0]?.data).toMatchObject({ accessUrl: `https://gatehouse.test/api/redeem?t=${guestId}` });
    expect(w.people.log.filter((l) => l.startsWith('ensureGuest'))).toHaveLength(1);

    // Repeating changes nothing, and a delivered request cannot be reprocessed.
    const again = await deliverRequest(w.deps, partial.id, timer, 'c3');
    expect(again).toEqual(done);
    await expect(reprocessRequest(w.deps, asAdmin, timer, partial.id, 'c4')).rejects.toMatchObject({ code: 'conflict' });
    expect(w.mails).toHaveLength(1);
  });

  it('when every role fails, then the request is deliveryFailed; reprocess later delivers it', async () => {
    const w = await requestWorld();
    for (const groupId of GROUPS) w.people.grants.failNext.add(`scope-${groupId}`);
    const failed = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    expect(failed).toMatchObject({ state: 'deliveryFailed', status: 'DeliveryFailed', pendingRoleScopeIds: ['scope-grp-a', 'scope-grp-b'] });
    expect(failed.completedDateTime).not.toBeNull();
    expect(w.audit.find((a) => a.activityDisplayName === 'Deliver access package assignment')).toMatchObject({ result: 'failure' });
    expect((await reprocessRequest(w.deps, asAdmin, timer, failed.id, 'c')).state).toBe('delivered');
  });

  it('when the guest cannot be created, then the request is deliveryFailed with the reason and nothing is granted', async () => {
    const w = await requestWorld();
    w.deps.grants.ensureGuest = async () => {
      throw new Failure('unavailable', 'The directory is busy.');
    };
    const failed = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    expect(failed).toMatchObject({ state: 'deliveryFailed', targetObjectId: '' });
    expect(failed.reason).toContain('The directory is busy.');
    expect(w.collections.packageAssignments.all()).toEqual([]);
    expect(w.people.log).toEqual([]);
  });

  it('when someone else asks to reprocess, then the request does not exist for them; a request still in progress is a conflict', async () => {
    const w = await requestWorld();
    w.people.grants.failNext.add('scope-grp-b');
    const partial = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    const stranger = { requestor: { kind: 'user' as const, userId: 'member-1' }, caller: userCaller('member-1') };
    await expect(reprocessRequest(w.deps, stranger, timer, partial.id, 'c')).rejects.toMatchObject({ code: 'notFound' });
    // The person the request is for may retry it.
    const own = { requestor: { kind: 'external' as const, email: 'pat@fabrikam.test' }, caller: null };
    expect((await reprocessRequest(w.deps, own, timer, partial.id, 'c')).state).toBe('delivered');
  });

  it('when the package was deleted while the request waited for approval, then delivery fails with the reason and grants nothing', async () => {
    const w = await requestWorld();
    const request = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    const stored = (await w.collections.requests.get(request.id))!;
    await w.collections.requests.replace({ ...stored.value, state: 'pendingApproval', status: 'PendingApproval' }, stored.etag);
    await w.collections.packages.remove(request.accessPackageId);
    const grantsBefore = w.people.log.length;
    const failed = await deliverRequest(w.deps, request.id, timer, 'c');
    expect(failed).toMatchObject({ state: 'deliveryFailed', reason: 'The access package no longer exists.' });
    expect(w.people.log).toHaveLength(grantsBefore);
  });

  it('when a request was canceled, then delivering it is a conflict', async () => {
    const w = await requestWorld();
    const request = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    const stored = (await w.collections.requests.get(request.id))!;
    await w.collections.requests.replace({ ...stored.value, state: 'canceled', status: 'Canceled' }, stored.etag);
    await expect(deliverRequest(w.deps, request.id, timer, 'c')).rejects.toMatchObject({ code: 'conflict' });
  });
});
