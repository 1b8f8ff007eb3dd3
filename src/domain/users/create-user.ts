import type { AuditEntry, AuditInitiator } from '../audit';
import { Failure } from '../errors';
import { finishChange, pendingChange, runConsequences } from './consequences';
import type { UserDeps } from './ports';
import { storedIdentities, type ExternalUserState, type User, type UserProfile, type UserType } from './user';
import { validateUser } from './validate-user';

/** What creating a user takes: the required Graph properties plus any profile property. */
export interface CreateUserInput {
  /** A caller-chosen id makes the call idempotent (an invitation retried after a crash). */
  id?: string | undefined;
  profile: Partial<UserProfile> & Pick<UserProfile, 'displayName' | 'userPrincipalName' | 'accountEnabled'>;
  userType: UserType;
  /** `Invitation` for guests brought in by B2B; null for members created by an administrator. */
  creationType: string | null;
  externalUserState: ExternalUserState | null;
  /** Kept-as-given Graph properties (see `User.extras`). */
  extras?: Readonly<Record<string, unknown>> | undefined;
  initiatedBy: AuditInitiator;
  correlationId?: string | undefined;
}

/** Extras without the keys set to null (null clears a property; absent and null read the same). */
export function withoutNulls(extras: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(extras).filter(([, v]) => v !== null && v !== undefined));
}

function buildUser(input: CreateUserInput, id: string, now: Date): User {
  const p = input.profile;
  return {
    id,
    userPrincipalName: p.userPrincipalName,
    displayName: p.displayName,
    mailNickname: p.mailNickname ?? null,
    accountEnabled: p.accountEnabled,
    userType: input.userType,
    givenName: p.givenName ?? null,
    surname: p.surname ?? null,
    jobTitle: p.jobTitle ?? null,
    department: p.department ?? null,
    companyName: p.companyName ?? null,
    employeeId: p.employeeId ?? null,
    streetAddress: p.streetAddress ?? null,
    city: p.city ?? null,
    state: p.state ?? null,
    postalCode: p.postalCode ?? null,
    country: p.country ?? null,
    businessPhones: p.businessPhones ?? [],
    mobilePhone: p.mobilePhone ?? null,
    otherMails: p.otherMails ?? [],
    ageGroup: p.ageGroup ?? null,
    consentProvidedForMinor: p.consentProvidedForMinor ?? null,
    usageLocation: p.usageLocation ?? null,
    preferredLanguage: p.preferredLanguage ?? null,
    mail: p.mail ?? null,
    identities: storedIdentities(p.identities ?? [], p.userPrincipalName),
    creationType: input.creationType,
    externalUserState: input.externalUserState,
    externalUserStateChangeAt: input.externalUserState ? now : null,
    managerId: null,
    createdAt: now,
    deletedAt: null,
    extras: withoutNulls(input.extras ?? {}),
  };
}

/**
 * Creates a member (POST /users) or, called by the invitation use case, a guest. Every address
 * (UPN, mail, otherMails) must be free in the whole directory, compared case-insensitively; the
 * loser of a race gets `conflict`. Audited as `Add user`; observers are told after the write.
 * With a caller-chosen `id`, repeating the call after a crash returns the user already written.
 */
export async function createUser(deps: UserDeps, input: CreateUserInput): Promise<User> {
  const now = deps.now();
  const id = (input.id ?? deps.newId()).toLowerCase();
  if (input.id) {
    const existing = await deps.users.get(id);
    if (existing) {
      if (existing.user.userPrincipalName.toLowerCase() !== input.profile.userPrincipalName.toLowerCase()) {
        throw new Failure('conflict', `Another object with the same value for property id already exists.`);
      }
      await finishChange(deps, existing);
      return existing.user;
    }
  }
  const user = buildUser(input, id, now);
  validateUser(user, await deps.verifiedDomains());
  const stored = await deps.users.create(user, pendingChange('created', undefined), now);
  await deps.audit.append(addUserEntry(deps, input, user, now));
  await finishChange(deps, stored);
  return stored.user;
}

function addUserEntry(deps: Pick<UserDeps, 'newId'>, input: CreateUserInput, user: User, now: Date): AuditEntry {
  return {
    id: deps.newId(),
    activityDisplayName: 'Add user',
    category: 'UserManagement',
    activityAt: now,
    initiatedBy: input.initiatedBy,
    targetResources: [{ id: user.id, type: 'User', displayName: user.displayName ?? undefined, userPrincipalName: user.userPrincipalName }],
    result: 'success',
    correlationId: input.correlationId,
  };
}

/** A user written by `createUserLeavingConsequences`, with what is left to do after the write. */
export interface CreatedUserLeftPending {
  user: User;
  /** The `Add user` entry to append; null when the row was there already (written by an earlier attempt). */
  audit: AuditEntry | null;
  /** True when the row still holds its pending marker: `finishPendingChange` runs the observers and clears it. */
  pending: boolean;
}

/**
 * Creates a user as `createUser` does but leaves its audit entry and consequences (observers, the
 * list index, clearing the pending marker) to the caller, who records them to be done after its own
 * commit: the invitation of a guest with a mail hands them to its mail's sender. Whatever does not
 * get done is still finished: the pending marker stays until `repairPendingChanges` runs them.
 * With a caller-chosen id the existence check is the insert itself: when the row is there already
 * (a retry after a crash), it is read and returned instead of read before every creation.
 */
export async function createUserLeavingConsequences(deps: UserDeps, input: CreateUserInput): Promise<CreatedUserLeftPending> {
  const now = deps.now();
  const id = (input.id ?? deps.newId()).toLowerCase();
  const user = buildUser(input, id, now);
  validateUser(user, await deps.verifiedDomains());
  try {
    await deps.users.create(user, pendingChange('created', undefined), now);
    // Listed at once (GET /users finds the new guest right away); the other consequences wait.
    await deps.users.listNew?.(user);
    return { user, audit: addUserEntry(deps, input, user, now), pending: true };
  } catch (error) {
    if (!(input.id && error instanceof Failure && error.code === 'conflict')) throw error;
    const existing = await deps.users.get(id);
    if (!existing) throw error;
    if (existing.user.userPrincipalName.toLowerCase() !== input.profile.userPrincipalName.toLowerCase()) {
      throw new Failure('conflict', `Another object with the same value for property id already exists.`);
    }
    return { user: existing.user, audit: null, pending: Boolean(existing.pending) };
  }
}

/** Runs the consequences of a change left pending (`createUserLeavingConsequences`); idempotent, and a no-op once done. */
export async function finishPendingChange(deps: Pick<UserDeps, 'users' | 'observers' | 'lifecycles'>, id: string): Promise<void> {
  const stored = await deps.users.get(id);
  if (stored?.pending) await runConsequences(deps, stored);
}
