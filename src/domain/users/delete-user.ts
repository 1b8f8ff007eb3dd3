import type { AuditInitiator } from '../audit';
import { notFound } from '../errors';
import { finishChange, pendingChange, runConsequences } from './consequences';
import type { UserDeps } from './ports';
import { toDirectoryUser, type User } from './user';
import { requireLiveUser } from './update-user';

/** How long a deleted user can be restored (Entra: 30 days). */
export const RESTORE_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

interface Who {
  initiatedBy: AuditInitiator;
  correlationId?: string | undefined;
}

async function audit(deps: UserDeps, activity: string, user: User, who: Who): Promise<void> {
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName: activity,
    category: 'UserManagement',
    activityAt: deps.now(),
    initiatedBy: who.initiatedBy,
    targetResources: [{ id: user.id, type: 'User', displayName: user.displayName ?? undefined, userPrincipalName: user.userPrincipalName }],
    result: 'success',
    correlationId: who.correlationId,
  });
}

/**
 * DELETE /users/{id}: a soft delete. The row keeps the user (and its addresses stay reserved) so it
 * can be restored; the lifecycle ports hide its memberships and assignments.
 */
export async function deleteUser(deps: UserDeps, input: { id: string } & Who): Promise<void> {
  const stored = await requireLiveUser(deps, input.id);
  const after: User = { ...stored.user, deletedAt: deps.now() };
  const written = await deps.users.update(stored, after, pendingChange('deleted', stored.user), deps.now());
  await audit(deps, 'Delete user', after, input);
  await finishChange(deps, written);
}

/** POST /directory/deletedItems/{id}/restore: brings the user and what `deleteUser` hid back. */
export async function restoreUser(deps: UserDeps, input: { id: string } & Who): Promise<User> {
  const stored = await deps.users.get(input.id);
  if (!stored || !stored.user.deletedAt) throw notFound('deletedItem', input.id);
  const after: User = { ...stored.user, deletedAt: null };
  const written = await deps.users.update(stored, after, { kind: 'restored', before: undefined }, deps.now());
  await audit(deps, 'Restore user', after, input);
  await finishChange(deps, written);
  return written.user;
}

/** Soft-deleted user by id (GET /directory/deletedItems/{id}). */
export async function getDeletedUser(deps: Pick<UserDeps, 'users'>, id: string): Promise<User> {
  const stored = await deps.users.get(id);
  if (!stored || !stored.user.deletedAt) throw notFound('deletedItem', id);
  return stored.user;
}

/**
 * Removes users deleted more than 30 days ago, for good: lifecycle ports first (so a crash leaves
 * the row to be purged again next time), then the row and its address reservations. Returns the
 * purged ids. Also finishes changes a crash left half-done.
 */
export async function purgeDeletedUsers(deps: UserDeps, input: { initiatedBy: AuditInitiator; limit?: number }): Promise<string[]> {
  const cutoff = new Date(deps.now().getTime() - RESTORE_WINDOW_DAYS * DAY_MS);
  const due = await deps.users.listDeletedBefore(cutoff, input.limit ?? 500);
  const purged: string[] = [];
  for (const stored of due) if (await purgeOne(deps, stored, input)) purged.push(stored.user.id);
  return purged;
}

async function purgeOne(deps: UserDeps, stored: NonNullable<Awaited<ReturnType<UserDeps['users']['get']>>>, who: Who): Promise<boolean> {
  if (stored.pending) await runConsequences(deps, stored);
  for (const l of deps.lifecycles) await l.principalPurged(stored.user.id);
  for (const o of deps.observers) await o.userChanged({ before: toDirectoryUser(stored.user), after: undefined });
  const fresh = await deps.users.get(stored.user.id);
  if (!fresh || !fresh.user.deletedAt) return false;
  await deps.users.purge(fresh);
  await audit(deps, 'Hard delete user', stored.user, who);
  return true;
}

/** DELETE /directory/deletedItems/{id} for a user: removed for good before its 30 days are up. */
export async function purgeDeletedUser(deps: UserDeps, input: { id: string } & Who): Promise<void> {
  const stored = await deps.users.get(input.id);
  if (!stored || !stored.user.deletedAt || !(await purgeOne(deps, stored, input))) throw notFound('deletedItem', input.id);
}
