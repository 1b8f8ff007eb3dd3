import { describe, expect, it } from 'vitest';
import { policiesForAsker } from '../../../../src/domain/entitlement/requests/applicable-policies';
import { cancelRequest, requestsOf } from '../../../../src/domain/entitlement/requests/cancel-request';
import { submitRequest } from '../../../../src/domain/entitlement/requests/submit-request';
import type { AllowedTargetScope, SubjectSet } from '../../../../src/domain/entitlement/policy';
import { approvalStage, buildPolicy, DAY, PACKAGE_ID, portalRequest, requestWorld, userCaller } from './world';

const withApproval = buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [approvalStage('approver-1')] } });
const pat = { requestor: { kind: 'external' as const, email: 'PAT@fabrikam.test' }, caller: null };

describe('cancelRequest and requestsOf', () => {
  it('when the requestor cancels a pending request, then it is canceled with its stage closed, and can then be asked again', async () => {
    const w = await requestWorld({ policy: withApproval });
    const pending = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    const canceled = await cancelRequest(w.deps, pat, pending.id, 'c');
    expect(canceled).toMatchObject({ state: 'canceled', status: 'Canceled', completedDateTime: w.clock.now().toISOString() });
    expect(canceled.stages[0]?.status).toBe('Expired');
    expect(w.audit.at(-1)).toMatchObject({ activityDisplayName: 'Cancel access package assignment request' });
    await expect(cancelRequest(w.deps, pat, pending.id, 'c')).rejects.toMatchObject({ code: 'conflict' });
    expect((await submitRequest(w.deps, portalRequest('pat@fabrikam.test'))).state).toBe('pendingApproval');
  });

  it('when a stranger cancels, then the request does not exist for them; an assignment manager of the catalog may cancel it', async () => {
    const w = await requestWorld({ policy: withApproval });
    const pending = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    await expect(cancelRequest(w.deps, { requestor: { kind: 'external', email: 'eve@fabrikam.test' }, caller: null }, pending.id, 'c')).rejects.toMatchObject({ code: 'notFound' });
    await expect(cancelRequest(w.deps, { requestor: { kind: 'user', userId: 'member-1' }, caller: userCaller('member-1') }, pending.id, 'c')).rejects.toMatchObject({ code: 'notFound' });
    await w.grantCatalogRole('member-1', 'assignmentManager');
    expect((await cancelRequest(w.deps, { requestor: { kind: 'user', userId: 'member-1' }, caller: userCaller('member-1') }, pending.id, 'c')).state).toBe('canceled');
  });

  it('when a delivered request is canceled, then it is a conflict; a scheduled one can be', async () => {
    const w = await requestWorld({ policy: buildPolicy({ requestor: { allowCustomAssignmentSchedule: true } }) });
    const delivered = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    await expect(cancelRequest(w.deps, pat, delivered.id, 'c')).rejects.toMatchObject({ code: 'conflict' });
    const later = new Date(w.clock.now().getTime() + DAY).toISOString();
    const scheduled = await submitRequest(w.deps, portalRequest('kim@fabrikam.test', { schedule: { startDateTime: later, expiration: null } }));
    expect(scheduled.state).toBe('scheduled');
    expect((await cancelRequest(w.deps, { requestor: { kind: 'external', email: 'kim@fabrikam.test' }, caller: null }, scheduled.id, 'c')).state).toBe('canceled');
  });

  it('when a person has several requests, then requestsOf lists theirs only, newest first, by address or by user id', async () => {
    const w = await requestWorld({ policy: withApproval });
    const first = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    await cancelRequest(w.deps, pat, first.id, 'c');
    w.clock.advance(60_000);
    const second = await submitRequest(w.deps, portalRequest('pat@fabrikam.test'));
    await submitRequest(w.deps, portalRequest('kim@fabrikam.test'));
    expect((await requestsOf(w.deps, { email: 'Pat@Fabrikam.test', userId: null })).map((r) => r.id)).toEqual([second.id, first.id]);
    expect(await requestsOf(w.deps, { email: null, userId: 'member-1' })).toEqual([]);
  });
});

