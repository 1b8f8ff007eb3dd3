import { describe, expect, it } from 'vitest';
import { policyRuleViolations, type ApprovalStage, type PolicyInput } from '../../../src/domain/entitlement/policy';

const NOW = new Date('2026-11-21T08:00:00Z');
const user = { type: 'singleUser' as const, userId: '11111111-1111-4111-8111-111111111111', description: null };
const group = { type: 'groupMembers' as const, groupId: '22222222-2222-4222-8222-222222222222', description: null };
const partner = { type: 'connectedOrganizationMembers' as const, connectedOrganizationId: '33333333-3333-4333-8333-333333333333', description: null };

function buildStage(overrides: Partial<ApprovalStage> = {}): ApprovalStage {
  return {
    durationBeforeAutomaticDenial: 'P14D',
    isApproverJustificationRequired: false,
    isEscalationEnabled: false,
    durationBeforeEscalation: null,
    primaryApprovers: [user],
    fallbackPrimaryApprovers: [],
    escalationApprovers: [],
    fallbackEscalationApprovers: [],
    ...overrides,
  };
}

function buildPolicy(overrides: Partial<PolicyInput> = {}): PolicyInput {
  return {
    displayName: 'Partners',
    description: null,
    accessPackageId: '44444444-4444-4444-8444-444444444444',
    allowedTargetScope: 'allExternalUsers',
    specificAllowedTargets: [],
    expiration: { type: 'afterDuration', endDateTime: null, duration: 'P90D' },
    requestorSettings: {
      enableTargetsToSelfAddAccess: true,
      enableTargetsToSelfUpdateAccess: false,
      enableTargetsToSelfRemoveAccess: true,
      allowCustomAssignmentSchedule: false,
      enableOnBehalfRequestorsToAddAccess: false,
      enableOnBehalfRequestorsToUpdateAccess: false,
      enableOnBehalfRequestorsToRemoveAccess: false,
      onBehalfRequestors: [],
    },
    requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [buildStage()] },
    questions: [],
    ...overrides,
  };
}

const targetsOf = (input: PolicyInput) => policyRuleViolations(input, NOW).map((v) => v.target);

