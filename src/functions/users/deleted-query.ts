import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { deletedUserListIndex, settings, skipTokenKey } from '../../deps';
import { planQuery } from '../../domain/query/plan';
import { DELETED_USER_INDEXES } from '../../domain/users/user-indexes';
import { USER_SELECTABLE } from '../../domain/users/user-wire';
import { listResponse, readAdvancedListQuery } from '../../http/list';
import type { AdvancedListQuerySpec } from '../../http/odata';

/**
 * GET /directory/deletedItems/microsoft.graph.user served from the deleted users' index
 * (domain/users/user-indexes.ts): a page is a range read whatever the directory's size, with
 * `$count` and Graph's orderings (`displayName`, `userPrincipalName`, and `deletedDateTime` as an
 * advanced query).
 */
export const deletedUsersQuery: AdvancedListQuerySpec = {
  resource: 'User',
  entityType: 'microsoft.graph.user',
  filterable: {
    id: { type: { kind: 'guid' }, operators: ['eq', 'in'] },
    displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'in'] },
    userPrincipalName: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
    userType: { type: { kind: 'enum', values: ['Member', 'Guest'] }, operators: ['eq'] },
    deletedDateTime: { type: { kind: 'datetime' }, operators: ['gt', 'ge', 'lt', 'le'] },
  },
  selectable: USER_SELECTABLE,
  defaultPageSize: 100,
  sortable: { displayName: 'default', userPrincipalName: 'default', deletedDateTime: 'advanced' },
  searchable: ['displayName', 'userPrincipalName', 'mail'],
};

/**
 * A page of deleted users. As with GET /users, users deleted before the index existed join it when
 * the buildUserListIndex timer has run once (an upgraded deployment).
 */
export async function answerDeletedUserList(request: HttpRequest): Promise<HttpResponseInit> {
  const index = deletedUserListIndex();
  const key = await skipTokenKey();
  const { query, position } = readAdvancedListQuery(request, deletedUsersQuery, key);
  const plan = planQuery(DELETED_USER_INDEXES, { filter: query.filter, search: query.search, orderBy: query.orderBy });
  if (!plan) throw new TypeError('every sortable deleted-user property has both index directions');
  const page = await index.page(plan, { top: query.top, position });
  return listResponse({
    request, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet: 'directoryObjects', query,
    items: page.items.map((doc) => ({ '@odata.type': '#microsoft.graph.user', ...doc })),
    next: page.next ? { continuation: page.next } : undefined, pagingKey: key,
    count: query.count ? await index.count(plan) : undefined,
  });
}
