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

/** Port: the sign-in log (table `SignInLogs`), newest first, paged. */
export interface SignInLog {
  append(record: SignInRecord): Promise<void>;
  list(page: { top: number; continuationToken?: string | undefined }): Promise<{ items: SignInRecord[]; continuationToken: string | undefined }>;
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
