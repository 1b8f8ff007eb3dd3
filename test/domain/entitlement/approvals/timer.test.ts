import { describe, expect, it } from 'vitest';
import { decideStage } from '../../../../src/domain/entitlement/approvals/decide-stage';
import { processEntitlementSchedule } from '../../../../src/domain/entitlement/approvals/process-schedule';
import { startApproval } from '../../../../src/domain/entitlement/approvals/start-approval';
import { nameBasedId } from '../../../../src/domain/entitlement/ids';
import type { ApprovalStage } from '../../../../src/domain/entitlement/policy';
import { approvalWorld, buildPolicy, buildRequest, buildStage, DAY, HOUR } from './builders';

const single = (userId: string) => [{ type: 'singleUser' as const, userId, description: null }];
const escalating = (overrides: Partial<ApprovalStage> = {}) =>
  buildStage({ primaryApprovers: single('first'), durationBeforeAutomaticDenial: 'P2D', isEscalationEnabled: true, durationBeforeEscalation: 'PT12H', escalationApprovers: single('boss'), ...overrides });

async function pending(stages: ApprovalStage[]) {
  const world = await approvalWorld(buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages } }));
  for (const id of ['first', 'second', 'boss']) world.people.addUser({ id, mail: `${id}@contoso.test` });
  const request = buildRequest();
  await world.collections.requests.insert(request, 'x');
  await startApproval(world.deps, request.id, 'c');
  const read = async () => (await world.collections.requests.get(request.id))!.value;
  const tick = async (ms: number) => {
    world.clock.advance(ms);
    return processEntitlementSchedule(world.deps, world.clock.now(), 'timer');
  };
  return { ...world, request, read, tick };
}

describe('the entitlement timer on approvals', () => {
  it('when more entries are due than one batch holds, then one run handles them all, batch after batch', async () => {
    const world = await approvalWorld(buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [escalating()] } }));
    for (const id of ['first', 'boss']) world.people.addUser({ id, mail: `${id}@contoso.test` });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const request = buildRequest();
      await world.collections.requests.insert(request, 'x');
      await startApproval(world.deps, request.id, 'c');
      ids.push(request.id);
    }
    world.clock.advance(12 * HOUR);
    expect(await processEntitlementSchedule(world.deps, world.clock.now(), 'timer', 2)).toMatchObject({ handled: 5, failed: [] });
    for (const id of ids) expect((await world.collections.requests.get(id))!.value.status).toBe('PendingApprovalEscalated');
  });

  it('when nobody decides within durationBeforeEscalation, then the escalation approvers are added and mailed, once', async () => {
    const w = await pending([escalating()]);
    await w.tick(11 * HOUR);
    expect((await w.read()).status).toBe('PendingApproval');

    const run = await w.tick(1 * HOUR);
    expect(run).toEqual({ handled: 1, failed: [] });
    const request = await w.read();
    expect(request.status).toBe('PendingApprovalEscalated');
    expect(request.stages[0]).toMatchObject({ approverIds: ['first'], escalationApproverIds: ['boss'], escalatedDateTime: w.clock.now().toISOString() });
    const escalationMails = w.mails.filter((m) => m.outboxId === nameBasedId('approvalMail', w.request.id, '0', 'boss', 'escalation'));
    expect(escalationMails).toHaveLength(1);
    expect(escalationMails[0]).toMatchObject({ to: [{ address: 'boss@contoso.test' }], data: { decideByDateTime: new Date(Date.parse(request.stages[0]!.startedDateTime!) + 2 * DAY).toISOString() } });

    // Running again finds nothing due, and the escalation approver may now decide.
    expect(await processEntitlementSchedule(w.deps, w.clock.now(), 'timer')).toEqual({ handled: 0, failed: [] });
    expect(w.mails.filter((m) => m.kind === 'approvalRequest')).toHaveLength(2);
    await decideStage(w.deps, { userId: 'boss', displayName: null }, w.request.id, request.stages[0]!.id, { reviewResult: 'Deny', justification: 'no' }, 'c');
    expect((await w.read()).state).toBe('denied');
  });

  it('when nobody decides within durationBeforeAutomaticDenial, then the stage expires, the request is denied as TimedOut and the requestor is mailed', async () => {
    const w = await pending([escalating(), buildStage({ primaryApprovers: single('second') })]);
    await w.tick(2 * DAY - 1);
    expect((await w.read()).state).toBe('pendingApproval');
    await w.tick(1);

    const request = await w.read();
    expect(request).toMatchObject({ state: 'denied', status: 'TimedOut' });
    expect(request.stages.map((s) => s.status)).toEqual(['Expired', 'NotStarted']);
    expect(w.mails.filter((m) => m.kind === 'requestDenied').map((m) => m.to[0]?.address)).toEqual(['pat@fabrikam.test']);
    expect(w.audit.some((a) => a.activityDisplayName.includes('timed out'))).toBe(true);
    expect(w.schedule.entries()).toEqual([]);
    // A late decision is a conflict: the stage expired.
    await expect(decideStage(w.deps, { userId: 'first', displayName: null }, w.request.id, request.stages[0]!.id, { reviewResult: 'Approve', justification: null }, 'c')).rejects.toMatchObject({ code: 'conflict' });
  });

  it("when a stage was approved in time, then its timeout does nothing and the next stage keeps its own deadline", async () => {
    const w = await pending([buildStage({ primaryApprovers: single('first'), durationBeforeAutomaticDenial: 'P2D' }), buildStage({ primaryApprovers: single('second'), durationBeforeAutomaticDenial: 'P2D' })]);
    await w.tick(1 * DAY);
    await decideStage(w.deps, { userId: 'first', displayName: null }, w.request.id, (await w.read()).stages[0]!.id, { reviewResult: 'Approve', justification: null }, 'c');
    // The first stage's deadline passes: its entry is a stale hint.
    await w.tick(1 * DAY);
    expect((await w.read()).state).toBe('pendingApproval');
    expect((await w.read()).stages[1]?.status).toBe('InProgress');
    // The second stage's own deadline (two days after it started) denies.
    await w.tick(1 * DAY);
    expect(await w.read()).toMatchObject({ state: 'denied', status: 'TimedOut' });
    expect((await w.read()).stages.map((s) => s.status)).toEqual(['Completed', 'Expired']);
  });

  it('when recording a mail fails, then the entry stays and the next run records the mail, once', async () => {
    const w = await pending([escalating()]);
    const mail = w.deps.mail.send;
    let failures = 1;
    w.deps.mail.send = async (m) => {
      if (m.kind === 'requestDenied' && failures-- > 0) throw new Error('mail store down');
      return mail(m);
    };
    const run = await w.tick(2 * DAY);
    expect(run.handled).toBe(1);
    expect(run.failed).toMatchObject([{ kind: 'approvalTimeout', subjectId: w.request.id }]);
    expect(await w.read()).toMatchObject({ state: 'denied', status: 'TimedOut' });
    expect(w.mails.filter((m) => m.kind === 'requestDenied')).toHaveLength(0);
    // Denied already; the retry records the lost mail, and a further run sends nothing twice.
    expect(await w.tick(1)).toEqual({ handled: 1, failed: [] });
    expect(w.mails.filter((m) => m.kind === 'requestDenied')).toHaveLength(1);
    expect(await w.tick(1)).toEqual({ handled: 0, failed: [] });
    expect(w.audit.filter((a) => a.activityDisplayName.includes('timed out'))).toHaveLength(1);
  });
});
