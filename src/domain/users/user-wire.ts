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

/** POST /users: Graph's required properties; `passwordProfile` is accepted and dropped (Gatehouse keeps no passwords). */
export const createUserBody = profileBody
  .extend({
    accountEnabled: z.boolean(),
    displayName: z.string().min(1).max(256),
    mailNickname: z.string().min(1).max(64).regex(/^[^@\s]+$/, 'must not contain @ or spaces'),
    userPrincipalName: z.string().min(3).max(369),
    passwordProfile: z.object({ password: z.string().optional(), forceChangePasswordNextSignIn: z.boolean().optional() }).passthrough().optional(),
  })
  .strict();

/** PATCH /users/{id}: any profile property; read-only ones (id, legalAgeGroupClassification, …) are refused. */
export const updateUserBody = profileBody.strict();

export type CreateUserBody = z.infer<typeof createUserBody>;

/** The profile part of a create body (without `passwordProfile`). */
export function profileOf(body: CreateUserBody): Partial<UserProfile> & Pick<UserProfile, 'displayName' | 'userPrincipalName' | 'accountEnabled'> {
  const { passwordProfile: _dropped, ...profile } = body;
  return profile as Partial<UserProfile> & Pick<UserProfile, 'displayName' | 'userPrincipalName' | 'accountEnabled'>;
}

/** A user as Graph returns it. */
export function toGraphUser(user: User): Record<string, unknown> {
  const { createdAt, deletedAt, externalUserStateChangeAt, managerId: _manager, ...rest } = user;
  return {
    ...rest,
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
  'externalUserStateChangeDateTime', 'createdDateTime', 'deletedDateTime', 'identities',
] as const;
