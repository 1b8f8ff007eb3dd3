import { describe, expect, it } from 'vitest';
import { approvalsAssignedTo, decideStage } from '../../../../src/domain/entitlement/approvals/decide-stage';
import { startApproval } from '../../../../src/domain/entitlement/approvals/start-approval';
import type { ApprovalStage } from '../../../../src/domain/entitlement/policy';
import type { AssignmentRequest } from '../../../../src/domain/entitlement/requests/model';
import { emailMessageSchema } from '../../../../src/domain/mail/message';
import { approvalWorld, buildPolicy, buildRequest, buildStage, GROUP_ID, HOUR } from './builders';

const single = (userId: string) => [{ type: 'singleUser' as const, userId, description: null }];

/** A world with a policy of the given stages and one request already in approval. */
async function pending(stages: ApprovalStage[], request: AssignmentRequest = buildRequest()) {
  const world = await approvalWorld(buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages } }));
  for (const id of ['first', 'second', 'third', 'other']) world.people.addUser({ id, displayName: `User ${id}`, mail: `${id}@contoso.test` });
  await world.collections.requests.insert(request, 'x');
  await startApproval(world.deps, request.id, 'c');
  const read = async () => (await world.collections.requests.get(request.id))!.value;
  const stageId = async (index: number) => (await read()).stages[index]!.id;
  const as = (userId: string) => ({ userId, displayName: null });
  return { ...world, request, read, stageId, as };
}

const approve = { reviewResult: 'Approve' as const, justification: 'ok' };

