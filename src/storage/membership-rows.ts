import { z } from 'zod';
import { encodeKey } from './keys';

/**
 * Layout of the `GroupMemberships` table. Every membership is stored twice, so each read is a
 * point or range read:
 *
 * | side    | PartitionKey     | RowKey     | columns                 |
 * |---------|------------------|------------|-------------------------|
 * | forward | `g\|{groupId}`   | memberId   | state, memberType, addedAt |
 * | reverse | `m\|{memberId}`  | groupId    | state                   |
 * | nested  | `s\|{groupId}`   | subgroupId | (none)                  |
 *
 * The forward row is the truth; the reverse row is an index that is trusted only when its state is
 * `active` or `hidden`. Both sides are written in a fixed order (reverse to `pending`, forward to its
 * final state — the commit point — then reverse to the same state), so a reader that finds a
 * `pending` reverse row asks the forward row, and a `pending` forward row is an add that has not
 * committed yet.
 */
export type MembershipState = 'pending' | 'active' | 'hidden';

/**
 * The `nested` rows list the groups among a group's members, so walking nested groups reads only
 * groups, never the users of a large group. They are an index, written before the forward row
 * commits a group member and deleted after it is removed: a reader trusts one only after a point
 * read of the forward row, so a row left by a crash is harmless (and `repair` deletes it).
 */
export const nestedPartition = (groupId: string): string => `s|${encodeKey(groupId)}`;

/** What a member is; rows written before nested groups existed are users. */
export type MemberType = 'user' | 'group';

export const forwardPartition = (groupId: string): string => `g|${encodeKey(groupId)}`;
export const reversePartition = (memberId: string): string => `m|${encodeKey(memberId)}`;

export const membershipRow = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  state: z.enum(['pending', 'active', 'hidden']),
  addedAt: z.coerce.date().optional(),
  memberType: z.enum(['user', 'group']).optional(),
});
export type MembershipRow = z.infer<typeof membershipRow>;

/** The write steps of one membership change, named for crash-injection tests. */
export type MembershipStep =
  | 'forward-pending'
  | 'reverse-pending'
  | 'forward-committed'
  | 'reverse-committed'
  | 'forward-deleted'
  | 'reverse-deleted';

/** Hook run after each write step; a test throws from it to simulate a crash between writes. */
export type AfterStep = (step: MembershipStep, groupId: string, memberId: string) => void | Promise<void>;
