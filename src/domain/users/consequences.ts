import type { DirectoryUser } from '../directory/ports';
import type { PendingChange, StoredUser, UserDeps } from './ports';
import { toDirectoryUser } from './user';

/**
 * Runs what a committed change implies for the other modules: lifecycle ports on delete/restore,
 * then every observer, then clears the row's pending marker. Each step is idempotent, so the repair
 * sweep may run it again after a crash.
 */
export async function runConsequences(deps: Pick<UserDeps, 'users' | 'observers' | 'lifecycles'>, stored: StoredUser): Promise<void> {
  const pending = stored.pending;
  if (!pending) return;
  const id = stored.user.id;
  if (pending.kind === 'deleted') for (const l of deps.lifecycles) await l.principalDeleted(id);
  if (pending.kind === 'restored') for (const l of deps.lifecycles) await l.principalRestored(id);
  const after: DirectoryUser | undefined = stored.user.deletedAt ? undefined : toDirectoryUser(stored.user);
  for (const o of deps.observers) await o.userChanged({ before: pending.before, after });
  await deps.users.clearPending(stored);
}

/**
 * Runs the consequences of a committed change without failing the request that made it: the
 * change has landed, so a failing observer is reported and left to the repair sweep (the row keeps
 * its pending marker).
 */
export async function finishChange(deps: Pick<UserDeps, 'users' | 'observers' | 'lifecycles' | 'onDeferred'>, stored: StoredUser): Promise<void> {
  try {
    await runConsequences(deps, stored);
  } catch (error) {
    deps.onDeferred?.(error);
  }
}

/** The pending marker for a change from `before` (undefined: the user did not exist or was deleted). */
export function pendingChange(kind: PendingChange['kind'], before: StoredUser['user'] | undefined): PendingChange {
  return { kind, before: before && !before.deletedAt ? toDirectoryUser(before) : undefined };
}

/**
 * Finishes changes a crash left half-done: rows whose pending marker is older than `graceMs` (so
 * requests still in flight are left alone). Returns how many were repaired.
 */
export async function repairPendingChanges(deps: Pick<UserDeps, 'users' | 'observers' | 'lifecycles' | 'now' | 'onDeferred'>, graceMs = 5 * 60_000): Promise<number> {
  const stale = await deps.users.listPending(new Date(deps.now().getTime() - graceMs));
  let repaired = 0;
  for (const stored of stale) {
    try {
      await runConsequences(deps, stored);
      repaired++;
    } catch (error) {
      // One user whose observers still fail must not hold up the others.
      deps.onDeferred?.(error);
    }
  }
  return repaired;
}
