import { describe, expect, it } from 'vitest';
import { startApproval } from '../../../../src/domain/entitlement/approvals/start-approval';
import { nameBasedId } from '../../../../src/domain/entitlement/ids';
import { emailMessageSchema } from '../../../../src/domain/mail/message';
import { approvalWorld, buildPolicy, buildRequest, buildStage, DAY, HOUR } from './builders';

describe('startApproval', () => {
  it('when a submitted request goes to approval, then every stage exists, the first is in progress, the deadlines are due and the approver is mailed', async () => {
    const policy = buildPolicy({
      requestApprovalSettings: {
        isApprovalRequiredForAdd: true,
        isApprovalRequiredForUpdate: false,
        stages: [
          buildStage({ durationBeforeAutomaticDenial: 'P3D', isEscalationEnabled: true, durationBeforeEscalation: 'PT12H', escalationApprovers: [{ type: 'singleUser', userId: 'boss', description: null }] }),
          buildStage(),
        ],
      },
    });
    const world = await approvalWorld(policy);
    const request = buildRequest({ answers: [{ questionId: 'q1', value: 'Falcon', displayValue: 'Which project?' }] });
    await world.collections.requests.insert(request, 'x');
    const start = world.clock.now().getTime();

    const started = await startApproval(world.deps, request.id, 'corr-1');

    expect(started.state).toBe('pendingApproval');
    expect(started.status).toBe('PendingApproval');
    expect(started.stages.map((s) => [s.id, s.status])).toEqual([
      [nameBasedId('approvalStage', request.id, '0'), 'InProgress'],
      [nameBasedId('approvalStage', request.id, '1'), 'NotStarted'],
    ]);
    expect(started.stages[0]?.approverIds).toEqual(['approver-1']);
    expect((await world.collections.requests.get(request.id))?.value).toEqual(started);
    expect(world.schedule.entries().map((e) => [e.kind, e.subjectId, e.dueAt.getTime() - start]).sort()).toEqual([
      ['approvalEscalation', request.id, 12 * HOUR],
      ['approvalTimeout', request.id, 3 * DAY],
    ]);
    expect(world.mails).toHaveLength(1);
    const mail = world.mails[0]!;
    expect(emailMessageSchema.safeParse(mail).success).toBe(true);
    expect(mail).toMatchObject({
      kind: 'approvalRequest',
      outboxId: nameBasedId('approvalMail', request.id, '0', 'approver-1', 'primary'),
      to: [{ address: 'ada@contoso.test' }],
      data: {
        requestor: { email: 'pat@fabrikam.test', displayName: 'Pat Partner' },
        accessPackage: { displayName: 'Project Falcon' },
        answers: [{ question: 'Which project?', answer: 'Falcon' }],
        approveUrl: `https://gatehouse.test/api/myaccess/approvals/${request.id}?decision=Approve`,
        denyUrl: `https://gatehouse.test/api/myaccess/approvals/${request.id}?decision=Deny`,
        decideByDateTime: new Date(start + 3 * DAY).toISOString(),
      },
    });
    expect(world.audit.map((a) => a.activityDisplayName)).toContain('Start access package assignment request approval');
  });

  it('when started twice, then the second start mails and schedules nothing new', async () => {
    const world = await approvalWorld();
    const request = buildRequest();
    await world.collections.requests.insert(request, 'x');
    await startApproval(world.deps, request.id, 'c');
    await startApproval(world.deps, request.id, 'c');
    expect(world.mails).toHaveLength(1);
    expect(world.schedule.entries()).toHaveLength(1);
  });

  it('when the request is not submitted, then it is a conflict and nothing changes', async () => {
    const world = await approvalWorld();
    const request = buildRequest({ state: 'canceled', status: 'Canceled' });
    await world.collections.requests.insert(request, 'x');
    await expect(startApproval(world.deps, request.id, 'c')).rejects.toMatchObject({ code: 'conflict' });
    expect(world.mails).toHaveLength(0);
    await expect(startApproval(world.deps, 'nope', 'c')).rejects.toMatchObject({ code: 'notFound' });
  });
});

describe('approvers of a stage', () => {
  async function approversFor(stage: Parameters<typeof buildStage>[0], request = buildRequest(), setup?: (world: Awaited<ReturnType<typeof approvalWorld>>) => Promise<void>) {
    const world = await approvalWorld(buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [buildStage(stage)] } }));
    await setup?.(world);
    await world.collections.requests.insert(request, 'x');
    return (await startApproval(world.deps, request.id, 'c')).stages[0]?.approverIds;
  }

  it('when the approvers are a group, then its enabled members are, without the requestor', async () => {
    const ids = await approversFor({ primaryApprovers: [{ type: 'groupMembers', groupId: 'approvers', description: null }] }, buildRequest(), async ({ people }) => {
      people.addUser({ id: 'm1' });
      people.addUser({ id: 'm2', accountEnabled: false });
      people.addUser({ id: 'm3', mail: 'pat@fabrikam.test' }); // the requestor's own guest account
      people.addGroup('approvers', ['m1', 'm2', 'm3']);
    });
    expect(ids).toEqual(['m1']);
  });

  it("when the approver is the requestor's manager, then the target user's manager is", async () => {
    const request = buildRequest({ target: { objectId: 'emp', email: null, displayName: 'Emp', subjectType: 'user', connectedOrganizationId: null }, targetObjectId: 'emp', targetEmail: '', requestor: { kind: 'user', userId: 'emp' } });
    const ids = await approversFor({ primaryApprovers: [{ type: 'requestorManager', managerLevel: 1 }] }, request, async ({ people }) => {
      people.addUser({ id: 'mgr' });
      people.addUser({ id: 'emp', managerId: 'mgr' });
    });
    expect(ids).toEqual(['mgr']);
  });

  it("when the approvers are sponsors, then the sponsors of the target's connected organization are", async () => {
    const request = buildRequest({ target: { objectId: null, email: 'pat@fabrikam.test', displayName: 'Pat', subjectType: 'user', connectedOrganizationId: 'org-1' } });
    const ids = await approversFor({ primaryApprovers: [{ type: 'externalSponsors' }, { type: 'internalSponsors' }] }, request, async ({ people, collections }) => {
      people.addUser({ id: 'ext-sponsor', userType: 'Guest' });
      people.addUser({ id: 'int-sponsor' });
      people.addUser({ id: 'other-org-sponsor' });
      await collections.sponsors.insert({ id: 's1', connectedOrganizationId: 'org-1', kind: 'externalSponsors', userId: 'ext-sponsor' }, 'x');
      await collections.sponsors.insert({ id: 's2', connectedOrganizationId: 'org-1', kind: 'internalSponsors', userId: 'int-sponsor' }, 'x');
      await collections.sponsors.insert({ id: 's3', connectedOrganizationId: 'org-2', kind: 'internalSponsors', userId: 'other-org-sponsor' }, 'x');
    });
    expect(ids).toEqual(['ext-sponsor', 'int-sponsor']);
  });

  it('when no primary approver can be resolved, then the fallback approvers are used', async () => {
    const ids = await approversFor(
      { primaryApprovers: [{ type: 'requestorManager', managerLevel: 1 }, { type: 'connectedOrganizationMembers', connectedOrganizationId: 'org-1', description: null }], fallbackPrimaryApprovers: [{ type: 'singleUser', userId: 'approver-1', description: null }] },
    );
    expect(ids).toEqual(['approver-1']);
  });
});