describe('assignment policy rules', () => {
  it('when the policy is complete and consistent, then no rule is broken', () => {
    expect(policyRuleViolations(buildPolicy(), NOW)).toEqual([]);
  });

  it('when a specific scope names no target, then specificAllowedTargets is reported', () => {
    expect(targetsOf(buildPolicy({ allowedTargetScope: 'specificDirectoryUsers' }))).toEqual(['specificAllowedTargets']);
    expect(targetsOf(buildPolicy({ allowedTargetScope: 'specificConnectedOrganizationUsers' }))).toEqual(['specificAllowedTargets']);
  });

  it('when targets are given to a scope that is not specific, then specificAllowedTargets is reported', () => {
    expect(targetsOf(buildPolicy({ allowedTargetScope: 'allMemberUsers', specificAllowedTargets: [user] }))).toEqual(['specificAllowedTargets']);
  });

  it('when a policy for directory users targets a connected organization, or one for external users targets a group, then the target is refused (internal or external, not both)', () => {
    expect(targetsOf(buildPolicy({ allowedTargetScope: 'specificDirectoryUsers', specificAllowedTargets: [user, partner] }))).toEqual(['specificAllowedTargets[1]']);
    expect(targetsOf(buildPolicy({ allowedTargetScope: 'specificConnectedOrganizationUsers', specificAllowedTargets: [partner, group] }))).toEqual(['specificAllowedTargets[1]']);
    expect(targetsOf(buildPolicy({ allowedTargetScope: 'specificDirectoryUsers', specificAllowedTargets: [user, group] }))).toEqual([]);
  });

  it('when expiration afterDateTime has no date or a past one, then expiration.endDateTime is reported', () => {
    expect(targetsOf(buildPolicy({ expiration: { type: 'afterDateTime', endDateTime: null, duration: null } }))).toEqual(['expiration.endDateTime']);
    expect(targetsOf(buildPolicy({ expiration: { type: 'afterDateTime', endDateTime: '2026-11-21T07:59:59Z', duration: null } }))).toEqual(['expiration.endDateTime']);
    expect(targetsOf(buildPolicy({ expiration: { type: 'afterDateTime', endDateTime: '2027-01-01T00:00:00Z', duration: null } }))).toEqual([]);
  });

  it('when expiration afterDuration has no positive duration, or a field belongs to another type, then that field is reported', () => {
    expect(targetsOf(buildPolicy({ expiration: { type: 'afterDuration', endDateTime: null, duration: null } }))).toEqual(['expiration.duration']);
    expect(targetsOf(buildPolicy({ expiration: { type: 'afterDuration', endDateTime: null, duration: 'P0D' } }))).toEqual(['expiration.duration']);
    expect(targetsOf(buildPolicy({ expiration: { type: 'noExpiration', endDateTime: null, duration: 'P1D' } }))).toEqual(['expiration.duration']);
    expect(targetsOf(buildPolicy({ expiration: { type: 'noExpiration', endDateTime: '2027-01-01T00:00:00Z', duration: null } }))).toEqual(['expiration.endDateTime']);
  });

  it('when approval is required with no stage or more than three, then stages is reported; when not required, stages must be empty', () => {
    const approval = (required: boolean, count: number) => ({ isApprovalRequiredForAdd: required, isApprovalRequiredForUpdate: false, stages: Array.from({ length: count }, () => buildStage()) });
    expect(targetsOf(buildPolicy({ requestApprovalSettings: approval(true, 0) }))).toEqual(['requestApprovalSettings.stages']);
    expect(targetsOf(buildPolicy({ requestApprovalSettings: approval(true, 4) }))).toEqual(['requestApprovalSettings.stages']);
    expect(targetsOf(buildPolicy({ requestApprovalSettings: approval(true, 3) }))).toEqual([]);
    expect(targetsOf(buildPolicy({ requestApprovalSettings: approval(false, 1) }))).toEqual(['requestApprovalSettings.stages']);
    expect(targetsOf(buildPolicy({ requestApprovalSettings: approval(false, 0) }))).toEqual([]);
  });

  it('when a stage has no approver or no valid denial duration, then that stage field is reported', () => {
    const stages = [buildStage(), buildStage({ primaryApprovers: [], durationBeforeAutomaticDenial: 'P' })];
    expect(targetsOf(buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages } }))).toEqual([
      'requestApprovalSettings.stages[1].primaryApprovers',
      'requestApprovalSettings.stages[1].durationBeforeAutomaticDenial',
    ]);
  });

  it('when escalation is enabled, then it needs escalation approvers and a duration shorter than the automatic denial', () => {
    const withStage = (stage: ApprovalStage) => buildPolicy({ requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [stage] } });
    expect(targetsOf(withStage(buildStage({ isEscalationEnabled: true, durationBeforeEscalation: 'PT12H', escalationApprovers: [group] })))).toEqual([]);
    expect(targetsOf(withStage(buildStage({ isEscalationEnabled: true, durationBeforeEscalation: 'PT12H' })))).toEqual(['requestApprovalSettings.stages[0].escalationApprovers']);
    expect(targetsOf(withStage(buildStage({ isEscalationEnabled: true, durationBeforeEscalation: null, escalationApprovers: [group] })))).toEqual(['requestApprovalSettings.stages[0].durationBeforeEscalation']);
    expect(targetsOf(withStage(buildStage({ isEscalationEnabled: true, durationBeforeEscalation: 'P14D', escalationApprovers: [group] })))).toEqual(['requestApprovalSettings.stages[0].durationBeforeEscalation']);
    // Two weeks equal 14 days: still not shorter. A month is longer than 14 days wherever it starts.
    expect(targetsOf(withStage(buildStage({ isEscalationEnabled: true, durationBeforeEscalation: 'P2W', escalationApprovers: [group] })))).toEqual(['requestApprovalSettings.stages[0].durationBeforeEscalation']);
    expect(targetsOf(withStage(buildStage({ isEscalationEnabled: true, durationBeforeEscalation: 'P1M', escalationApprovers: [group] })))).toEqual(['requestApprovalSettings.stages[0].durationBeforeEscalation']);
    expect(targetsOf(withStage(buildStage({ isEscalationEnabled: false, durationBeforeEscalation: 'P1M' })))).toEqual([]);
  });

  it('when questions share a sequence, or a multiple choice question has no or duplicate choices, then the question field is reported', () => {
    const text = { type: 'text' as const, id: 'q1', text: 'Why?', isRequired: true, sequence: 1, isAnswerEditable: true, isSingleLineQuestion: false, regexPattern: null };
    const choice = { type: 'multipleChoice' as const, id: 'q2', text: 'Which?', isRequired: false, sequence: 2, isAnswerEditable: true, allowsMultipleSelection: false, choices: [{ actualValue: 'a', text: 'A' }] };
    expect(targetsOf(buildPolicy({ questions: [text, choice] }))).toEqual([]);
    expect(targetsOf(buildPolicy({ questions: [text, { ...choice, sequence: 1 }] }))).toEqual(['questions[1].sequence']);
    expect(targetsOf(buildPolicy({ questions: [{ ...choice, choices: [] }] }))).toEqual(['questions[0].choices']);
    expect(targetsOf(buildPolicy({ questions: [{ ...choice, choices: [{ actualValue: 'a', text: 'A' }, { actualValue: 'a', text: 'B' }] }] }))).toEqual(['questions[0].choices[1].actualValue']);
  });

  it('when nobody is a target (notSpecified) but self-requests are enabled, then requestorSettings is reported', () => {
    const noApproval = { isApprovalRequiredForAdd: false, isApprovalRequiredForUpdate: false, stages: [] };
    expect(targetsOf(buildPolicy({ allowedTargetScope: 'notSpecified', requestApprovalSettings: noApproval }))).toEqual(['requestorSettings.enableTargetsToSelfAddAccess']);
    const adminOnly = { ...buildPolicy().requestorSettings, enableTargetsToSelfAddAccess: false };
    expect(targetsOf(buildPolicy({ allowedTargetScope: 'notSpecified', requestApprovalSettings: noApproval, requestorSettings: adminOnly }))).toEqual([]);
  });
});
