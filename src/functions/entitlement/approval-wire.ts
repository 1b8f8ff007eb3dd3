import { z } from 'zod';
import type { AssignmentRequest, RequestStage } from '../../domain/entitlement/requests/model';
import { JUSTIFICATION_MAX_LENGTH } from '../../domain/limits';

/** Graph `approval` / `approvalStage` shapes of a request's approval stages. */

export const approvalParams = z.object({ id: z.guid() });
export const stageParams = z.object({ id: z.guid(), stageId: z.guid() });

export const decisionBody = z.object({
  reviewResult: z.enum(['Approve', 'Deny']),
  justification: z.string().max(JUSTIFICATION_MAX_LENGTH).nullable().optional(),
});

// Graph reads back `Approved`/`Denied` for the `Approve`/`Deny` written, and calls a stage not yet reached `Initializing`.
const REVIEW_RESULT = { NotReviewed: 'NotReviewed', Approve: 'Approved', Deny: 'Denied' } as const;
const STATUS = { NotStarted: 'Initializing', InProgress: 'InProgress', Completed: 'Completed', Expired: 'Expired' } as const;

export function stageWire(stage: RequestStage, viewerId: string | null): Record<string, unknown> {
  return {
    id: stage.id,
    displayName: `Stage ${stage.index + 1}`,
    reviewedDateTime: stage.reviewedDateTime,
    reviewResult: REVIEW_RESULT[stage.reviewResult],
    status: STATUS[stage.status],
    assignedToMe: viewerId !== null && stage.status === 'InProgress' && [...stage.approverIds, ...stage.escalationApproverIds].includes(viewerId),
    justification: stage.justification,
    reviewedBy: stage.reviewedBy ? { id: stage.reviewedBy.id, displayName: stage.reviewedBy.displayName } : null,
  };
}

export function approvalWire(request: AssignmentRequest, viewerId: string | null): Record<string, unknown> {
  return { id: request.id, stages: request.stages.map((s) => stageWire(s, viewerId)) };
}
