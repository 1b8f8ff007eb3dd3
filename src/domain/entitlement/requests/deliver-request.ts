import type { AuditInitiator } from '../../audit';
import { Failure, notFound } from '../../errors';
import { scheduleAssignment } from '../assignments/end-assignment';
import { nameBasedId } from '../ids';
import type { RoleScope } from '../model';
import { mailAccessGranted } from './delivery-mail';
import { extendAssignment } from './extend-assignment';
import type { Assignment, AssignmentRequest, RequestState } from './model';
import type { RequestDeps } from './ports';
import { ensureProposedOrganization } from './proposed-organization';
import { auditRequest } from './request-access';
import { endOf } from './schedule';
import { scheduleFollowUp } from './follow-up-hint';
import { reactivateTarget } from '../assignments/lifecycle';

/** States from which a request can (still, or again) be delivered. */
const DELIVERABLE: readonly RequestState[] = ['submitted', 'pendingApproval', 'scheduled', 'delivering', 'partiallyDelivered', 'deliveryFailed'];

/**
 * Delivers an approved (or approval-free) request: creates the guest for an external target,
 * grants every resource role of the package, records the assignment, mails the outcome;
 * `delivering` → `delivered`, `partiallyDelivered` or `deliveryFailed`. Safe to repeat (reprocess):
 * a delivered request is returned unchanged, a partial one retries its pending role scopes. A
 * request whose start is still ahead becomes `scheduled` with a `scheduledStart` due entry, and the
 * timer calls this again then. Denied and canceled requests are a conflict.
 */
export async function deliverRequest(deps: RequestDeps, requestId: string, by: AuditInitiator, correlationId: string): Promise<AssignmentRequest> {
  const stored = await deps.requests.get(requestId);
  if (!stored) throw notFound('accessPackageAssignmentRequest', requestId);
  const before = stored.value;
  if (before.state === 'delivered') return before;
  if (!DELIVERABLE.includes(before.state)) throw new Failure('conflict', `The request is ${before.state}; it cannot be delivered.`);

  const start = new Date(before.schedule.startDateTime);
  if (start.getTime() > deps.now().getTime()) {
    // The timer acts only on `scheduled` requests, so the state goes first; calling this again re-adds a lost entry.
    const scheduled: AssignmentRequest = { ...before, state: 'scheduled', status: 'Scheduled' };
    if (before.state !== 'scheduled') await deps.requests.replace(scheduled, stored.etag);
    await deps.schedule.schedule({ kind: 'scheduledStart', subjectId: before.id, dueAt: start });
    if (before.state !== 'scheduled') await auditRequest(deps, by, 'Schedule access package assignment request', scheduled, correlationId);
    return scheduled;
  }

  // A delivery cut off by a crash stays `delivering`; the follow-up entry (written first) retries it.
  await scheduleFollowUp(deps, before.id);
  let request: AssignmentRequest = { ...before, state: 'delivering', status: 'Delivering', reason: null };
  let etag = await deps.requests.replace(request, stored.etag);
  const finish = async (change: Partial<AssignmentRequest>, failure?: string): Promise<AssignmentRequest> => {
    request = { ...request, ...change };
    await deps.requests.replace(request, etag);
    await auditRequest(deps, by, 'Deliver access package assignment', request, correlationId, failure);
    return request;
  };
  const failed = (reason: string) => finish({ state: 'deliveryFailed', status: 'DeliveryFailed', reason, completedDateTime: deps.now().toISOString() }, reason);

  // A package deleted while the request waited (it had no assignment yet to hold it) cannot be delivered.
  if (!(await deps.packages.get(request.accessPackageId))) return failed('The access package no longer exists.');
  if (request.requestType === 'userExtend') {
    const outcome = await extendAssignment(deps, request);
    if (!outcome.ok) return failed(outcome.reason);
    // As below: the due entries and the mail before the last write, so a retry can still make them.
    await scheduleAssignment(deps, outcome.assignment);
    await mailAccessGranted(deps, request, outcome.assignment, undefined);
    return finish({ state: 'delivered', status: 'Delivered', completedDateTime: deps.now().toISOString() });
  }

  let guest: { userId: string; redeemUrl: string; created: boolean } | undefined;
  if (!request.target.objectId) {
    if (!request.target.email) return failed('The request has neither a target user nor an address.');
    try {
      guest = await deps.grants.ensureGuest({ email: request.target.email, displayName: request.target.displayName }, by, correlationId, `delivery|${request.id}`);
    } catch (error) {
      return failed(`The guest user could not be created: ${messageOf(error)}`);
    }
    const assignmentId = nameBasedId('assignment', request.accessPackageId, request.assignmentPolicyId, guest.userId);
    // Recorded at once: a retry must find the guest it created rather than lose track of it.
    request = { ...request, target: { ...request.target, objectId: guest.userId }, targetObjectId: guest.userId, assignmentId };
    etag = await deps.requests.replace(request, etag);
  }
  const userId = request.target.objectId as string;
  // Before the assignment is rewritten: its mark says whether the lifecycle (not an administrator) blocked the target.
  await reactivateTarget(deps, userId, by, correlationId);
  let { assignment, etag: assignmentEtag } = await openAssignment(deps, request, userId, before.state === 'scheduled', guest?.created ?? false);

  const scopes = await deps.roleScopes.find({ accessPackageId: request.accessPackageId });
  const wanted = request.pendingRoleScopeIds.length > 0 ? scopes.filter((s) => request.pendingRoleScopeIds.includes(s.id)) : scopes;
  const failures = await grantAll(deps, userId, wanted, by, correlationId);
  const someDelivered = failures.length < wanted.length || wanted.length === 0 || before.state === 'partiallyDelivered';
  const state = failures.length === 0 ? 'delivered' : someDelivered ? 'partiallyDelivered' : 'deliveryFailed';
  const status = state === 'delivered' ? 'Delivered' : state === 'partiallyDelivered' ? 'PartiallyDelivered' : 'DeliveryFailed';
  assignment = { ...assignment, state, status, modifiedDateTime: deps.now().toISOString() };
  await deps.packageAssignments.replace(assignment, assignmentEtag);

  const reason = failures.length === 0 ? null : `${failures.length} of ${wanted.length} resource roles could not be granted: ${failures.map((f) => `${f.scope.roleOriginId} (${f.message})`).join('; ')}`;
  const proposed = state !== 'deliveryFailed' && !request.proposedConnectedOrganizationId ? await ensureProposedOrganization(deps, request, by, correlationId) : null;
  // The assignment's due entries and the access mail go before the request's last write: if this
  // instance stops in between, the request is still `delivering` and the follow-up entry repeats
  // the delivery, whose steps are idempotent; the other way round they could be lost.
  if (state !== 'deliveryFailed') await scheduleAssignment(deps, assignment);
  if (state === 'delivered') {
    // A guest this request created needs its redemption link, also when a retry (reprocess) completes the delivery.
    const retried = before.state === 'delivering' || before.state === 'partiallyDelivered' || before.state === 'deliveryFailed';
    const createdEarlier = retried && assignment.createdTarget && assignment.createdDateTime >= request.createdDateTime && request.target.email;
    const link = guest ?? (createdEarlier ? await deps.grants.ensureGuest({ email: request.target.email as string, displayName: request.target.displayName }, by, correlationId, `delivery|${request.id}`) : undefined);
    await mailAccessGranted(deps, request, assignment, guest?.created || createdEarlier ? link?.redeemUrl : undefined);
  }
  const done = await finish(
    {
      state,
      status,
      reason,
      pendingRoleScopeIds: failures.map((f) => f.scope.id),
      completedDateTime: state === 'partiallyDelivered' ? null : deps.now().toISOString(),
      ...(proposed ? { proposedConnectedOrganizationId: proposed } : {}),
    },
    reason ?? undefined,
  );
  return done;
}

