import { z } from 'zod';
import type { CompiledFilter } from '../../domain/query/filter-ast';
import { compileFilter } from './compile-filter';
import { queryOptionsHash } from './paging';
import { err, ok, type Result } from './result';
import { parseSelect } from './select';
import type { ListQuerySpec } from './spec';

/** The largest `$top` Graph accepts for directory lists. */
export const MAX_TOP = 999;

/** Query options of one list request, validated against the endpoint's spec. */
export interface ListQuery {
  readonly filter?: CompiledFilter;
  readonly select?: readonly string[];
  /** Page size: `$top`, or the spec's `defaultPageSize`. */
  readonly top: number;
  /** The raw `$skiptoken`; verify it with `readSkipToken(skipToken, key, queryHash)`. */
  readonly skipToken?: string;
  /** Digest of the query options, for `readSkipToken`. */
  readonly queryHash: string;
}

const SUPPORTED = new Set(['$filter', '$select', '$top', '$skiptoken']);
/** OData options Graph knows that Gatehouse does not implement; named as such in the error. */
const NOT_IMPLEMENTED = new Set(['$count', '$orderby', '$expand', '$search', '$skip', '$format', '$apply', '$compute', '$levels', '$deltatoken']);

const topSchema = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_TOP));

/** Parses `$top`: an integer 1..999 written in plain digits; anything else is `invalidTop`. */
export function parseTop(text: string): Result<number> {
  const parsed = topSchema.safeParse(text.trim());
  if (parsed.success) return ok(parsed.data);
  return err({
    code: 'invalidTop',
    message: `Invalid page size specified: '${text.slice(0, 20)}'. Must be between 1 and ${MAX_TOP} inclusive.`,
  });
}

/**
 * Reads the OData options of a list request. Option names match case-insensitively; parameters
 * without `$` are left alone (routing, function keys). Fails with `unsupportedQuery` for
 * `$count`, `$orderby` and other options this API does not implement or does not know,
 * `invalidQuery` for a repeated option, and the codes of `compileFilter`, `parseSelect` and
 * `parseTop`. The skip token is returned unverified together with the `queryHash` to check it.
 */
export function parseListQuery(searchParams: URLSearchParams, spec: ListQuerySpec): Result<ListQuery> {
  const options = new Map<string, string>();
  for (const [rawName, value] of searchParams) {
    const name = rawName.toLowerCase();
    if (!name.startsWith('$')) continue;
    if (!SUPPORTED.has(name)) {
      const why = NOT_IMPLEMENTED.has(name) ? 'is not supported by this API' : 'is not a known query option';
      return err({ code: 'unsupportedQuery', message: `Query option '${rawName.slice(0, 40)}' ${why}.` });
    }
    if (options.has(name)) return err({ code: 'invalidQuery', message: `Query option '${name}' is specified more than once.` });
    options.set(name, value);
  }

  const filterText = options.get('$filter');
  const filter = filterText === undefined ? undefined : compileFilter(filterText, spec);
  if (filter && !filter.ok) return filter;

  const selectText = options.get('$select');
  const select = selectText === undefined ? undefined : parseSelect(selectText, spec.selectable, spec.entityType);
  if (select && !select.ok) return select;

  const topText = options.get('$top');
  const top = topText === undefined ? ok(spec.defaultPageSize) : parseTop(topText);
  if (!top.ok) return top;

  const skipToken = options.get('$skiptoken');
  return ok({
    ...(filter && { filter: filter.value }),
    ...(select && { select: select.value }),
    top: top.value,
    ...(skipToken !== undefined && { skipToken }),
    queryHash: queryOptionsHash(searchParams),
  });
}
