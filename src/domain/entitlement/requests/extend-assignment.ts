import { Failure } from '../../errors';
import type { Assignment, AssignmentRequest } from './model';
import type { RequestDeps } from './ports';
import { endOf } from './schedule';

/**
 * Delivers a `userExtend` request: the assignment's end moves to the request's expiration counted
 * from now (never earlier than it already was), and its expiry notices start over.
 */
export async function extendAssignment(deps: RequestDeps, request: AssignmentRequest): Promise<{ ok: true; assignment: Assignment } | { ok: false; reason: string }> {
  const stored = request.assignmentId ? await deps.packageAssignments.get(request.assignmentId) : undefined;
  if (!stored || stored.value.state === 'expired') return { ok: false, reason: 'The assignment ended before the extension could be delivered.' };
  const current = stored.value;
  const now = deps.now();
  const proposed = endOf(now, request.schedule.expiration);
  const end = current.endDateTime === null || proposed === null ? null : new Date(Math.max(proposed.getTime(), Date.parse(current.endDateTime)));
  const extended: Assignment = {
    ...current,
    schedule: { startDateTime: current.schedule.startDateTime, expiration: request.schedule.expiration },
    endDateTime: end?.toISOString() ?? null,
    expiryNotices: [],
    modifiedDateTime: now.toISOString(),
  };
  try {
    await deps.packageAssignments.replace(extended, stored.etag);
  } catch (error) {
    if (error instanceof Failure && error.code === 'preconditionFailed') return { ok: false, reason: 'The assignment changed while it was being extended; reprocess the request.' };
    throw error;
  }
  return { ok: true, assignment: extended };
}