describe('decideStage', () => {
  it('when three stages are approved in turn, then each opens the next with its own approvers, and the last delivers the package', async () => {
    const w = await pending([buildStage({ primaryApprovers: single('first') }), buildStage({ primaryApprovers: single('second') }), buildStage({ primaryApprovers: single('third') })]);

    await decideStage(w.deps, w.as('first'), w.request.id, await w.stageId(0), approve, 'c');
    let request = await w.read();
    expect(request.state).toBe('pendingApproval');
    expect(request.stages.map((s) => s.status)).toEqual(['Completed', 'InProgress', 'NotStarted']);
    expect(request.stages[0]).toMatchObject({ reviewResult: 'Approve', reviewedBy: { id: 'first' }, justification: 'ok' });
    expect(request.stages[1]?.approverIds).toEqual(['second']);
    expect(w.mails.filter((m) => m.kind === 'approvalRequest').map((m) => m.to[0]?.address)).toEqual(['first@contoso.test', 'second@contoso.test']);
    // The first stage's approver cannot decide the second.
    await expect(decideStage(w.deps, w.as('first'), w.request.id, await w.stageId(1), approve, 'c')).rejects.toMatchObject({ code: 'accessDenied' });

    await decideStage(w.deps, w.as('second'), w.request.id, await w.stageId(1), approve, 'c');
    expect((await w.read()).stages.map((s) => s.status)).toEqual(['Completed', 'Completed', 'InProgress']);
    await decideStage(w.deps, w.as('third'), w.request.id, await w.stageId(2), approve, 'c');

    request = await w.read();
    expect(request.state).toBe('delivered');
    expect(request.stages.map((s) => s.reviewResult)).toEqual(['Approve', 'Approve', 'Approve']);
    const guestId = request.target.objectId!;
    expect(w.people.groups.get(GROUP_ID)?.has(guestId)).toBe(true);
    expect(w.mails.some((m) => m.kind === 'requestApproved' && m.to[0]?.address === 'pat@fabrikam.test')).toBe(true);
    expect(w.audit.filter((a) => a.activityDisplayName === 'Approve access package assignment request').map((a) => a.initiatedBy)).toEqual([
      { kind: 'user', id: 'first' }, { kind: 'user', id: 'second' }, { kind: 'user', id: 'third' },
    ]);
  });

  it('when an approver denies, then the request is denied with the reason and the requestor is mailed; later stages never start', async () => {
    const w = await pending([buildStage({ primaryApprovers: single('first') }), buildStage({ primaryApprovers: single('second') })]);
    await decideStage(w.deps, w.as('first'), w.request.id, await w.stageId(0), { reviewResult: 'Deny', justification: 'Not on the project' }, 'c');
    const request = await w.read();
    expect(request).toMatchObject({ state: 'denied', status: 'Denied', reason: 'Not on the project' });
    expect(request.completedDateTime).toBe(w.clock.now().toISOString());
    expect(request.stages.map((s) => s.status)).toEqual(['Completed', 'NotStarted']);
    const denied = w.mails.find((m) => m.kind === 'requestDenied');
    expect(emailMessageSchema.safeParse(denied).success).toBe(true);
    expect(denied).toMatchObject({ to: [{ address: 'pat@fabrikam.test' }], data: { reason: 'Not on the project', requestsUrl: 'https://gatehouse.test/api/myaccess/requests' } });
    expect(w.audit.some((a) => a.activityDisplayName === 'Deny access package assignment request')).toBe(true);
  });

  it('when the stage was already decided, then a second decision is a conflict and changes nothing', async () => {
    const w = await pending([buildStage({ primaryApprovers: [...single('first'), ...single('second')] }), buildStage({ primaryApprovers: single('third') })]);
    const stage = await w.stageId(0);
    await decideStage(w.deps, w.as('first'), w.request.id, stage, approve, 'c');
    const before = await w.read();
    await expect(decideStage(w.deps, w.as('second'), w.request.id, stage, { reviewResult: 'Deny', justification: 'no' }, 'c')).rejects.toMatchObject({ code: 'conflict' });
    expect(await w.read()).toEqual(before);
  });

  it('when two approvers decide at the same moment, then exactly one wins and the other gets a conflict', async () => {
    const w = await pending([buildStage({ primaryApprovers: [...single('first'), ...single('second')] }), buildStage({ primaryApprovers: single('third') })]);
    const stage = await w.stageId(0);
    const outcomes = await Promise.allSettled([
      decideStage(w.deps, w.as('first'), w.request.id, stage, approve, 'c'),
      decideStage(w.deps, w.as('second'), w.request.id, stage, { reviewResult: 'Deny', justification: 'no' }, 'c'),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    // Both passed the "stage in progress" check: the loser lost on the ETag, not on a re-read.
    expect(rejected.map((o) => (o.reason as { code: string; message: string }))).toMatchObject([{ code: 'conflict', message: 'The request was decided or changed by someone else meanwhile.' }]);
    const winner = outcomes[0]!.status === 'fulfilled' ? 'first' : 'second';
    expect((await w.read()).stages[0]?.reviewedBy?.id).toBe(winner);
    expect(w.audit.filter((a) => a.activityDisplayName.endsWith('access package assignment request') && a.initiatedBy.kind === 'user')).toHaveLength(1);
  });

  it('when the caller is not an approver of the stage, then 403', async () => {
    const w = await pending([buildStage({ primaryApprovers: single('first') })]);
    await expect(decideStage(w.deps, w.as('other'), w.request.id, await w.stageId(0), approve, 'c')).rejects.toMatchObject({ code: 'accessDenied' });
    await expect(decideStage(w.deps, w.as('nobody-at-all'), w.request.id, await w.stageId(0), approve, 'c')).rejects.toMatchObject({ code: 'accessDenied' });
    expect((await w.read()).stages[0]?.status).toBe('InProgress');
  });

  it('when a listed approver was disabled after the stage started, then 403', async () => {
    const w = await pending([buildStage({ primaryApprovers: single('first') })]);
    w.people.users.get('first')!.accountEnabled = false;
    await expect(decideStage(w.deps, w.as('first'), w.request.id, await w.stageId(0), approve, 'c')).rejects.toMatchObject({ code: 'accessDenied' });
    expect((await w.read()).stages[0]?.status).toBe('InProgress');
  });

  it('when the approver is the requestor (a member requesting for themselves), then 403 even if listed as an approver', async () => {
    const request = buildRequest({ target: { objectId: 'first', email: null, displayName: 'First', subjectType: 'user', connectedOrganizationId: null }, targetObjectId: 'first', targetEmail: '', requestor: { kind: 'user', userId: 'first' } });
    const w = await pending([buildStage({ primaryApprovers: [...single('first'), ...single('second')] })], request);
    // Resolution already leaves the requestor out; the decision refuses them even if they were stored as approver.
    expect((await w.read()).stages[0]?.approverIds).toEqual(['second']);
    const stored = (await w.collections.requests.get(request.id))!;
    await w.collections.requests.replace({ ...stored.value, stages: stored.value.stages.map((s) => ({ ...s, approverIds: ['first', 'second'] })) }, stored.etag);
    await expect(decideStage(w.deps, w.as('first'), request.id, await w.stageId(0), approve, 'c')).rejects.toMatchObject({ code: 'accessDenied', message: 'A requestor cannot approve their own request.' });
  });

  it('when an external requestor holds a guest account that is an approver, then approving their own request is refused', async () => {
    const w = await pending([buildStage({ primaryApprovers: single('first') })]);
    w.people.addUser({ id: 'pat-guest', userType: 'Guest', mail: 'PAT@fabrikam.test' });
    const stored = (await w.collections.requests.get(w.request.id))!;
    await w.collections.requests.replace({ ...stored.value, stages: stored.value.stages.map((s) => ({ ...s, approverIds: ['first', 'pat-guest'] })) }, stored.etag);
    await expect(decideStage(w.deps, w.as('pat-guest'), w.request.id, await w.stageId(0), approve, 'c')).rejects.toMatchObject({ code: 'accessDenied' });
  });

  it('when the stage requires a justification and none is given, then 400 naming the field', async () => {
    const w = await pending([buildStage({ primaryApprovers: single('first'), isApproverJustificationRequired: true })]);
    for (const justification of [null, '   ']) {
      await expect(decideStage(w.deps, w.as('first'), w.request.id, await w.stageId(0), { reviewResult: 'Approve', justification }, 'c')).rejects.toMatchObject({
        code: 'validationFailed',
        details: [{ target: 'justification' }],
      });
    }
    expect((await w.read()).stages[0]?.status).toBe('InProgress');
  });

  it('when the request or stage does not exist, then 404', async () => {
    const w = await pending([buildStage({ primaryApprovers: single('first') })]);
    await expect(decideStage(w.deps, w.as('first'), 'nope', await w.stageId(0), approve, 'c')).rejects.toMatchObject({ code: 'notFound' });
    await expect(decideStage(w.deps, w.as('first'), w.request.id, 'nope', approve, 'c')).rejects.toMatchObject({ code: 'notFound' });
  });

  it('when the last stage is approved but the access starts later, then the request is scheduled with a start entry', async () => {
    const later = new Date(Date.parse('2026-03-02T09:00:00Z') + 48 * HOUR).toISOString();
    const base = buildRequest();
    const w = await pending([buildStage({ primaryApprovers: single('first') })], buildRequest({ schedule: { ...base.schedule, startDateTime: later } }));
    await decideStage(w.deps, w.as('first'), w.request.id, await w.stageId(0), approve, 'c');
    expect(await w.read()).toMatchObject({ state: 'scheduled', status: 'Scheduled' });
    expect(w.schedule.entries().some((e) => e.kind === 'scheduledStart' && e.dueAt.toISOString() === later)).toBe(true);
  });
});

describe('approvalsAssignedTo', () => {
  it('lists the requests whose stage in progress the user may decide, and only those', async () => {
    const w = await pending([buildStage({ primaryApprovers: single('first') }), buildStage({ primaryApprovers: single('second') })]);
    expect((await approvalsAssignedTo(w.deps, 'first')).map((r) => r.id)).toEqual([w.request.id]);
    expect(await approvalsAssignedTo(w.deps, 'second')).toEqual([]);
    await decideStage(w.deps, w.as('first'), w.request.id, await w.stageId(0), approve, 'c');
    expect(await approvalsAssignedTo(w.deps, 'first')).toEqual([]);
    expect((await approvalsAssignedTo(w.deps, 'second')).map((r) => r.id)).toEqual([w.request.id]);
  });
});
