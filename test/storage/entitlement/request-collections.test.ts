import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Assignment, AssignmentRequest } from '../../../src/domain/entitlement/requests/model';
import { createTableCollection } from '../../../src/storage/entitlement-collection';
import { assignmentDoc, requestDoc } from '../../../src/storage/entitlement-request-rows';
import { createTableAssignmentCounter } from '../../../src/storage/entitlement-tables';
import { assignmentPlan, requestPlan } from '../../../src/storage/entitlement-plans';

async function freshTable(): Promise<TableClient> {
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `r${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
  await table.createTable();
  return table;
}

/** A request with every optional part filled, so a field the schema forgets fails the round trip. */
function fullRequest(overrides: Partial<AssignmentRequest> = {}): AssignmentRequest {
  return {
    id: randomUUID(),
    requestType: 'userAdd',
    state: 'pendingApproval',
    status: 'PendingApprovalEscalated',
    accessPackageId: 'pkg-1',
    catalogId: 'cat-1',
    assignmentPolicyId: 'pol-1',
    target: { objectId: null, email: 'zoë@partner.example', displayName: 'Zoë Ångström', subjectType: 'user', connectedOrganizationId: 'org-1' },
    targetObjectId: '',
    targetEmail: 'zoë@partner.example',
    requestor: { kind: 'external', email: 'zoë@partner.example' },
    assignmentId: 'asg-1',
    justification: 'Für das Projekt — 日本',
    answers: [
      { questionId: 'q1', value: 'Contoso', displayValue: 'Which company?' },
      { questionId: 'q2', value: 'a\nb', displayValue: 'Which systems?' },
    ],
    schedule: { startDateTime: '2026-11-21T08:00:00.000Z', expiration: { type: 'afterDuration', endDateTime: null, duration: 'P90D' } },
    stages: [
      {
        id: 'st-0', index: 0, status: 'Completed', reviewResult: 'Approve', reviewedBy: { id: 'u-approver', displayName: 'Ines' },
        reviewedDateTime: '2026-11-21T09:00:00.000Z', justification: 'ok', startedDateTime: '2026-11-21T08:00:00.000Z',
        approverIds: ['u-approver'], escalationApproverIds: [], escalatedDateTime: null,
      },
      {
        id: 'st-1', index: 1, status: 'InProgress', reviewResult: 'NotReviewed', reviewedBy: null, reviewedDateTime: null, justification: null,
        startedDateTime: '2026-11-21T09:00:00.000Z', approverIds: ['u-2', 'u-3'], escalationApproverIds: ['u-4'], escalatedDateTime: '2026-11-23T09:00:00.000Z',
      },
    ],
    createdDateTime: '2026-11-21T08:00:00.000Z',
    completedDateTime: null,
    reason: null,
    pendingRoleScopeIds: ['rs-1'],
    proposedConnectedOrganizationId: null,
    ...overrides,
  };
}

function assignment(overrides: Partial<Assignment> = {}): Assignment {
  return {
    id: randomUUID(),
    accessPackageId: 'pkg-1',
    catalogId: 'cat-1',
    assignmentPolicyId: 'pol-1',
    targetUserId: 'user-1',
    target: { objectId: 'user-1', email: 'anna@partner.example', displayName: 'Anna', subjectType: 'user', connectedOrganizationId: null },
    state: 'delivered',
    status: 'Delivered',
    schedule: { startDateTime: '2026-11-21T08:00:00.000Z', expiration: { type: 'afterDateTime', endDateTime: '2027-01-01T00:00:00.000Z', duration: null } },
    endDateTime: '2027-01-01T00:00:00.000Z',
    expiredDateTime: null,
    expiryNotices: [14],
    createdTarget: true,
    createdDateTime: '2026-11-21T08:00:00.000Z',
    modifiedDateTime: '2026-11-21T08:00:00.000Z',
    ...overrides,
  };
}

describe('assignment requests on Table Storage', () => {
  let table: TableClient;
  beforeAll(async () => {
    table = await freshTable();
  });

  it('when a request with stages, answers and non-ASCII text is stored, then it reads back unchanged and its ETag guards replace', async () => {
    const requests = createTableCollection(table, 'access package assignment request', requestDoc, requestPlan);
    const request = fullRequest();
    await requests.insert(request, 'exists');
    const stored = await requests.get(request.id);
    expect(stored?.value).toEqual(request);

    const delivered = { ...request, state: 'delivered' as const, status: 'Delivered' as const, completedDateTime: '2026-11-22T00:00:00.000Z' };
    await requests.replace(delivered, stored!.etag);
    expect((await requests.get(request.id))?.value).toEqual(delivered);
    await expect(requests.replace(request, stored!.etag)).rejects.toMatchObject({ code: 'preconditionFailed' });
    await expect(requests.insert(request, 'exists')).rejects.toMatchObject({ code: 'conflict' });
  });

  it("when requests are found by the target's email or object id and state, then only the matching ones come back", async () => {
    const requests = createTableCollection(table, 'access package assignment request', requestDoc, requestPlan);
    const email = `${randomUUID()}@partner.example`;
    const open = fullRequest({ targetEmail: email, state: 'pendingApproval' });
    const denied = fullRequest({ targetEmail: email, state: 'denied', status: 'Denied' });
    const someoneElse = fullRequest({ state: 'pendingApproval' });
    const member = fullRequest({ targetObjectId: 'user-77', targetEmail: '', requestor: { kind: 'user', userId: 'user-77' } });
    for (const r of [open, denied, someoneElse, member]) await requests.insert(r, 'exists');

    expect((await requests.find({ targetEmail: email })).map((r) => r.id).sort()).toEqual([open.id, denied.id].sort());
    expect((await requests.find({ targetEmail: email, state: 'pendingApproval' })).map((r) => r.id)).toEqual([open.id]);
    expect((await requests.find({ targetObjectId: 'user-77' })).map((r) => r.id)).toEqual([member.id]);
  });

  it('when a stored request no longer matches the schema, then reading it fails loudly instead of returning a half request', async () => {
    const requests = createTableCollection(table, 'access package assignment request', requestDoc, requestPlan);
    const request = fullRequest();
    await requests.insert(request, 'exists');
    const broken = JSON.stringify({ ...request, state: 'weird' });
    await table.updateEntity({ partitionKey: request.id, rowKey: '', doc: broken }, 'Merge');
    await expect(requests.get(request.id)).rejects.toThrow(/does not match its schema/);
  });
});

describe('package assignments on Table Storage', () => {
  it('when assignments are written through the collection, then the package counter sees the live ones and ignores expired ones and other packages', async () => {
    const table = await freshTable();
    const assignments = createTableCollection(table, 'access package assignment', assignmentDoc, assignmentPlan);
    const counter = createTableAssignmentCounter(table);
    const pkg = `pkg-${randomUUID()}`;
    const live = assignment({ accessPackageId: pkg });
    await assignments.insert(live, 'exists');
    await assignments.insert(assignment({ accessPackageId: 'other-package' }), 'exists');
    expect((await assignments.get(live.id))?.value).toEqual(live);
    expect(await counter.hasActiveAssignments(pkg)).toBe(true);
    expect(await counter.hasActiveAssignments('no-such-package')).toBe(false);

    const stored = await assignments.get(live.id);
    await assignments.replace({ ...live, state: 'expired', expiredDateTime: '2027-01-01T00:00:00.000Z' }, stored!.etag);
    expect(await counter.hasActiveAssignments(pkg)).toBe(false);
    expect((await assignments.find({ accessPackageId: pkg, targetUserId: 'user-1' })).map((a) => a.state)).toEqual(['expired']);
  });
});
