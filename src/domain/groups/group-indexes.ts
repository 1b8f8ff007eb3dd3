import { z } from 'zod';
import type { IndexDefinition } from '../query/index-keys';
import type { IndexCatalog } from '../query/plan';
import type { Group } from './group';

const byId: IndexDefinition = { name: 'id', property: 'id', kind: 'value' };

/**
 * The indexes that serve GET /groups (see domain/query/plan.ts): equality, prefixes and order on
 * displayName and mailNickname, `$search` words of displayName and description, the type and
 * flag filters of the documented examples, and creation order. Renaming one means re-indexing.
 */
export const GROUP_INDEXES: IndexCatalog = {
  defaultIndex: byId,
  indexes: [
    byId,
    { name: 'dn', property: 'displayName', kind: 'value' },
    { name: 'dnd', property: 'displayName', kind: 'descending' },
    { name: 'dnw', property: 'displayName', kind: 'words' },
    { name: 'desw', property: 'description', kind: 'words' },
    { name: 'mnn', property: 'mailNickname', kind: 'value' },
    { name: 'mnnd', property: 'mailNickname', kind: 'descending' },
    { name: 'gt', property: 'groupTypes', element: '', kind: 'value' },
    { name: 'se', property: 'securityEnabled', kind: 'value' },
    { name: 'me', property: 'mailEnabled', kind: 'value' },
    { name: 'mrps', property: 'membershipRuleProcessingState', kind: 'value' },
    { name: 'vis', property: 'visibility', kind: 'value' },
    { name: 'cre', property: 'createdDateTime', kind: 'value' },
    { name: 'cred', property: 'createdDateTime', kind: 'descending' },
  ],
};

/** A group as its index rows keep it: the filterable wire values plus what rebuilds the domain group. */
export function groupIndexDocument(group: Group): Record<string, unknown> {
  return {
    id: group.id,
    displayName: group.displayName,
    description: group.description,
    mailNickname: group.mailNickname,
    mailEnabled: group.mailEnabled,
    securityEnabled: group.securityEnabled,
    groupTypes: group.groupTypes,
    membershipRule: group.membershipRule,
    membershipRuleProcessingState: group.membershipRuleProcessingState,
    visibility: group.visibility ?? null,
    isAssignableToRole: group.isAssignableToRole ?? null,
    classification: group.classification ?? null,
    preferredDataLocation: group.preferredDataLocation ?? null,
    preferredLanguage: group.preferredLanguage ?? null,
    theme: group.theme ?? null,
    createdDateTime: group.createdAt.toISOString(),
    ruleVersion: group.ruleVersion,
  };
}

const nullableText = z.string().nullable().optional().transform((v) => v ?? null);
const documentSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  description: nullableText,
  mailNickname: z.string(),
  mailEnabled: z.boolean(),
  securityEnabled: z.boolean(),
  groupTypes: z.array(z.enum(['Unified', 'DynamicMembership'])),
  membershipRule: nullableText,
  membershipRuleProcessingState: z.enum(['On', 'Paused']).nullable().optional().transform((v) => v ?? null),
  visibility: z.enum(['Public', 'Private', 'HiddenMembership']).nullable().optional().transform((v) => v ?? null),
  isAssignableToRole: z.boolean().nullable().optional().transform((v) => v ?? null),
  classification: nullableText,
  preferredDataLocation: nullableText,
  preferredLanguage: nullableText,
  theme: nullableText,
  createdDateTime: z.string(),
  ruleVersion: z.number().int(),
});

/** The group an index document holds (the document is written by `groupIndexDocument`). */
export function fromGroupIndexDocument(doc: Record<string, unknown>): Group {
  const { createdDateTime, ...rest } = documentSchema.parse(doc);
  return { ...rest, createdAt: new Date(createdDateTime) };
}
