import type { ErrorDetail } from '../errors';
import { compareDurations, isPositive, parseDuration } from './duration';

/**
 * Assignment policies (Graph `accessPackageAssignmentPolicy`): who may request a package, who
 * approves, for how long, and what they are asked. The shapes keep Graph's names so the requests,
 * approvals, portal and expiry read them directly.
 */

export const INTERNAL_SCOPES = ['specificDirectoryUsers', 'allMemberUsers', 'allDirectoryUsers'] as const;
export const EXTERNAL_SCOPES = ['specificConnectedOrganizationUsers', 'allConfiguredConnectedOrganizationUsers', 'allExternalUsers'] as const;
export const ALLOWED_TARGET_SCOPES = ['notSpecified', ...INTERNAL_SCOPES, ...EXTERNAL_SCOPES] as const;
export type AllowedTargetScope = (typeof ALLOWED_TARGET_SCOPES)[number];

/** Who: Graph `subjectSet` subtypes. */
export type SubjectSet =
  | { type: 'singleUser'; userId: string; description: string | null }
  | { type: 'groupMembers'; groupId: string; description: string | null }
  | { type: 'connectedOrganizationMembers'; connectedOrganizationId: string; description: string | null }
  | { type: 'requestorManager'; managerLevel: number }
  | { type: 'internalSponsors' }
  | { type: 'externalSponsors' };

export interface Expiration {
  type: 'noExpiration' | 'afterDateTime' | 'afterDuration';
  endDateTime: string | null;
  duration: string | null;
}

export interface RequestorSettings {
  enableTargetsToSelfAddAccess: boolean;
  enableTargetsToSelfUpdateAccess: boolean;
  enableTargetsToSelfRemoveAccess: boolean;
  allowCustomAssignmentSchedule: boolean;
  enableOnBehalfRequestorsToAddAccess: boolean;
  enableOnBehalfRequestorsToUpdateAccess: boolean;
  enableOnBehalfRequestorsToRemoveAccess: boolean;
  onBehalfRequestors: SubjectSet[];
}

export interface ApprovalStage {
  durationBeforeAutomaticDenial: string;
  isApproverJustificationRequired: boolean;
  isEscalationEnabled: boolean;
  durationBeforeEscalation: string | null;
  primaryApprovers: SubjectSet[];
  fallbackPrimaryApprovers: SubjectSet[];
  escalationApprovers: SubjectSet[];
  fallbackEscalationApprovers: SubjectSet[];
}

export interface ApprovalSettings {
  isApprovalRequiredForAdd: boolean;
  isApprovalRequiredForUpdate: boolean;
  stages: ApprovalStage[];
}

/** A text in another language (Graph `accessPackageLocalizedText`). */
export interface LocalizedText {
  languageCode: string;
  text: string;
}

export type Question =
  | { type: 'text'; id: string; text: string; localizations?: LocalizedText[]; isRequired: boolean; sequence: number; isAnswerEditable: boolean; isSingleLineQuestion: boolean; regexPattern: string | null }
  | {
      type: 'multipleChoice';
      id: string;
      text: string;
      localizations?: LocalizedText[];
      isRequired: boolean;
      sequence: number;
      isAnswerEditable: boolean;
      allowsMultipleSelection: boolean;
      choices: { actualValue: string; text: string; localizations?: LocalizedText[] }[];
    };

/**
 * Graph `accessPackageAssignmentReviewSettings`: kept and returned as given. Gatehouse runs no
 * access reviews; the settings are stored so that what a client wrote reads back unchanged.
 */
export type ReviewSettings = Record<string, unknown>;

/** What a client gives for a policy (create, or the whole policy on PUT). */
export interface PolicyInput {
  displayName: string;
  description: string | null;
  accessPackageId: string;
  allowedTargetScope: AllowedTargetScope;
  specificAllowedTargets: SubjectSet[];
  expiration: Expiration;
  requestorSettings: RequestorSettings;
  requestApprovalSettings: ApprovalSettings;
  questions: Question[];
  reviewSettings?: ReviewSettings | null;
}

