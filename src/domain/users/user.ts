import type { DirectoryUser } from '../directory/ports';
import type { AgeGroup, ConsentProvidedForMinor } from './legal-age-group';

export type UserType = 'Member' | 'Guest';

/**
 * Graph's `objectIdentity`: an identity a person signs in with. `federated` ones name a token
 * issuer and the id it gives the person (for Entra: the `oid`); the pair is unique in the directory.
 */
export interface ObjectIdentity {
  signInType: string;
  issuer: string;
  issuerAssignedId: string;
}
export type ExternalUserState = 'PendingAcceptance' | 'Accepted';

/** The profile properties an administrator may change (the portal's six categories, REFERENCE §2). */
export interface UserProfile {
  // identity
  displayName: string | null;
  givenName: string | null;
  surname: string | null;
  userType: UserType;
  // job
  jobTitle: string | null;
  department: string | null;
  companyName: string | null;
  employeeId: string | null;
  // contact
  streetAddress: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  businessPhones: string[];
  mobilePhone: string | null;
  otherMails: string[];
  // parental controls
  ageGroup: AgeGroup | null;
  consentProvidedForMinor: ConsentProvidedForMinor | null;
  // settings
  usageLocation: string | null;
  preferredLanguage: string | null;
  // account
  accountEnabled: boolean;
  mail: string | null;
  mailNickname: string | null;
  userPrincipalName: string;
  // sign-in
  identities: ObjectIdentity[];
}

/** A directory user. `deletedAt` set means soft-deleted (restorable until purged). */
export interface User extends UserProfile {
  id: string;
  creationType: string | null;
  externalUserState: ExternalUserState | null;
  externalUserStateChangeAt: Date | null;
  managerId: string | null;
  createdAt: Date;
  deletedAt: Date | null;
  /**
   * Graph properties Gatehouse keeps and returns but attaches no rule to (`officeLocation`,
   * `faxNumber`, `employeeOrgData`, …; the list and their shapes are in user-wire.ts). JSON values.
   */
  extras?: Readonly<Record<string, unknown>>;
}

/** Profile properties that may appear in a change, in a stable order (for audits). */
export const PROFILE_KEYS = [
  'displayName', 'givenName', 'surname', 'userType',
  'jobTitle', 'department', 'companyName', 'employeeId',
  'streetAddress', 'city', 'state', 'postalCode', 'country', 'businessPhones', 'mobilePhone', 'otherMails',
  'ageGroup', 'consentProvidedForMinor',
  'usageLocation', 'preferredLanguage',
  'accountEnabled', 'mail', 'mailNickname', 'userPrincipalName', 'identities',
] as const satisfies readonly (keyof UserProfile)[];

/** Graph's read-only `proxyAddresses`: the primary SMTP address follows `mail`. */
export function proxyAddressesOf(user: Pick<User, 'mail'>): string[] {
  return user.mail ? [`SMTP:${user.mail}`] : [];
}

/** Marks an identity's key in the address index; a space never appears in an email address or UPN. */
export const IDENTITY_KEY_PREFIX = 'identity ';

/** The directory-wide unique key of an identity: its issuer and issuer-assigned id, case-insensitive. */
export function identityKey(identity: Pick<ObjectIdentity, 'issuer' | 'issuerAssignedId'>): string {
  return `${IDENTITY_KEY_PREFIX}${identity.issuer} ${identity.issuerAssignedId}`.toLowerCase();
}

/**
 * Every address that must be unique across the directory, lower-cased: the UPN, `mail` and
 * `otherMails` (`proxyAddresses` is derived from `mail`, so it adds nothing), and the key of each
 * identity (issuer + issuerAssignedId), so one index answers "whose is this sign-in?" as well.
 */
export function uniqueAddressesOf(user: Pick<User, 'userPrincipalName' | 'mail' | 'otherMails'> & { identities?: readonly ObjectIdentity[] }): string[] {
  const all = [user.userPrincipalName, user.mail, ...user.otherMails].filter((a): a is string => !!a).map((a) => a.toLowerCase());
  return [...new Set([...all, ...(user.identities ?? []).map(identityKey)])];
}

/** The view the other directory modules get (src/domain/directory/ports.ts). */
export function toDirectoryUser(user: User): DirectoryUser {
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    mail: user.mail,
    otherMails: [...user.otherMails],
    userType: user.userType,
    accountEnabled: user.accountEnabled,
    creationType: user.creationType,
    externalUserState: user.externalUserState,
    givenName: user.givenName,
    surname: user.surname,
    jobTitle: user.jobTitle,
    department: user.department,
    companyName: user.companyName,
    employeeId: user.employeeId,
    country: user.country,
    city: user.city,
    state: user.state,
    usageLocation: user.usageLocation,
    preferredLanguage: user.preferredLanguage,
    mailNickname: user.mailNickname,
  };
}
