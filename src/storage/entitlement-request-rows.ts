import { z } from 'zod';
import { REQUEST_STATES, REQUEST_TYPES, type Assignment, type AssignmentRequest, type RequestStage, type Subject } from '../domain/entitlement/requests/model';

/**
 * Schemas of the stored request-side documents (tables `AccessPackageAssignmentRequests` and
 * `AccessPackageAssignments`), checked on every read like `entitlement-rows.ts`.
 */

const text = z.string();
const nullableText = z.string().nullable();

const subject: z.ZodType<Subject> = z.object({
  objectId: nullableText,
  email: nullableText,
  displayName: nullableText,
  subjectType: z.literal('user'),
  connectedOrganizationId: nullableText,
});

const schedule = z.object({
  startDateTime: text,
  expiration: z.object({ type: z.enum(['noExpiration', 'afterDateTime', 'afterDuration']), endDateTime: nullableText, duration: nullableText }),
});

const stage: z.ZodType<RequestStage> = z.object({
  id: text,
  index: z.number().int().min(0),
  status: z.enum(['NotStarted', 'InProgress', 'Completed', 'Expired']),
  reviewResult: z.enum(['NotReviewed', 'Approve', 'Deny']),
  reviewedBy: z.object({ id: text, displayName: nullableText }).nullable(),
  reviewedDateTime: nullableText,
  justification: nullableText,
  startedDateTime: nullableText,
  approverIds: z.array(text),
  escalationApproverIds: z.array(text),
  escalatedDateTime: nullableText,
});

const requestor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: text }),
  z.object({ kind: z.literal('app'), appId: text }),
  z.object({ kind: z.literal('external'), email: text }),
  z.object({ kind: z.literal('system'), name: text }),
]);

export const requestDoc: z.ZodType<AssignmentRequest> = z.object({
  id: text,
  requestType: z.enum(REQUEST_TYPES),
  state: z.enum(REQUEST_STATES),
  status: z.enum([
    'Accepted', 'PendingApproval', 'PendingApprovalEscalated', 'Delivering', 'Delivered', 'PartiallyDelivered',
    'DeliveryFailed', 'Denied', 'TimedOut', 'Canceled', 'Scheduled', 'Expired',
  ]),
  accessPackageId: text,
  catalogId: text,
  assignmentPolicyId: text,
  target: subject,
  targetObjectId: text,
  targetEmail: text,
  requestor,
  assignmentId: nullableText,
  justification: nullableText,
  answers: z.array(z.object({ questionId: text, value: text, displayValue: text })),
  schedule,
  stages: z.array(stage),
  createdDateTime: text,
  completedDateTime: nullableText,
  reason: nullableText,
  pendingRoleScopeIds: z.array(text),
  proposedConnectedOrganizationId: nullableText,
});

export const assignmentDoc: z.ZodType<Assignment> = z.object({
  id: text,
  accessPackageId: text,
  catalogId: text,
  assignmentPolicyId: text,
  targetUserId: text,
  target: subject,
  state: z.enum(['delivering', 'partiallyDelivered', 'delivered', 'expired', 'deliveryFailed']),
  status: text,
  schedule,
  endDateTime: nullableText,
  expiredDateTime: nullableText,
  expiryNotices: z.array(z.number().int()),
  createdTarget: z.boolean(),
  targetBlockedAt: z.string().nullable().optional(),
  createdDateTime: text,
  modifiedDateTime: text,
});
