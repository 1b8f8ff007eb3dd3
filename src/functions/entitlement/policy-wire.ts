import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseDuration } from '../../domain/entitlement/duration';
import { ALLOWED_TARGET_SCOPES, type AssignmentPolicy, type PolicyInput, type Question, type SubjectSet } from '../../domain/entitlement/policy';

/** Graph's `accessPackageAssignmentPolicy` on the wire: parsed into the domain's `PolicyInput`, and back. */

const GRAPH = '#microsoft.graph.';
const description = z.string().max(1024).nullish().transform((v) => v ?? null);
const isoDuration = z.string().max(64).refine((text) => parseDuration(text) !== undefined, 'must be an ISO 8601 duration such as P14D or PT12H');

const subjectSet = z
  .discriminatedUnion('@odata.type', [
    z.object({ '@odata.type': z.literal(`${GRAPH}singleUser`), userId: z.guid(), description }),
    z.object({ '@odata.type': z.literal(`${GRAPH}groupMembers`), groupId: z.guid(), description }),
    z.object({ '@odata.type': z.literal(`${GRAPH}connectedOrganizationMembers`), connectedOrganizationId: z.guid(), description }),
    z.object({ '@odata.type': z.literal(`${GRAPH}requestorManager`), managerLevel: z.number().int().min(1).max(2).default(1) }),
    z.object({ '@odata.type': z.literal(`${GRAPH}internalSponsors`) }),
    z.object({ '@odata.type': z.literal(`${GRAPH}externalSponsors`) }),
  ])
  .transform((s): SubjectSet => {
    switch (s['@odata.type']) {
      case `${GRAPH}singleUser`:
        return { type: 'singleUser', userId: s.userId, description: s.description };
      case `${GRAPH}groupMembers`:
        return { type: 'groupMembers', groupId: s.groupId, description: s.description };
      case `${GRAPH}connectedOrganizationMembers`:
        return { type: 'connectedOrganizationMembers', connectedOrganizationId: s.connectedOrganizationId, description: s.description };
      case `${GRAPH}requestorManager`:
        return { type: 'requestorManager', managerLevel: s.managerLevel };
      case `${GRAPH}internalSponsors`:
        return { type: 'internalSponsors' };
      default:
        return { type: 'externalSponsors' };
    }
  });
const subjects = z.array(subjectSet).max(25).default([]);

const stage = z.object({
  durationBeforeAutomaticDenial: isoDuration.default('P14D'),
  isApproverJustificationRequired: z.boolean().default(false),
  isEscalationEnabled: z.boolean().default(false),
  durationBeforeEscalation: isoDuration.nullish().transform((v) => v ?? null),
  primaryApprovers: subjects,
  fallbackPrimaryApprovers: subjects,
  escalationApprovers: subjects,
  fallbackEscalationApprovers: subjects,
});

