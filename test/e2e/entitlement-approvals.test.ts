import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';

const EM = 'identityGovernance/entitlementManagement';
const single = (userId: string) => ({ '@odata.type': '#microsoft.graph.singleUser', userId });

describe('assignment approvals over HTTP', () => {
  let rt: TestRuntime;
  let call: GraphCall;
  let groupId: string;
  let packageId: string;
  const users: Record<string, { id: string; token: string; mail: string }> = {};

  const created = async (path: string, body: unknown) => {
    const res = await call('POST', path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Json & { id: string };
  };
  const as = (name: string) => users[name]!.token;

  async function policy(stages: Record<string, unknown>[]): Promise<string> {
    return (await created(`${EM}/assignmentPolicies`, {
      displayName: `Members ${randomUUID().slice(0, 6)}`,
      allowedTargetScope: 'allMemberUsers',
      expiration: { type: 'afterDuration', duration: 'P30D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true },
      requestApprovalSettings: { isApprovalRequiredForAdd: true, stages: stages.map((s) => ({ durationBeforeAutomaticDenial: 'P7D', ...s })) },
      accessPackage: { id: packageId },
    })).id;
  }

  async function request(requester: string, policyId: string): Promise<string> {
    const res = await call('POST', `${EM}/assignmentRequests`, { requestType: 'userAdd', assignment: { accessPackageId: packageId, assignmentPolicyId: policyId }, justification: 'Project work' }, as(requester));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body['state']).toBe('submitted');
    expect((await call('GET', `${EM}/assignmentRequests/${String(res.body['id'])}`, undefined, as(requester))).body['state']).toBe('pendingApproval');
    return String(res.body['id']);
  }

  const approval = (requestId: string, who: string) => call('GET', `${EM}/assignmentApprovals/${requestId}`, undefined, as(who));
  const decide = (requestId: string, stageId: string, who: string, reviewResult: 'Approve' | 'Deny', justification?: string) =>
    call('PATCH', `${EM}/assignmentApprovals/${requestId}/stages/${stageId}`, { reviewResult, ...(justification === undefined ? {} : { justification }) }, as(who));
  const stagesOf = async (requestId: string, who: string) => (await approval(requestId, who)).body['stages'] as Record<string, unknown>[];
  const requestState = async (requestId: string) => (await call('GET', `${EM}/assignmentRequests/${requestId}`)).body;
  async function mailsTo(address: string, count: number, timeoutMs = 15_000): Promise<{ html: string; subject?: string }[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mails = (await (await fetch(`${rt.url}/dev/mailbox?to=${encodeURIComponent(address)}`)).json()) as { html: string }[];
      if (mails.length >= count || Date.now() > deadline) return mails;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const table = (name: string) => TableClient.fromConnectionString(rt.storage, name, { allowInsecureConnection: true });
  /** Changes a stored request or assignment document in place: how these tests move its clock. */
  async function rewriteDoc(tableName: string, id: string, change: (doc: Record<string, unknown>) => void): Promise<void> {
    for await (const row of table(tableName).listEntities<Record<string, unknown>>({ queryOptions: { filter: `id eq '${id}'` } })) {
      const doc = JSON.parse(String(row['doc'])) as Record<string, unknown>;
      change(doc);
      await table(tableName).updateEntity({ partitionKey: row.partitionKey!, rowKey: row.rowKey!, doc: JSON.stringify(doc) }, 'Merge', { etag: String(row.etag) });
    }
  }
  /** Moves every due entry about `subjectId` (of `kind`, if given) into the past. */
  async function makeDue(subjectId: string, kind?: string): Promise<void> {
    const schedule = table('EntitlementSchedule');
    for await (const row of schedule.listEntities<Record<string, unknown>>({ queryOptions: { filter: `subjectId eq '${subjectId}'` } })) {
      if (kind && row['kind'] !== kind) continue;
      await schedule.deleteEntity(row.partitionKey!, row.rowKey!);
      const dueAt = new Date('2020-01-01T00:00:00Z');
      await schedule.createEntity({ ...row, partitionKey: '2020-01-01', rowKey: `${dueAt.toISOString()}|${String(row['kind'])}|${subjectId}`, dueAt });
    }
  }
  /** Runs the entitlement timer through the host's admin API, then waits until `read` satisfies `done`. */
  async function runTimerUntil<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const run = await fetch(`${rt.url}/admin/functions/processEntitlementSchedule`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' });
    expect(run.status).toBe(202);
    const deadline = Date.now() + 15_000;
    let value = await read();
    while (!done(value) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      value = await read();
    }
    return value;
  }

  beforeAll(async () => {
    rt = await startRuntime();
    call = graphCaller(rt, await rt.token({ roles: ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All', 'GroupMember.ReadWrite.All'] }));
    for (const name of ['requester', 'second', 'first', 'other', 'outsider', 'late', 'urgent']) {
      const nick = `${name}${randomUUID().slice(0, 6)}`;
      const user = await created('users', { accountEnabled: true, displayName: name, mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com`, mail: `${nick}@fabrikam.onmicrosoft.com` });
      users[name] = { id: user.id, token: await rt.token({ userId: user.id }), mail: `${nick}@fabrikam.onmicrosoft.com` };
    }
    groupId = (await created('groups', { displayName: 'Falcon', mailNickname: `falcon${randomUUID().slice(0, 8)}`, securityEnabled: true, mailEnabled: false })).id;
    const catalog = await created(`${EM}/catalogs`, { displayName: `Catalog ${randomUUID().slice(0, 6)}`, state: 'published' });
    const resource = await call('POST', `${EM}/resourceRequests`, { requestType: 'adminAdd', resource: { originId: groupId, originSystem: 'AadGroup' }, catalog: { id: catalog.id } });
    expect(resource.status, JSON.stringify(resource.body)).toBe(201);
    packageId = (await created(`${EM}/accessPackages`, { displayName: 'Falcon', catalog: { id: catalog.id } })).id;
    await created(`${EM}/accessPackages/${packageId}/resourceRoleScopes`, {
      role: { originId: `Member_${groupId}`, originSystem: 'AadGroup', resource: { id: (resource.body['resource'] as { id: string }).id } },
      scope: { originId: 'Root', originSystem: 'AadGroup' },
    });
  }, 90_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when two stages are approved in turn, then each approver sees and decides their own stage, and the requester becomes a member of the group', async () => {
    const requestId = await request('requester', await policy([{ primaryApprovers: [single(users['first']!.id)], isApproverJustificationRequired: true }, { primaryApprovers: [single(users['second']!.id)] }]));

    const mine = await call('GET', `${EM}/assignmentApprovals/filterByCurrentUser(on='approver')`, undefined, as('first'));
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.value?.map((a) => a['id'])).toContain(requestId);
    const notYours = await call('GET', `${EM}/assignmentApprovals/filterByCurrentUser(on='approver')`, undefined, as('second'));
    expect(notYours.body.value?.map((a) => a['id'])).not.toContain(requestId);

    // The first stage's approver is mailed a link to the approval page (later mails wait for the mail pace).
    const [asked] = await mailsTo(users['first']!.mail, 1);
    expect(asked?.html).toContain(`/api/myaccess/approvals/${requestId}`);

    const read = await approval(requestId, 'first');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: requestId, stages: [{ status: 'InProgress', reviewResult: 'NotReviewed', assignedToMe: true, reviewedBy: null }, { status: 'Initializing', assignedToMe: false }] });
    const [stage1, stage2] = (read.body['stages'] as { id: string }[]).map((s) => s.id);
    const listed = await call('GET', `${EM}/assignmentApprovals/${requestId}/stages`, undefined, as('first'));
    expect(listed.body.value?.map((s) => s['id'])).toEqual([stage1, stage2]);

    // The second stage's approver cannot decide the first; the first needs a justification.
    expect((await decide(requestId, stage1!, 'second', 'Approve', 'ok')).status).toBe(403);
    const noReason = await decide(requestId, stage1!, 'first', 'Approve');
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('justification');
    expect((await decide(requestId, stage1!, 'first', 'Approve', 'Known partner')).status).toBe(204);
    expect((await decide(requestId, stage1!, 'first', 'Deny', 'changed my mind')).status).toBe(409);

    expect(await stagesOf(requestId, 'second')).toMatchObject([
      { status: 'Completed', reviewResult: 'Approved', justification: 'Known partner', reviewedBy: { id: users['first']!.id } },
      { status: 'InProgress', assignedToMe: true },
    ]);
    expect((await decide(requestId, stage2!, 'second', 'Approve')).status).toBe(204);

    expect(await requestState(requestId)).toMatchObject({ state: 'delivered' });
    const members = await call('GET', `groups/${groupId}/members`);
    expect(members.body.value?.map((m) => m['id'])).toContain(users['requester']!.id);
    // Decided approvals stay readable for their approvers.
    expect((await approval(requestId, 'first')).status).toBe(200);
  });

  it('when the approver denies, then the request is denied with the reason', async () => {
    const requestId = await request('other', await policy([{ primaryApprovers: [single(users['first']!.id)] }]));
    const [stage] = (await stagesOf(requestId, 'first')).map((s) => String(s['id']));
    expect((await decide(requestId, stage!, 'first', 'Deny', 'Not on the project')).status).toBe(204);
    expect(await requestState(requestId)).toMatchObject({ state: 'denied' });
    expect(await stagesOf(requestId, 'first')).toMatchObject([{ reviewResult: 'Denied', status: 'Completed', justification: 'Not on the project' }]);
  });

  it('when the requester is among the approvers, then they are left out and cannot decide their own request; outsiders get 403 and cannot read it', async () => {
    const approvers = await created('groups', { displayName: 'Approvers', mailNickname: `appr${randomUUID().slice(0, 8)}`, securityEnabled: true, mailEnabled: false });
    for (const name of ['outsider', 'first']) {
      const added = await call('POST', `groups/${approvers.id}/members/$ref`, { '@odata.id': `${rt.url}/api/v1.0/directoryObjects/${users[name]!.id}` });
      expect(added.status, JSON.stringify(added.body)).toBe(204);
    }
    const requestId = await request('outsider', await policy([{ primaryApprovers: [{ '@odata.type': '#microsoft.graph.groupMembers', groupId: approvers.id }] }]));
    const [stage] = (await stagesOf(requestId, 'first')).map((s) => String(s['id']));
    expect((await decide(requestId, stage!, 'outsider', 'Approve', 'me')).status).toBe(403);
    expect((await decide(requestId, stage!, 'second', 'Approve', 'me')).status).toBe(403);
    expect((await approval(requestId, 'second')).status).toBe(403);
    expect((await call('GET', `${EM}/assignmentApprovals/${randomUUID()}`, undefined, as('first'))).status).toBe(404);
    expect((await decide(requestId, randomUUID(), 'first', 'Approve', 'x')).status).toBe(404);
    expect(await requestState(requestId)).toMatchObject({ state: 'pendingApproval' });
  });

  it('when two approvers decide at once, then exactly one wins and the other gets 409', async () => {
    const requestId = await request('second', await policy([{ primaryApprovers: [single(users['first']!.id), single(users['other']!.id)] }]));
    const [stage] = (await stagesOf(requestId, 'first')).map((s) => String(s['id']));
    const statuses = (await Promise.all([decide(requestId, stage!, 'first', 'Deny', 'no'), decide(requestId, stage!, 'other', 'Deny', 'no')])).map((r) => r.status).sort();
    expect(statuses).toEqual([204, 409]);
  });

  it('when an application calls the approval API, then 403 (Graph offers it to signed-in users only)', async () => {
    const res = await call('GET', `${EM}/assignmentApprovals/filterByCurrentUser(on='approver')`);
    expect(res.status).toBe(403);
  });

  it('when nobody decides before the automatic denial, then the timer (run on demand) denies the request as timed out', async () => {
    const requestId = await request('late', await policy([{ primaryApprovers: [single(users['first']!.id)], durationBeforeAutomaticDenial: 'P1D' }]));
    // The simulated clock: the stage started two days ago and its due entries are in the past.
    await rewriteDoc('AccessPackageAssignmentRequests', requestId, (doc) => void ((doc['stages'] as { startedDateTime: string }[])[0]!.startedDateTime = daysAgo(2)));
    await makeDue(requestId);
    const state = await runTimerUntil(async () => requestState(requestId), (r) => r['state'] === 'denied');
    expect(state).toMatchObject({ state: 'denied', status: 'TimedOut' });
    expect(await stagesOf(requestId, 'first')).toMatchObject([{ status: 'Expired', reviewResult: 'NotReviewed' }]);
    const [stage] = (await stagesOf(requestId, 'first')).map((s) => String(s['id']));
    expect((await decide(requestId, stage!, 'first', 'Approve', 'late')).status).toBe(409);
  });

  it('when nobody decides before durationBeforeEscalation, then the timer adds the escalation approver, who may decide', async () => {
    const requestId = await request('urgent', await policy([{ primaryApprovers: [single(users['first']!.id)], isEscalationEnabled: true, durationBeforeEscalation: 'PT1H', escalationApprovers: [single(users['other']!.id)] }]));
    expect((await approval(requestId, 'other')).status).toBe(403);
    await rewriteDoc('AccessPackageAssignmentRequests', requestId, (doc) => void ((doc['stages'] as { startedDateTime: string }[])[0]!.startedDateTime = daysAgo(0.1)));
    await makeDue(requestId, 'approvalEscalation');
    const escalated = await runTimerUntil(async () => approval(requestId, 'other'), (r) => r.status === 200);
    expect(escalated.body).toMatchObject({ stages: [{ status: 'InProgress', assignedToMe: true }] });
    expect(await requestState(requestId)).toMatchObject({ state: 'pendingApproval', status: 'PendingApprovalEscalated' });
    const [stage] = (escalated.body['stages'] as { id: string }[]).map((s) => s.id);
    expect((await decide(requestId, stage!, 'other', 'Approve', 'covering for first')).status).toBe(204);
    expect(await requestState(requestId)).toMatchObject({ state: 'delivered' });
  });

  it('when an assignment of a guest brought in by a request runs out, then the timer removes the membership, blocks the guest and deletes it 30 days later; the request stays readable', async () => {
    const policyId = (await created(`${EM}/assignmentPolicies`, {
      displayName: `Partners ${randomUUID().slice(0, 6)}`,
      allowedTargetScope: 'allExternalUsers',
      expiration: { type: 'afterDuration', duration: 'P30D' },
      requestorSettings: { enableTargetsToSelfAddAccess: false },
      requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] },
      accessPackage: { id: packageId },
    })).id;
    const added = await call('POST', `${EM}/assignmentRequests`, { requestType: 'adminAdd', assignment: { accessPackageId: packageId, assignmentPolicyId: policyId, target: { email: `kai@partner${randomUUID().slice(0, 6)}.test`, displayName: 'Kai' } } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const requestId = String(added.body['id']);
    const guestId = (added.body['assignment'] as { target: { objectId: string } }).target.objectId;
    const assignmentId = (await call('GET', `${EM}/assignments?$filter=target/objectId eq '${guestId}'`)).body.value?.[0]?.['id'] as string;
    const members = async () => ((await call('GET', `groups/${groupId}/members`)).body.value ?? []).map((m) => m['id']);
    expect(await members()).toContain(guestId);

    await rewriteDoc('AccessPackageAssignments', assignmentId, (doc) => void (doc['endDateTime'] = daysAgo(0.01)));
    await makeDue(assignmentId, 'assignmentEnd');
    // The timer answers 202 and works on: the assignment expires first, the block of the guest follows.
    const ended = await runTimerUntil(
      async () => ({ assignment: (await call('GET', `${EM}/assignments/${assignmentId}`)).body, guest: (await call('GET', `users/${guestId}`)).body }),
      (v) => v.assignment['state'] === 'expired' && v.guest['accountEnabled'] === false,
    );
    expect(ended.assignment).toMatchObject({ state: 'expired', expiredDateTime: expect.any(String) });
    expect(await members()).not.toContain(guestId);
    expect(ended.guest).toMatchObject({ accountEnabled: false });
    expect(await requestState(requestId)).toMatchObject({ state: 'delivered', status: 'Expired' });

    // Thirty days after the block (the assignment ended 31 days ago), the deletion entry deletes the guest.
    await rewriteDoc('AccessPackageAssignments', assignmentId, (doc) => void (doc['expiredDateTime'] = daysAgo(31)));
    await makeDue(guestId, 'guestDeletion');
    const gone = await runTimerUntil(async () => call('GET', `users/${guestId}`), (r) => r.status === 404);
    expect(gone.status).toBe(404);
    expect(await requestState(requestId)).toMatchObject({ id: requestId, state: 'delivered' });
  });
});
