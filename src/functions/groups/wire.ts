import { z } from 'zod';
import type { DirectoryUser } from '../../domain/directory/ports';
import type { Group } from '../../domain/groups/group';
import { MAX_CHECKED_GROUPS } from '../../domain/groups/manage-members';
import { MAX_RULE_LENGTH } from '../../domain/membership-rule';
import type { ListQuerySpec } from '../../http/odata';

/** Graph wire shapes of groups and membership requests (separate from the domain types). */

const groupTypes = z
  .array(z.string())
  .max(2)
  .superRefine((types, ctx) => {
    types.forEach((type, i) => {
      if (type === 'DynamicMembership') return;
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: type === 'Unified' ? "Microsoft 365 ('Unified') groups are not supported; only 'DynamicMembership' may be given." : `Unknown group type '${type.slice(0, 40)}'.`,
      });
    });
  })
  .transform((types) => (types.length > 0 ? (['DynamicMembership'] as const) : []).slice());

// Entra: at most 64 ASCII characters, none of @ ( ) \ [ ] " ; : < > , or space.
const mailNickname = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'must be ASCII without spaces')
  .regex(/^[^@()\\[\]";:<>,]+$/, 'must not contain @ ( ) \\ [ ] " ; : < > ,');

const fields = {
  displayName: z.string().trim().min(1).max(256),
  description: z.string().max(1024).nullable(),
  mailNickname,
  mailEnabled: z.literal(false, { message: 'mail-enabled groups are not supported; mailEnabled must be false' }),
  securityEnabled: z.boolean(),
  groupTypes,
  membershipRule: z.string().max(MAX_RULE_LENGTH).nullable(),
  membershipRuleProcessingState: z.enum(['On', 'Paused']).nullable(),
};

export const createGroupBody = z.object({
  displayName: fields.displayName,
  description: fields.description.optional(),
  mailNickname: fields.mailNickname,
  mailEnabled: fields.mailEnabled.optional(),
  securityEnabled: fields.securityEnabled,
  groupTypes: fields.groupTypes.optional(),
  membershipRule: fields.membershipRule.optional(),
  membershipRuleProcessingState: fields.membershipRuleProcessingState.optional(),
});

export const updateGroupBody = z
  .object({
    displayName: fields.displayName.optional(),
    description: fields.description.optional(),
    mailNickname: fields.mailNickname.optional(),
    mailEnabled: fields.mailEnabled.optional(),
    securityEnabled: fields.securityEnabled.optional(),
    groupTypes: fields.groupTypes.optional(),
    membershipRule: fields.membershipRule.optional(),
    membershipRuleProcessingState: fields.membershipRuleProcessingState.optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: 'at least one property must be given' });

function decodeSegment(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** `{"@odata.id": "https://…/directoryObjects/{id}"}` (or `…/users/{id}`): the member's id. */
export const memberRefBody = z
  .object({ '@odata.id': z.string().max(2048) })
  .transform((body, ctx) => {
    const match = /\/(?:directoryObjects|users)(?:\/([^/?#()']+)|\('([^/?#()']+)'\))\/?$/i.exec(body['@odata.id']);
    const id = decodeSegment(match?.[1] ?? match?.[2]);
    if (!id) {
      ctx.addIssue({ code: 'custom', path: ['@odata.id'], message: "must be a URL ending in /directoryObjects/{id} or /users/{id}" });
      return z.NEVER;
    }
    return { memberId: id.toLowerCase() };
  });

/** `{"@odata.id": "https://…/directoryObjects/{id}"}` (or `…/users/{id}`): the new owner's id. */
export const ownerRefBody = memberRefBody.transform(({ memberId }) => ({ ownerId: memberId }));

export const checkMemberGroupsBody = z.object({ groupIds: z.array(z.string().min(1).max(100)).min(1).max(MAX_CHECKED_GROUPS) });

// Object ids are GUIDs, which Graph matches case-insensitively; Gatehouse stores them lower-case.
const objectId = z.string().min(1).max(256).transform((id) => id.toLowerCase());
export const idParams = z.object({ id: objectId });
export const memberParams = z.object({ id: objectId, memberId: objectId });
export const ownerParams = z.object({ id: objectId, ownerId: objectId });

/** A group as Graph returns it. */
export function groupWire(group: Group): Record<string, unknown> {
  return {
    id: group.id,
    createdDateTime: group.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    description: group.description,
    displayName: group.displayName,
    groupTypes: group.groupTypes,
    mail: null,
    mailEnabled: group.mailEnabled,
    mailNickname: group.mailNickname,
    membershipRule: group.membershipRule,
    membershipRuleProcessingState: group.membershipRuleProcessingState,
    securityEnabled: group.securityEnabled,
  };
}

/** A group inside a directoryObject collection (`memberOf`). */
export const groupObjectWire = (group: Group): Record<string, unknown> => ({ '@odata.type': '#microsoft.graph.group', ...groupWire(group) });

/** A user inside a directoryObject collection (`members`). */
export function userObjectWire(user: DirectoryUser): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.user',
    id: user.id,
    displayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
    mail: user.mail,
    userType: user.userType,
    givenName: user.givenName,
    surname: user.surname,
    jobTitle: user.jobTitle,
    department: user.department,
    companyName: user.companyName,
    accountEnabled: user.accountEnabled,
  };
}

export const groupListSpec: ListQuerySpec = {
  resource: 'Group',
  entityType: 'microsoft.graph.group',
  filterable: {
    displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'in'] },
    mailNickname: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
    securityEnabled: { type: { kind: 'boolean' }, operators: ['eq', 'ne'] },
    mailEnabled: { type: { kind: 'boolean' }, operators: ['eq'] },
    groupTypes: { type: { kind: 'stringCollection' }, operators: ['eq'] },
  },
  selectable: ['id', 'createdDateTime', 'description', 'displayName', 'groupTypes', 'mail', 'mailEnabled', 'mailNickname', 'membershipRule', 'membershipRuleProcessingState', 'securityEnabled'],
  defaultPageSize: 100,
};

export const memberListSpec: ListQuerySpec = {
  resource: 'DirectoryObject',
  entityType: 'microsoft.graph.directoryObject',
  filterable: {},
  selectable: ['id', 'displayName', 'userPrincipalName', 'mail', 'userType', 'givenName', 'surname', 'jobTitle', 'department', 'companyName', 'accountEnabled'],
  defaultPageSize: 100,
};

export const memberOfListSpec: ListQuerySpec = {
  resource: 'DirectoryObject',
  entityType: 'microsoft.graph.directoryObject',
  filterable: {},
  selectable: groupListSpec.selectable,
  defaultPageSize: 100,
};
