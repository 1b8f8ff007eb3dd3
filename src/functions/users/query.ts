import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { settings, skipTokenKey, userListIndex } from '../../deps';
import type { FilterNode } from '../../domain/query/filter-ast';
import { planQuery } from '../../domain/query/plan';
import { fromUserIndexDocument, MANAGER_KEY, USER_INDEXES } from '../../domain/users/user-indexes';
import { USER_SELECTABLE } from '../../domain/users/user-wire';
import { readExpandNames } from '../../http/entity-query';
import { countResponse, listResponse, readAdvancedListQuery } from '../../http/list';
import type { AdvancedListQuerySpec, PropertySpec } from '../../http/odata';
import { withoutExpand } from '../groups/page';
import { userEntityQuery, withExpansions } from './entity';

const text = (...extra: PropertySpec['operators']): PropertySpec => ({ type: { kind: 'string' }, operators: ['eq', 'ne', 'startsWith', 'in', ...extra] });
const date: PropertySpec = { type: { kind: 'datetime' }, operators: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] };

/**
 * `$filter`, `$search`, `$orderby` and `$select` of GET /users, as Graph documents them for
 * directory objects: `ne`, `not` and `endsWith` (addresses only) need the advanced query
 * parameters; every property here is served from the list index (domain/users/user-indexes.ts).
 */
export const usersQuery: AdvancedListQuerySpec = {
  resource: 'User',
  entityType: 'microsoft.graph.user',
  filterable: {
    id: { type: { kind: 'guid' }, operators: ['eq', 'ne', 'in'] },
    userType: { type: { kind: 'enum', values: ['Member', 'Guest'] }, operators: ['eq', 'ne', 'in'] },
    externalUserState: { type: { kind: 'enum', values: ['PendingAcceptance', 'Accepted'] }, operators: ['eq', 'ne', 'in'] },
    creationType: { type: { kind: 'enum', values: ['Invitation', 'LocalAccount', 'EmailVerified', 'SelfServiceSignUp'] }, operators: ['eq', 'ne', 'in'] },
    accountEnabled: { type: { kind: 'boolean' }, operators: ['eq', 'ne'] },
    mail: text('endsWith'),
    userPrincipalName: text('endsWith'),
    displayName: text('ge', 'le'),
    givenName: text(),
    surname: text(),
    mailNickname: text(),
    jobTitle: text(),
    department: text(),
    companyName: text(),
    employeeId: text(),
    employeeType: text(),
    officeLocation: text(),
    city: text(),
    state: text(),
    country: text(),
    usageLocation: text(),
    preferredLanguage: text(),
    mobilePhone: text(),
    faxNumber: text(),
    createdDateTime: date,
    externalUserStateChangeDateTime: date,
    employeeHireDate: date,
    employeeLeaveDateTime: date,
    otherMails: { type: { kind: 'stringCollection' }, operators: ['eq', 'startsWith', 'endsWith'] },
    proxyAddresses: { type: { kind: 'stringCollection' }, operators: ['eq', 'startsWith', 'endsWith'] },
    businessPhones: { type: { kind: 'stringCollection' }, operators: ['eq'] },
    identities: {
      type: {
        kind: 'objectCollection',
        properties: {
          issuer: { type: { kind: 'string' }, operators: ['eq'] },
          issuerAssignedId: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
          signInType: { type: { kind: 'string' }, operators: ['eq'] },
        },
      },
      operators: [],
    },
  },
  selectable: USER_SELECTABLE,
  defaultPageSize: 100,
  sortable: { displayName: 'default', userPrincipalName: 'default', createdDateTime: 'advanced' },
  searchable: ['displayName', 'mail', 'userPrincipalName', 'givenName', 'surname'],
};

/** A page (or, with `countSegment`, the `/$count`) of live users matching the request's options and `scope`. */
export async function answerUserList(request: HttpRequest, entitySet: string, options: { countSegment?: boolean; scope?: FilterNode; map?: (user: Record<string, unknown>) => Record<string, unknown> } = {}): Promise<HttpResponseInit> {
  const key = await skipTokenKey();
  const expandText = new URL(request.url).searchParams.get('$expand');
  const expansions = expandText === null || options.countSegment ? [] : readExpandNames(expandText, userEntityQuery);
  const { query, position } = readAdvancedListQuery(withoutExpand(request), usersQuery, key, { countSegment: options.countSegment === true });
  const filter: FilterNode | undefined = options.scope ? (query.filter ? { type: 'and', left: options.scope, right: query.filter } : options.scope) : query.filter;
  const plan = planQuery(USER_INDEXES, { filter, search: query.search, orderBy: query.orderBy });
  if (!plan) throw new TypeError('every sortable user property has both index directions');
  if (options.countSegment) return countResponse(await userListIndex().count(plan));
  const page = await userListIndex().page(plan, { top: query.top, position });
  const map = options.map ?? ((u) => u);
  return listResponse({
    request, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet,
    // Expanded relationships survive the $select projection.
    query: query.select ? { ...query, select: [...query.select, ...expansions] } : query,
    items: await Promise.all(page.items.map((doc) => withExpansions(map(fromUserIndexDocument(doc)), { id: String(doc['id']), managerId: doc[MANAGER_KEY] as string | null }, expansions))),
    next: page.next ? { continuation: page.next } : undefined, pagingKey: key,
    count: query.count ? await userListIndex().count(plan) : undefined,
  });
}