export interface AssignmentPolicy extends PolicyInput {
  id: string;
  catalogId: string;
  createdAt: string;
  modifiedAt: string;
}

export const isExternalScope = (scope: AllowedTargetScope): boolean => (EXTERNAL_SCOPES as readonly string[]).includes(scope);
export const isInternalScope = (scope: AllowedTargetScope): boolean => (INTERNAL_SCOPES as readonly string[]).includes(scope);

const INTERNAL_TARGETS: readonly SubjectSet['type'][] = ['singleUser', 'groupMembers'];
const EXTERNAL_TARGETS: readonly SubjectSet['type'][] = ['connectedOrganizationMembers'];

/**
 * The rules zod cannot say alone; every broken rule is reported with the field it concerns. `now`
 * decides whether an `endDateTime` is in the past and anchors duration comparisons.
 */
export function policyRuleViolations(input: PolicyInput, now: Date): ErrorDetail[] {
  return [...targetViolations(input), ...expirationViolations(input.expiration, now), ...approvalViolations(input, now), ...questionViolations(input.questions), ...requestorViolations(input)];
}

function targetViolations(input: PolicyInput): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const scope = input.allowedTargetScope;
  const specific = scope === 'specificDirectoryUsers' || scope === 'specificConnectedOrganizationUsers';
  if (specific && input.specificAllowedTargets.length === 0) {
    out.push({ target: 'specificAllowedTargets', message: `allowedTargetScope '${scope}' needs at least one target.` });
  }
  if (!specific && input.specificAllowedTargets.length > 0) {
    out.push({ target: 'specificAllowedTargets', message: `specificAllowedTargets must be empty when allowedTargetScope is '${scope}'.` });
  }
  // A policy is for users in the directory or for users outside it, never both (REFERENCE §6).
  const allowed = scope === 'specificDirectoryUsers' ? INTERNAL_TARGETS : scope === 'specificConnectedOrganizationUsers' ? EXTERNAL_TARGETS : [];
  if (specific) {
    input.specificAllowedTargets.forEach((target, i) => {
      if (!allowed.includes(target.type)) {
        out.push({ target: `specificAllowedTargets[${i}]`, message: `'${target.type}' cannot be a target of a policy for ${isExternalScope(scope) ? 'external' : 'internal'} users.` });
      }
    });
  }
  return out;
}

function expirationViolations(expiration: Expiration, now: Date): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (expiration.type === 'afterDateTime') {
    if (expiration.endDateTime === null) out.push({ target: 'expiration.endDateTime', message: "is required when type is 'afterDateTime'." });
    else if (Date.parse(expiration.endDateTime) <= now.getTime()) out.push({ target: 'expiration.endDateTime', message: 'must be in the future.' });
  } else if (expiration.endDateTime !== null) {
    out.push({ target: 'expiration.endDateTime', message: "is allowed only when type is 'afterDateTime'." });
  }
  if (expiration.type === 'afterDuration') {
    const duration = expiration.duration === null ? undefined : parseDuration(expiration.duration);
    if (!duration || !isPositive(duration)) out.push({ target: 'expiration.duration', message: "a positive ISO 8601 duration is required when type is 'afterDuration'." });
  } else if (expiration.duration !== null) {
    out.push({ target: 'expiration.duration', message: "is allowed only when type is 'afterDuration'." });
  }
  return out;
}

