/**
 * The contracts between the directory's modules (users, groups, applications and roles), so each
 * can be built and tested on its own and wired together in `src/deps.ts`.
 */

/** A user as the other directory modules see it (dynamic rules, memberships, authorization, mails). */
export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  mail: string | null;
  otherMails: string[];
  userType: 'Member' | 'Guest';
  accountEnabled: boolean;
  creationType: string | null;
  externalUserState: 'PendingAcceptance' | 'Accepted' | null;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  department: string | null;
  companyName: string | null;
  employeeId: string | null;
  country: string | null;
  city: string | null;
  state: string | null;
  usageLocation: string | null;
  preferredLanguage: string | null;
  mailNickname: string | null;
}

/** Reads live (not soft-deleted) users. Implemented by the users module. */
export interface UserDirectory {
  getUser(id: string): Promise<DirectoryUser | undefined>;
  /** Every live user, a page at a time (for re-evaluating a dynamic rule over the directory). */
  listUsers(page: { continuationToken?: string | undefined; pageSize: number }): Promise<{ items: DirectoryUser[]; continuationToken: string | undefined }>;
}

/**
 * Told after a user is created, changed, soft-deleted, restored or purged (`before`/`after`
 * undefined for a user that did not or no longer exists). The groups module re-evaluates dynamic
 * groups from it. Called after the user's own write has landed; must be idempotent.
 */
export interface UserChangeObserver {
  userChanged(change: { before: DirectoryUser | undefined; after: DirectoryUser | undefined }): Promise<void>;
}

/**
 * What happens to a principal's relationships when it is soft-deleted, restored or purged.
 * Implemented by the groups module (memberships) and the applications/roles module (app role and
 * directory role assignments); the users module calls each. Every method is idempotent, so a
 * crashed delete or restore is finished by running it again.
 */
export interface PrincipalLifecycle {
  /** Hide the principal's relationships (they are kept to be restored). */
  principalDeleted(principalId: string): Promise<void>;
  /** Bring back exactly what `principalDeleted` hid. */
  principalRestored(principalId: string): Promise<void>;
  /** Remove for good (after the 30-day window). */
  principalPurged(principalId: string): Promise<void>;
}

/** A principal's direct group memberships. Implemented by the groups module. */
export interface MembershipReader {
  groupIdsOf(principalId: string): Promise<string[]>;
}
