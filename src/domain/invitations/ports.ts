import type { AuditEntry, AuditInitiator, AuditLog } from '../audit';
import type { EmailMessageInput } from '../mail/message';
import type { MailLane } from '../outbox/mail-lane';
import type { DeliveryStatus } from '../outbox/outbox';
import type { AllowInvitesFrom } from '../policies/authorization-policy';
import type { DirectoryRoleName, GraphPermission } from '../principal';
import type { Invitation } from './invitation';
import type { DeriveBytes } from './operation-ids';
import type { OptOutStore } from './opt-out';

/**
 * The invitation module's ports: small contracts the composition root connects to the users,
 * policies, groups/roles/apps and outbox modules, so the use cases are tested with in-memory
 * doubles and the storage adapters on Azurite.
 */

/** A directory user as the invitation module needs to see it. */
export interface GuestAccount {
  id: string;
  userType: 'Member' | 'Guest';
  userPrincipalName: string;
  displayName: string | null;
  mail: string | null;
  otherMails: string[];
  accountEnabled: boolean;
  creationType: string | null;
  externalUserState: 'PendingAcceptance' | 'Accepted' | null;
  preferredLanguage: string | null;
}

/** The portal's six profile categories, settable at invitation (Gatehouse extension). */
export interface GuestProfile {
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  companyName?: string | null;
  employeeId?: string | null;
  streetAddress?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
  businessPhones?: string[];
  mobilePhone?: string | null;
  otherMails?: string[];
  ageGroup?: 'Minor' | 'NotAdult' | 'Adult' | null;
  consentProvidedForMinor?: 'Granted' | 'Denied' | 'NotRequired' | null;
  usageLocation?: string | null;
  preferredLanguage?: string | null;
}

export interface NewGuest {
  id: string;
  email: string;
  userPrincipalName: string;
  displayName: string;
  userType: 'Member' | 'Guest';
  profile: GuestProfile;
}

/**
 * Port: the users the invitations create and change. `createGuest` validates before it writes
 * (a refused profile writes nothing) and is idempotent for a repeated id.
 */
export interface GuestAccounts {
  /** The live user holding `email` as UPN, mail, otherMails or proxyAddresses (case-insensitive). */
  findByEmail(email: string): Promise<GuestAccount | undefined>;
  /** A live user by id. */
  get(id: string): Promise<GuestAccount | undefined>;
  createGuest(guest: NewGuest, by: AuditInitiator): Promise<GuestAccount>;
  /**
   * Creates the guest as `createGuest` does but leaves its `Add user` entry and its consequences
   * (group rules, the list index, the pending marker) to be finished after the invitation's commit
   * (`finishGuest`, run by the mail sender from the follow-up). Optional: without it, `createGuest`.
   */
  createGuestLeavingConsequences?(guest: NewGuest, by: AuditInitiator): Promise<{ guest: GuestAccount; audit: AuditEntry | null; pending: boolean }>;
  /** Finishes what `createGuestLeavingConsequences` left (idempotent; a no-op once done). */
  finishGuest?(id: string): Promise<void>;
  /** Sets `externalUserState` (and its change time), ETag-guarded inside the users module. */
  setExternalUserState(id: string, state: 'PendingAcceptance' | 'Accepted', by: AuditInitiator): Promise<void>;
}

/** What the invitation needs of the organization (REFERENCE §3–§4). */
export interface OrganizationView {
  displayName: string;
  /** Guest UPNs end in it. */
  initialDomain: string;
  /** Shown in mails and pages so guests can check who invites them. */
  defaultDomain: string;
  /** Lower-case verified domains: their addresses cannot be invited. */
  verifiedDomains: string[];
  privacyStatementUrl: string | null;
  privacyContactEmail: string | null;
  preferredLanguage: string;
  /** ISO 8601 duration or null (never expires). */
  invitationValidity: string | null;
  reminderSchedule: number[];
}

/** Port: the external collaboration settings and the organization. */
export interface InvitationPolicies {
  allowInvitesFrom(): Promise<AllowInvitesFrom>;
  domainPolicy(): Promise<{ allowedDomains: string[]; blockedDomains: string[] }>;
  organization(): Promise<OrganizationView>;
}

/** One of the at most 20 memberships or roles given to a new guest. */
export type Assignment =
  | { type: 'group'; id: string }
  | { type: 'directoryRole'; roleDefinitionId: string }
  | { type: 'appRole'; resourceId: string; appRoleId: string };

