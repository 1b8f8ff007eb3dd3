import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { groupListIndex, settings, skipTokenKey } from '../../deps';
import { fromGroupIndexDocument, GROUP_INDEXES } from '../../domain/groups/group-indexes';
import { planQuery } from '../../domain/query/plan';
import { countResponse, listResponse, readAdvancedListQuery } from '../../http/list';
import type { AdvancedListQuerySpec, PropertySpec } from '../../http/odata';
import { expandGroup, readExpand } from './expand';
import { withoutExpand } from './page';
import { groupListSpec, groupWire } from './wire';

const text = (...extra: PropertySpec['operators']): PropertySpec => ({ type: { kind: 'string' }, operators: ['eq', 'ne', 'startsWith', 'in', ...extra] });

/**
 * `$filter`, `$search`, `$orderby`, `$count` and `$select` of GET /groups, as Graph documents
 * them for directory objects (`ne` and `not` need the advanced query parameters), served from the
 * list index (domain/groups/group-indexes.ts).
 */
export const groupsQuery: AdvancedListQuerySpec = {
  ...groupListSpec,
  filterable: {
    id: { type: { kind: 'guid' }, operators: ['eq', 'ne', 'in'] },
    displayName: text('ge', 'le'),
    mailNickname: text(),
    description: text(),
    securityEnabled: { type: { kind: 'boolean' }, operators: ['eq', 'ne'] },
    mailEnabled: { type: { kind: 'boolean' }, operators: ['eq', 'ne'] },
    groupTypes: { type: { kind: 'stringCollection' }, operators: ['eq'] },
    membershipRuleProcessingState: { type: { kind: 'enum', values: ['On', 'Paused'] }, operators: ['eq', 'ne'] },
    visibility: { type: { kind: 'enum', values: ['Public', 'Private', 'HiddenMembership'] }, operators: ['eq', 'ne'] },
    createdDateTime: { type: { kind: 'datetime' }, operators: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] },
  },
  sortable: { displayName: 'default', mailNickname: 'advanced', createdDateTime: 'advanced' },
  searchable: ['displayName', 'description'],
};

/** A page (or, with `countSegment`, the `/$count`) of live groups matching the request's options; `$expand` as on one group. */
export async function answerGroupList(request: HttpRequest, options: { countSegment?: boolean } = {}): Promise<HttpResponseInit> {
  const key = await skipTokenKey();
  const expansions = readExpand(request);
  const { query, position } = readAdvancedListQuery(withoutExpand(request), groupsQuery, key, { countSegment: options.countSegment === true });
  const plan = planQuery(GROUP_INDEXES, { filter: query.filter, search: query.search, orderBy: query.orderBy });
  if (!plan) throw new TypeError('every sortable group property has both index directions');
  if (options.countSegment) return countResponse(await groupListIndex().count(plan));
  const page = await groupListIndex().page(plan, { top: query.top, position });
  const groups = page.items.map(fromGroupIndexDocument);
  return listResponse({
    request,
    publicBaseUrl: settings().PUBLIC_BASE_URL,
    entitySet: 'groups',
    // Expanded relationships survive the $select projection.
    query: query.select ? { ...query, select: [...query.select, ...expansions] } : query,
    items: await Promise.all(groups.map((g) => expandGroup(g, groupWire(g), expansions))),
    next: page.next ? { continuation: page.next } : undefined,
    pagingKey: key,
    count: query.count ? await groupListIndex().count(plan) : undefined,
  });
}
