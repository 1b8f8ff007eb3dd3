import type { FilterNode } from '../query/filter-ast';
import type { IndexDefinition } from '../query/index-keys';
import type { IndexCatalog } from '../query/plan';
import type { User } from './user';
import { toGraphUser } from './user-wire';

/** Where a user's manager id sits in its index document (not a Graph property; removed before answering). */
export const MANAGER_KEY = '_managerId';

/** A user's document in the list index: its Graph shape plus the manager id (for directReports). */
export function userIndexDocument(user: User): Record<string, unknown> {
  return { ...toGraphUser(user), [MANAGER_KEY]: user.managerId?.toLowerCase() ?? null };
}

/** The Graph shape of an index document. */
export function fromUserIndexDocument(doc: Record<string, unknown>): Record<string, unknown> {
  const { [MANAGER_KEY]: _manager, ...user } = doc;
  return user;
}

const byId: IndexDefinition = { name: 'id', property: 'id', kind: 'value' };

/**
 * The indexes that serve GET /users (see domain/query/plan.ts): equality, prefixes and ranges on
 * the common properties, `endsWith` on the addresses (the guest query
 * `endsWith(userPrincipalName,'#EXT#@…')`), `$search` words, both sort directions of the sortable
 * properties, and the collections `any()` filters on. Renaming one means re-indexing.
 */
export const USER_INDEXES: IndexCatalog = {
  defaultIndex: byId,
  indexes: [
    byId,
    { name: 'dn', property: 'displayName', kind: 'value' },
    { name: 'dnd', property: 'displayName', kind: 'descending' },
    { name: 'dnw', property: 'displayName', kind: 'words' },
    { name: 'upn', property: 'userPrincipalName', kind: 'value' },
    { name: 'upnd', property: 'userPrincipalName', kind: 'descending' },
    { name: 'upnr', property: 'userPrincipalName', kind: 'reversed' },
    { name: 'upnw', property: 'userPrincipalName', kind: 'words' },
    { name: 'mail', property: 'mail', kind: 'value' },
    { name: 'mailr', property: 'mail', kind: 'reversed' },
    { name: 'mailw', property: 'mail', kind: 'words' },
    { name: 'om', property: 'otherMails', element: '', kind: 'value' },
    { name: 'omr', property: 'otherMails', element: '', kind: 'reversed' },
    { name: 'pa', property: 'proxyAddresses', element: '', kind: 'value' },
    { name: 'par', property: 'proxyAddresses', element: '', kind: 'reversed' },
    { name: 'idn', property: 'identities', element: 'issuerAssignedId', kind: 'value' },
    { name: 'ut', property: 'userType', kind: 'value' },
    { name: 'ext', property: 'externalUserState', kind: 'value' },
    { name: 'cre', property: 'createdDateTime', kind: 'value' },
    { name: 'cred', property: 'createdDateTime', kind: 'descending' },
    { name: 'gn', property: 'givenName', kind: 'value' },
    { name: 'sn', property: 'surname', kind: 'value' },
    { name: 'gnw', property: 'givenName', kind: 'words' },
    { name: 'snw', property: 'surname', kind: 'words' },
    { name: 'mnn', property: 'mailNickname', kind: 'value' },
    { name: 'eid', property: 'employeeId', kind: 'value' },
    { name: 'mgr', property: MANAGER_KEY, kind: 'value' },
  ],
};

/**
 * The indexes of the deleted users (GET /directory/deletedItems/microsoft.graph.user and the
 * 30-day purge): written from the user row with every change, like the live list's, so a page of
 * the recycle bin and the users due for purge are range reads. The document is the Graph shape
 * with `deletedDateTime`.
 */
export const DELETED_USER_INDEXES: IndexCatalog = {
  defaultIndex: byId,
  indexes: [
    byId,
    { name: 'dn', property: 'displayName', kind: 'value' },
    { name: 'dnd', property: 'displayName', kind: 'descending' },
    { name: 'dnw', property: 'displayName', kind: 'words' },
    { name: 'upn', property: 'userPrincipalName', kind: 'value' },
    { name: 'upnd', property: 'userPrincipalName', kind: 'descending' },
    { name: 'upnw', property: 'userPrincipalName', kind: 'words' },
    { name: 'mailw', property: 'mail', kind: 'words' },
    { name: 'ut', property: 'userType', kind: 'value' },
    { name: 'del', property: 'deletedDateTime', kind: 'value' },
    { name: 'deld', property: 'deletedDateTime', kind: 'descending' },
  ],
};

/** The filter `deletedDateTime lt {cutoff}` on the deleted users' index (the purge's due range). */
export function deletedBefore(cutoff: Date): FilterNode {
  return { type: 'compare', operator: 'lt', property: { segments: ['deletedDateTime'], position: 0 }, value: { kind: 'datetime', value: cutoff.toISOString(), position: 0 } };
}

/** The filter that selects a manager's direct reports in the list index. */
export function reportsOf(managerId: string): FilterNode {
  return { type: 'compare', operator: 'eq', property: { segments: [MANAGER_KEY], position: 0 }, value: { kind: 'string', value: managerId.toLowerCase(), position: 0 } };
}
