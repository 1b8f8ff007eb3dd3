import { describe, expect, it } from 'vitest';
import type { Question } from '../../../../src/domain/entitlement/policy';
import { REQUESTS_PER_PACKAGE, REQUESTS_PER_REQUESTOR } from '../../../../src/domain/entitlement/requests/request-rules';
import { submitRequest } from '../../../../src/domain/entitlement/requests/submit-request';
import { JUSTIFICATION_MAX_LENGTH } from '../../../../src/domain/limits';
import { buildPolicy, DAY, PACKAGE_ID, portalRequest, requestWorld } from './world';

const questions: Question[] = [
  { type: 'text', id: 'q-project', text: 'Which project?', isRequired: true, sequence: 1, isAnswerEditable: true, isSingleLineQuestion: true, regexPattern: '[A-Z]{3}-\\d+' },
  { type: 'multipleChoice', id: 'q-role', text: 'Your role?', isRequired: false, sequence: 2, isAnswerEditable: true, allowsMultipleSelection: false, choices: [{ actualValue: 'dev', text: 'Developer' }, { actualValue: 'pm', text: 'Manager' }] },
];
const good = [{ questionId: 'q-project', value: 'FAL-12' }];

describe('submitRequest refusals', () => {
  const cases: [string, Parameters<typeof portalRequest>[1], string][] = [
    ['a required question is not answered', { answers: [] }, 'answers'],
    ['a text answer does not match the pattern', { answers: [{ questionId: 'q-project', value: 'falcon' }] }, 'answers[0].value'],
    ['a single-line answer has two lines', { answers: [{ questionId: 'q-project', value: 'FAL-1\nFAL-2' }] }, 'answers[0].value'],
    ['a choice is not among the choices', { answers: [...good, { questionId: 'q-role', value: 'ceo' }] }, 'answers[1].value'],
    ['two choices are given where one is allowed', { answers: [...good, { questionId: 'q-role', value: 'dev\npm' }] }, 'answers[1].value'],
    ['an answer names a question the policy does not ask', { answers: [...good, { questionId: 'q-other', value: 'x' }] }, 'answers[1].answeredQuestion.id'],
    ['the justification is too long', { answers: good, justification: 'x'.repeat(JUSTIFICATION_MAX_LENGTH + 1) }, 'justification'],
    ['a custom schedule is given where the policy does not allow one', { answers: good, schedule: { startDateTime: null, expiration: { type: 'afterDuration', endDateTime: null, duration: 'P7D' } } }, 'assignment.schedule'],
  ];
  for (const [what, overrides, target] of cases) {
    it(`when ${what}, then the request is refused naming ${target}, and nothing is written`, async () => {
      const w = await requestWorld({ policy: buildPolicy({ questions }) });
      const before = w.written();
      const refusal = submitRequest(w.deps, portalRequest('pat@fabrikam.test', overrides));
      await expect(refusal).rejects.toMatchObject({ code: 'validationFailed' });
      await refusal.catch((error: { details: { target: string }[] }) => expect(error.details.map((d) => d.target)).toContain(target));
      expect(w.written()).toEqual(before);
    });
  }

  it('when the answers are right, then the stored answers carry the question text', async () => {
    const w = await requestWorld({ policy: buildPolicy({ questions }) });
    const request = await submitRequest(w.deps, portalRequest('pat@fabrikam.test', { answers: [...good, { questionId: 'q-role', value: 'pm' }] }));
    expect(request.answers).toEqual([
      { questionId: 'q-project', value: 'FAL-12', displayValue: 'Which project?' },
      { questionId: 'q-role', value: 'pm', displayValue: 'Your role?' },
    ]);
  });

  it('when a custom schedule starts in the past or outlasts the policy, then it is refused; within the policy it is kept', async () => {
    const w = await requestWorld({ policy: buildPolicy({ requestor: { allowCustomAssignmentSchedule: true } }) });
    const now = w.clock.now().getTime();
    const past = { startDateTime: new Date(now - DAY).toISOString(), expiration: null };
    const long = { startDateTime: null, expiration: { type: 'afterDuration' as const, endDateTime: null, duration: 'P91D' } };
    const never = { startDateTime: null, expiration: { type: 'noExpiration' as const, endDateTime: null, duration: null } };
    for (const [schedule, target] of [[past, 'assignment.schedule.startDateTime'], [long, 'assignment.schedule.expiration'], [never, 'assignment.schedule.expiration']] as const) {
      await expect(submitRequest(w.deps, portalRequest('pat@fabrikam.test', { schedule }))).rejects.toMatchObject({ details: [{ target }] });
    }
    expect(w.written().requests).toBe(0);
    const ok = await submitRequest(w.deps, portalRequest('pat@fabrikam.test', { schedule: { startDateTime: null, expiration: { type: 'afterDuration', endDateTime: null, duration: 'P30D' } } }));
    expect(ok.schedule.expiration.duration).toBe('P30D');
    expect(w.collections.packageAssignments.all()[0]?.endDateTime).toBe(new Date(now + 30 * DAY).toISOString());
  });

  it('when the catalog is not externally visible or not published, then an external address learns nothing: not found', async () => {
    for (const catalog of [{ isExternallyVisible: false }, { state: 'unpublished' as const }]) {
      const w = await requestWorld({ catalog });
      await expect(submitRequest(w.deps, portalRequest('pat@fabrikam.test'))).rejects.toMatchObject({ code: 'notFound' });
      expect(w.written().requests).toBe(0);
    }
  });

  it('when the policy does not cover the asker, or does not let targets ask, then the request is refused with 403', async () => {
    const configured = await requestWorld({ policy: buildPolicy({ allowedTargetScope: 'allConfiguredConnectedOrganizationUsers' }) });
    await expect(submitRequest(configured.deps, portalRequest('pat@fabrikam.test'))).rejects.toMatchObject({ code: 'accessDenied' });
    const closed = await requestWorld({ policy: buildPolicy({ requestor: { enableTargetsToSelfAddAccess: false } }) });
    await expect(submitRequest(closed.deps, portalRequest('pat@fabrikam.test'))).rejects.toMatchObject({ code: 'accessDenied' });
    // A member of the directory is no external user.
    const member = await requestWorld();
    await expect(submitRequest(member.deps, portalRequest('mia@contoso.test', { requestor: { kind: 'user', userId: 'member-1' }, target: { objectId: null, email: null, displayName: null } }))).rejects.toMatchObject({ code: 'accessDenied' });
    for (const w of [configured, closed, member]) expect(w.written().requests).toBe(0);
  });

  it('when a userAdd names someone else, then it is refused: others are assigned with adminAdd', async () => {
    const w = await requestWorld({ policy: buildPolicy({ allowedTargetScope: 'allMemberUsers' }) });
    const input = portalRequest('mia@contoso.test', { requestor: { kind: 'user', userId: 'member-1' }, target: { objectId: 'approver-1', email: null, displayName: null } });
    await expect(submitRequest(w.deps, input)).rejects.toMatchObject({ code: 'accessDenied' });
    const own = await submitRequest(w.deps, { ...input, target: { objectId: null, email: null, displayName: null } });
    expect(own).toMatchObject({ state: 'delivered', targetObjectId: 'member-1', target: { email: 'mia@contoso.test' } });
  });

  it(`when one address sends more than ${REQUESTS_PER_REQUESTOR.count} requests in a burst, then the next is throttled with a retry-after, and passes again later`, async () => {
    const w = await requestWorld();
    const refusals = [];
    for (let i = 0; i <= REQUESTS_PER_REQUESTOR.count; i++) {
      // Refused requests count too: a flood of bad requests is still a flood.
      refusals.push(await submitRequest(w.deps, portalRequest('pat@fabrikam.test', { assignmentPolicyId: 'no-such-policy' })).catch((e: { code: string; retryAfterSeconds?: number }) => e));
    }
    expect(refusals.slice(0, REQUESTS_PER_REQUESTOR.count).map((e) => e.code)).toEqual(Array(REQUESTS_PER_REQUESTOR.count).fill('notFound'));
    expect(refusals.at(-1)).toMatchObject({ code: 'throttled', retryAfterSeconds: expect.any(Number) });
    expect(refusals.at(-1)!.retryAfterSeconds).toBeGreaterThan(0);
    expect(w.written().requests).toBe(0);
    w.clock.advance(REQUESTS_PER_REQUESTOR.periodSeconds * 1000);
    expect((await submitRequest(w.deps, portalRequest('pat@fabrikam.test'))).state).toBe('delivered');
  });

  it(`when more than ${REQUESTS_PER_PACKAGE.count} addresses ask for one package at once, then the package is throttled for everyone`, async () => {
    const w = await requestWorld({ policy: buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: false, isApprovalRequiredForUpdate: false, stages: [] } }) });
    for (let i = 0; i < REQUESTS_PER_PACKAGE.count; i++) await submitRequest(w.deps, portalRequest(`p${i}@fabrikam.test`));
    await expect(submitRequest(w.deps, portalRequest('late@fabrikam.test'))).rejects.toMatchObject({ code: 'throttled' });
    expect(w.collections.requests.all().filter((r) => r.accessPackageId === PACKAGE_ID)).toHaveLength(REQUESTS_PER_PACKAGE.count);
  });
});
