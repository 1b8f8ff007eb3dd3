import { z } from 'zod';
import { AGE_GROUPS, CONSENTS_FOR_MINOR, legalAgeGroupClassification } from './legal-age-group';
import { proxyAddressesOf, type User, type UserProfile } from './user';

/**
 * Graph's wire shape of a user and the request bodies of /users (zod at the HTTP boundary). Kept
 * apart from the domain `User`: names and formats are Graph's (`createdDateTime`, computed
 * `legalAgeGroupClassification`, `proxyAddresses`).
 */
const str = (max: number) => z.string().max(max).nullable();

export const profileBody = z
  .object({
    displayName: z.string().min(1).max(256),
    givenName: str(64),
    surname: str(64),
    userType: z.enum(['Member', 'Guest']),
    jobTitle: str(128),
    department: str(64),
    companyName: str(64),
    employeeId: str(16),
    streetAddress: str(1024),
    city: str(128),
    state: str(128),
    postalCode: str(40),
    country: str(128),
    businessPhones: z.array(z.string().min(1).max(64)).max(1),
    mobilePhone: str(64),
    otherMails: z.array(z.string().min(3).max(256)),
    ageGroup: z.enum(AGE_GROUPS).nullable(),
    consentProvidedForMinor: z.enum(CONSENTS_FOR_MINOR).nullable(),
    usageLocation: z.string().length(2).nullable(),
    preferredLanguage: str(20),
    accountEnabled: z.boolean(),
    mail: z.string().min(3).max(256).nullable(),
    mailNickname: z.string().min(1).max(64).regex(/^[^@\s]+$/, 'must not contain @ or spaces'),
    userPrincipalName: z.string().min(3).max(113 + 1 + 255),
    // Graph's limits: issuer 512 characters, issuerAssignedId 64.
    identities: z
      .array(z.object({ signInType: z.string().min(1).max(100), issuer: z.string().min(1).max(512), issuerAssignedId: z.string().min(1).max(64) }).strict())
      .max(20),
  })
  .partial();

