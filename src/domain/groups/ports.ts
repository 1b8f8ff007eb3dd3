import { z } from 'zod';
import type { AuditLog } from '../audit';
import type { PrincipalLifecycle, UserDirectory } from '../directory/ports';
import type { Group, MembershipRuleProcessingState } from './group';

/** A value with the ETag it was read with, for a conditional write back. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/** One page of a range read; pass `continuationToken` back for the next. */
export interface Page<T> {
  items: T[];
  continuationToken: string | undefined;
}

/** Where a full re-evaluation of a dynamic group has got to. */
export interface EvaluationProgress {
  groupId: string;
  ruleVersion: number;
  processingState: MembershipRuleProcessingState;
  /** The rule text, so the evaluator reads it without the group row. */
  membershipRule: string;
  /** The user properties the rule reads (`describeRuleProperties`), to skip unrelated user changes. */
  ruleProperties: string[];
  /** The user page the next message must carry: '' for the first page, undefined when done. */
  nextPage: string | undefined;
  /** When the progress last moved (for resuming a stalled evaluation). */
  updatedAt: Date;
  etag: string;
}

/**
 * Groups, with the index of dynamic groups kept in step with them (one transaction per change) and
 * `mailNickname` unique case-insensitively.
 */
export interface GroupRepository {
  /** Inserts; a taken mailNickname is a `conflict`. */
  create(group: Group): Promise<void>;
  /** A live group (not one being deleted). */
  get(id: string): Promise<Versioned<Group> | undefined>;
  /** Replaces the group if it still has `etag`; a stale ETag is `preconditionFailed`. */
  update(before: Versioned<Group>, after: Group): Promise<void>;
  /** Hides the group and drops it from the dynamic index; its memberships are removed after. */
  markDeleting(group: Versioned<Group>): Promise<void>;
  /** A group `markDeleting` hid whose clean-up has not finished, if any. */
  getDeleting(id: string): Promise<Group | undefined>;
  /** Removes the hidden group row once its memberships are gone. */
  finishDelete(id: string): Promise<void>;
  /** Ids of groups whose deletion started but did not finish (one range read). */
  listDeleting(): Promise<string[]>;
  /** Every dynamic group's rule and evaluation progress (the dynamic index: one range read). */
  listDynamic(): Promise<EvaluationProgress[]>;
  getProgress(groupId: string): Promise<EvaluationProgress | undefined>;
  /** Moves the progress on if it is still at `progress.etag`; false when someone else moved it. */
  advanceProgress(progress: EvaluationProgress, nextPage: string | undefined, at: Date): Promise<boolean>;
}

/** A group in the recycle bin. */
export interface DeletedGroup {
  group: Group;
  deletedAt: Date;
  /** When the retention timer removes it for good. */
  purgeAt: Date;
  etag: string;
}

/**
 * The recycle bin of groups (Graph keeps deleted Microsoft 365 groups 30 days). Every move in or
 * out writes the group row, its bin row, its purge-due row and a relations marker in one
 * transaction, so the bin is listed and the due groups found by range reads, never by a scan; the
 * marker stays until the group's memberships and assignments have followed the move.
 */
export interface GroupRecycleBin {
  /** Moves a live group into the bin; a stale ETag is `preconditionFailed`. */
  softDelete(group: Versioned<Group>, deletedAt: Date, purgeAt: Date): Promise<void>;
  getDeleted(id: string): Promise<DeletedGroup | undefined>;
  /** A page of the bin (a range read of its rows, then one point read per group); `oldestFirst` reads the purge-due rows, which are in deletion order. */
  listDeleted(page: { top: number; continuationToken?: string | undefined; oldestFirst?: boolean }): Promise<Page<DeletedGroup>>;
  /** How many groups the bin holds (a keys-only range read of its rows). */
  countDeleted(): Promise<number>;
  /** Makes the group live again; its mailNickname stayed reserved while it was in the bin. */
  restore(deleted: DeletedGroup): Promise<void>;
  /** Takes the group out of the bin into the ordinary permanent deletion (`getDeleting`, `finishDelete`). */
  startPurge(deleted: DeletedGroup): Promise<void>;
  /** Ids of deleted groups whose `purgeAt` is at or before `cutoff`, oldest first. */
  listDue(cutoff: Date, limit: number): Promise<string[]>;
  /** Ids whose relations still have to follow a move (after a crash). */
  listUnsettled(): Promise<string[]>;
  /** Drops the relations marker once memberships and assignments have followed. */
  settle(id: string): Promise<void>;
}

/** What a member of a group is: a user or (nested) a group. */
export type MemberType = 'user' | 'group';