/** Port: memberships and roles, through the groups, roles and applications modules. */
export interface Assignments {
  /** Refuses (notFound / validationFailed) an assignment whose target does not exist, writing nothing. */
  validate(assignments: readonly Assignment[]): Promise<void>;
  /** Applies each; one already in place is not an error. */
  apply(principalId: string, assignments: readonly Assignment[], by: AuditInitiator, correlationId: string): Promise<void>;
}

export interface StoredInvitation {
  invitation: Invitation;
  etag: string;
}

/** A mail to record with an invitation change (the outbox row goes in the same transaction). */
export type InvitationMail = EmailMessageInput & { outboxId: string; lane?: MailLane };

/**
 * Port: invitation records, one per guest. `save` inserts when `etag` is undefined (a second
 * insert is `conflict`) and otherwise replaces only a record still at `etag`
 * (`preconditionFailed`), writing `mail`'s outbox row in the same transaction and queueing it after.
 */
export interface InvitationRepository {
  get(guestId: string): Promise<StoredInvitation | undefined>;
  /** `followUp` (with `mail` only) is stored on the mail's outbox row for the sender to finish (`finishInvitation`). */
  save(invitation: Invitation, etag: string | undefined, mail?: InvitationMail, followUp?: string): Promise<void>;
  /** The delivery status of an invitation mail recorded with `save`. */
  deliveryStatus(guestId: string, outboxId: string): Promise<DeliveryStatus | undefined>;
}

/**
 * A redemption ticket. Besides the generation it keeps what that invitation asked for, so each
 * link lands where its own invitation said and shows its own message and language.
 */
export interface Ticket {
  /** Hex SHA-256 of the secret: the only form stored. */
  hash: string;
  guestId: string;
  generation: number;
  issuedAt: Date;
  /** Null: never expires. */
  expiresAt: Date | null;
  redirectUrl: string;
  messageLanguage: string | null;
  customMessage: string | null;
  inviter: { displayName: string; email: string };
}

/** Port: redemption tickets by hash. */
export interface TicketStore {
  issue(ticket: Ticket): Promise<void>;
  find(hash: string): Promise<Ticket | undefined>;
}

/** One pending reminder in the due-date index. */
export interface ReminderEntry {
  guestId: string;
  /** Which reminder of the schedule (0 = first). */
  index: number;
  /** The invitation it belongs to (a re-invitation or reset starts a new schedule). */
  invitedAt: Date;
  dueAt: Date;
}

/**
 * Port: reminders by due date, so the timer reads only what is due. Entries are hints: the timer
 * checks each against the invitation before mailing, and removes it afterwards.
 */
export interface ReminderIndex {
  schedule(entry: ReminderEntry): Promise<void>;
  /** Entries due at or before `now`, oldest first, at most `limit`. */
  listDue(now: Date, limit: number): Promise<ReminderEntry[]>;
  remove(entry: ReminderEntry): Promise<void>;
}

/** The caller as the invitation rules need it. */
export interface Caller {
  initiator: AuditInitiator;
  kind: 'user' | 'app';
  id: string;
  /** Directory roles a user holds (empty for apps). */
  roles: ReadonlySet<DirectoryRoleName>;
  /** Graph permissions an app holds (empty for users). */
  permissions: ReadonlySet<GraphPermission>;
  /** The user's `userType`; undefined for apps. */
  userType: 'Member' | 'Guest' | undefined;
  displayName: string;
  email: string;
}

/** What the invitation use cases need. */
export interface InvitationDeps {
  guests: GuestAccounts;
  policies: InvitationPolicies;
  assignments: Assignments;
  invitations: InvitationRepository;
  tickets: TicketStore;
  reminders: ReminderIndex;
  /** Addresses that blocked invitations ("Block future invitations"): refused before anything is written. */
  optOuts: OptOutStore;
  /** Deterministic secret bytes per label (HMAC under a deployment key): ids and links of an operation key. */
  deriveBytes: DeriveBytes;
  audit: AuditLog;
  /** `${PUBLIC_BASE_URL}` without a trailing slash: redeem links point at it. */
  publicBaseUrl: string;
  now(): Date;
  newId(): string;
  randomBytes(size: number): Uint8Array;
}
