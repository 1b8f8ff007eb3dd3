import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseDuration } from '../../domain/entitlement/duration';
import { ALLOWED_TARGET_SCOPES, type AssignmentPolicy, type PolicyInput, type Question, type SubjectSet } from '../../domain/entitlement/policy';

/** Graph's `accessPackageAssignmentPolicy` on the wire: parsed into the domain's `PolicyInput`, and back. */

const GRAPH = '#microsoft.graph.';
const description = z.string().max(1024).nullish().transform((v) => v ?? null);
// Graph's deserializer reads `"true"` and `"1"` for booleans and numbers, and its documented
// policy example sends them so; they are read the same way here.
const flag = z.preprocess((v) => (typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : v), z.boolean());
const integer = z.preprocess((v) => (typeof v === 'string' && /^-?\d{1,9}$/.test(v) ? Number(v) : v), z.number().int());
const localizations = z
  .array(z.object({ languageCode: z.string().trim().min(2).max(35), text: z.string().trim().min(1).max(1024) }))
  .max(50)
  .optional();
const isoDuration = z.string().max(64).refine((text) => parseDuration(text) !== undefined, 'must be an ISO 8601 duration such as P14D or PT12H');

const subjectSet = z
  .discriminatedUnion('@odata.type', [
    z.object({ '@odata.type': z.literal(`${GRAPH}singleUser`), userId: z.guid(), description }),
    z.object({ '@odata.type': z.literal(`${GRAPH}groupMembers`), groupId: z.guid(), description }),
    z.object({ '@odata.type': z.literal(`${GRAPH}connectedOrganizationMembers`), connectedOrganizationId: z.guid(), description }),
    z.object({ '@odata.type': z.literal(`${GRAPH}requestorManager`), managerLevel: z.number().int().min(1).max(2).default(1) }),
    z.object({ '@odata.type': z.literal(`${GRAPH}internalSponsors`) }),
    z.object({ '@odata.type': z.literal(`${GRAPH}externalSponsors`) }),
    // Documented kinds Gatehouse cannot act on: refused by name rather than stored and ignored.
    z.object({ '@odata.type': z.literal(`${GRAPH}attributeRuleMembers`), description, membershipRule: z.string().max(3072).optional() }),
    z.object({ '@odata.type': z.literal(`${GRAPH}targetUserSponsors`) }),
  ])
  .transform((s, ctx): SubjectSet => {
    switch (s['@odata.type']) {
      case `${GRAPH}attributeRuleMembers`:
        ctx.addIssue({ code: 'custom', message: 'attributeRuleMembers (automatic assignment by a membership rule) is not supported' });
        return z.NEVER;
      case `${GRAPH}targetUserSponsors`:
        ctx.addIssue({ code: 'custom', message: "targetUserSponsors (the requestor's sponsors as approvers) is not supported" });
        return z.NEVER;
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

const stage = z.strictObject({
  durationBeforeAutomaticDenial: isoDuration.default('P14D'),
  isApproverJustificationRequired: flag.default(false),
  isEscalationEnabled: flag.default(false),
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
  localizations,
  isRequired: flag.default(false),
  sequence: integer.pipe(z.number().min(0).max(1000)).default(0),
  isAnswerEditable: flag.default(true),
};
const question = z
  .discriminatedUnion('@odata.type', [
    z.object({ '@odata.type': z.literal(`${GRAPH}accessPackageTextInputQuestion`), ...questionCommon, isSingleLineQuestion: flag.default(true), regexPattern: validRegex.nullish() }),
    z.object({
      '@odata.type': z.literal(`${GRAPH}accessPackageMultipleChoiceQuestion`),
      ...questionCommon,
      allowsMultipleSelection: flag.optional(),
      /** The beta name, used by the documented v1.0 example. */
      isMultipleSelectionAllowed: flag.optional(),
      // Bounded so the largest policy still fits one table entity (1 MiB).
      choices: z.array(z.object({ actualValue: z.string().min(1).max(200), text: z.string().min(1).max(200), localizations })).max(25).default([]),
    }),
  ])
  .transform((q): Question => {
    const common = { id: q.id ?? randomUUID(), text: q.text, localizations: q.localizations ?? [], isRequired: q.isRequired, sequence: q.sequence, isAnswerEditable: q.isAnswerEditable };
    return q['@odata.type'] === `${GRAPH}accessPackageTextInputQuestion`
      ? { type: 'text', ...common, isSingleLineQuestion: q.isSingleLineQuestion, regexPattern: q.regexPattern ?? null }
      : {
          type: 'multipleChoice',
          ...common,
          allowsMultipleSelection: q.allowsMultipleSelection ?? q.isMultipleSelectionAllowed ?? false,
          choices: q.choices.map((c) => ({ actualValue: c.actualValue, text: c.text, localizations: c.localizations ?? [] })),
        };
  });

/** Properties a client may send back from a read (or that describe the policy's place) and that are not set by the body. */
const READ_ONLY = new Set(['id', 'createdDateTime', 'modifiedDateTime', 'catalog']);
const withoutReadOnly = (raw: unknown): unknown => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !READ_ONLY.has(k) && !k.startsWith('@odata.')));
};

/** The body of `POST /assignmentPolicies` and `PUT /assignmentPolicies/{id}`. */
export const policyBody = z.preprocess(withoutReadOnly, z
  .strictObject({
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
      .strictObject({
        enableTargetsToSelfAddAccess: flag.default(false),
        enableTargetsToSelfUpdateAccess: flag.default(false),
        enableTargetsToSelfRemoveAccess: flag.default(false),
        allowCustomAssignmentSchedule: flag.default(false),
        enableOnBehalfRequestorsToAddAccess: flag.default(false),
        enableOnBehalfRequestorsToUpdateAccess: flag.default(false),
        enableOnBehalfRequestorsToRemoveAccess: flag.default(false),
        onBehalfRequestors: subjects,
      })
      .prefault({}),
    requestApprovalSettings: z
      .strictObject({
        isApprovalRequiredForAdd: flag.default(false),
        isApprovalRequiredForUpdate: flag.default(false),
        stages: z.array(stage).max(3).default([]),
      })
      .prefault({}),
    questions: z.array(question).max(20).default([]),
    /** Kept and returned as given (Gatehouse runs no access reviews); at most 16 KiB of JSON. */
    reviewSettings: z
      .record(z.string(), z.unknown())
      .nullish()
      .refine((v) => v == null || JSON.stringify(v).length <= 16_384, 'must be at most 16 KiB of JSON')
      .transform((v) => v ?? null),
    /** Automatic assignment is not implemented: only "off" is accepted. */
    automaticRequestSettings: z
      .object({ requestAccessForAllowedTargets: flag.optional() })
      .passthrough()
      .nullish()
      .refine((v) => !v || v.requestAccessForAllowedTargets !== true, 'automatic assignment policies are not supported'),
    customExtensionStageSettings: z.array(z.unknown()).max(0, 'custom extensions are not supported').nullish(),
    accessPackage: z.object({ id: z.guid() }),
  })
  .transform(({ accessPackage, automaticRequestSettings: _auto, customExtensionStageSettings: _ext, ...rest }): PolicyInput => ({ ...rest, accessPackageId: accessPackage.id })));

function subjectWire(s: SubjectSet): Record<string, unknown> {
  const { type, ...rest } = s;
  return { '@odata.type': `${GRAPH}${type}`, ...rest };
}

function questionWire(q: Question): Record<string, unknown> {
  const { type, ...rest } = q;
  const wire: Record<string, unknown> = { '@odata.type': `${GRAPH}${type === 'text' ? 'accessPackageTextInputQuestion' : 'accessPackageMultipleChoiceQuestion'}`, ...rest, localizations: q.localizations ?? [] };
  if (q.type === 'multipleChoice') wire['choices'] = q.choices.map((c) => ({ actualValue: c.actualValue, text: c.text, localizations: c.localizations ?? [] }));
  return wire;
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
    reviewSettings: p.reviewSettings ?? null,
    accessPackage: { id: p.accessPackageId },
    createdDateTime: p.createdAt,
    modifiedDateTime: p.modifiedAt,
  };
}
