import { describe, expect, it } from 'vitest';
import { policyBody, policyWire } from '../../../src/functions/entitlement/policy-wire';

const PACKAGE = '44444444-4444-4444-8444-444444444444';
const issuesOf = (body: unknown) => {
  const parsed = policyBody.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('assignment policy wire shape', () => {
  it("when Graph's shape is sent, then it parses to the domain's policy and prints back the same shape", () => {
    const body = {
      displayName: 'Partners',
      allowedTargetScope: 'specificConnectedOrganizationUsers',
      specificAllowedTargets: [{ '@odata.type': '#microsoft.graph.connectedOrganizationMembers', connectedOrganizationId: '33333333-3333-4333-8333-333333333333' }],
      expiration: { type: 'afterDuration', duration: 'P365D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true },
      requestApprovalSettings: {
        isApprovalRequiredForAdd: true,
        stages: [{ durationBeforeAutomaticDenial: 'P2D', isEscalationEnabled: true, durationBeforeEscalation: 'PT12H', primaryApprovers: [{ '@odata.type': '#microsoft.graph.externalSponsors' }], escalationApprovers: [{ '@odata.type': '#microsoft.graph.requestorManager', managerLevel: 1 }] }],
      },
      questions: [{ '@odata.type': '#microsoft.graph.accessPackageMultipleChoiceQuestion', text: 'Project?', choices: [{ actualValue: 'x', text: 'X' }] }],
      accessPackage: { id: PACKAGE },
    };
    const parsed = policyBody.parse(body);
    expect(parsed).toMatchObject({ accessPackageId: PACKAGE, specificAllowedTargets: [{ type: 'connectedOrganizationMembers' }], requestorSettings: { enableTargetsToSelfAddAccess: true, allowCustomAssignmentSchedule: false } });
    const wire = policyWire({ ...parsed, id: 'p', catalogId: 'c', createdAt: 't', modifiedAt: 't' });
    expect(wire).toMatchObject({
      specificAllowedTargets: [{ '@odata.type': '#microsoft.graph.connectedOrganizationMembers' }],
      requestApprovalSettings: { stages: [{ primaryApprovers: [{ '@odata.type': '#microsoft.graph.externalSponsors' }], escalationApprovers: [{ '@odata.type': '#microsoft.graph.requestorManager', managerLevel: 1 }] }] },
      questions: [{ '@odata.type': '#microsoft.graph.accessPackageMultipleChoiceQuestion', choices: [{ actualValue: 'x' }] }],
    });
  });

  it('when a duration is not ISO 8601, a scope unknown, a subject type unknown or the package missing, then the field is named', () => {
    const base = { displayName: 'P', accessPackage: { id: PACKAGE } };
    expect(issuesOf({ ...base, expiration: { type: 'afterDuration', duration: '30 days' } })).toEqual(['expiration.duration']);
    expect(issuesOf({ ...base, requestApprovalSettings: { stages: [{ durationBeforeAutomaticDenial: 'P1X' }] } })).toEqual(['requestApprovalSettings.stages.0.durationBeforeAutomaticDenial']);
    expect(issuesOf({ ...base, allowedTargetScope: 'everyone' })).toEqual(['allowedTargetScope']);
    expect(issuesOf({ ...base, specificAllowedTargets: [{ '@odata.type': '#microsoft.graph.everyone' }] })).toEqual(['specificAllowedTargets.0.@odata.type']);
    expect(issuesOf({ ...base, questions: [{ '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion', text: 'x', regexPattern: '(' }] })).toEqual(['questions.0.regexPattern']);
    expect(issuesOf({ displayName: 'P' })).toEqual(['accessPackage']);
  });

  it('when more than three stages are sent, then stages is named', () => {
    const stage = { primaryApprovers: [] };
    expect(issuesOf({ displayName: 'P', accessPackage: { id: PACKAGE }, requestApprovalSettings: { stages: [stage, stage, stage, stage] } })).toEqual(['requestApprovalSettings.stages']);
  });
});
