import type { AuditInitiator } from '../../audit';
import type { EmailMessageInput } from '../../mail/message';
import type { RateLimiter } from '../../token-bucket';
import type { RoleScope } from '../model';
import type { Collection, EntitlementDeps } from '../ports';
import type { Assignment, AssignmentRequest } from './model';

/**
 * Ports of the request side of entitlement management (requests, approvals, delivery, expiry).
 * The storage adapters live in `src/storage/entitlement-*`; the composition root is
 * `src/deps/entitlement.ts`.
 */

/** A mail recorded for sending; `outboxId` is derived from what the mail is about, so recording it twice sends it once. */
export type EntitlementMailMessage = EmailMessageInput & { outboxId: string };

/** Port: records a mail in the outbox and queues it (idempotent per `outboxId`). */
export interface EntitlementMail {
  send(message: EntitlementMailMessage): Promise<void>;
}

/** What a timer must do, and for which entity. */
export type DueKind = 'approvalEscalation' | 'approvalTimeout' | 'assignmentNotice' | 'assignmentEnd' | 'guestDeletion' | 'scheduledStart' | 'requestFollowUp';

export interface DueEntry {
  kind: DueKind;
  /** The request id, assignment id or user id the entry is about. */
  subjectId: string;
  dueAt: Date;
}

/**
 * Port: a due-date index (table `EntitlementSchedule`), so timers read only what is due. An
 * entry is a hint: the timer re-reads the entity and checks it is still due before acting, then
 * removes the entry. Scheduling the same entry twice leaves one.
 */
export interface DueIndex {
  schedule(entry: DueEntry): Promise<void>;
  listDue(now: Date, limit: number): Promise<DueEntry[]>;
  remove(entry: DueEntry): Promise<void>;
}

/** A directory user as requests and approvals need to see it. */
export interface RequestUser {
  id: string;
  displayName: string | null;
  mail: string | null;
  userType: 'Member' | 'Guest';
  accountEnabled: boolean;
  /** `Invitation` for guests. */
  creationType: string | null;
  managerId: string | null;
  preferredLanguage: string | null;
}

/** Port: the directory as requests, approvals and delivery read it. */
export interface RequestDirectory {
  user(id: string): Promise<RequestUser | undefined>;
  /** The live user holding `email` as UPN, mail or otherMails (case-insensitive). */
  userByEmail(email: string): Promise<RequestUser | undefined>;
  /** Direct members' ids, bounded (approver groups are small). */
  groupMemberIds(groupId: string, limit: number): Promise<string[]>;
  isGroupMember(userId: string, groupId: string): Promise<boolean>;
}

/**
 * Port: the changes delivery and expiry make in the directory, through the invitation, group,
 * application and user modules. Each is idempotent (a repeat is not an error).
 */
export interface AccessGrants {
  /**
   * Creates the guest for an external target through the invitation use case without sending the
   * invitation mail, or finds the existing guest; returns the redemption link to mail.
   */
  /** `operationKey` names the delivery across retries: a retry after a crash finishes the same guest and link. */
  ensureGuest(target: { email: string; displayName: string | null }, by: AuditInitiator, correlationId: string, operationKey?: string): Promise<{ userId: string; redeemUrl: string; created: boolean }>;
  /** Group membership (`Member_`), ownership (`Owner_`) or app role assignment, as the scope says. */
  grant(userId: string, scope: RoleScope, by: AuditInitiator, correlationId: string): Promise<void>;
  revoke(userId: string, scope: RoleScope, by: AuditInitiator, correlationId: string): Promise<void>;
  setAccountEnabled(userId: string, enabled: boolean, by: AuditInitiator, correlationId: string): Promise<void>;
  /** Soft-deletes the user (the directory's own purge timer finishes the job). */
  deleteUser(userId: string, by: AuditInitiator, correlationId: string): Promise<void>;
}

/** What mails and links need of the organization and the deployment. */
export interface RequestSite {
  organization(): Promise<{
    displayName: string;
    defaultDomain: string;
    initialDomain: string;
    tenantId: string;
    preferredLanguage: string;
    /** Shown in every mail, as in the invitation mails (null: none provided). */
    privacyStatementUrl: string | null;
    privacyContactEmail: string | null;
  }>;
  /** The My Access portal's base URL (no trailing slash), e.g. `http://localhost:7071/api/myaccess`. */
  portalBaseUrl: string;
}

/** Everything the request-side use cases need, on top of the admin API's deps. */
export interface RequestDeps extends EntitlementDeps {
  requests: Collection<AssignmentRequest>;
  packageAssignments: Collection<Assignment>;
  schedule: DueIndex;
  mail: EntitlementMail;
  grants: AccessGrants;
  people: RequestDirectory;
  site: RequestSite;
  /** Request floods (per requestor address, per package) and passcode attempts. */
  limiter: RateLimiter;
}
