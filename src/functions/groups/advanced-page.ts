import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { settings, skipTokenKey } from '../../deps';
import { Failure } from '../../domain/errors';
import { matchesFilter } from '../../domain/query/evaluate-filter';
import { matchesSearch } from '../../domain/query/search';
import { countResponse, listResponse, odataFailure } from '../../http/list';
import { isEventual, parseAdvancedListQuery, readSkipToken, type AdvancedListQuery, type AdvancedListQuerySpec, type PropertySpec, type SkipTokenState } from '../../http/odata';

/**
 * Advanced queries on relationship lists (`members`, `transitiveMembers`, `memberOf`,
 * `transitiveMemberOf` and their casts), as Graph gates them: `$filter`, `$search`, `$orderby`
 * and `$count` need `ConsistencyLevel: eventual` (without it, Graph's 400).
 *
 * These lists are read from membership rows, which carry no member properties, so a condition is
 * checked on the members a page reads:
 * - `$filter`/`$search` alone: each response reads at most `SCAN_PER_PAGE` rows from where the
 *   last one stopped and answers the matches among them (possibly fewer than `$top`, possibly
 *   none) with an `@odata.nextLink` that continues from the storage token. O(page), at the price
 *   of short pages on a sparse match.
 * - `$count=true`, `/$count` and `$orderby` need the whole list: it is read once per request up to
 *   `MAX_EVALUATED` members; a longer list is refused with a 400 that says so, never cut short.
 */
export const SCAN_PER_PAGE = 1000;
export const MAX_EVALUATED = 5000;
const MAX_READS_PER_PAGE = 20;

export type Read<T> = (page: { top: number; continuationToken: string | undefined }) => Promise<{ items: T[]; continuationToken: string | undefined }>;

const text = (...extra: PropertySpec['operators']): PropertySpec => ({ type: { kind: 'string' }, operators: ['eq', 'ne', 'startsWith', 'endsWith', 'in', ...extra] });

/** What `$filter`, `$search` and `$orderby` may name on a list of users and groups. */
export const directoryObjectQuery: Pick<AdvancedListQuerySpec, 'filterable' | 'sortable' | 'searchable'> = {
  filterable: {
    id: { type: { kind: 'guid' }, operators: ['eq', 'ne', 'in'] },
    displayName: text(),
    mail: text(),
    userPrincipalName: text(),
    mailNickname: text(),
    givenName: text(),
    surname: text(),
    jobTitle: text(),
    department: text(),
    userType: { type: { kind: 'enum', values: ['Member', 'Guest'] }, operators: ['eq', 'ne', 'in'] },
    accountEnabled: { type: { kind: 'boolean' }, operators: ['eq', 'ne'] },
    securityEnabled: { type: { kind: 'boolean' }, operators: ['eq', 'ne'] },
    mailEnabled: { type: { kind: 'boolean' }, operators: ['eq', 'ne'] },
    groupTypes: { type: { kind: 'stringCollection' }, operators: ['eq'] },
  },
  sortable: { displayName: 'default', userPrincipalName: 'default', mail: 'default' },
  searchable: ['displayName', 'mail', 'userPrincipalName', 'givenName', 'surname', 'description', 'mailNickname'],
};

/** `$filter=appRoleAssignments/$count gt 0`: counts of an object's own relationships are not kept per object, so they are refused by name. */
function refuseRelationshipCounts(request: HttpRequest): void {
  for (const [name, value] of new URL(request.url).searchParams) {
    const counted = name.toLowerCase() === '$filter' ? /([A-Za-z]+)\s*\/\s*\$count/.exec(value) : null;
    if (counted) throw new Failure('invalidRequest', `Filtering on '${counted[1]}/$count' is not supported on this list: Gatehouse keeps no per-object count of '${counted[1]}'.`);
  }
}

function matcher(query: AdvancedListQuery): (item: Record<string, unknown>) => boolean {
  const { filter, search } = query;
  return (item) => (!filter || matchesFilter(filter, item)) && (!search || matchesSearch(search, item));
}

