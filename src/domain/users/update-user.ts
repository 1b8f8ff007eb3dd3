import type { AuditInitiator, AuditTarget } from '../audit';
import { Failure, notFound } from '../errors';
import { finishChange, pendingChange } from './consequences';
import type { StoredUser, UserDeps } from './ports';
import { PROFILE_KEYS, type User, type UserProfile } from './user';
import { validateUser } from './validate-user';
import { withoutNulls } from './create-user';

export interface UpdateUserInput {
  id: string;
  changes: Partial<UserProfile>;
  /** Kept-as-given properties to set (null clears one); see `User.extras`. */
  extras?: Readonly<Record<string, unknown>> | undefined;
  initiatedBy: AuditInitiator;
  correlationId?: string | undefined;
}

type Modified = NonNullable<AuditTarget['modifiedProperties']>;

function show(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function diff(before: User, after: User): Modified {
  const profile = PROFILE_KEYS.filter((k) => show(before[k]) !== show(after[k])).map((k) => ({
    displayName: k,
    oldValue: show(before[k]),
    newValue: show(after[k]),
  }));
  const [was, now] = [before.extras ?? {}, after.extras ?? {}];
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort();
  const extras = keys.filter((k) => show(was[k]) !== show(now[k])).map((k) => ({ displayName: k, oldValue: show(was[k]), newValue: show(now[k]) }));
  return [...profile, ...extras];
}

/** A live user or `notFound`. */
export async function requireLiveUser(deps: Pick<UserDeps, 'users'>, id: string): Promise<StoredUser> {
  const stored = await deps.users.get(id);
  if (!stored || stored.user.deletedAt) throw notFound('user', id);
  return stored;
}

/** Writes a changed user with its audit entry (old and new values) and tells the observers. */
export async function commitUserChange(
  deps: UserDeps,
  stored: StoredUser,
  after: User,
  audit: { activity: string; initiatedBy: AuditInitiator; correlationId?: string | undefined; modified?: Modified },
): Promise<User> {
  const now = deps.now();
  const modified = audit.modified ?? diff(stored.user, after);
  const written = await deps.users.update(stored, after, pendingChange('updated', stored.user), now);
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName: audit.activity,
    category: 'UserManagement',
    activityAt: now,
    initiatedBy: audit.initiatedBy,
    targetResources: [{ id: after.id, type: 'User', displayName: after.displayName ?? undefined, userPrincipalName: after.userPrincipalName, modifiedProperties: modified }],
    result: 'success',
    correlationId: audit.correlationId,
  });
  await finishChange(deps, written);
  return written.user;
}

/**
 * PATCH /users/{id}: applies any profile property; `userType` changes keep the external state as
 * it was (Entra does too). A concurrent change makes this a `preconditionFailed`, never a lost update.
 */
export async function updateUser(deps: UserDeps, input: UpdateUserInput): Promise<User> {
  const stored = await requireLiveUser(deps, input.id);
  const defined = Object.fromEntries(Object.entries(input.changes).filter(([, v]) => v !== undefined)) as Partial<UserProfile>;
  const after: User = { ...stored.user, ...defined, extras: withoutNulls({ ...stored.user.extras, ...input.extras }) };
  validateUser(after, await deps.verifiedDomains());
  const modified = diff(stored.user, after);
  if (modified.length === 0) return stored.user;
  return commitUserChange(deps, stored, after, { activity: 'Update user', initiatedBy: input.initiatedBy, correlationId: input.correlationId, modified });
}

/** PUT /users/{id}/manager/$ref: the manager must be another live user, and no cycle may form. */
export async function setManager(deps: UserDeps, input: { id: string; managerId: string; initiatedBy: AuditInitiator; correlationId?: string | undefined }): Promise<void> {
  const stored = await requireLiveUser(deps, input.id);
  if (input.managerId.toLowerCase() === input.id.toLowerCase()) {
    throw new Failure('invalidRequest', 'A user cannot be their own manager.', { details: [{ target: '@odata.id', message: 'is the user itself' }] });
  }
  let cursor: string | null = input.managerId;
  for (let depth = 0; cursor && depth < 100; depth++) {
    const next = await deps.users.get(cursor);
    if (!next || next.user.deletedAt) {
      if (depth === 0) throw notFound('manager', input.managerId);
      break;
    }
    if (next.user.managerId?.toLowerCase() === input.id.toLowerCase()) {
      throw new Failure('invalidRequest', 'The manager chain would become a cycle.', { details: [{ target: '@odata.id', message: 'reports to this user' }] });
    }
    cursor = next.user.managerId;
  }
  if (stored.user.managerId === input.managerId) return;
  await commitUserChange(deps, stored, { ...stored.user, managerId: input.managerId }, {
    activity: 'Set manager',
    initiatedBy: input.initiatedBy,
    correlationId: input.correlationId,
    modified: [{ displayName: 'manager', oldValue: show(stored.user.managerId), newValue: show(input.managerId) }],
  });
}
