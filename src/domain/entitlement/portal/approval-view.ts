import { stageDeadlines } from '../approvals/stages';
import { domainOf } from '../requests/applicable-policies';
import type { AssignmentRequest, RequestStage } from '../requests/model';
import type { RequestDeps } from '../requests/ports';

/**
 * What an approver needs to decide, as Microsoft's approval page shows it: who asks (name, address,
 * organization: the connected organization, else the address's domain), when, under which policy,
 * and how many days are left before the request is denied automatically.
 */
export interface ApprovalDetails {
  name: string | null;
  email: string | null;
  organization: string | null;
  requestedDateTime: string;
  policyName: string | null;
  /** Whole days until automatic denial (0 on the last day); null when the stage never times out. */
  daysLeft: number | null;
}

const DAY_MS = 86_400_000;

export async function approvalDetails(deps: RequestDeps, request: AssignmentRequest, stage: RequestStage): Promise<ApprovalDetails> {
  const user = request.target.objectId ? await deps.people.user(request.target.objectId) : undefined;
  const email = request.target.email ?? user?.mail?.toLowerCase() ?? (request.requestor.kind === 'external' ? request.requestor.email : null);
  const name = request.target.displayName ?? user?.displayName ?? null;
  const connected = request.target.connectedOrganizationId ? (await deps.organizations.get(request.target.connectedOrganizationId))?.value : undefined;
  const organization = connected?.displayName ?? (email ? domainOf(email) : null);
  const policy = (await deps.policies.get(request.assignmentPolicyId))?.value;
  const settings = policy?.requestApprovalSettings.stages[stage.index];
  const timeoutAt = settings && stage.startedDateTime ? stageDeadlines(settings, new Date(stage.startedDateTime)).timeoutAt : null;
  const daysLeft = timeoutAt ? Math.max(0, Math.floor((timeoutAt.getTime() - deps.now().getTime()) / DAY_MS)) : null;
  return { name, email, organization, requestedDateTime: request.createdDateTime, policyName: policy?.displayName ?? null, daysLeft };
}