function approvalViolations(input: PolicyInput, now: Date): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const settings = input.requestApprovalSettings;
  const required = settings.isApprovalRequiredForAdd || settings.isApprovalRequiredForUpdate;
  if (required && (settings.stages.length < 1 || settings.stages.length > 3)) {
    out.push({ target: 'requestApprovalSettings.stages', message: 'between 1 and 3 stages are required when approval is required.' });
  }
  if (!required && settings.stages.length > 0) {
    out.push({ target: 'requestApprovalSettings.stages', message: 'must be empty when no approval is required.' });
  }
  settings.stages.forEach((stage, i) => {
    const at = `requestApprovalSettings.stages[${i}]`;
    // Graph documents stages whose approvers are all fallbacks (used when no primary approver applies).
    if (stage.primaryApprovers.length === 0 && stage.fallbackPrimaryApprovers.length === 0) out.push({ target: `${at}.primaryApprovers`, message: 'at least one approver (primary or fallback) is required.' });
    const denial = parseDuration(stage.durationBeforeAutomaticDenial);
    if (!denial || !isPositive(denial)) out.push({ target: `${at}.durationBeforeAutomaticDenial`, message: 'must be a positive ISO 8601 duration.' });
    if (!stage.isEscalationEnabled) return;
    if (stage.escalationApprovers.length === 0) out.push({ target: `${at}.escalationApprovers`, message: 'at least one escalation approver is required when escalation is enabled.' });
    const escalation = stage.durationBeforeEscalation === null ? undefined : parseDuration(stage.durationBeforeEscalation);
    if (!escalation || !isPositive(escalation)) {
      out.push({ target: `${at}.durationBeforeEscalation`, message: 'a positive ISO 8601 duration is required when escalation is enabled.' });
    } else if (denial && compareDurations(escalation, denial, now) >= 0) {
      out.push({ target: `${at}.durationBeforeEscalation`, message: 'must be shorter than durationBeforeAutomaticDenial.' });
    }
  });
  return out;
}

function questionViolations(questions: Question[]): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const sequences = new Set<number>();
  questions.forEach((question, i) => {
    if (sequences.has(question.sequence)) out.push({ target: `questions[${i}].sequence`, message: 'each question needs its own sequence number.' });
    sequences.add(question.sequence);
    if (question.type !== 'multipleChoice') return;
    if (question.choices.length === 0) out.push({ target: `questions[${i}].choices`, message: 'a multiple choice question needs at least one choice.' });
    const values = new Set<string>();
    question.choices.forEach((choice, j) => {
      if (values.has(choice.actualValue)) out.push({ target: `questions[${i}].choices[${j}].actualValue`, message: 'choices need distinct values.' });
      values.add(choice.actualValue);
    });
  });
  return out;
}

function requestorViolations(input: PolicyInput): ErrorDetail[] {
  const s = input.requestorSettings;
  // Nobody is a target of a `notSpecified` policy, so nobody can request through it (admins assign directly).
  if (input.allowedTargetScope === 'notSpecified' && (s.enableTargetsToSelfAddAccess || s.enableTargetsToSelfUpdateAccess)) {
    return [{ target: 'requestorSettings.enableTargetsToSelfAddAccess', message: "requests cannot be enabled when allowedTargetScope is 'notSpecified'." }];
  }
  return [];
}

/** Every subject set of the policy with the field it sits in, for reference checks. */
export function subjectSetsOf(input: PolicyInput): { field: string; subject: SubjectSet }[] {
  const out: { field: string; subject: SubjectSet }[] = [];
  const add = (field: string, list: SubjectSet[]) => list.forEach((subject, i) => out.push({ field: `${field}[${i}]`, subject }));
  add('specificAllowedTargets', input.specificAllowedTargets);
  add('requestorSettings.onBehalfRequestors', input.requestorSettings.onBehalfRequestors);
  input.requestApprovalSettings.stages.forEach((stage, i) => {
    const at = `requestApprovalSettings.stages[${i}]`;
    add(`${at}.primaryApprovers`, stage.primaryApprovers);
    add(`${at}.fallbackPrimaryApprovers`, stage.fallbackPrimaryApprovers);
    add(`${at}.escalationApprovers`, stage.escalationApprovers);
    add(`${at}.fallbackEscalationApprovers`, stage.fallbackEscalationApprovers);
  });
  return out;
}
