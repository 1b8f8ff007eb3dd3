import { randomUUID } from 'node:crypto';
import type { AccessPackageAssignment, AccessPackageAssignmentRequest } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { buildWorld, type World } from './fixture';
import { EM, graphFailure } from './graph-client';

/** The questions of entitlementmanagement-post-assignmentrequests.md examples 3 and 6 (their ids kept). */
const CHOICE_QUESTION = '8fe745e7-80b2-490d-bd22-4e708c77288c';
const TEXT_QUESTION = '7aaa18c9-8e4f-440f-bd5a-3a7ce312cbe6';
const questions = [
  { '@odata.type': '#microsoft.graph.accessPackageMultipleChoiceQuestion', id: CHOICE_QUESTION, sequence: 1, text: 'Which one?', isRequired: true, choices: [{ actualValue: 'MultipleChoiceAnswerValue', text: 'The answer' }, { actualValue: 'UpdatedAnswerValue', text: 'Another answer' }] },
  { '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion', id: TEXT_QUESTION, sequence: 2, text: 'Why?', isRequired: true, isSingleLineQuestion: false },
];
const answer = (questionId: string, type: string, value: string, displayValue: string) => ({
  '@odata.type': '#microsoft.graph.accessPackageAnswerString',
  displayValue,
  value,
  answeredQuestion: { '@odata.type': `#microsoft.graph.${type}`, id: questionId },
});

