import type { Application } from '../applications/application';
import type { AppRoleAssignment } from '../applications/ports';
import type { ServicePrincipal } from '../applications/service-principal';
import type { User } from '../users/user';
import type { SignInRefusal } from './sign-in-policy';

/** One sign-in attempt as Graph's `signIn` resource reports it. */
export interface SignInRecord {
  id: string;
  createdAt: Date;
  userId: string | null;
  userDisplayName: string | null;
  userPrincipalName: string | null;
  appId: string;
  appDisplayName: string | null;
  ipAddress: string;
  clientAppUsed: string;
  /** Where the user proved who they are (`mail` for a one-time passcode, or the federated issuer). */
  identityProvider: string | null;
  refusal: SignInRefusal | null;
}

/**
 * How long sign-ins are kept: the same window as the directory audits are read in (13 months),
 * after which the hourly sweep deletes whole months.
 */
export const SIGN_IN_RETENTION_MONTHS = 13;

/** What a page of the sign-in log is asked for: conditions the storage can apply itself, and where to go on. */
export interface SignInQuery {
  /** Inclusive bounds on `createdAt`. */
  from?: Date | undefined;
  to?: Date | undefined;
  userId?: string | undefined;
  appId?: string | undefined;
  /** 0 for a success, else Entra's error code. */
  errorCode?: number | undefined;
  now: Date;
  top: number;
  /** Table queries one request may make before answering with what it has and a continuation. */
  maxQueries: number;
  continuation?: string | undefined;
}

/** Port: the sign-in log (table `SignInLogs`): month partitions, newest first, paged by storage continuation. */
export interface SignInLog {
  append(record: SignInRecord): Promise<void>;
  /** Entries newest first matching `query` and then `keep`; `continuation` when there may be more. */
  list<T>(query: SignInQuery, keep: (record: SignInRecord) => T | undefined): Promise<{ items: T[]; continuation: string | undefined }>;
  /** Deletes up to `limit` entries of months before `beforeMonth` (`2025-11`), oldest month first; returns how many. */
  deleteMonthsBefore(beforeMonth: string, limit: number): Promise<number>;
}

/** What issuing tokens to a directory user for an application reads. */
export interface SignInDeps {
  tenantId: string;
  /** Per-deployment key for pairwise subjects. */
  pairwiseKey: Uint8Array;
  users: {
    get(id: string): Promise<User | undefined>;
    findIdByAddress(address: string): Promise<string | undefined>;
    /** When `POST /users/{id}/revokeSignInSessions` last ran for the user. */
    sessionsValidFrom(id: string): Promise<Date | undefined>;
  };
  applications: { findByAppId(appId: string): Promise<Application | undefined> };
  servicePrincipals: { findByAppId(appId: string): Promise<ServicePrincipal | undefined> };
  /** Assignments reaching the user on one service principal (their own and their groups'). */
  assignmentsReaching(userId: string, servicePrincipalId: string): Promise<AppRoleAssignment[]>;
  groupIdsOf(userId: string): Promise<string[]>;
  log: SignInLog;
  now(): Date;
  newId(): string;
}