/**
 * The assignment the delivery writes: the one an earlier attempt of this delivery left (kept as is,
 * so a retry does not move the end date), else a new one starting now (or at the scheduled start).
 */
async function openAssignment(
  deps: RequestDeps,
  request: AssignmentRequest,
  userId: string,
  wasScheduled: boolean,
  createdGuest: boolean,
): Promise<{ assignment: Assignment; etag: string }> {
  const id = nameBasedId('assignment', request.accessPackageId, request.assignmentPolicyId, userId);
  const existing = await deps.packageAssignments.get(id);
  if (existing && existing.value.state !== 'expired') return { assignment: existing.value, etag: existing.etag };
  const now = deps.now();
  const startAt = wasScheduled ? new Date(request.schedule.startDateTime) : now;
  const assignment: Assignment = {
    id,
    accessPackageId: request.accessPackageId,
    catalogId: request.catalogId,
    assignmentPolicyId: request.assignmentPolicyId,
    targetUserId: userId,
    target: { ...request.target, objectId: userId },
    state: 'delivering',
    status: 'Delivering',
    schedule: { startDateTime: startAt.toISOString(), expiration: request.schedule.expiration },
    endDateTime: endOf(startAt, request.schedule.expiration)?.toISOString() ?? null,
    expiredDateTime: null,
    expiryNotices: [],
    // A guest brought in by an earlier assignment of this package stays under the lifecycle.
    createdTarget: createdGuest || (existing?.value.createdTarget ?? false),
    createdDateTime: now.toISOString(),
    modifiedDateTime: now.toISOString(),
  };
  if (existing) return { assignment, etag: await deps.packageAssignments.replace(assignment, existing.etag) };
  await deps.packageAssignments.insert(assignment, 'The assignment is being delivered by another request.');
  const written = await deps.packageAssignments.get(id);
  if (!written) throw new Error(`Assignment ${id} vanished while being delivered`);
  return { assignment: written.value, etag: written.etag };
}

async function grantAll(deps: RequestDeps, userId: string, scopes: RoleScope[], by: AuditInitiator, correlationId: string): Promise<{ scope: RoleScope; message: string }[]> {
  const failures: { scope: RoleScope; message: string }[] = [];
  for (const scope of scopes) {
    try {
      await deps.grants.grant(userId, scope, by, correlationId);
    } catch (error) {
      failures.push({ scope, message: messageOf(error) });
    }
  }
  return failures;
}

/** Expected failures explain themselves; anything else is not shown (it may carry internals). */
const messageOf = (error: unknown): string => (error instanceof Failure ? error.message : 'unexpected error');