const validRegex = z
  .string()
  .max(512)
  .refine((pattern) => {
    try {
      new RegExp(pattern);
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression');

const questionCommon = {
  id: z.string().max(64).optional(),
  text: z.string().trim().min(1).max(1024),
  isRequired: z.boolean().default(false),
  sequence: z.number().int().min(0).max(1000).default(0),
  isAnswerEditable: z.boolean().default(true),
};
const question = z
  .discriminatedUnion('@odata.type', [
    z.object({ '@odata.type': z.literal(`${GRAPH}accessPackageTextInputQuestion`), ...questionCommon, isSingleLineQuestion: z.boolean().default(true), regexPattern: validRegex.nullish() }),
    z.object({
      '@odata.type': z.literal(`${GRAPH}accessPackageMultipleChoiceQuestion`),
      ...questionCommon,
      allowsMultipleSelection: z.boolean().default(false),
      // Bounded so the largest policy still fits one table entity (1 MiB).
      choices: z.array(z.object({ actualValue: z.string().min(1).max(200), text: z.string().min(1).max(200) })).max(25).default([]),
    }),
  ])
  .transform((q): Question => {
    const common = { id: q.id ?? randomUUID(), text: q.text, isRequired: q.isRequired, sequence: q.sequence, isAnswerEditable: q.isAnswerEditable };
    return q['@odata.type'] === `${GRAPH}accessPackageTextInputQuestion`
      ? { type: 'text', ...common, isSingleLineQuestion: q.isSingleLineQuestion, regexPattern: q.regexPattern ?? null }
      : { type: 'multipleChoice', ...common, allowsMultipleSelection: q.allowsMultipleSelection, choices: q.choices };
  });

/** The body of `POST /assignmentPolicies` and `PUT /assignmentPolicies/{id}`. */
export const policyBody = z
  .object({
    displayName: z.string().trim().min(1).max(256),
    description,
    allowedTargetScope: z.enum(ALLOWED_TARGET_SCOPES).default('notSpecified'),
    specificAllowedTargets: subjects,
    expiration: z
      .object({
        type: z.enum(['noExpiration', 'afterDateTime', 'afterDuration']).default('noExpiration'),
        endDateTime: z.iso.datetime({ offset: true }).nullish().transform((v) => v ?? null),
        duration: isoDuration.nullish().transform((v) => v ?? null),
      })
      .prefault({}),
    requestorSettings: z
      .object({
        enableTargetsToSelfAddAccess: z.boolean().default(false),
        enableTargetsToSelfUpdateAccess: z.boolean().default(false),
        enableTargetsToSelfRemoveAccess: z.boolean().default(false),
        allowCustomAssignmentSchedule: z.boolean().default(false),
        enableOnBehalfRequestorsToAddAccess: z.boolean().default(false),
        enableOnBehalfRequestorsToUpdateAccess: z.boolean().default(false),
        enableOnBehalfRequestorsToRemoveAccess: z.boolean().default(false),
        onBehalfRequestors: subjects,
      })
      .prefault({}),
    requestApprovalSettings: z
      .object({
        isApprovalRequiredForAdd: z.boolean().default(false),
        isApprovalRequiredForUpdate: z.boolean().default(false),
        stages: z.array(stage).max(3).default([]),
      })
      .prefault({}),
    questions: z.array(question).max(20).default([]),
    accessPackage: z.object({ id: z.guid() }),
  })
  .transform(({ accessPackage, ...rest }): PolicyInput => ({ ...rest, accessPackageId: accessPackage.id }));

function subjectWire(s: SubjectSet): Record<string, unknown> {
  const { type, ...rest } = s;
  return { '@odata.type': `${GRAPH}${type}`, ...rest };
}

function questionWire(q: Question): Record<string, unknown> {
  const { type, ...rest } = q;
  return { '@odata.type': `${GRAPH}${type === 'text' ? 'accessPackageTextInputQuestion' : 'accessPackageMultipleChoiceQuestion'}`, ...rest };
}

/** Graph's shape of a stored policy. */
export function policyWire(p: AssignmentPolicy): Record<string, unknown> {
  return {
    id: p.id,
    displayName: p.displayName,
    description: p.description,
    allowedTargetScope: p.allowedTargetScope,
    specificAllowedTargets: p.specificAllowedTargets.map(subjectWire),
    expiration: p.expiration,
    requestorSettings: { ...p.requestorSettings, onBehalfRequestors: p.requestorSettings.onBehalfRequestors.map(subjectWire) },
    requestApprovalSettings: {
      isApprovalRequiredForAdd: p.requestApprovalSettings.isApprovalRequiredForAdd,
      isApprovalRequiredForUpdate: p.requestApprovalSettings.isApprovalRequiredForUpdate,
      stages: p.requestApprovalSettings.stages.map((s) => ({
        ...s,
        primaryApprovers: s.primaryApprovers.map(subjectWire),
        fallbackPrimaryApprovers: s.fallbackPrimaryApprovers.map(subjectWire),
        escalationApprovers: s.escalationApprovers.map(subjectWire),
        fallbackEscalationApprovers: s.fallbackEscalationApprovers.map(subjectWire),
      })),
    },
    questions: p.questions.map(questionWire),
    accessPackage: { id: p.accessPackageId },
    createdDateTime: p.createdAt,
    modifiedDateTime: p.modifiedAt,
  };
}
