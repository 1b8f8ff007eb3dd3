import { z } from 'zod';
import type { Assignment, AssignmentRequest, AssignmentSchedule, Requestor, Subject } from '../../domain/entitlement/requests/model';
import type { SubmitRequestInput } from '../../domain/entitlement/requests/submit-request';
import { JUSTIFICATION_MAX_LENGTH } from '../../domain/limits';

/** Graph `accessPackageAssignmentRequest` and `accessPackageAssignment` shapes (bodies in, entities out). */

const dateTime = z.iso.datetime({ offset: true });
const expiration = z.object({
  type: z.enum(['noExpiration', 'afterDateTime', 'afterDuration']),
  endDateTime: dateTime.nullable().optional(),
  duration: z.string().max(64).nullable().optional(),
});

export const createRequestBody = z.object({
  // systemAdd/systemRemove are Gatehouse's own; clients cannot send them.
  requestType: z.enum(['userAdd', 'userExtend', 'userRemove', 'adminAdd', 'adminRemove']),
  assignment: z.object({
    /** The assignment to extend or remove (Graph: `assignment.id`). */
    id: z.string().min(1).max(100).optional(),
    accessPackageId: z.guid().optional(),
    assignmentPolicyId: z.guid().optional(),
    targetId: z.guid().optional(),
    target: z.object({ objectId: z.guid().optional(), email: z.email().max(320).optional(), displayName: z.string().trim().max(256).optional() }).optional(),
    schedule: z.object({ startDateTime: dateTime.optional(), expiration: expiration.optional() }).optional(),
  }),
  justification: z.string().max(JUSTIFICATION_MAX_LENGTH).nullable().optional(),
  answers: z
    .array(
      z.object({
        '@odata.type': z.literal('#microsoft.graph.accessPackageAnswerString').optional(),
        value: z.string().max(JUSTIFICATION_MAX_LENGTH),
        answeredQuestion: z.object({ id: z.string().min(1).max(100) }),
      }),
    )
    .max(50)
    .optional(),
});
export type CreateRequestBody = z.infer<typeof createRequestBody>;

/** The use case's input from a Graph body; several answers to one multiple-choice question are its selections. */
export function submitInputOf(body: CreateRequestBody, who: Pick<SubmitRequestInput, 'requestor' | 'caller' | 'correlationId'>): SubmitRequestInput {
  const a = body.assignment;
  const answers = new Map<string, string[]>();
  for (const answer of body.answers ?? []) answers.set(answer.answeredQuestion.id, [...(answers.get(answer.answeredQuestion.id) ?? []), answer.value]);
  const schedule = a.schedule
    ? { startDateTime: a.schedule.startDateTime ?? null, expiration: a.schedule.expiration ? { type: a.schedule.expiration.type, endDateTime: a.schedule.expiration.endDateTime ?? null, duration: a.schedule.expiration.duration ?? null } : null }
    : null;
  return {
    ...who,
    requestType: body.requestType,
    accessPackageId: a.accessPackageId ?? '',
    assignmentPolicyId: a.assignmentPolicyId ?? null,
    target: { objectId: a.targetId ?? a.target?.objectId ?? null, email: a.target?.email ?? null, displayName: a.target?.displayName ?? null },
    assignmentId: a.id ?? null,
    justification: body.justification ?? null,
    answers: [...answers].map(([questionId, values]) => ({ questionId, value: values.join('\n') })),
    schedule,
  };
}

export const subjectWire = (s: Subject) => ({
  id: s.objectId,
  objectId: s.objectId,
  displayName: s.displayName,
  email: s.email,
  principalName: s.email,
  onPremisesSecurityIdentifier: null,
  subjectType: s.subjectType,
  ...(s.connectedOrganizationId ? { connectedOrganization: { id: s.connectedOrganizationId } } : {}),
});

function requestorWire(r: Requestor) {
  switch (r.kind) {
    case 'user':
      return { id: r.userId, objectId: r.userId, subjectType: 'user' };
    case 'app':
      return { id: r.appId, objectId: r.appId, subjectType: 'servicePrincipal' };
    case 'external':
      return { id: null, objectId: null, email: r.email, subjectType: 'user' };
    case 'system':
      return { id: null, objectId: null, displayName: r.name, subjectType: 'servicePrincipal' };
  }
}

const scheduleWire = (s: AssignmentSchedule, endDateTime?: string | null) => ({
  startDateTime: s.startDateTime,
  expiration: { type: s.expiration.type, endDateTime: endDateTime === undefined ? s.expiration.endDateTime : endDateTime, duration: s.expiration.duration },
  recurrence: null,
});

/** Graph's request, with the assignment and package it concerns expanded to their ids and target. */
export const requestWire = (r: AssignmentRequest) => ({
  id: r.id,
  requestType: r.requestType,
  state: r.state,
  status: r.status,
  createdDateTime: r.createdDateTime,
  completedDateTime: r.completedDateTime,
  justification: r.justification,
  schedule: scheduleWire(r.schedule),
  answers: r.answers.map((a) => ({ '@odata.type': '#microsoft.graph.accessPackageAnswerString', value: a.value, displayValue: a.value, answeredQuestion: { id: a.questionId, text: a.displayValue } })),
  requestor: requestorWire(r.requestor),
  accessPackage: { id: r.accessPackageId },
  assignment: { id: r.assignmentId, target: subjectWire(r.target), assignmentPolicy: { id: r.assignmentPolicyId } },
  /** Gatehouse: why delivery failed or was partial, or why it was denied. */
  reason: r.reason,
  ...(r.proposedConnectedOrganizationId ? { proposedConnectedOrganization: { id: r.proposedConnectedOrganizationId } } : {}),
});

export const assignmentWire = (a: Assignment) => ({
  id: a.id,
  state: a.state,
  status: a.status,
  expiredDateTime: a.expiredDateTime,
  schedule: scheduleWire(a.schedule, a.endDateTime),
  target: subjectWire({ ...a.target, objectId: a.targetUserId }),
  accessPackage: { id: a.accessPackageId },
  assignmentPolicy: { id: a.assignmentPolicyId },
  catalog: { id: a.catalogId },
});