const dateTime = z.string().datetime({ offset: true }).nullable();
const words = z.array(z.string().min(1).max(256)).max(100);
const EXTENSION_ATTRIBUTES = Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`);

/**
 * Writable Graph user properties that Gatehouse keeps and returns as given, without rules of its
 * own (decided from `@microsoft/microsoft-graph-types`' `User`; see the README's user section for
 * the ones it refuses). Stored in `User.extras`; null clears one.
 */
export const userExtrasBody = z
  .object({
    officeLocation: str(128),
    faxNumber: str(64),
    employeeType: str(64),
    employeeHireDate: dateTime,
    employeeLeaveDateTime: dateTime,
    employeeOrgData: z.object({ division: str(256).optional(), costCenter: str(256).optional() }).strict().nullable(),
    onPremisesExtensionAttributes: z.object(Object.fromEntries(EXTENSION_ATTRIBUTES.map((k) => [k, str(1024).optional()]))).strict().nullable(),
    onPremisesImmutableId: str(256),
    passwordPolicies: z.string().regex(/^(None|DisablePasswordExpiration|DisableStrongPassword)(, ?(DisablePasswordExpiration|DisableStrongPassword))?$/, 'None, DisablePasswordExpiration and/or DisableStrongPassword').nullable(),
    showInAddressList: z.boolean().nullable(),
    preferredDataLocation: str(64),
    preferredName: str(256),
    aboutMe: z.string().max(4000).nullable(),
    mySite: str(1024),
    birthday: dateTime,
    hireDate: dateTime,
    interests: words,
    pastProjects: words,
    responsibilities: words,
    schools: words,
    skills: words,
  })
  .partial();

/** Names of the kept-as-given properties. */
export const USER_EXTRA_KEYS = Object.keys(userExtrasBody.shape) as (keyof z.infer<typeof userExtrasBody>)[];
const EXTRA_COLLECTIONS = new Set(['interests', 'pastProjects', 'responsibilities', 'schools', 'skills']);

/** Splits a create or update body into profile changes and kept-as-given extras. */
export function splitExtras<T extends Record<string, unknown>>(body: T): { profile: T; extras: Record<string, unknown> } {
  const profile: Record<string, unknown> = {};
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if ((USER_EXTRA_KEYS as string[]).includes(key)) extras[key] = value;
    else profile[key] = value;
  }
  return { profile: profile as T, extras };
}

/** POST /users: Graph's required properties; `passwordProfile` is accepted and dropped (Gatehouse keeps no passwords). */
export const createUserBody = profileBody
  .merge(userExtrasBody)
  .extend({
    accountEnabled: z.boolean(),
    displayName: z.string().min(1).max(256),
    mailNickname: z.string().min(1).max(64).regex(/^[^@\s]+$/, 'must not contain @ or spaces'),
    userPrincipalName: z.string().min(3).max(369),
    passwordProfile: z.object({ password: z.string().optional(), forceChangePasswordNextSignIn: z.boolean().optional() }).passthrough().optional(),
  })
  .strict();

/**
 * PATCH /users/{id}: any profile property or kept extra; read-only ones (id,
 * legalAgeGroupClassification, …) are refused. `passwordProfile` is accepted and dropped, as on
 * creation: Gatehouse keeps no passwords (people sign in with their own identity provider).
 */
export const updateUserBody = profileBody
  .merge(userExtrasBody)
  .extend({ passwordProfile: z.object({ password: z.string().optional(), forceChangePasswordNextSignIn: z.boolean().optional(), forceChangePasswordNextSignInWithMfa: z.boolean().optional() }).strict().optional() })
  .strict();

export type CreateUserBody = z.infer<typeof createUserBody>;

/** The profile part of a create body (without `passwordProfile`). */
export function profileOf(body: CreateUserBody): Partial<UserProfile> & Pick<UserProfile, 'displayName' | 'userPrincipalName' | 'accountEnabled'> {
  const { passwordProfile: _dropped, ...rest } = body;
  const { profile } = splitExtras(rest);
  return profile as Partial<UserProfile> & Pick<UserProfile, 'displayName' | 'userPrincipalName' | 'accountEnabled'>;
}

/**
 * Graph's `identities` as Gatehouse can state them: the sign-in name in this directory (its UPN,
 * issued by the UPN's domain). Read-only here: Gatehouse does not host local accounts.
 */
export function identitiesOf(user: Pick<User, 'userPrincipalName'>): { signInType: string; issuer: string; issuerAssignedId: string }[] {
  const issuer = user.userPrincipalName.slice(user.userPrincipalName.lastIndexOf('@') + 1);
  return [{ signInType: 'userPrincipalName', issuer, issuerAssignedId: user.userPrincipalName }];
}

/** A user as Graph returns it. */
export function toGraphUser(user: User): Record<string, unknown> {
  const { createdAt, deletedAt, externalUserStateChangeAt, managerId: _manager, extras, ...rest } = user;
  const unset = Object.fromEntries(USER_EXTRA_KEYS.map((k) => [k, EXTRA_COLLECTIONS.has(k) ? [] : null]));
  return {
    ...rest,
    ...unset,
    ...extras,
    // The sign-in name in this directory, then the identities that link people of trusted issuers.
    identities: [...identitiesOf(user), ...(user.identities ?? [])],
    proxyAddresses: proxyAddressesOf(user),
    legalAgeGroupClassification: legalAgeGroupClassification(user.ageGroup, user.consentProvidedForMinor),
    createdDateTime: createdAt.toISOString(),
    externalUserStateChangeDateTime: externalUserStateChangeAt?.toISOString() ?? null,
    ...(deletedAt && { deletedDateTime: deletedAt.toISOString() }),
  };
}

/** Properties `$select` may name on /users. */
export const USER_SELECTABLE = [
  'id', 'userPrincipalName', 'displayName', 'mailNickname', 'accountEnabled', 'userType', 'givenName', 'surname',
  'jobTitle', 'department', 'companyName', 'employeeId', 'streetAddress', 'city', 'state', 'postalCode', 'country',
  'businessPhones', 'mobilePhone', 'otherMails', 'proxyAddresses', 'ageGroup', 'consentProvidedForMinor',
  'legalAgeGroupClassification', 'usageLocation', 'preferredLanguage', 'mail', 'creationType', 'externalUserState',
  'externalUserStateChangeDateTime', 'createdDateTime', 'deletedDateTime', 'identities', ...USER_EXTRA_KEYS,
  // Gatehouse assigns none: selecting it reads null, as Graph answers for a user without any.
  'customSecurityAttributes',
];
