/**
 * Requests, approvals and assignments as the domain sees them (Graph's
 * `accessPackageAssignmentRequest`, `approval`/`approvalStage`, `accessPackageAssignment`,
 * `accessPackageSubject`). Wire shapes live in `src/functions/entitlement/request-wire.ts`.
 *
 * Ownership of the work (one module each, all reading these shapes):
 * - `requests/*`: creating, cancelling, reprocessing and delivering requests;
 * - `approvals/*`: stages, approvers, decisions, escalation and automatic denial;
 * - `assignments/*`: expiry, the 14/1-day mails, removal and the guest lifecycle.
 */
import type { Expiration } from '../policy';

/** Graph `accessPackageRequestType` values Gatehouse accepts. */
export const REQUEST_TYPES = ['userAdd', 'userUpdate', 'userExtend', 'userRemove', 'adminAdd', 'adminUpdate', 'adminRemove', 'systemRemove'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** Requests that change an existing assignment (its schedule, its answers) rather than create or end one. */
export const isUpdateRequest = (type: RequestType): boolean => type === 'userExtend' || type === 'userUpdate' || type === 'adminUpdate';
/** The self-service types: made by the person the access is for. */
export const isSelfServiceRequest = (type: RequestType): boolean => type === 'userAdd' || type === 'userUpdate' || type === 'userExtend' || type === 'userRemove';

/** Graph `accessPackageRequestState`. */
export const REQUEST_STATES = ['submitted', 'pendingApproval', 'delivering', 'delivered', 'deliveryFailed', 'denied', 'scheduled', 'canceled', 'partiallyDelivered'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/**
 * Graph's `status`: the finer reason next to `state`. `TimedOut` is a denial because no approver
 * decided in time; `Expired` is set on a delivered request once its assignment has ended.
 */
export type RequestStatus =
  | 'Accepted'
  | 'PendingApproval'
  | 'PendingApprovalEscalated'
  | 'Delivering'
  | 'Delivered'
  | 'PartiallyDelivered'
  | 'DeliveryFailed'
  | 'Denied'
  | 'TimedOut'
  | 'Canceled'
  | 'Scheduled'
  | 'Expired';

/**
 * Graph `accessPackageSubject`: who a request is for. `objectId` is null for someone not (yet) in
 * the directory; delivery fills it with the guest it creates.
 */
export interface Subject {
  objectId: string | null;
  /** Lower-cased as given; always set for external requestors. */
  email: string | null;
  displayName: string | null;
  subjectType: 'user';
  /** The connected organization whose domain the email is in, if any (set at request time). */
  connectedOrganizationId: string | null;
}

/** Who submitted a request (audit and self-approval checks). */
export type Requestor =
  | { kind: 'user'; userId: string }
  | { kind: 'app'; appId: string }
  /** A My Access portal session: the verified address. */
  | { kind: 'external'; email: string }
  | { kind: 'system'; name: string };

export interface AssignmentSchedule {
  /** When the access starts (ISO 8601). */
  startDateTime: string;
  expiration: Expiration;
}

export interface Answer {
  questionId: string;
  /** Text answer, or the chosen `actualValue`(s) joined by `\n` for multiple choice. */
  value: string;
  /** The question's text when answered (shown to approvers even if the policy changes later). */
  displayValue: string;
}

export type StageStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Expired';
export type ReviewResult = 'NotReviewed' | 'Approve' | 'Deny';

/** One approval stage of one request (Graph `approvalStage`). */
export interface RequestStage {
  /** Stable: `nameBasedId('approvalStage', requestId, index)`. */
  id: string;
  index: number;
  status: StageStatus;
  reviewResult: ReviewResult;
  reviewedBy: { id: string; displayName: string | null } | null;
  reviewedDateTime: string | null;
  justification: string | null;
  /** When the stage became `InProgress`. */
  startedDateTime: string | null;
  /** Approver user ids resolved when the stage started (primary, else fallback). */
  approverIds: string[];
  /** Escalation approvers, added when the stage escalates. */
  escalationApproverIds: string[];
  escalatedDateTime: string | null;
}

/** Graph `accessPackageAssignmentRequest`, plus what Gatehouse needs to run it. */
export interface AssignmentRequest {
  id: string;
  requestType: RequestType;
  state: RequestState;
  status: RequestStatus;
  accessPackageId: string;
  catalogId: string;
  assignmentPolicyId: string;
  target: Subject;
  /** Copies of `target.objectId`/`target.email` ('' when null) as top-level columns, so storage can find a person's requests. */
  targetObjectId: string;
  targetEmail: string;
  requestor: Requestor;
  /** The assignment this request creates, extends or removes (set once known). */
  assignmentId: string | null;
  justification: string | null;
  answers: Answer[];
  schedule: AssignmentSchedule;
  stages: RequestStage[];
  createdDateTime: string;
  completedDateTime: string | null;
  /** Why delivery failed or was partial; why it was denied (the approver's justification). */
  reason: string | null;
  /** Resource role scopes not yet delivered (ids), retried by `reprocess`. */
  pendingRoleScopeIds: string[];
  /** Set when an `allExternalUsers` approval created a proposed connected organization. */
  proposedConnectedOrganizationId: string | null;
}

/** Graph `accessPackageAssignmentState`. */
export type AssignmentState = 'delivering' | 'partiallyDelivered' | 'delivered' | 'expired' | 'deliveryFailed';

/** Graph `accessPackageAssignment`. One per target user, package and policy. */
export interface Assignment {
  /** `nameBasedId('assignment', accessPackageId, assignmentPolicyId, targetUserId)`. */
  id: string;
  accessPackageId: string;
  catalogId: string;
  assignmentPolicyId: string;
  targetUserId: string;
  target: Subject;
  state: AssignmentState;
  status: string;
  schedule: AssignmentSchedule;
  /** When it ends (computed from `schedule` at delivery and on extension); null = never. */
  endDateTime: string | null;
  expiredDateTime: string | null;
  /** Expiry mails already sent for the current `endDateTime` (14 and/or 1). */
  expiryNotices: number[];
  /** True when delivery created the guest (the lifecycle applies only to those). */
  createdTarget: boolean;
  /**
   * Set when the lifecycle blocked the target because this was its last assignment to end, so a
   * new assignment unblocks only guests the lifecycle blocked, never one an administrator blocked.
   */
  targetBlockedAt?: string | null;
  createdDateTime: string;
  modifiedDateTime: string;
}

/** Rules of thumb every module shares. */
export const TERMINAL_REQUEST_STATES: readonly RequestState[] = ['delivered', 'denied', 'canceled', 'deliveryFailed'];
export const isOpenRequest = (r: AssignmentRequest): boolean => r.state === 'submitted' || r.state === 'pendingApproval' || r.state === 'scheduled';
