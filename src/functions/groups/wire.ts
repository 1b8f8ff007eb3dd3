import { z } from 'zod';
import type { DirectoryUser } from '../../domain/directory/ports';
import type { Group } from '../../domain/groups/group';
import { MAX_CHECKED_GROUPS } from '../../domain/groups/manage-members';
import type { DirectoryObject } from '../../domain/groups/nesting';
import { refBody } from './refs';
import type { ListQuerySpec } from '../../http/odata';

/** Graph wire shapes of groups and membership requests (separate from the domain types); the bodies are in group-body.ts. */

/** `{"@odata.id": "…/directoryObjects/{id}"}` (or `/users/{id}`, `/groups/{id}`): the member to add. */
export const memberRefBody = refBody;

/** The same for a new owner. */
export const ownerRefBody = refBody.transform((ref) => ({ ownerId: ref.id }));

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
    visibility: group.visibility ?? null,
    isAssignableToRole: group.isAssignableToRole ?? null,
    classification: group.classification ?? null,
    preferredDataLocation: group.preferredDataLocation ?? null,
    preferredLanguage: group.preferredLanguage ?? null,
    theme: group.theme ?? null,
    proxyAddresses: [],
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: [],
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

/** A user or group inside a directoryObject collection. */
export const directoryObjectWire = (object: DirectoryObject): Record<string, unknown> => (object.type === 'user' ? userObjectWire(object.user) : groupObjectWire(object.group));

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
  selectable: [
    'id',
    'createdDateTime',
    'description',
    'displayName',
    'groupTypes',
    'mail',
    'mailEnabled',
    'mailNickname',
    'membershipRule',
    'membershipRuleProcessingState',
    'securityEnabled',
    'visibility',
    'isAssignableToRole',
    'classification',
    'preferredDataLocation',
    'preferredLanguage',
    'theme',
    'proxyAddresses',
    'resourceBehaviorOptions',
    'resourceProvisioningOptions',
  ],
  defaultPageSize: 100,
};

const USER_FREE_GROUP_PROPERTIES = ['description', 'groupTypes', 'mailEnabled', 'mailNickname', 'securityEnabled', 'visibility', 'membershipRule', 'createdDateTime'];

export const memberListSpec: ListQuerySpec = {
  resource: 'DirectoryObject',
  entityType: 'microsoft.graph.directoryObject',
  filterable: {},
  // Members are users and groups: either's properties may be selected (the other type shows null).
  selectable: ['id', 'displayName', 'userPrincipalName', 'mail', 'userType', 'givenName', 'surname', 'jobTitle', 'department', 'companyName', 'accountEnabled', ...USER_FREE_GROUP_PROPERTIES],
  defaultPageSize: 100,
};

export const memberOfListSpec: ListQuerySpec = {
  resource: 'DirectoryObject',
  entityType: 'microsoft.graph.directoryObject',
  filterable: {},
  selectable: groupListSpec.selectable,
  defaultPageSize: 100,
};
