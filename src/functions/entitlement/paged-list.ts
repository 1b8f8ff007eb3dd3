import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import { settings, skipTokenKey } from '../../deps';
import type { ListSource, Where } from '../../domain/entitlement/ports';
import { Failure } from '../../domain/errors';
import { pathText, type CompiledFilter, type FilterNode } from '../../domain/query/filter-ast';
import { listResponse, odataFailure } from '../../http/list';
import { matchesFilter, parseListQuery, queryOptionsHash, readSkipToken, type ListQuerySpec } from '../../http/odata';
import { requireExpandable } from './common';

/**
 * A Graph list read page by page from index rows (`Collection.page`): the storage's own
 * continuation goes into `@odata.nextLink`, so a page costs the same whatever the table holds.
 * An equality in `$filter` on an indexed path picks that index; the rest of `$filter` is checked
 * on each entity of the page (a page may then hold fewer than `$top`, with a next link).
 * `$orderby` is accepted for the collection's own order; `$count=true` is answered from the
 * index rows when the index serves the whole `$filter`.
 */
export interface PagedListOptions {
  /** `$filter` path → index name, for `eq` clauses the index serves. */
  indexable?: Readonly<Record<string, string>>;
  /** The order every index of the collection keeps, as `$orderby` spells it (`displayName`, `createdDateTime desc`). */
  order?: string;
  expandable?: readonly string[];
}

/** Storage pages one request reads at most (sparse matches then continue on the next link). */
const MAX_STORAGE_PAGES = 8;
const state = z.object({ s: z.number().int().min(0), c: z.string().optional() });

/** A token of another list (same key, other shape) must read as invalid, not fail. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function indexClause(node: FilterNode, indexable: Readonly<Record<string, string>>): { where: Where; whole: boolean } | undefined {
  const clauses: FilterNode[] = [];
  const flatten = (n: FilterNode): void => (n.type === 'and' ? (flatten(n.left), flatten(n.right)) : void clauses.push(n));
  flatten(node);
  for (const clause of clauses) {
    if (clause.type !== 'compare' || clause.operator !== 'eq' || !('value' in clause.value)) continue;
    const index = indexable[pathText(clause.property)];
    if (index && (clause.value.kind === 'string' || clause.value.kind === 'guid')) return { where: { [index]: clause.value.value }, whole: clauses.length === 1 };
  }
  return undefined;
}

function checkOrder(raw: string | null, order: string | undefined): void {
  if (raw === null) return;
  const wanted = raw.trim().replace(/\s+/g, ' ').toLowerCase();
  const own = order?.toLowerCase();
  if (own && (wanted === own || (!own.endsWith(' desc') && wanted === `${own} asc`))) return;
  throw new Failure('invalidRequest', `Query option '$orderby' with '${raw.slice(0, 60)}' is not supported on this collection${order ? `; it supports '${order}'` : ''}.`);
}

function readCount(raw: string | null): boolean {
  if (raw === null) return false;
  const value = raw.trim().toLowerCase();
  if (value !== 'true' && value !== 'false') throw new Failure('invalidRequest', `Invalid value '${raw.slice(0, 20)}' for query option '$count'; use true or false.`);
  return value === 'true';
}

/**
 * Adds the filter's index key to a source: as its index when the source reads all, else as a
 * check after the source's own key. A source whose own key contradicts the filter reads nothing.
 */
function narrowed<T extends { id: string }>(source: ListSource<T>, where: Where | undefined): ListSource<T> | undefined {
  if (!where) return source;
  for (const [name, value] of Object.entries(where)) {
    const own = source.where[name];
    if (own !== undefined && own.toLowerCase() !== value?.toLowerCase()) return undefined;
  }
  return { ...source, where: { ...source.where, ...where } };
}

export async function listPaged<T extends { id: string }>(
  request: HttpRequest,
  spec: ListQuerySpec,
  entitySet: string,
  sources: readonly ListSource<T>[],
  filterView: (item: T) => Record<string, unknown>,
  wire: (item: T) => Record<string, unknown> | Promise<Record<string, unknown>>,
  options: PagedListOptions = {},
): Promise<HttpResponseInit> {
  requireExpandable(request, options.expandable ?? [], spec.entityType);
  const raw = new URL(request.url).searchParams;
  checkOrder(raw.get('$orderby'), options.order);
  const counted = readCount(raw.get('$count'));
  const params = new URLSearchParams(raw);
  for (const name of ['$expand', '$orderby', '$count']) params.delete(name);
  const parsed = parseListQuery(params, spec);
  if (!parsed.ok) throw odataFailure(parsed.error);
  // The next link keeps every option as sent, so its token is bound to all of them.
  const query = { ...parsed.value, queryHash: queryOptionsHash(raw) };
  const pagingKey = await skipTokenKey();
  let at: z.infer<typeof state> = { s: 0 };
  if (query.skipToken) {
    const start = readSkipToken(query.skipToken, pagingKey, query.queryHash);
    const decoded = start.ok && 'continuation' in start.value ? state.safeParse(parseJson(start.value.continuation)) : undefined;
    if (!decoded?.success) throw odataFailure({ code: 'invalidSkipToken', message: 'The $skiptoken is invalid, expired or does not belong to this query.' });
    at = decoded.data;
  }
  const index = query.filter ? indexClause(query.filter, options.indexable ?? {}) : undefined;
  const reading = sources.map((s) => narrowed(s, index?.where)).filter((s): s is ListSource<T> => s !== undefined);
  const keep = (source: ListSource<T>, item: T): boolean => (!source.keep || source.keep(item)) && (!query.filter || matchesFilter(query.filter as CompiledFilter, filterView(item)));

  const found: T[] = [];
  let next: typeof at | undefined = at;
  for (let round = 0; round < MAX_STORAGE_PAGES && next && next.s < reading.length && found.length < query.top; round++) {
    const source = reading[next.s] as ListSource<T>;
    const page = await source.collection.page(source.where, { top: query.top - found.length, continuation: next.c });
    found.push(...page.items.filter((item) => keep(source, item)));
    next = page.continuation ? { s: next.s, c: page.continuation } : next.s + 1 < reading.length ? { s: next.s + 1 } : undefined;
    // One storage page per request once something was found, so the time per page stays bounded.
    if (page.continuation && found.length > 0) break;
  }
  const items = await Promise.all(found.map(wire));
  const response = listResponse({
    request, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet: `identityGovernance/entitlementManagement/${entitySet}`, query, items,
    next: next && next.s < reading.length ? { continuation: JSON.stringify(next) } : undefined, pagingKey,
  });
  if (!counted) return response;
  if ((query.filter && !index?.whole) || reading.some((s) => s.keep || Object.keys(s.where).length > 1)) throw new Failure('invalidRequest', "Query option '$count' is supported on this collection without $filter or with one equality on an indexed property.");
  const counts = await Promise.all(reading.map((s) => s.collection.count(s.where)));
  const body = response.jsonBody as Record<string, unknown>;
  const { value, ...rest } = body;
  return { ...response, jsonBody: { ...rest, '@odata.count': counts.reduce((a, b) => a + b, 0), value } };
}