/** A member id with its type. */
export interface MemberEntry {
  id: string;
  type: MemberType;
}

/** Memberships of users and groups in groups, stored from both sides. */
export interface MembershipRepository {
  /** Adds (idempotently finishing an interrupted add); false when already a member. `memberType` defaults to user. */
  add(groupId: string, memberId: string, at: Date, memberType?: MemberType): Promise<boolean>;
  /** Removes (idempotently finishing an interrupted removal); false when not a member. */
  remove(groupId: string, memberId: string): Promise<boolean>;
  isMember(groupId: string, memberId: string): Promise<boolean>;
  /** Member ids of a group, a page at a time. */
  listMembers(groupId: string, page: { top: number; continuationToken?: string | undefined }): Promise<Page<string>>;
  /** Members with their type, a page at a time; `type` keeps one kind (filtered by storage). */
  listMemberEntries(groupId: string, page: { top: number; continuationToken?: string | undefined }, type?: MemberType): Promise<Page<MemberEntry>>;
  /** The groups that are direct members of a group (an index read: the group's users are not read). */
  listSubgroups(groupId: string): Promise<string[]>;
  /** Group ids of a member, a page at a time. */
  listGroupsOf(memberId: string, page: { top: number; continuationToken?: string | undefined }): Promise<Page<string>>;
  /** Which of `groupIds` the member belongs to (point reads, in the given order). */
  checkGroups(memberId: string, groupIds: readonly string[]): Promise<string[]>;
  /** Removes every membership of a group (group deletion); idempotent. */
  removeAllOfGroup(groupId: string): Promise<void>;
  /** Removes a member from every group it is in (a nested group's deletion); idempotent. */
  removeAllOfMember(memberId: string): Promise<void>;
  /** Hides every membership of a group (its soft delete); idempotent. */
  hideAllOfGroup(groupId: string): Promise<void>;
  /** Brings back the group's hidden memberships of members `keep` accepts (live users); idempotent. */
  showAllOfGroup(groupId: string, keep: (memberId: string) => Promise<boolean>): Promise<void>;
}

/**
 * Owners of groups (users), stored from both sides like memberships and with the same guarantees:
 * every change is idempotent and a crash between its writes is finished by repeating it.
 */
export interface OwnershipRepository {
  /** Adds (idempotently finishing an interrupted add); false when already an owner. */
  add(groupId: string, ownerId: string, at: Date): Promise<boolean>;
  /** Removes (idempotently finishing an interrupted removal); false when not an owner. */
  remove(groupId: string, ownerId: string): Promise<boolean>;
  isOwner(groupId: string, ownerId: string): Promise<boolean>;
  /** Owner ids of a group, a page at a time. */
  listOwners(groupId: string, page: { top: number; continuationToken?: string | undefined }): Promise<Page<string>>;
  /** Ids of the groups a user owns, a page at a time. */
  listOwnedGroups(ownerId: string, page: { top: number; continuationToken?: string | undefined }): Promise<Page<string>>;
  /** Removes every owner of a group (group deletion); idempotent. */
  removeAllOfGroup(groupId: string): Promise<void>;
}

/** Queue of full re-evaluations: one message per page of users. */
export interface EvaluationQueue {
  enqueue(message: EvaluationMessage): Promise<void>;
}

/** One page of a full re-evaluation of a dynamic group: the `group-evaluation` queue message, checked when it is received. */
export const evaluationMessageSchema = z.object({
  groupId: z.string().min(1),
  ruleVersion: z.number().int().min(1),
  /** Continuation token of the users page; '' for the first. */
  page: z.string(),
});
export type EvaluationMessage = z.infer<typeof evaluationMessageSchema>;

/** Who caused a change, for the audit log. */
export type { AuditInitiator } from '../audit';

/** What the group use cases need. */
export interface GroupDeps {
  groups: GroupRepository;
  memberships: MembershipRepository;
  owners: OwnershipRepository;
  users: UserDirectory;
  evaluations: EvaluationQueue;
  audit: AuditLog;
  /**
   * What else a group's deletion removes (its app role assignments): `principalPurged(groupId)` is
   * run, idempotently, before the group row goes; a Microsoft 365 group's soft delete and restore
   * run the other two when the lifecycle has them.
   */
  groupLifecycles?: readonly (Pick<PrincipalLifecycle, 'principalPurged'> & Partial<PrincipalLifecycle>)[];
  /** Where deleted Microsoft 365 groups wait 30 days; without it every group is deleted for good. */
  recycleBin?: GroupRecycleBin;
  now(): Date;
  newId(): string;
}