describe('entitlementmanagement-post-assignmentrequests.md', () => {
  let rt: TestRuntime;
  let w: World;
  const assignmentOf = async (policyId: string, userId: string) => {
    const list = (await w.admin.api(`${EM}/assignments`).filter(`assignmentPolicy/id eq '${policyId}' and target/objectId eq '${userId}'`).get()) as { value: AccessPackageAssignment[] };
    return list.value[0];
  };
  /** What the request became after it was accepted (the documented POST answer is `submitted`/`Accepted`). */
  const readBack = async (id: string | null | undefined) => (await w.admin.api(`${EM}/assignmentRequests/${id}`).get()) as AccessPackageAssignmentRequest;

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildWorld(rt, ['direct', 'remover', 'asker', 'justifier', 'plain', 'later', 'shorter', 'fixed', 'updater', 'lead', 'teammate']);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('example 1: an administrator assigns a user already in the directory (adminAdd, targetId, assignmentPolicyId, accessPackageId) → 201', async () => {
    const policyId = await w.policy({ requestorSettings: { enableTargetsToSelfAddAccess: false } });
    const res = (await w.admin.api(`${EM}/assignmentRequests`).post({ requestType: 'adminAdd', assignment: { targetId: w.people['direct']!.id, assignmentPolicyId: policyId, accessPackageId: w.packageId } })) as AccessPackageAssignmentRequest;
    expect(res).toMatchObject({ id: expect.any(String), requestType: 'adminAdd', state: 'submitted', status: 'Accepted' });
    expect(await assignmentOf(policyId, w.people['direct']!.id)).toMatchObject({ state: 'delivered' });
  });

  it('example 2: an administrator removes an assignment (adminRemove, assignment.id) → 201', async () => {
    const pkg = await w.newPackage();
    const policyId = await w.policy({}, pkg);
    await w.admin.api(`${EM}/assignmentRequests`).post({ requestType: 'adminAdd', assignment: { targetId: w.people['remover']!.id, assignmentPolicyId: policyId, accessPackageId: pkg } });
    const assignment = await assignmentOf(policyId, w.people['remover']!.id);
    const res = (await w.admin.api(`${EM}/assignmentRequests`).post({ requestType: 'adminRemove', assignment: { id: assignment!.id } })) as AccessPackageAssignmentRequest;
    expect(res).toMatchObject({ id: expect.any(String), requestType: 'adminRemove', state: 'submitted', status: 'Accepted' });
    expect(((await w.admin.api(`${EM}/assignments/${assignment!.id}`).get()) as AccessPackageAssignment).state).toBe('expired');
  });

  it('example 3: a user requests with answers to a multiple-choice and a text question, naming only the access package → 201 with the answers', async () => {
    const pkg = await w.newPackage();
    await w.policy({ questions }, pkg);
    const res = (await w.people['asker']!.client.api(`${EM}/assignmentRequests`).post({
      '@odata.type': '#microsoft.graph.accessPackageAssignmentRequest',
      requestType: 'userAdd',
      answers: [
        answer(CHOICE_QUESTION, 'accessPackageMultipleChoiceQuestion', 'MultipleChoiceAnswerValue', 'This is the answer to a multiple choice question'),
        answer(TEXT_QUESTION, 'accessPackageTextInputQuestion', 'This is my answer to a text input question.', 'This is my answer.'),
      ],
      assignment: { accessPackageId: pkg },
    })) as AccessPackageAssignmentRequest;
    expect(res).toMatchObject({ id: expect.any(String), requestType: 'userAdd', state: 'submitted', status: 'Accepted', schedule: { startDateTime: expect.any(String), expiration: expect.any(Object) } });
    expect(res.answers).toEqual(expect.arrayContaining([
      expect.objectContaining({ '@odata.type': '#microsoft.graph.accessPackageAnswerString', value: 'MultipleChoiceAnswerValue', answeredQuestion: expect.objectContaining({ id: CHOICE_QUESTION }) }),
      expect.objectContaining({ value: 'This is my answer to a text input question.', answeredQuestion: expect.objectContaining({ id: TEXT_QUESTION }) }),
    ]));
  });

  it('example 4: a user requests with a justification ("UserAdd", accessPackageAssignment) → 201, requestType in the documented case', async () => {
    const pkg = await w.newPackage();
    await w.policy({}, pkg);
    const res = (await w.people['justifier']!.client.api(`${EM}/assignmentRequests`).post({ requestType: 'UserAdd', accessPackageAssignment: { accessPackageId: pkg }, justification: 'Need access to New Hire access package' })) as AccessPackageAssignmentRequest;
    expect(res).toMatchObject({ requestType: 'userAdd', state: 'submitted', status: 'Accepted', justification: 'Need access to New Hire access package', answers: [] });
  });

  it('example 5: an administrator assigns someone not yet in the directory by email ("AdminAdd", target.email) → 201, a guest is created', async () => {
    const pkg = await w.newPackage();
    const policyId = await w.policy({ allowedTargetScope: 'allExternalUsers', requestorSettings: { enableTargetsToSelfAddAccess: false } }, pkg);
    const email = `user@contoso${randomUUID().slice(0, 6)}.example`;
    const res = (await w.admin.api(`${EM}/assignmentRequests`).post({ requestType: 'AdminAdd', accessPackageAssignment: { target: { email }, assignmentPolicyId: policyId, accessPackageId: pkg } })) as AccessPackageAssignmentRequest & { assignment: { target: { objectId: string; email: string } } };
    expect(res).toMatchObject({ requestType: 'adminAdd', state: 'submitted', status: 'Accepted', justification: null, answers: [] });
    expect(res.assignment.target).toMatchObject({ email });
    const guest = (await w.admin.api(`/users/${res.assignment.target.objectId}`).get()) as { userType: string };
    expect(guest.userType).toBe('Guest');
  });

  it('example 6: an administrator updates the answers of an assignment (adminUpdate, assignment.id) → 201 with the new answers', async () => {
    const pkg = await w.newPackage();
    const policyId = await w.policy({ questions }, pkg);
    await w.admin.api(`${EM}/assignmentRequests`).post({ requestType: 'adminAdd', assignment: { targetId: w.people['updater']!.id, assignmentPolicyId: policyId, accessPackageId: pkg } });
    const assignment = await assignmentOf(policyId, w.people['updater']!.id);
    const res = (await w.admin.api(`${EM}/assignmentRequests`).post({
      '@odata.type': '#microsoft.graph.accessPackageAssignmentRequest',
      id: '7a6ab703-0780-4b37-8445-81f679b2d75c',
      requestType: 'adminUpdate',
      answers: [
        { '@odata.type': '#microsoft.graph.accessPackageAnswerString', value: 'UpdatedAnswerValue', answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageMultipleChoiceQuestion', id: CHOICE_QUESTION } },
        answer(TEXT_QUESTION, 'accessPackageTextInputQuestion', 'My updated answer.', 'This is my updated answer to the question.'),
      ],
      assignment: { id: assignment!.id },
    })) as AccessPackageAssignmentRequest;
    expect(res).toMatchObject({ id: expect.any(String), requestType: 'adminUpdate', state: 'submitted', status: 'Accepted' });
    expect(await readBack(res.id)).toMatchObject({ state: 'delivered' });
    expect(res.id).not.toBe('7a6ab703-0780-4b37-8445-81f679b2d75c');
    expect(res.answers?.map((a) => (a as { value: string }).value)).toEqual(['UpdatedAnswerValue', 'My updated answer.']);
  });

  it('an earlier revision\'s example: a user requests by access package id alone (userAdd, assignment.accessPackageId) → 201', async () => {
    const pkg = await w.newPackage();
    await w.policy({}, pkg);
    const res = (await w.people['plain']!.client.api(`${EM}/assignmentRequests`).post({ requestType: 'userAdd', assignment: { accessPackageId: pkg } })) as AccessPackageAssignmentRequest;
    expect(res).toMatchObject({ requestType: 'userAdd', state: 'submitted', status: 'Accepted' });
    expect(await readBack(res.id)).toMatchObject({ state: 'delivered' });
  });

  it('a request on behalf of another user (requestorSettings.onBehalfRequestors) → 201 for them; from anyone else → 403', async () => {
    const pkg = await w.newPackage();
    const lead = w.people['lead']!;
    const policyId = await w.policy({ requestorSettings: { enableTargetsToSelfAddAccess: true, enableOnBehalfRequestorsToAddAccess: true, onBehalfRequestors: [{ '@odata.type': '#microsoft.graph.singleUser', userId: lead.id }] } }, pkg);
    const body = { requestType: 'userAdd', assignment: { targetId: w.people['teammate']!.id, assignmentPolicyId: policyId, accessPackageId: pkg } };
    const refused = await graphFailure(w.people['plain']!.client.api(`${EM}/assignmentRequests`).post(body));
    expect(refused).toMatchObject({ statusCode: 403 });
    const res = (await lead.client.api(`${EM}/assignmentRequests`).post(body)) as AccessPackageAssignmentRequest & { requestor: { objectId: string }; assignment: { target: { objectId: string } } };
    expect(res).toMatchObject({ requestType: 'userAdd', state: 'submitted', requestor: { objectId: lead.id }, assignment: { target: { objectId: w.people['teammate']!.id } } });
    expect(await readBack(res.id)).toMatchObject({ state: 'delivered' });
  });

  describe('a request-level schedule (accessPackageAssignmentRequest.schedule)', () => {
    it('when it starts later, then the request is scheduled for that start', async () => {
      const pkg = await w.newPackage();
      const policyId = await w.policy({ requestorSettings: { enableTargetsToSelfAddAccess: true, allowCustomAssignmentSchedule: true } }, pkg);
      const start = new Date(Date.now() + 2 * 86_400_000).toISOString();
      const res = (await w.people['later']!.client.api(`${EM}/assignmentRequests`).post({ requestType: 'userAdd', assignment: { accessPackageId: pkg, assignmentPolicyId: policyId }, schedule: { startDateTime: start, expiration: { type: 'notSpecified' } } })) as AccessPackageAssignmentRequest;
      expect(res).toMatchObject({ state: 'submitted', status: 'Accepted' });
      expect(await readBack(res.id)).toMatchObject({ state: 'scheduled', status: 'Scheduled' });
      expect(Date.parse(res.schedule!.startDateTime as string)).toBe(Date.parse(start));
    });

    it('when it ends before the policy would, then the assignment keeps the shorter end', async () => {
      const pkg = await w.newPackage();
      const policyId = await w.policy({ requestorSettings: { enableTargetsToSelfAddAccess: true, allowCustomAssignmentSchedule: true } }, pkg);
      const end = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const res = (await w.people['shorter']!.client.api(`${EM}/assignmentRequests`).post({ requestType: 'userAdd', assignment: { accessPackageId: pkg, assignmentPolicyId: policyId }, schedule: { expiration: { type: 'afterDateTime', endDateTime: end } } })) as AccessPackageAssignmentRequest;
      expect(res).toMatchObject({ state: 'submitted', schedule: { expiration: { type: 'afterDateTime' } } });
      expect(await readBack(res.id)).toMatchObject({ state: 'delivered' });
      const assignment = await assignmentOf(policyId, w.people['shorter']!.id);
      expect(Date.parse((assignment!.schedule!.expiration!.endDateTime) as string)).toBe(Date.parse(end));
    });

    it('when the policy does not let requestors choose, then it is refused with 400 naming the schedule and nothing is written', async () => {
      const pkg = await w.newPackage();
      const policyId = await w.policy({}, pkg);
      const failure = await graphFailure(w.people['fixed']!.client.api(`${EM}/assignmentRequests`).post({ requestType: 'userAdd', assignment: { accessPackageId: pkg, assignmentPolicyId: policyId }, schedule: { startDateTime: new Date(Date.now() + 86_400_000).toISOString() } }));
      expect(failure.statusCode).toBe(400);
      expect(failure.code).toBe('Request_BadRequest');
      expect(JSON.stringify(failure.error.details)).toContain('schedule');
      const mine = (await w.people['fixed']!.client.api(`${EM}/assignmentRequests/filterByCurrentUser(on='target')`).get()) as { value: unknown[] };
      expect(mine.value).toEqual([]);
    });
  });
});
