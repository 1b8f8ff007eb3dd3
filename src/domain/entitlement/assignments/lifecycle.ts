import type { AuditInitiator } from '../../audit';
import { addDuration, parseDuration } from '../duration';
import type { Assignment } from '../requests/model';
import type { DueEntry, RequestDeps } from '../requests/ports';
import { readEntitlementSettings } from '../settings';
import { TIMER } from '../approvals/stages';

/**
 * The lifecycle of external users entitlement management brought in (`settings`): once their
 * last assignment ends they are blocked and, with `blockSignInAndDelete`, deleted after
 * `durationUntilExternalUserDeletedAfterBlocked`. A new assignment in the meantime cancels the
 * deletion and, through {@link reactivateTarget}, unblocks them.
 */

const isLive = (a: Assignment): boolean => a.state !== 'expired';

/** A guest that one of its assignments created (the lifecycle applies to those only). */
const broughtIn = (all: readonly Assignment[]): boolean => all.some((a) => a.createdTarget);

/** When the user's last assignment ended: the moment the lifecycle blocked them. */
function lastEnded(all: readonly Assignment[]): Date | undefined {
  const times = all.map((a) => (a.expiredDateTime ? Date.parse(a.expiredDateTime) : NaN)).filter((t) => !Number.isNaN(t));
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}

async function audit(deps: RequestDeps, by: AuditInitiator, activity: string, userId: string, correlationId: string): Promise<void> {
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName: activity,
    category: 'EntitlementManagement',
    activityAt: deps.now(),
    initiatedBy: by,
    targetResources: [{ id: userId, type: 'User' }],
    result: 'success',
    correlationId,
  });
}

/** After an assignment ended: blocks (and schedules the deletion of) a brought-in guest left without any assignment. */
export async function applyGuestLifecycle(deps: RequestDeps, userId: string, by: AuditInitiator, correlationId: string): Promise<void> {
  const all = await deps.packageAssignments.find({ targetUserId: userId });
  if (all.some(isLive) || !broughtIn(all)) return;
  const user = await deps.people.user(userId);
  if (!user || user.userType !== 'Guest') return;
  const settings = await readEntitlementSettings(deps);
  if (settings.externalUserLifecycleAction === 'none') return;
  if (user.accountEnabled) {
    // The mark goes first: a crash between leaves a mark on an enabled user, which reactivation ignores.
    await markBlocked(deps, all);
    await deps.grants.setAccountEnabled(userId, false, by, correlationId);
    await audit(deps, by, 'Block external user without access package assignments', userId, correlationId);
  }
  const duration = parseDuration(settings.durationUntilExternalUserDeletedAfterBlocked);
  const blockedAt = lastEnded(all) ?? deps.now();
  if (settings.externalUserLifecycleAction === 'blockSignInAndDelete' && duration) {
    await deps.schedule.schedule({ kind: 'guestDeletion', subjectId: userId, dueAt: addDuration(blockedAt, duration) });
  }
}

/**
 * The `guestDeletion` entry: deletes the guest only if it is still blocked, still without any
 * assignment, the settings still say delete, and the configured time since its last assignment
 * ended has passed (the entry may be left from an earlier block).
 */
export async function deleteUnassignedGuest(deps: RequestDeps, entry: DueEntry, now: Date, correlationId: string): Promise<void> {
  const userId = entry.subjectId;
  const user = await deps.people.user(userId);
  if (!user || user.accountEnabled || user.userType !== 'Guest') return;
  const all = await deps.packageAssignments.find({ targetUserId: userId });
  if (all.some(isLive) || !broughtIn(all)) return;
  const settings = await readEntitlementSettings(deps);
  const duration = parseDuration(settings.durationUntilExternalUserDeletedAfterBlocked);
  if (settings.externalUserLifecycleAction !== 'blockSignInAndDelete' || !duration) return;
  const ended = lastEnded(all);
  if (ended && addDuration(ended, duration) > now) return;
  await deps.grants.deleteUser(userId, TIMER, correlationId);
  await audit(deps, TIMER, 'Delete external user without access package assignments', userId, correlationId);
}

/** Records on the user's most recently ended assignment that the lifecycle blocked them. */
async function markBlocked(deps: RequestDeps, all: readonly Assignment[]): Promise<void> {
  const last = [...all].filter((a) => a.expiredDateTime).sort((a, b) => Date.parse(b.expiredDateTime!) - Date.parse(a.expiredDateTime!))[0];
  const stored = last && (await deps.packageAssignments.get(last.id));
  if (stored) await deps.packageAssignments.replace({ ...stored.value, targetBlockedAt: deps.now().toISOString() }, stored.etag);
}

/** Removes the lifecycle's block marks (the block was lifted, by reactivation or by an administrator). */
async function clearBlockMarks(deps: RequestDeps, all: readonly Assignment[]): Promise<void> {
  for (const marked of all.filter((a) => a.targetBlockedAt)) {
    const stored = await deps.packageAssignments.get(marked.id);
    if (stored?.value.targetBlockedAt) await deps.packageAssignments.replace({ ...stored.value, targetBlockedAt: null }, stored.etag);
  }
}

/**
 * Unblocks a guest the lifecycle blocked, when it receives access again: delivery calls it for its
 * target before it rewrites any assignment. Only a block the lifecycle recorded
 * (`targetBlockedAt`) is lifted: a guest an administrator blocked stays blocked, and a user an
 * administrator already re-enabled just loses the stale marks.
 */
export async function reactivateTarget(deps: RequestDeps, userId: string, by: AuditInitiator, correlationId: string): Promise<void> {
  const user = await deps.people.user(userId);
  if (!user || user.userType !== 'Guest') return;
  const all = await deps.packageAssignments.find({ targetUserId: userId });
  if (!all.some((a) => a.targetBlockedAt)) return;
  if (!user.accountEnabled) {
    await deps.grants.setAccountEnabled(userId, true, by, correlationId);
    await audit(deps, by, 'Unblock external user given an access package assignment', userId, correlationId);
  }
  await clearBlockMarks(deps, all);
}
