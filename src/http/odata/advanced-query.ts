import type { FilterNode } from '../../domain/query/filter-ast';
import type { OrderBy } from '../../domain/query/order';
import type { SearchNode } from '../../domain/query/search';
import { parseListQuery, type ListQuery } from './list-query';
import { parseOrderBy } from './orderby';
import { queryOptionsHash } from './paging';
import { err, ok, type Result } from './result';
import { parseSearch } from './search';
import type { ListQuerySpec } from './spec';

/**
 * Graph's advanced queries on directory lists (`ConsistencyLevel: eventual`). Use it in place of
 * `parseListQuery` on a list that an index serves (see storage/indexed-collection.ts):
 *
 * ```ts
 * const parsed = parseAdvancedListQuery(url.searchParams, request.headers, usersQuery);        // GET /users
 * const counted = parseAdvancedListQuery(url.searchParams, request.headers, usersQuery, { countSegment: true }); // GET /users/$count
 * ```
 *
 * The gate is Graph's: `$search` needs the header; `/$count` needs it (else Request_BadRequest
 * "$count is not currently supported."); `ne`, `not`, `endsWith`, `$filter` with `$orderby`, and
 * sorting by an `advanced` property need the header and `$count=true` (else
 * Request_UnsupportedQuery naming the operator); `$count=true` without the header is ignored, as
 * Graph ignores it.
 */
export interface AdvancedListQuerySpec extends ListQuerySpec {
  /** Properties `$orderby` accepts; `advanced` ones need the advanced query parameters. */
  readonly sortable: Readonly<Record<string, 'default' | 'advanced'>>;
  /** Properties `$search` terms may name. */
  readonly searchable: readonly string[];
}

export interface AdvancedListQuery extends ListQuery {
  readonly search?: SearchNode;
  readonly orderBy?: OrderBy;
  /** `$count=true` with the header: the response carries `@odata.count`. */
  readonly count: boolean;
}

const ADVANCED_HELP = 'Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information';

/** Operators of a filter that Graph serves only as advanced queries. */
export function advancedOperators(node: FilterNode | undefined): string[] {
  const found = new Set<string>();
  const visit = (n: FilterNode): void => {
    switch (n.type) {
      case 'and':
      case 'or':
        visit(n.left);
        visit(n.right);
        return;
      case 'not':
        found.add('not');
        visit(n.operand);
        return;
      case 'compare':
        if (n.operator === 'ne') found.add('ne');
        return;
      case 'function':
        if (n.name === 'endsWith') found.add('endsWith');
        return;
      case 'any':
        visit(n.predicate);
        return;
      case 'in':
        return;
    }
  };
  if (node) visit(node);
  return [...found];
}

/** Whether a request carries `ConsistencyLevel: eventual` (case-insensitive value). */
export function isEventual(headers: { get(name: string): string | null }): boolean {
  return (headers.get('consistencylevel') ?? '').trim().toLowerCase() === 'eventual';
}

/**
 * Reads `$filter`, `$select`, `$top`, `$skiptoken`, `$count`, `$orderby` and `$search` of a list
 * (or, with `countSegment`, of its `/$count`) and applies Graph's advanced-query gate.
 */
export function parseAdvancedListQuery(
  searchParams: URLSearchParams,
  headers: { get(name: string): string | null },
  spec: AdvancedListQuerySpec,
  options: { countSegment?: boolean } = {},
): Result<AdvancedListQuery> {
  const eventual = isEventual(headers);
  if (options.countSegment && !eventual) return err({ code: 'countNotSupported', message: '$count is not currently supported.' });
  const rest = new URLSearchParams();
  const own = new Map<string, string>();
  for (const [name, value] of searchParams) {
    const lower = name.toLowerCase();
    if (lower === '$count' || lower === '$orderby' || lower === '$search') {
      if (own.has(lower)) return err({ code: 'invalidQuery', message: `Query option '${lower}' is specified more than once.` });
      own.set(lower, value);
    } else rest.append(name, value);
  }
  const base = parseListQuery(rest, spec);
  if (!base.ok) return base;

  const countText = own.get('$count');
  if (countText !== undefined && !/^(true|false)$/i.test(countText.trim())) {
    return err({ code: 'invalidQuery', message: `Invalid value '${countText.slice(0, 20)}' for $count: use true or false.` });
  }
  const countRequested = countText?.trim().toLowerCase() === 'true';
  const advanced = eventual && (countRequested || options.countSegment === true);

  const searchText = own.get('$search');
  let search: SearchNode | undefined;
  if (searchText !== undefined) {
    if (!eventual) {
      return err({ code: 'advancedQueryRequired', message: "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'" });
    }
    const parsed = parseSearch(searchText, spec.searchable);
    if (!parsed.ok) return parsed;
    search = parsed.value;
  }

  const orderText = own.get('$orderby');
  let orderBy: OrderBy | undefined;
  if (orderText !== undefined) {
    const parsed = parseOrderBy(orderText, Object.keys(spec.sortable), spec.resource);
    if (!parsed.ok) return parsed;
    orderBy = parsed.value;
    const needsAdvanced = spec.sortable[orderBy.property] === 'advanced' || base.value.filter !== undefined || search !== undefined;
    if (needsAdvanced && !advanced) return err({ code: 'advancedQueryRequired', message: `Sorting not supported for current query. ${ADVANCED_HELP}` });
  }

  const [operator] = advancedOperators(base.value.filter);
  if (operator && !advanced) {
    return err({ code: 'advancedQueryRequired', message: `Operator '${operator}' is not supported because the required parameters might be missing. ${ADVANCED_HELP}` });
  }
  return ok({ ...base.value, queryHash: queryOptionsHash(searchParams), ...(search && { search }), ...(orderBy && { orderBy }), count: eventual && countRequested });
}
