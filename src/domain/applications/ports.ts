import type { AuditInitiator, AuditLog } from '../audit';
import type { MembershipReader } from '../directory/ports';
import type { ServicePrincipal } from './service-principal';

/** A user or group given a role on an application (Graph `appRoleAssignment`). */
export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: PrincipalType;
  principalDisplayName: string | null;
  resourceId: string;
  resourceDisplayName: string;
  createdAt: Date;
}

export type PrincipalType = 'User' | 'Group';

/** A principal assignments may name, as the directory knows it. */
export interface AssignablePrincipal {
  id: string;
  type: PrincipalType;
  displayName: string | null;
}

/**
 * Port: finds live users and groups by id. Built in `src/deps.ts` from the users module's
 * `UserDirectory` and the groups module's repository.
 */
export interface PrincipalDirectory {
  findPrincipal(id: string): Promise<AssignablePrincipal | undefined>;
}

export interface Page<T> {
  items: T[];
  continuationToken: string | undefined;
}

/** Port: service principals; `appId` is unique (a duplicate create is a `conflict` Failure). */
export interface ServicePrincipalRepository {
  get(id: string): Promise<{ value: ServicePrincipal; etag: string } | undefined>;
  create(principal: ServicePrincipal): Promise<void>;
  /** Replaces the row if it still has `etag` (else `preconditionFailed`). */
  update(principal: ServicePrincipal, etag: string): Promise<void>;
  /** Hides the principal from reads while its assignments are removed (a crashed delete is re-run). */
  markDeleting(id: string, etag: string): Promise<void>;
  /** Removes the principal and its appId reservation for good. */
  remove(principal: ServicePrincipal): Promise<void>;
  /** Whether a previous delete of `id` crashed half-way (the row is there, hidden). */
  isDeleting(id: string): Promise<ServicePrincipal | undefined>;
}

/**
 * Port: app role assignments, stored twice (under the application and under the principal) so
 * both directions are partition reads. Writes are crash-recoverable: see the Table adapter.
 */
export interface AppRoleAssignmentRepository {
  /** Records the assignment in both directions; an existing (principal, resource, role) triple → `duplicate`. */
  add(assignment: AppRoleAssignment): Promise<'added' | 'duplicate'>;
  /** The assignment of `resourceId` with that id, if visible. */
  get(resourceId: string, assignmentId: string): Promise<AppRoleAssignment | undefined>;
  /** Removes it from both directions; idempotent. */
  remove(resourceId: string, assignmentId: string): Promise<void>;
  /**
   * A page of the application's visible assignments; `includeHidden` adds those of soft-deleted
   * principals and half-written ones (for deleting the application).
   */
  listByResource(
    resourceId: string,
    page: { top: number; continuationToken?: string | undefined; includeHidden?: boolean },
  ): Promise<Page<AppRoleAssignment>>;
  /**
   * The visible assignments `principalId` holds directly on one application: at most one per app
   * role, so the application bounds the read. All of a principal's: `listPageByPrincipal`.
   */
  listByPrincipal(principalId: string, resourceId: string): Promise<AppRoleAssignment[]>;
  /**
   * A page of the visible assignments held directly by `principalId`, in storage order; a page
   * may hold fewer than `top` (hidden rows are skipped) and still carry a continuation.
   */
  listPageByPrincipal(principalId: string, page: { top: number; continuationToken?: string | undefined }): Promise<Page<AppRoleAssignment>>;
  /** How many visible or hidden assignments of `resourceId` carry `appRoleId` (stops counting at `limit`). */
  countForRole(resourceId: string, appRoleId: string, limit: number): Promise<number>;
}

/** What the application use cases need. */
export interface ApplicationDeps {
  servicePrincipals: ServicePrincipalRepository;
  assignments: AppRoleAssignmentRepository;
  principals: PrincipalDirectory;
  memberships: MembershipReader;
  audit: AuditLog;
  now(): Date;
  newId(): string;
}

/** Who asked for a change, for the audit log. */
export type Actor = AuditInitiator;
