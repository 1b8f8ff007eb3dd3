import type { EntitlementCaller } from '../catalog-roles';
import type { Expiration } from '../policy';
import type { RequestType, Requestor } from './model';

/** A new assignment request, from the API (`POST …/assignmentRequests`) or the My Access portal. */
export interface SubmitRequestInput {
  requestType: RequestType;
  requestor: Requestor;
  /** The API caller, whose catalog roles decide admin requests; null from the portal. */
  caller: EntitlementCaller | null;
  accessPackageId: string;
  /** Required for userAdd/adminAdd/userExtend; removals name the assignment instead. */
  assignmentPolicyId: string | null;
  /** Who the access is for: a directory user (`objectId`) or an address (`email`). */
  target: { objectId: string | null; email: string | null; displayName: string | null };
  /** userExtend/userRemove/adminRemove: the assignment concerned. */
  assignmentId: string | null;
  justification: string | null;
  answers: { questionId: string; value: string }[];
  /** A custom schedule, only where the policy allows it (null: the policy's). */
  schedule: { startDateTime: string | null; expiration: Expiration | null } | null;
  correlationId: string;
}
