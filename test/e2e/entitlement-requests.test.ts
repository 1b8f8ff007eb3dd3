import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';

const EM = 'identityGovernance/entitlementManagement';

describe('assignment requests and assignments over HTTP', () => {
  let rt: TestRuntime;
  let call: GraphCall;
  let groupId: string;
  let catalogId: string;
  let packageId: string;
  const users: Record<string, { id: string; token: string; mail: string }> = {};
  const as = (name: string) => users[name]!.token;

  const created = async (path: string, body: unknown) => {
    const res = await call('POST', path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Json & { id: string };
  };
  const policy = async (overrides: Record<string, unknown>) =>
    (await created(`${EM}/assignmentPolicies`, {
      displayName: `Policy ${randomUUID().slice(0, 6)}`,
      allowedTargetScope: 'allMemberUsers',
      expiration: { type: 'afterDuration', duration: 'P30D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true },
      requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] },
      accessPackage: { id: packageId },
      ...overrides,
    })).id;
  const members = async () => ((await call('GET', `groups/${groupId}/members`)).body.value ?? []).map((m) => m['id']);
  const targetsOf = (body: Json) => (body.error?.details ?? []).map((d) => d.target);

  beforeAll(async () => {
    rt = await startRuntime();
    call = graphCaller(rt, await rt.token({ roles: ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All', 'GroupMember.ReadWrite.All'] }));
    for (const name of ['mia', 'max', 'rita', 'flood']) {
      const nick = `${name}${randomUUID().slice(0, 6)}`;
      const user = await created('users', { accountEnabled: true, displayName: name, mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com`, mail: `${nick}@fabrikam.onmicrosoft.com` });
      users[name] = { id: user.id, token: await rt.token({ userId: user.id }), mail: `${nick}@fabrikam.onmicrosoft.com` };
    }
    groupId = (await created('groups', { displayName: 'Falcon', mailNickname: `falcon${randomUUID().slice(0, 8)}`, securityEnabled: true, mailEnabled: false })).id;
    catalogId = (await created(`${EM}/catalogs`, { displayName: `Catalog ${randomUUID().slice(0, 6)}`, state: 'published', isExternallyVisible: true })).id;
    const resource = await call('POST', `${EM}/resourceRequests`, { requestType: 'adminAdd', resource: { originId: groupId, originSystem: 'AadGroup' }, catalog: { id: catalogId } });
    expect(resource.status, JSON.stringify(resource.body)).toBe(201);
    packageId = (await created(`${EM}/accessPackages`, { displayName: 'Falcon', catalog: { id: catalogId } })).id;
    await created(`${EM}/accessPackages/${packageId}/resourceRoleScopes`, {
      role: { originId: `Member_${groupId}`, originSystem: 'AadGroup', resource: { id: (resource.body['resource'] as { id: string }).id } },
      scope: { originId: 'Root', originSystem: 'AadGroup' },
    });
    // Rita reads the catalog; she may read its requests but not assign.
    expect((await call('POST', 'roleManagement/entitlementManagement/roleAssignments', { principalId: users['rita']!.id, roleDefinitionId: '44272f93-9762-48e8-af59-1b5351b1d6b3', appScopeId: `/AccessPackageCatalog/${catalogId}` })).status).toBe(201);
  }, 90_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when an administrator adds an external address, then the request is delivered in Graph’s shape, the guest is in the group, and a proposed connected organization exists for the domain', async () => {
    const policyId = await policy({ allowedTargetScope: 'allExternalUsers', requestorSettings: { enableTargetsToSelfAddAccess: false } });
    const domain = `partner${randomUUID().slice(0, 6)}.test`;
    const res = await call('POST', `${EM}/assignmentRequests`, {
      requestType: 'adminAdd',
      assignment: { accessPackageId: packageId, assignmentPolicyId: policyId, target: { '@odata.type': '#microsoft.graph.accessPackageSubject', email: `kim@${domain}`, displayName: 'Kim' } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // Answered as accepted, as Graph's examples show; reading it back shows it delivered.
    expect(res.body).toMatchObject({ state: 'submitted', status: 'Accepted', completedDateTime: null });
    expect((await call('GET', `${EM}/assignmentRequests/${String(res.body['id'])}`)).body).toMatchObject({ requestType: 'adminAdd', state: 'delivered', status: 'Delivered', accessPackage: { id: packageId }, assignment: { target: { email: `kim@${domain}`, subjectType: 'user' } }, createdDateTime: expect.any(String) });
    const guestId = (res.body['assignment'] as { target: { objectId: string } }).target.objectId;
    expect(await members()).toContain(guestId);
    expect((await call('GET', `users/${guestId}`)).body).toMatchObject({ userType: 'Guest', creationType: 'Invitation' });

    const read = await call('GET', `${EM}/assignmentRequests/${String(res.body['id'])}`);
    expect(read.body).toMatchObject({ id: res.body['id'], state: 'delivered' });
    const assignments = await call('GET', `${EM}/assignments?$filter=accessPackage/id eq '${packageId}' and state eq 'delivered'`);
    expect(assignments.status, JSON.stringify(assignments.body)).toBe(200);
    const assignment = assignments.body.value?.find((a) => (a['target'] as { objectId: string }).objectId === guestId);
    expect(assignment).toMatchObject({ state: 'delivered', assignmentPolicy: { id: policyId }, schedule: { expiration: { type: 'afterDuration', endDateTime: expect.any(String) } } });
    const organizations = await call('GET', `${EM}/connectedOrganizations`);
    expect(organizations.body.value?.find((o) => (o['identitySources'] as { domainName?: string }[])[0]?.domainName === domain)).toMatchObject({ state: 'proposed' });

    // The same target again is a conflict; removing the assignment ends the membership.
    const again = await call('POST', `${EM}/assignmentRequests`, { requestType: 'adminAdd', assignment: { accessPackageId: packageId, assignmentPolicyId: policyId, target: { email: `KIM@${domain}` } } });
    expect(again.status).toBe(409);
    const removal = await call('POST', `${EM}/assignmentRequests`, { requestType: 'adminRemove', assignment: { id: assignment!['id'] } });
    expect(removal.status, JSON.stringify(removal.body)).toBe(201);
    expect(removal.body).toMatchObject({ requestType: 'adminRemove', state: 'submitted', status: 'Accepted' });
    expect((await call('GET', `${EM}/assignmentRequests/${String(removal.body['id'])}`)).body).toMatchObject({ requestType: 'adminRemove', state: 'delivered' });
    expect(await members()).not.toContain(guestId);
    expect((await call('GET', `${EM}/assignments/${String(assignment!['id'])}`)).body).toMatchObject({ state: 'expired', expiredDateTime: expect.any(String) });
  });

  it('when a member asks for themselves, then they see their own request and assignment, others do not, a catalog reader does, and asking again is 409', async () => {
    const policyId = await policy({});
    const res = await call('POST', `${EM}/assignmentRequests`, { requestType: 'userAdd', assignment: { accessPackageId: packageId, assignmentPolicyId: policyId }, justification: 'Falcon work' }, as('mia'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ state: 'submitted', justification: 'Falcon work', requestor: { id: users['mia']!.id } });
    expect((await call('GET', `${EM}/assignmentRequests/${String(res.body['id'])}`, undefined, as('mia'))).body).toMatchObject({ state: 'delivered' });
    const id = String(res.body['id']);
    expect(await members()).toContain(users['mia']!.id);

    const mine = await call('GET', `${EM}/assignmentRequests/filterByCurrentUser(on='target')`, undefined, as('mia'));
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.value?.map((r) => r['id'])).toEqual([id]);
    const myAssignments = await call('GET', `${EM}/assignments/filterByCurrentUser(on='target')`, undefined, as('mia'));
    expect(myAssignments.body.value).toHaveLength(1);
    expect((await call('GET', `${EM}/assignmentRequests/${id}`, undefined, as('max'))).status).toBe(404);
    expect((await call('GET', `${EM}/assignmentRequests`, undefined, as('max'))).body.value?.map((r) => r['id'])).not.toContain(id);
    expect((await call('GET', `${EM}/assignmentRequests/${id}`, undefined, as('rita'))).status).toBe(200);
    expect((await call('GET', `${EM}/assignmentRequests?$filter=state eq 'delivered'`, undefined, as('rita'))).body.value?.map((r) => r['id'])).toContain(id);

    const again = await call('POST', `${EM}/assignmentRequests`, { requestType: 'userAdd', assignment: { accessPackageId: packageId, assignmentPolicyId: policyId } }, as('mia'));
    expect(again.status).toBe(409);
    // Delivered requests cannot be canceled, nor reprocessed.
    expect((await call('POST', `${EM}/assignmentRequests/${id}/cancel`, undefined, as('mia'))).status).toBe(409);
    expect((await call('POST', `${EM}/assignmentRequests/${id}/reprocess`)).status).toBe(409);
  });

  it('when a request waits for approval, then its requestor can cancel it (200 with the request) and only once; a catalog reader cannot assign', async () => {
    const policyId = await policy({
      requestApprovalSettings: { isApprovalRequiredForAdd: true, stages: [{ durationBeforeAutomaticDenial: 'P7D', primaryApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', userId: users['rita']!.id }] }] },
    });
    const res = await call('POST', `${EM}/assignmentRequests`, { requestType: 'userAdd', assignment: { accessPackageId: packageId, assignmentPolicyId: policyId } }, as('max'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body['state']).toBe('submitted');
    expect((await call('GET', `${EM}/assignmentRequests/${String(res.body['id'])}`, undefined, as('max'))).body['state']).toBe('pendingApproval');
    const id = String(res.body['id']);
    expect((await call('POST', `${EM}/assignmentRequests/${id}/cancel`, undefined, as('mia'))).status).toBe(404);
    const canceled = await call('POST', `${EM}/assignmentRequests/${id}/cancel`, undefined, as('max'));
    expect(canceled.status, JSON.stringify(canceled.body)).toBe(200);
    expect(canceled.body).toMatchObject({ id, state: 'canceled', status: 'Canceled' });
    expect((await call('POST', `${EM}/assignmentRequests/${id}/cancel`, undefined, as('max'))).status).toBe(409);

    const direct = await call('POST', `${EM}/assignmentRequests`, { requestType: 'adminAdd', assignment: { accessPackageId: packageId, assignmentPolicyId: policyId, targetId: users['max']!.id } }, as('rita'));
    expect(direct.status).toBe(403);
  });

  it('when answers or the schedule are wrong, then 400 names the fields; a missing package is 404', async () => {
    const policyId = await policy({
      questions: [{ '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion', text: 'Which project?', isRequired: true, sequence: 1, isSingleLineQuestion: true }],
    });
    const bad = await call('POST', `${EM}/assignmentRequests`, {
      requestType: 'userAdd',
      assignment: { accessPackageId: packageId, assignmentPolicyId: policyId, schedule: { expiration: { type: 'afterDuration', duration: 'P7D' } } },
      answers: [{ '@odata.type': '#microsoft.graph.accessPackageAnswerString', value: 'x', answeredQuestion: { id: randomUUID() } }],
    }, as('max'));
    expect(bad.status, JSON.stringify(bad.body)).toBe(400);
    expect(targetsOf(bad.body)).toEqual(expect.arrayContaining(['answers[0].answeredQuestion.id', 'answers', 'assignment.schedule']));
    const missing = await call('POST', `${EM}/assignmentRequests`, { requestType: 'userAdd', assignment: { accessPackageId: randomUUID(), assignmentPolicyId: policyId } }, as('max'));
    expect(missing.status).toBe(404);
    const wrongType = await call('POST', `${EM}/assignmentRequests`, { requestType: 'systemRemove', assignment: { id: 'x' } });
    expect(wrongType.status).toBe(400);
  });

  it('when a package grants a role whose group was deleted after the role was added, then the request is partiallyDelivered with the reason; reprocess answers 202 and retries only that role', async () => {
    const pkg = (await created(`${EM}/accessPackages`, { displayName: 'Falcon and Kestrel', catalog: { id: catalogId } })).id;
    const resources = async () => (await call('GET', `${EM}/catalogs/${catalogId}/resources`)).body.value ?? [];
    const falconResource = (await resources()).find((r) => r['originId'] === groupId)?.['id'] as string;
    const doomedId = (await created('groups', { displayName: 'Kestrel', mailNickname: `kestrel${randomUUID().slice(0, 8)}`, securityEnabled: true, mailEnabled: false })).id;
    expect((await call('POST', `${EM}/resourceRequests`, { requestType: 'adminAdd', resource: { originId: doomedId, originSystem: 'AadGroup' }, catalog: { id: catalogId } })).status).toBe(201);
    const doomedResource = (await resources()).find((r) => r['originId'] === doomedId)?.['id'] as string;
    for (const [group, resource] of [[groupId, falconResource], [doomedId, doomedResource]] as const) {
      await created(`${EM}/accessPackages/${pkg}/resourceRoleScopes`, { role: { originId: `Member_${group}`, originSystem: 'AadGroup', resource: { id: resource } }, scope: { originId: 'Root', originSystem: 'AadGroup' } });
    }
    // The group goes after its role was put in the package: that role can no longer be granted.
    expect((await call('DELETE', `groups/${doomedId}`)).status).toBe(204);
    const policyId = (await created(`${EM}/assignmentPolicies`, {
      displayName: 'Members', allowedTargetScope: 'allMemberUsers', expiration: { type: 'noExpiration' },
      requestorSettings: { enableTargetsToSelfAddAccess: true }, requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] }, accessPackage: { id: pkg },
    })).id;
    const res = await call('POST', `${EM}/assignmentRequests`, { requestType: 'userAdd', assignment: { accessPackageId: pkg, assignmentPolicyId: policyId } }, as('max'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const partial = (await call('GET', `${EM}/assignmentRequests/${String(res.body['id'])}`)).body;
    expect(partial).toMatchObject({ state: 'partiallyDelivered', status: 'PartiallyDelivered', completedDateTime: null });
    expect(String(partial['reason'])).toContain(`1 of 2 resource roles could not be granted: Member_${doomedId}`);
    expect(await members()).toContain(users['max']!.id);
    const id = String(res.body['id']);
    const assignmentId = (res.body['assignment'] as { id: string }).id;
    expect((await call('GET', `${EM}/assignments/${assignmentId}`, undefined, as('max'))).body).toMatchObject({ state: 'partiallyDelivered' });

    expect((await call('POST', `${EM}/assignmentRequests/${id}/reprocess`, undefined, as('mia'))).status).toBe(404);
    const again = await call('POST', `${EM}/assignmentRequests/${id}/reprocess`);
    expect(again.status).toBe(202);
    const retried = (await call('GET', `${EM}/assignmentRequests/${id}`)).body;
    expect(retried).toMatchObject({ state: 'partiallyDelivered' });
    // Only the failed role was tried again: the granted one is no longer counted.
    expect(String(retried['reason'])).toContain(`1 of 1 resource roles could not be granted: Member_${doomedId}`);
  });

  it('when the policy allows custom schedules and extensions, then a later start is scheduled (and cancelable), and a delivered assignment can be extended', async () => {
    const policyId = await policy({ requestorSettings: { enableTargetsToSelfAddAccess: true, enableTargetsToSelfUpdateAccess: true, allowCustomAssignmentSchedule: true } });
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
    const later = await call('POST', `${EM}/assignmentRequests`, { requestType: 'userAdd', assignment: { accessPackageId: packageId, assignmentPolicyId: policyId, schedule: { startDateTime: tomorrow } } }, as('rita'));
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    expect(later.body).toMatchObject({ state: 'submitted', schedule: { startDateTime: tomorrow } });
    expect((await call('GET', `${EM}/assignmentRequests/${String(later.body['id'])}`, undefined, as('rita'))).body).toMatchObject({ state: 'scheduled', status: 'Scheduled', schedule: { startDateTime: tomorrow } });
    expect((await call('POST', `${EM}/assignmentRequests/${String(later.body['id'])}/cancel`, undefined, as('rita'))).body).toMatchObject({ state: 'canceled' });

    const added = await call('POST', `${EM}/assignmentRequests`, { requestType: 'userAdd', assignment: { accessPackageId: packageId, assignmentPolicyId: policyId, schedule: { expiration: { type: 'afterDuration', duration: 'P7D' } } } }, as('rita'));
    expect((await call('GET', `${EM}/assignmentRequests/${String(added.body['id'])}`, undefined, as('rita'))).body).toMatchObject({ state: 'delivered' });
    const assignmentId = (added.body['assignment'] as { id: string }).id;
    const before = (await call('GET', `${EM}/assignments/${assignmentId}`, undefined, as('rita'))).body['schedule'] as { expiration: { endDateTime: string } };
    const extended = await call('POST', `${EM}/assignmentRequests`, { requestType: 'userExtend', assignment: { id: assignmentId } }, as('rita'));
    expect(extended.status, JSON.stringify(extended.body)).toBe(201);
    expect((await call('GET', `${EM}/assignmentRequests/${String(extended.body['id'])}`, undefined, as('rita'))).body).toMatchObject({ requestType: 'userExtend', state: 'delivered' });
    const after = (await call('GET', `${EM}/assignments/${assignmentId}`, undefined, as('rita'))).body['schedule'] as { expiration: { endDateTime: string } };
    expect(Date.parse(after.expiration.endDateTime) - Date.parse(before.expiration.endDateTime)).toBeGreaterThan(20 * 24 * 60 * 60 * 1000);
  });

  it('when one user floods requests, then the sixth in a burst is 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${rt.url}/api/v1.0/${EM}/assignmentRequests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${as('flood')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ requestType: 'userAdd', assignment: { accessPackageId: randomUUID(), assignmentPolicyId: randomUUID() } }),
      });
      statuses.push(res.status);
      retryAfter = res.headers.get('retry-after');
      await res.text();
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
