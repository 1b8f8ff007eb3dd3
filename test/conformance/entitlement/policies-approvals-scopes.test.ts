import { randomUUID } from 'node:crypto';
import type { AccessPackageAssignmentPolicy, AccessPackageResourceRoleScope, Approval, ApprovalStage } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { buildWorld, singleUser, type World } from './fixture';
import { EM, graphFailure } from './graph-client';

describe('policies, approvals and resource role scopes as documented', () => {
  let rt: TestRuntime;
  let w: World;
  const policies = `${EM}/assignmentPolicies`;

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildWorld(rt, ['approver', 'requester', 'second', 'fallback']);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  describe('entitlementmanagement-post-assignmentpolicies.md', () => {
    it('example 1: a direct assignment policy (notSpecified, nobody may request, no approval) → 201 with the documented fields', async () => {
      const body: AccessPackageAssignmentPolicy = {
        displayName: 'New Policy',
        description: 'policy for assignment',
        allowedTargetScope: 'notSpecified',
        specificAllowedTargets: [],
        expiration: { endDateTime: null, duration: null, type: 'noExpiration' },
        requestorSettings: {
          enableTargetsToSelfAddAccess: false, enableTargetsToSelfUpdateAccess: false, enableTargetsToSelfRemoveAccess: false, allowCustomAssignmentSchedule: true,
          enableOnBehalfRequestorsToAddAccess: false, enableOnBehalfRequestorsToUpdateAccess: false, enableOnBehalfRequestorsToRemoveAccess: false, onBehalfRequestors: [],
        },
        requestApprovalSettings: { isApprovalRequiredForAdd: false, isApprovalRequiredForUpdate: false, stages: [] },
        accessPackage: { id: w.packageId },
      };
      const policy = (await w.admin.api(policies).post(body)) as AccessPackageAssignmentPolicy;
      expect(policy).toMatchObject({ id: expect.any(String), displayName: 'New Policy', description: 'policy for assignment', allowedTargetScope: 'notSpecified', requestorSettings: { allowCustomAssignmentSchedule: true } });
    });

    it('example 2: connected-organization users, two stages (internal sponsors; fallback approvers only), access reviews → 201, reviewSettings kept', async () => {
      const reviewSettings = {
        isEnabled: true, expirationBehavior: 'keepAccess', isRecommendationEnabled: true, isReviewerJustificationRequired: true, isSelfReview: false,
        schedule: { startDateTime: '2022-07-02T06:59:59.998Z', expiration: { duration: 'P14D', type: 'afterDuration' }, recurrence: { pattern: { type: 'absoluteMonthly', interval: 3, month: 0, dayOfMonth: 0, daysOfWeek: [] }, range: { type: 'noEnd', numberOfOccurrences: 0 } } },
        primaryReviewers: [{ '@odata.type': '#microsoft.graph.groupMembers', groupId: w.groupId }],
        fallbackReviewers: [],
      };
      const stage = { durationBeforeAutomaticDenial: 'P14D', isApproverJustificationRequired: false, isEscalationEnabled: false, durationBeforeEscalation: 'PT0S', escalationApprovers: [], fallbackEscalationApprovers: [] };
      const policy = (await w.admin.api(policies).post({
        displayName: 'policy for external access requests',
        description: 'policy for users from connected organizations to request access, with two stages of approval.',
        allowedTargetScope: 'allConfiguredConnectedOrganizationUsers',
        specificAllowedTargets: [],
        expiration: { type: 'noExpiration' },
        requestorSettings: { enableTargetsToSelfAddAccess: true, enableTargetsToSelfUpdateAccess: true, enableTargetsToSelfRemoveAccess: true, allowCustomAssignmentSchedule: false, enableOnBehalfRequestorsToAddAccess: false, enableOnBehalfRequestorsToUpdateAccess: false, enableOnBehalfRequestorsToRemoveAccess: false, onBehalfRequestors: [] },
        requestApprovalSettings: {
          isApprovalRequiredForAdd: true,
          isApprovalRequiredForUpdate: false,
          stages: [
            { ...stage, primaryApprovers: [{ '@odata.type': '#microsoft.graph.internalSponsors' }], fallbackPrimaryApprovers: [singleUser(w.people['fallback']!.id), { '@odata.type': '#microsoft.graph.groupMembers', groupId: w.groupId }] },
            { ...stage, primaryApprovers: [], fallbackPrimaryApprovers: [singleUser(w.people['second']!.id), { '@odata.type': '#microsoft.graph.groupMembers', groupId: w.groupId }] },
          ],
        },
        reviewSettings,
        accessPackage: { id: w.packageId },
      })) as AccessPackageAssignmentPolicy;
      expect(policy).toMatchObject({ displayName: 'policy for external access requests', description: 'policy for users from connected organizations to request access, with two stages of approval.' });
      const read = (await w.admin.api(`${policies}/${policy.id}`).get()) as AccessPackageAssignmentPolicy;
      expect(read.reviewSettings).toEqual(reviewSettings);
      expect(read.requestApprovalSettings?.stages?.[1]).toMatchObject({ primaryApprovers: [], fallbackPrimaryApprovers: [{ userId: w.people['second']!.id }, { groupId: w.groupId }] });
    });

    it('example 3: automatic assignment by a membership rule → 400 naming what is not supported (Gatehouse has no auto-assignment policies)', async () => {
      const failure = await graphFailure(w.admin.api(policies).post({
        displayName: 'Sales department users',
        description: 'All users from sales department',
        allowedTargetScope: 'specificDirectoryUsers',
        specificAllowedTargets: [{ '@odata.type': '#microsoft.graph.attributeRuleMembers', description: 'Membership rule for all users from sales department', membershipRule: '(user.department -eq "Sales")' }],
        automaticRequestSettings: { requestAccessForAllowedTargets: true },
        accessPackage: { id: w.packageId },
      }));
      expect(failure).toMatchObject({ statusCode: 400, code: 'Request_BadRequest' });
      const targets = (failure.error.details ?? []).map((d) => d.target);
      expect(targets).toEqual(expect.arrayContaining(['specificAllowedTargets.0', 'automaticRequestSettings']));
    });

    it('example 4: questions (booleans and numbers as strings, isMultipleSelectionAllowed, localizations) → 201, localizations read back', async () => {
      const policy = (await w.admin.api(policies).post({
        displayName: 'A Policy With Questions',
        description: '',
        allowedTargetScope: 'allMemberUsers',
        expiration: { type: 'noExpiration' },
        requestorSettings: { enableTargetsToSelfAddAccess: 'true', enableTargetsToSelfUpdateAccess: 'true', enableTargetsToSelfRemoveAccess: 'true' },
        requestApprovalSettings: {
          isApprovalRequiredForAdd: 'true',
          isApprovalRequiredForUpdate: 'true',
          stages: [{ durationBeforeAutomaticDenial: 'P7D', isApproverJustificationRequired: 'false', isEscalationEnabled: 'false', fallbackPrimaryApprovers: [], escalationApprovers: [], fallbackEscalationApprovers: [], primaryApprovers: [singleUser(w.people['approver']!.id)] }],
        },
        questions: [
          {
            '@odata.type': '#microsoft.graph.accessPackageMultipleChoiceQuestion', sequence: '1', isRequired: 'true', isAnswerEditable: 'true', text: 'What country are you working from?', isMultipleSelectionAllowed: 'false',
            choices: [['KE', 'Kenya'], ['US', 'United States'], ['GY', 'Guyana'], ['BD', 'Bangladesh'], ['JP', 'Japan']].map(([actualValue, text]) => ({ '@odata.type': 'microsoft.graph.accessPackageAnswerChoice', actualValue, text })),
          },
          { '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion', sequence: '2', isRequired: 'true', isAnswerEditable: 'true', text: 'What do you do for work?', localizations: [{ languageCode: 'fr-CA', text: 'Que fais-tu comme travail?' }], isSingleLineQuestion: 'false', regexPattern: '[a-zA-Z]+[a-zA-Z\\s]*' },
        ],
        accessPackage: { id: w.packageId },
      })) as AccessPackageAssignmentPolicy;
      expect(policy).toMatchObject({ id: expect.any(String), displayName: 'A Policy With Questions', allowedTargetScope: 'allMemberUsers', createdDateTime: expect.any(String), modifiedDateTime: expect.any(String), requestorSettings: { enableTargetsToSelfAddAccess: true } });
      expect(policy.questions?.[0]).toMatchObject({ sequence: 1, isRequired: true, allowsMultipleSelection: false, choices: expect.arrayContaining([expect.objectContaining({ actualValue: 'KE', text: 'Kenya' })]) });
      expect(policy.questions?.[1]).toMatchObject({ text: 'What do you do for work?', localizations: [{ languageCode: 'fr-CA', text: 'Que fais-tu comme travail?' }], isSingleLineQuestion: false });
    });

    it('an unknown property is refused with 400 naming it; nothing is created', async () => {
      const before = ((await w.admin.api(policies).filter(`accessPackage/id eq '${w.packageId}'`).get()) as { value: unknown[] }).value.length;
      const failure = await graphFailure(w.admin.api(policies).post({ displayName: 'Typo', accessPackage: { id: w.packageId }, requestorSetings: { enableTargetsToSelfAddAccess: true } }));
      expect(failure.statusCode).toBe(400);
      expect(failure.error.message).toContain('requestorSetings');
      expect(((await w.admin.api(policies).filter(`accessPackage/id eq '${w.packageId}'`).get()) as { value: unknown[] }).value.length).toBe(before);
    });
  });

  describe('accessPackageAssignmentPolicy get, update (PUT), delete', () => {
    it('get → 200; PUT with the documented full body (read-only fields sent back included) → 200; DELETE → 204, then 404 with a Graph error body', async () => {
      const id = await w.policy();
      const read = (await w.admin.api(`${policies}/${id}`).get()) as AccessPackageAssignmentPolicy & Record<string, unknown>;
      expect(read).toMatchObject({ id, accessPackage: { id: w.packageId } });
      const replaced = (await w.admin.api(`${policies}/${id}`).put({ ...read, displayName: 'Renamed policy', description: 'changed', customExtensionStageSettings: [] })) as AccessPackageAssignmentPolicy;
      expect(replaced).toMatchObject({ id, displayName: 'Renamed policy', description: 'changed' });
      await w.admin.api(`${policies}/${id}`).delete();
      const gone = await graphFailure(w.admin.api(`${policies}/${id}`).get());
      expect(gone).toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound', error: { message: expect.any(String), innerError: { 'request-id': expect.any(String), date: expect.any(String) } } });
    });
  });

  describe('approval-get, approval-list-stages, approvalstage-get, approvalstage-update, approval-filterbycurrentuser', () => {
    it('the approver finds, reads and approves at accessPackageAssignmentApprovals; the PATCH without a Content-Type header is 204', async () => {
      const pkg = await w.newPackage();
      const policyId = await w.policy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [{ durationBeforeAutomaticDenial: 'P7D', primaryApprovers: [singleUser(w.people['approver']!.id)] }] } }, pkg);
      const request = (await w.people['requester']!.client.api(`${EM}/assignmentRequests`).post({ requestType: 'userAdd', assignment: { accessPackageId: pkg, assignmentPolicyId: policyId }, justification: 'Project work' })) as { id: string; state: string };
      expect(request.state).toBe('submitted');
      expect(((await w.admin.api(`${EM}/assignmentRequests/${request.id}`).get()) as { state: string }).state).toBe('pendingApproval');
      const approver = w.people['approver']!.client;
      const approvals = `${EM}/accessPackageAssignmentApprovals`;

      const mine = (await approver.api(`${approvals}/filterByCurrentUser(on='approver')`).get()) as { value: Approval[] };
      expect(mine.value.map((a) => a.id)).toContain(request.id);

      const approval = (await approver.api(`${approvals}/${request.id}`).get()) as Approval;
      expect(approval).toMatchObject({ id: request.id, stages: [{ id: expect.any(String), status: 'InProgress', reviewResult: 'NotReviewed', assignedToMe: true, reviewedBy: null }] });
      const stageId = approval.stages![0]!.id as string;
      const stages = (await approver.api(`${approvals}/${request.id}/stages`).get()) as { value: ApprovalStage[] };
      expect(stages.value.map((s) => s.id)).toEqual([stageId]);
      expect((await approver.api(`${approvals}/${request.id}/stages/${stageId}`).get()) as ApprovalStage).toMatchObject({ id: stageId, status: 'InProgress' });

      // approvalstage-update documents the PATCH with a JSON body and no Content-Type header.
      const token = await rt.token({ userId: w.people['approver']!.id });
      const res = await fetch(`${rt.url}/api/v1.0${approvals}/${request.id}/stages/${stageId}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}` }, body: new TextEncoder().encode(JSON.stringify({ reviewResult: 'Approve', justification: 'OK' })) });
      expect(res.status).toBe(204);
      expect((await approver.api(`${approvals}/${request.id}/stages/${stageId}`).get()) as ApprovalStage).toMatchObject({ status: 'Completed', reviewResult: 'Approved', justification: 'OK', reviewedBy: { id: w.people['approver']!.id } });
      // Deciding again: 409, as documented.
      const again = await graphFailure(approver.api(`${approvals}/${request.id}/stages/${stageId}`).patch({ reviewResult: 'Deny', justification: 'no' }));
      expect(again).toMatchObject({ statusCode: 409, code: 'Conflict' });
      // The older path still answers.
      expect(((await approver.api(`${EM}/assignmentApprovals/${request.id}`).get()) as Approval).id).toBe(request.id);
    });
  });

  describe('accesspackage-post-resourcerolescopes.md', () => {
    it('example 1: a SharePoint Online site role → 400 naming the origin system (Gatehouse holds no SharePoint sites)', async () => {
      const failure = await graphFailure(w.admin.api(`${EM}/accessPackages/${w.packageId}/resourceRoleScopes`).post({
        role: { displayName: 'Contributors', originSystem: 'SharePointOnline', originId: '4', resource: { id: w.resourceId } },
        scope: { displayName: 'Root', description: 'Root Scope', originId: 'https://contoso.sharepoint.com/portals/Community', originSystem: 'SharePointOnline', isRootScope: true },
      }));
      expect(failure.statusCode).toBe(400);
      expect((failure.error.details ?? []).map((d) => d.target)).toEqual(expect.arrayContaining(['role.originSystem', 'scope.originSystem']));
    });

    it('example 2: an application role, scope named by the application itself → 201; read back with that scope', async () => {
      const appRole = { id: randomUUID(), displayName: 'Standard User', description: 'Standard User', value: 'StandardUser', allowedMemberTypes: ['User'], isEnabled: true };
      const app = (await w.admin.api('/servicePrincipals').post({ displayName: `App ${randomUUID().slice(0, 6)}`, appRoles: [appRole] })) as { id: string };
      const added = (await w.admin.api(`${EM}/resourceRequests`).post({ requestType: 'adminAdd', resource: { originId: app.id, originSystem: 'AadApplication' }, catalog: { id: w.catalogId } })) as { resource: { id: string } };
      const pkg = (await w.admin.api(`${EM}/accessPackages`).post({ displayName: 'App package', catalog: { id: w.catalogId } })) as { id: string };
      const scope = (await w.admin.api(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`).post({
        role: { id: randomUUID(), displayName: 'Standard User', description: 'Standard User', originSystem: 'AadApplication', originId: appRole.id, resource: { id: added.resource.id, originId: app.id, originSystem: 'AadApplication' } },
        scope: { id: randomUUID(), originId: app.id, originSystem: 'AadApplication', isRootScope: true },
      })) as AccessPackageResourceRoleScope;
      expect(scope).toMatchObject({ id: expect.any(String), createdDateTime: expect.any(String) });
      const listed = (await w.admin.api(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`).expand('role,scope').get()) as { value: AccessPackageResourceRoleScope[] };
      expect(listed.value).toEqual([expect.objectContaining({ id: scope.id, role: expect.objectContaining({ originId: appRole.id }), scope: expect.objectContaining({ originId: app.id, originSystem: 'AadApplication', isRootScope: true }) })]);
    });

    it('example 3: group membership, scope named by the group itself → 201; the same role again (by "Root") is a 409', async () => {
      const pkg = (await w.admin.api(`${EM}/accessPackages`).post({ displayName: 'Group package', catalog: { id: w.catalogId } })) as { id: string };
      const path = `${EM}/accessPackages/${pkg.id}/resourceRoleScopes`;
      const scope = (await w.admin.api(path).post({
        role: { id: randomUUID(), displayName: 'Member', originSystem: 'AadGroup', originId: `Member_${w.groupId}`, resource: { id: w.resourceId, displayName: 'example group', description: 'a group whose members are to be assigned via an access package', originId: w.groupId, originSystem: 'AadGroup' } },
        scope: { id: randomUUID(), displayName: 'Root', description: 'Root Scope', originId: w.groupId, originSystem: 'AadGroup', isRootScope: true },
      })) as AccessPackageResourceRoleScope;
      expect(scope).toMatchObject({ id: expect.any(String), createdDateTime: expect.any(String), scope: { originId: w.groupId, isRootScope: true } });
      const twice = await graphFailure(w.admin.api(path).post({ role: { originSystem: 'AadGroup', originId: `Member_${w.groupId}`, resource: { id: w.resourceId } }, scope: { originId: 'Root', originSystem: 'AadGroup' } }));
      expect(twice).toMatchObject({ statusCode: 409, code: 'Conflict' });
    });
  });
});
