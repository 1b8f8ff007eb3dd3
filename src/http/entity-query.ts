import type { HttpRequest } from '@azure/functions';
import { Failure } from '../domain/errors';
import { parseSelect } from './odata';

/** What a single-entity GET (`/users/{id}`, `/organization/{id}`, …) lets clients ask for. */
export interface EntityQuerySpec {
  /** OData type in error messages: `microsoft.graph.user`. */
  readonly entityType: string;
  readonly selectable: readonly string[];
  /** Relationships `$expand` may name (matched case-insensitively, returned in this spelling). */
  readonly expandable?: readonly string[];
}

export interface EntityQuery {
  readonly select?: readonly string[];
  readonly expand: readonly string[];
}

/**
 * Reads `$select` and `$expand` of a single-entity GET. Anything else with a `$` (`$filter`,
 * `$top`, …), an unknown property or relationship, or options inside `$expand(…)` is a 400 that
 * names it, never silently ignored.
 */
export function readEntityQuery(request: HttpRequest, spec: EntityQuerySpec): EntityQuery {
  let select: string[] | undefined;
  let expand: string[] = [];
  for (const [name, value] of new URL(request.url).searchParams) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('$')) continue;
    if (lower === '$select') {
      const parsed = parseSelect(value, spec.selectable, spec.entityType);
      if (!parsed.ok) throw new Failure('invalidRequest', parsed.error.message, { details: [{ target: '$select', message: 'unknown property' }] });
      select = parsed.value;
    } else if (lower === '$expand') {
      expand = readExpandNames(value, spec);
    } else {
      throw new Failure('invalidRequest', `Query option '${name.slice(0, 40)}' is not supported on a single ${spec.entityType.replace('microsoft.graph.', '')}.`, {
        details: [{ target: name.slice(0, 40), message: 'not supported here' }],
      });
    }
  }
  return { ...(select && { select }), expand };
}

/**
 * The relationships a `$expand` value names, in the spelling of `spec.expandable`. An unknown
 * relationship, or options inside `$expand(…)`, is a 400 that names it.
 */
export function readExpandNames(value: string, spec: EntityQuerySpec): string[] {
  const names: string[] = [];
  for (const part of value.split(',').map((p) => p.trim())) {
    const known = (spec.expandable ?? []).find((r) => r.toLowerCase() === part.toLowerCase());
    if (!known) {
      const nested = part.includes('(');
      const message = nested
        ? `Query options inside $expand ('${part.slice(0, 60)}') are not supported by this API.`
        : `Parsing OData Select and Expand failed: Could not find a navigation property named '${part.slice(0, 60)}' on type '${spec.entityType}'${spec.expandable?.length ? ` (expandable: ${spec.expandable.join(', ')})` : ''}.`;
      throw new Failure('invalidRequest', message, { details: [{ target: '$expand', message: part.slice(0, 60) }] });
    }
    if (!names.includes(known)) names.push(known);
  }
  return names;
}