describe('policiesForAsker', () => {
  async function covered(scope: AllowedTargetScope, asker: Parameters<typeof policiesForAsker>[2], targets: SubjectSet[] = []) {
    const w = await requestWorld({ policy: buildPolicy({ allowedTargetScope: scope, specificAllowedTargets: targets }) });
    await w.addOrganization('org-fab', 'fabrikam.test');
    await w.addOrganization('org-nw', 'northwind.test', 'proposed');
    w.people.addUser({ id: 'guest-1', displayName: 'Gus', mail: 'gus@fabrikam.test', userType: 'Guest' });
    w.people.addGroup('grp-team', ['member-1']);
    const found = await policiesForAsker(w.deps, PACKAGE_ID, asker);
    return found?.policies.length === 1;
  }
  const external = (email: string) => ({ kind: 'external' as const, email });
  const user = (userId: string) => ({ kind: 'user' as const, userId });

  it('when scopes name external users, then addresses and guests are covered by their domain’s connected organization', async () => {
    expect(await covered('allExternalUsers', external('anyone@example.test'))).toBe(true);
    expect(await covered('allExternalUsers', user('member-1'))).toBe(false);
    expect(await covered('allConfiguredConnectedOrganizationUsers', external('pat@fabrikam.test'))).toBe(true);
    expect(await covered('allConfiguredConnectedOrganizationUsers', external('nick@northwind.test'))).toBe(false);
    expect(await covered('allConfiguredConnectedOrganizationUsers', user('guest-1'))).toBe(true);
    const fab = [{ type: 'connectedOrganizationMembers' as const, connectedOrganizationId: 'org-fab', description: null }];
    expect(await covered('specificConnectedOrganizationUsers', external('pat@FABRIKAM.test'), fab)).toBe(true);
    expect(await covered('specificConnectedOrganizationUsers', external('nick@northwind.test'), fab)).toBe(false);
  });

  it('when scopes name directory users, then members, guests, single users and group members are covered as Graph says; notSpecified covers nobody', async () => {
    expect(await covered('allMemberUsers', user('member-1'))).toBe(true);
    expect(await covered('allMemberUsers', user('guest-1'))).toBe(false);
    expect(await covered('allDirectoryUsers', user('guest-1'))).toBe(true);
    expect(await covered('allDirectoryUsers', external('pat@fabrikam.test'))).toBe(false);
    expect(await covered('specificDirectoryUsers', user('member-1'), [{ type: 'groupMembers', groupId: 'grp-team', description: null }])).toBe(true);
    expect(await covered('specificDirectoryUsers', user('approver-1'), [{ type: 'groupMembers', groupId: 'grp-team', description: null }])).toBe(false);
    expect(await covered('specificDirectoryUsers', user('approver-1'), [{ type: 'singleUser', userId: 'approver-1', description: null }])).toBe(true);
    expect(await covered('notSpecified', user('member-1'))).toBe(false);
  });

  it('when the package is hidden, then it is still offered; when its catalog is not externally visible, an address gets nothing and a member gets the package', async () => {
    const w = await requestWorld({ catalog: { isExternallyVisible: false } });
    expect(await policiesForAsker(w.deps, PACKAGE_ID, external('pat@fabrikam.test'))).toBeUndefined();
    expect(await policiesForAsker(w.deps, 'no-such-package', user('member-1'))).toBeUndefined();
    w.people.addUser({ id: 'guest-2', mail: 'gia@fabrikam.test', userType: 'Guest' });
    expect(await policiesForAsker(w.deps, PACKAGE_ID, user('guest-2'))).toBeUndefined();
    expect(await policiesForAsker(w.deps, PACKAGE_ID, user('member-1'))).toMatchObject({ accessPackage: { id: PACKAGE_ID }, policies: [] });
    const open = await requestWorld();
    expect((await policiesForAsker(open.deps, PACKAGE_ID, external('pat@fabrikam.test')))?.accessPackage.isHidden).toBe(true);
  });
});