function compareBy(property: string, descending: boolean) {
  const key = (item: Record<string, unknown>) => {
    const value = item[property];
    return typeof value === 'string' ? value.toLowerCase() : undefined;
  };
  return (a: Record<string, unknown>, b: Record<string, unknown>): number => {
    const [x, y] = [key(a), key(b)];
    // Objects without the property (groups have no userPrincipalName) sort last either way, as nulls do in Graph.
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    const order = x < y ? -1 : x > y ? 1 : 0;
    return descending ? -order : order;
  };
}

async function readAll<T>(read: Read<T>, wire: (item: T) => Record<string, unknown>, resource: string): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await read({ top: 500, continuationToken });
    all.push(...page.items.map(wire));
    if (all.length > MAX_EVALUATED) {
      throw new Failure('unsupportedQuery', `$count and $orderby on '${resource}' are evaluated over at most ${MAX_EVALUATED} objects, and this list has more. Page through it without them, or narrow it with $filter on a smaller group.`);
    }
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return all;
}

/**
 * Answers one page (or, with `countSegment`, the `/$count`) of a relationship list with the
 * advanced query options. A request without them reads exactly one storage page, as before.
 */
export async function advancedPage<T>(
  request: HttpRequest,
  spec: AdvancedListQuerySpec,
  entitySet: string,
  read: Read<T>,
  wire: (item: T) => Record<string, unknown>,
  options: { countSegment?: boolean } = {},
): Promise<HttpResponseInit> {
  const pagingKey = await skipTokenKey();
  refuseRelationshipCounts(request);
  const parsed = parseAdvancedListQuery(new URL(request.url).searchParams, request.headers, spec, options);
  if (!parsed.ok) throw odataFailure(parsed.error);
  const query = parsed.value;
  // Graph serves $filter on relationship lists only as an advanced query.
  if (query.filter && !isEventual(request.headers)) {
    throw new Failure('unsupportedQuery', "$filter on this relationship list needs the advanced query parameters: add the 'ConsistencyLevel: eventual' header (and $count=true). Refer to https://aka.ms/graph-docs/advanced-queries for more information");
  }
  let start: SkipTokenState | undefined;
  if (query.skipToken) {
    const token = readSkipToken(query.skipToken, pagingKey, query.queryHash);
    if (!token.ok) throw odataFailure(token.error);
    start = token.value;
  }
  const matches = matcher(query);
  const base = { request, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet, query, pagingKey };

  if (options.countSegment || query.count || query.orderBy) {
    const all = (await readAll(read, wire, entitySet)).filter(matches);
    if (options.countSegment) return countResponse(all.length);
    if (query.orderBy) all.sort(compareBy(query.orderBy.property, query.orderBy.descending));
    const offset = start && 'offset' in start ? start.offset : 0;
    const items = all.slice(offset, offset + query.top);
    const next = offset + query.top < all.length ? { offset: offset + query.top } : undefined;
    return listResponse({ ...base, items, next, count: query.count ? all.length : undefined });
  }

  let continuationToken = start && 'continuation' in start ? start.continuation : undefined;
  if (!query.filter && !query.search) {
    const page = await read({ top: query.top, continuationToken });
    return listResponse({ ...base, items: page.items.map(wire), next: page.continuationToken ? { continuation: page.continuationToken } : undefined });
  }
  const items: Record<string, unknown>[] = [];
  let scanned = 0;
  let reads = 0;
  do {
    // Never more rows than matches still wanted, so a page holds at most $top items.
    const page = await read({ top: Math.min(query.top - items.length, SCAN_PER_PAGE - scanned), continuationToken });
    scanned += page.items.length;
    reads++;
    items.push(...page.items.map(wire).filter(matches));
    continuationToken = page.continuationToken;
    // Pages that skipped hidden rows return fewer items than asked: the reads are bounded too.
  } while (continuationToken && items.length < query.top && scanned < SCAN_PER_PAGE && reads < MAX_READS_PER_PAGE);
  return listResponse({ ...base, items, next: continuationToken ? { continuation: continuationToken } : undefined });
}

/** Members lists (users and groups) with the advanced options. */
export const memberAdvancedSpec = (base: import('../../http/odata').ListQuerySpec): AdvancedListQuerySpec => ({ ...base, ...directoryObjectQuery });
