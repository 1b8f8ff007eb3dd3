import { z } from 'zod';
import type { Group } from '../domain/groups/group';
import type { EvaluationProgress } from '../domain/groups/ports';
import { encodeKey } from './keys';
import { jsonColumn } from './table-kit';

/**
 * Layout of the `Groups` table: one partition, so a group, its dynamic-index row and its
 * mailNickname guard change together in one transaction.
 *
 * | RowKey              | what                                                             |
 * |---------------------|------------------------------------------------------------------|
 * | `g\|{groupId}`       | the group (lower-cased copies of displayName/mailNickname for $filter) |
 * | `d\|{groupId}`       | the dynamic index: rule, properties it reads, evaluation progress |
 * | `n\|{mailnickname}`  | uniqueness guard for mailNickname (lower case)                  |
 * | `x\|{groupId}`       | a deletion whose membership clean-up has not finished (for the sweep) |
 */
export const GROUPS_PARTITION = 'groups';
export const groupKey = (id: string): string => `g|${encodeKey(id)}`;
export const dynamicKey = (id: string): string => `d|${encodeKey(id)}`;
export const nicknameKey = (nickname: string): string => `n|${encodeKey(nickname.toLowerCase())}`;
export const deletingKey = (id: string): string => `x|${encodeKey(id)}`;
/** The recycle bin: one row per soft-deleted group, written in the transaction that deletes it. */
export const binKey = (id: string): string => `b|${encodeKey(id)}`;
/** When a deleted group is due to be purged (ISO time first, so a range read finds what is due). */
export const purgeDueKey = (purgeAt: Date, id: string): string => `p|${purgeAt.toISOString()}|${encodeKey(id)}`;
/** A group whose memberships and assignments still have to follow its deletion or restore. */
export const relationsKey = (id: string): string => `h|${encodeKey(id)}`;

/** A group's row states: listed, soft-deleted (in the recycle bin), or being removed for good. */
export type GroupLifecycle = 'live' | 'deleted' | 'deleting';

export const groupRow = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  id: z.string(),
  displayName: z.string(),
  description: z.string().optional(),
  mailNickname: z.string(),
  securityEnabled: z.boolean(),
  groupTypes: z.string(),
  membershipRule: z.string().optional(),
  membershipRuleProcessingState: z.enum(['On', 'Paused']).optional(),
  createdAt: z.coerce.date(),
  ruleVersion: z.number().int(),
  lifecycle: z.enum(['live', 'deleted', 'deleting']),
  deletedAt: z.coerce.date().optional(),
  purgeAt: z.coerce.date().optional(),
  mailEnabled: z.boolean().optional(),
  visibility: z.enum(['Public', 'Private', 'HiddenMembership']).optional(),
  isAssignableToRole: z.boolean().optional(),
  classification: z.string().optional(),
  preferredDataLocation: z.string().optional(),
  preferredLanguage: z.string().optional(),
  theme: z.string().optional(),
});

const optionalColumns = (group: Group) =>
  Object.fromEntries(
    (['visibility', 'isAssignableToRole', 'classification', 'preferredDataLocation', 'preferredLanguage', 'theme'] as const)
      .filter((key) => group[key] !== null && group[key] !== undefined)
      .map((key) => [key, group[key]]),
  );

export function toGroupEntity(group: Group, lifecycle: GroupLifecycle = 'live', bin?: { deletedAt: Date; purgeAt: Date }) {
  return {
    partitionKey: GROUPS_PARTITION,
    rowKey: groupKey(group.id),
    id: group.id,
    displayName: group.displayName,
    displayNameLower: group.displayName.toLowerCase(),
    ...(group.description !== null ? { description: group.description } : {}),
    mailNickname: group.mailNickname,
    mailNicknameLower: group.mailNickname.toLowerCase(),
    securityEnabled: group.securityEnabled,
    mailEnabled: group.mailEnabled,
    groupTypes: jsonColumn.write(group.groupTypes),
    ...optionalColumns(group),
    isDynamic: group.groupTypes.includes('DynamicMembership'),
    ...(group.membershipRule !== null ? { membershipRule: group.membershipRule } : {}),
    ...(group.membershipRuleProcessingState !== null ? { membershipRuleProcessingState: group.membershipRuleProcessingState } : {}),
    createdAt: group.createdAt,
    ruleVersion: group.ruleVersion,
    lifecycle,
    ...(bin ?? {}),
  };
}

export function fromGroupRow(row: z.infer<typeof groupRow>): Group {
  return {
    id: row.id,
    displayName: row.displayName,
    description: row.description ?? null,
    mailNickname: row.mailNickname,
    mailEnabled: row.mailEnabled ?? false,
    securityEnabled: row.securityEnabled,
    groupTypes: z.array(z.enum(['Unified', 'DynamicMembership'])).parse(jsonColumn.read(row.groupTypes) ?? []),
    visibility: row.visibility ?? null,
    isAssignableToRole: row.isAssignableToRole ?? null,
    classification: row.classification ?? null,
    preferredDataLocation: row.preferredDataLocation ?? null,
    preferredLanguage: row.preferredLanguage ?? null,
    theme: row.theme ?? null,
    membershipRule: row.membershipRule ?? null,
    membershipRuleProcessingState: row.membershipRuleProcessingState ?? null,
    createdAt: row.createdAt,
    ruleVersion: row.ruleVersion,
  };
}

export const dynamicRow = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  groupId: z.string(),
  membershipRule: z.string(),
  ruleProperties: z.string(),
  processingState: z.enum(['On', 'Paused']),
  ruleVersion: z.number().int(),
  nextPage: z.string(),
  evaluationDone: z.boolean(),
  progressAt: z.coerce.date(),
});

/** The dynamic-index row of a group whose rule (version) was just set: evaluation starts at page ''. */
export function toDynamicEntity(group: Group, ruleProperties: string[], at: Date) {
  return {
    partitionKey: GROUPS_PARTITION,
    rowKey: dynamicKey(group.id),
    groupId: group.id,
    membershipRule: group.membershipRule ?? '',
    ruleProperties: jsonColumn.write(ruleProperties),
    processingState: group.membershipRuleProcessingState ?? 'On',
    ruleVersion: group.ruleVersion,
    nextPage: '',
    evaluationDone: false,
    progressAt: at,
  };
}

export function fromDynamicRow(row: z.infer<typeof dynamicRow>, etag: string): EvaluationProgress {
  return {
    groupId: row.groupId,
    ruleVersion: row.ruleVersion,
    processingState: row.processingState,
    membershipRule: row.membershipRule,
    ruleProperties: z.array(z.string()).parse(jsonColumn.read(row.ruleProperties) ?? []),
    nextPage: row.evaluationDone ? undefined : row.nextPage,
    updatedAt: row.progressAt,
    etag,
  };
}
