import { describe, expect, it } from 'vitest';
import { approvalDetails } from '../../../../src/domain/entitlement/portal/approval-view';
import { homeView, liveAssignmentOf } from '../../../../src/domain/entitlement/portal/home-view';
import { submitRequest } from '../../../../src/domain/entitlement/requests/submit-request';
import { approvalStage, buildPolicy, DAY, PACKAGE_ID, portalRequest, requestWorld } from '../requests/world';

/** The My Access home page's and approval page's reads, on the in-memory request world. */
describe('My Access home view', () => {
  it('when an outsider opens nothing, then nothing is available; a package reached by link is, and disappears into Active once delivered', async () => {
    const world = await requestWorld();
    const email = 'pat@northwind.test';
    expect((await homeView(world.deps, { email, reachedPackageIds: [], search: '' })).available).toEqual([]);
    const reached = await homeView(world.deps, { email, reachedPackageIds: [PACKAGE_ID, 'unknown-package'], search: '' });
    expect(reached.available.map((a) => a.accessPackage.id)).toEqual([PACKAGE_ID]);
    expect(reached.inDirectory).toBe(false);

    await submitRequest(world.deps, portalRequest(email));
    const after = await homeView(world.deps, { email, reachedPackageIds: [], search: '' });
    expect(after.available).toEqual([]);
    expect(after.active).toHaveLength(1);
    expect(after.active[0]).toMatchObject({ accessPackage: { id: PACKAGE_ID }, extendable: true });
    expect(after.active[0]!.assignment.endDateTime).toBe(new Date(world.clock.now().getTime() + 90 * DAY).toISOString());
    expect((await liveAssignmentOf(world.deps, email, PACKAGE_ID))?.id).toBe(after.active[0]!.assignment.id);
    expect((await homeView(world.deps, { email, reachedPackageIds: [], search: 'nothing like it' })).active).toEqual([]);
    expect((await homeView(world.deps, { email, reachedPackageIds: [], search: 'FALCON' })).active).toHaveLength(1);
  });

  it('when a directory member asks, then every listed package a policy admits them to is available, hidden ones only when reached', async () => {
    const world = await requestWorld({ policy: buildPolicy({ allowedTargetScope: 'allDirectoryUsers' }) });
    const visible = { ...world.pkg, id: 'pkg-visible', displayName: 'Visible', isHidden: false };
    await world.collections.packages.insert(visible, 'x');
    await world.collections.policies.insert(buildPolicy({ id: 'pol-visible', accessPackageId: visible.id, allowedTargetScope: 'allDirectoryUsers' }), 'x');
    const listed = await homeView(world.deps, { email: 'mia@contoso.test', reachedPackageIds: [], search: '' });
    expect(listed.available.map((a) => a.accessPackage.id)).toEqual(['pkg-visible']);
    expect(listed.inDirectory).toBe(true);
    const withHidden = await homeView(world.deps, { email: 'mia@contoso.test', reachedPackageIds: [PACKAGE_ID], search: '' });
    expect(withHidden.available.map((a) => a.accessPackage.id).sort()).toEqual([PACKAGE_ID, 'pkg-visible']);
  });

  it('when an approver opens a request, then the requester, their organization, the policy and the days before automatic denial are given', async () => {
    const world = await requestWorld({ policy: buildPolicy({ displayName: 'Northwind partners', requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [approvalStage('approver-1')] } }) });
    await world.addOrganization('org-northwind', 'northwind.test');
    const request = await submitRequest(world.deps, portalRequest('pat@northwind.test', { target: { objectId: null, email: 'pat@northwind.test', displayName: 'Pat Partner' } }));
    const stored = (await world.collections.requests.get(request.id))!.value;
    world.clock.advance(3 * DAY + 60_000);
    const details = await approvalDetails(world.deps, stored, stored.stages[0]!);
    expect(details).toEqual({ name: 'Pat Partner', email: 'pat@northwind.test', organization: 'northwind.test', requestedDateTime: stored.createdDateTime, policyName: 'Northwind partners', daysLeft: 10 });
    const other = await submitRequest(world.deps, portalRequest('sam@elsewhere.test', { target: { objectId: null, email: 'sam@elsewhere.test', displayName: null } }));
    const otherStored = (await world.collections.requests.get(other.id))!.value;
    expect(await approvalDetails(world.deps, otherStored, otherStored.stages[0]!)).toMatchObject({ name: null, organization: 'elsewhere.test', daysLeft: 14 });
  });
});
