import type { CompiledFilter } from '../query/filter-ast';
import type { AuditLog } from '../audit';
import type { DirectoryUser, PrincipalLifecycle, UserChangeObserver } from '../directory/ports';
import type { User } from './user';

/**
 * A change whose consequences (observers, lifecycle ports) may not have run yet. It is written in
 * the same row write as the change itself, cleared once every observer has run, and replayed by
 * the repair sweep when a crash came in between.
 */
export interface PendingChange {
  kind: 'created' | 'updated' | 'deleted' | 'restored';
  before: DirectoryUser | undefined;
}

export interface StoredUser {
  user: User;
  etag: string;
  pending: PendingChange | null;
}

/**
 * Port: users and their unique addresses (UPN, mail, otherMails; case-insensitive). Adapters must
 * make a lost uniqueness race a `conflict` Failure and a stale ETag a `preconditionFailed` one, and
 * must never let a half-finished write look like a committed one to `findUserIdByAddress`'s callers.
 */
export interface UserRepository {
  /** Live or soft-deleted user by id. */
  get(id: string): Promise<StoredUser | undefined>;
  /** The id an address is reserved for, if any (callers check the user still holds it). */
  findUserIdByAddress(address: string): Promise<string | undefined>;
  /** Reserves the user's addresses, then writes the user. `conflict` names the taken address. */
  create(user: User, pending: PendingChange, now: Date): Promise<StoredUser>;
  /** Reserves newly added addresses, writes `after` if the row still has `before.etag`, frees dropped ones. */
  update(before: StoredUser, after: User, pending: PendingChange, now: Date): Promise<StoredUser>;
  /** Clears the pending marker if the row is unchanged since (else a later change owns it). */
  /** Lists a user just created (`create`) at once, before its consequences run (optional; `clearPending` lists it otherwise). */
  listNew?(user: User): Promise<void>;
  clearPending(stored: StoredUser): Promise<void>;
  /** Removes the user and its address reservations for good. */
  purge(stored: StoredUser): Promise<void>;
  /**
   * A page of live (or, with `deleted`, soft-deleted) users. `where` is a filter in the adapter's own
   * query language, built from the adapter's column mapping (`USER_TABLE_MAPPING` for Table Storage).
   */
  listPage(options: { deleted: boolean; filter?: CompiledFilter | undefined; top: number; continuationToken?: string | undefined }): Promise<{ items: StoredUser[]; continuationToken: string | undefined; partial: boolean }>;
  /** Rows with a pending change older than `before` (the repair sweep). */
  listPending(before: Date): Promise<StoredUser[]>;
  /** Soft-deleted users deleted before `before` (the purge sweep), a bounded batch. */
  listDeletedBefore(before: Date, limit: number): Promise<StoredUser[]>;
}

/** What the user use cases need. */
export interface UserDeps {
  users: UserRepository;
  audit: AuditLog;
  observers: readonly UserChangeObserver[];
  lifecycles: readonly PrincipalLifecycle[];
  /** Verified domains of the organization, lower-case (UPNs must end in one). */
  verifiedDomains(): Promise<string[]>;
  now(): Date;
  newId(): string;
  /** Told when an observer or lifecycle port failed after a change landed (the repair sweep retries). */
  onDeferred?(error: unknown): void;
}
