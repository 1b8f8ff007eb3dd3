import type { AuditInitiator } from '../audit';
import { Failure } from '../errors';
import { finishChange, pendingChange } from './consequences';
import type { UserDeps } from './ports';
import type { ExternalUserState, User, UserProfile, UserType } from './user';
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
    identities: p.identities ?? [],
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
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName: 'Add user',
    category: 'UserManagement',
    activityAt: now,
    initiatedBy: input.initiatedBy,
    targetResources: [{ id, type: 'User', displayName: user.displayName ?? undefined, userPrincipalName: user.userPrincipalName }],
    result: 'success',
    correlationId: input.correlationId,
  });
  await finishChange(deps, stored);
  return stored.user;
}
