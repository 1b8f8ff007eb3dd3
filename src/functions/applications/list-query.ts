import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { settings, skipTokenKey } from '../../deps';
import { applicationStore } from '../../deps/openid-provider';
import type { Application } from '../../domain/applications/application';
import { Failure } from '../../domain/errors';
import { matchesFilter } from '../../domain/query/evaluate-filter';
import { matchesSearch } from '../../domain/query/search';
import { countResponse, listResponse, odataFailure } from '../../http/list';
import { parseAdvancedListQuery, readSkipToken, type AdvancedListQuery, type AdvancedListQuerySpec, type PropertySpec, type SkipTokenState } from '../../http/odata';
import { wireApplication } from './wire';

/**
 * `GET /applications` and `/applications/$count` with Graph's query options: `$filter`, `$search`,
 * `$orderby=displayName`, `$count=true` and `/$count`, gated as Graph gates them
 * (`ConsistencyLevel: eventual` for `$search`, `/$count`, `$filter` with `$orderby`, `ne`, `not`,
 * `endsWith`).
 *
 * Applications in a tenant are few, and the store keeps no index per property: a request with
 * one of these options reads the registrations once, up to `MAX_APPLICATIONS_EVALUATED`, and
 * evaluates the query over them; a tenant with more is refused with a 400 that says so, never cut
 * short. A request without them reads exactly one storage page, as before.
 */
export const MAX_APPLICATIONS_EVALUATED = 5000;

const text = (...extra: PropertySpec['operators']): PropertySpec => ({ type: { kind: 'string' }, operators: ['eq', 'ne', 'startsWith', 'endsWith', 'in', ...extra] });

export const applicationsQuery: AdvancedListQuerySpec = {
  resource: 'Application',
  entityType: 'microsoft.graph.application',
  filterable: {
    id: { type: { kind: 'guid' }, operators: ['eq', 'ne', 'in'] },
    appId: { type: { kind: 'guid' }, operators: ['eq', 'ne', 'in'] },
    displayName: text(),
    description: text(),
    signInAudience: text(),
    publisherDomain: text(),
    identifierUris: { type: { kind: 'stringCollection' }, operators: ['eq', 'startsWith'] },
  },
  selectable: [
    'id', 'appId', 'displayName', 'description', 'signInAudience', 'publisherDomain', 'identifierUris', 'appRoles', 'web', 'spa', 'publicClient',
    'requiredResourceAccess', 'groupMembershipClaims', 'optionalClaims', 'passwordCredentials', 'keyCredentials', 'createdDateTime', 'deletedDateTime',
  ],
  defaultPageSize: 100,
  sortable: { displayName: 'default' },
  searchable: ['displayName', 'description'],
};

/** `$filter=owners/$count eq 0`: applications have no owners relationship in Gatehouse, so counts of it are refused by name. */
function refuseRelationshipCounts(request: HttpRequest): void {
  for (const [name, value] of new URL(request.url).searchParams) {
    const counted = name.toLowerCase() === '$filter' ? /([A-Za-z]+)\s*\/\s*\$count/.exec(value) : null;
    if (counted) {
      throw new Failure('invalidRequest', `Filtering on '${counted[1]}/$count' is not supported on applications: Gatehouse keeps no '${counted[1]}' relationship on applications.`);
    }
  }
}

async function readAll(): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  let continuationToken: string | undefined;
  do {
    const page: { items: Application[]; continuationToken: string | undefined } = await applicationStore().list({ deleted: false, top: 500, continuationToken });
    all.push(...page.items.map((a) => wireApplication(a, settings().ORGANIZATION_INITIAL_DOMAIN)));
    if (all.length > MAX_APPLICATIONS_EVALUATED) {
      throw new Failure('unsupportedQuery', `$filter, $search, $orderby and $count on applications are evaluated over at most ${MAX_APPLICATIONS_EVALUATED} registrations, and this tenant has more. Page through the list without them.`);
    }
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return all;
}

function sortKey(item: Record<string, unknown>, property: string): string | undefined {
  const value = item[property];
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

function sortBy(items: Record<string, unknown>[], query: AdvancedListQuery): void {
  if (!query.orderBy) return;
  const { property, descending } = query.orderBy;
  items.sort((a, b) => {
    const [x, y] = [sortKey(a, property), sortKey(b, property)];
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    const order = x < y ? -1 : x > y ? 1 : 0;
    return descending ? -order : order;
  });
}

/** One page of `/applications` (or, with `countSegment`, its `/$count`). */
export async function answerApplicationList(request: HttpRequest, options: { countSegment?: boolean } = {}): Promise<HttpResponseInit> {
  const pagingKey = await skipTokenKey();
  refuseRelationshipCounts(request);
  const parsed = parseAdvancedListQuery(new URL(request.url).searchParams, request.headers, applicationsQuery, options);
  if (!parsed.ok) throw odataFailure(parsed.error);
  const query = parsed.value;
  let start: SkipTokenState | undefined;
  if (query.skipToken) {
    const token = readSkipToken(query.skipToken, pagingKey, query.queryHash);
    if (!token.ok) throw odataFailure(token.error);
    start = token.value;
  }
  const base = { request, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet: 'applications', query, pagingKey };

  if (!options.countSegment && !query.count && !query.orderBy && !query.filter && !query.search) {
    const continuationToken = start && 'continuation' in start ? start.continuation : undefined;
    const page = await applicationStore().list({ deleted: false, top: query.top, continuationToken });
    return listResponse({ ...base, items: page.items.map((a) => wireApplication(a, settings().ORGANIZATION_INITIAL_DOMAIN)), next: page.continuationToken ? { continuation: page.continuationToken } : undefined });
  }

  const { filter, search } = query;
  const all = (await readAll()).filter((item) => (!filter || matchesFilter(filter, item)) && (!search || matchesSearch(search, item)));
  if (options.countSegment) return countResponse(all.length);
  sortBy(all, query);
  const offset = start && 'offset' in start ? start.offset : 0;
  const items = all.slice(offset, offset + query.top);
  const next = offset + query.top < all.length ? { offset: offset + query.top } : undefined;
  return listResponse({ ...base, items, next, count: query.count ? all.length : undefined });
}
