import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { entitlementModule, settings, skipTokenKey } from '../../deps';
import type { EntitlementCaller } from '../../domain/entitlement/catalog-roles';
import type { Principal } from '../../domain/principal';
import { odataFailure, listResponse } from '../../http/list';
import { alias, type HttpRegistration } from '../../http/endpoint';
import { matchesFilter, parseListQuery, parseSelect, projectSelected, queryOptionsHash, readSkipToken, type ListQuerySpec } from '../../http/odata';
import { Failure } from '../../domain/errors';

/** Shared by the entitlement-management endpoints. */

export const BASE = 'v1.0/identityGovernance/entitlementManagement';
export const tags = ['entitlementManagement'];

/** Every operation here requires a caller, so the wrapper has authenticated one. */
export const callerOf = (principal: Principal | undefined): Promise<EntitlementCaller> => entitlementModule().describeCaller(principal as Principal);

export const context = (path: string): string => `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#identityGovernance/entitlementManagement/${path}`;

/** The names in `$expand` (top level only; nested options such as `($expand=role,scope)` are accepted and implied). */
export function expanded(request: HttpRequest): Set<string> {
  const raw = new URL(request.url).searchParams.get('$expand') ?? '';
  const names = new Set<string>();
  let depth = 0;
  let current = '';
  for (const ch of raw) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      names.add(current.trim());
      current = '';
    } else if (depth === 0 && ch !== ')') current += ch;
  }
  if (current.trim()) names.add(current.trim());
  return names;
}

/**
 * A Graph list over a small, fully read collection: `$filter` evaluated on `filterView` of each
 * item (which may carry navigation ids such as `catalog/id`), `$select`, `$top` and offset paging.
 * `$expand` is left to the endpoint.
 */
export async function listInMemory<T>(
  request: HttpRequest,
  spec: ListQuerySpec,
  entitySet: string,
  all: readonly T[],
  filterView: (item: T) => Record<string, unknown>,
  wire: (item: T) => Record<string, unknown> | Promise<Record<string, unknown>>,
  expandable: readonly string[] = [],
): Promise<HttpResponseInit> {
  requireExpandable(request, expandable, spec.entityType);
  const pagingKey = await skipTokenKey();
  const params = new URLSearchParams(new URL(request.url).searchParams);
  params.delete('$expand');
  const parsed = parseListQuery(params, spec);
  if (!parsed.ok) throw odataFailure(parsed.error);
  // The next link keeps `$expand` as sent, so its token is bound to it too.
  const query = { ...parsed.value, queryHash: queryOptionsHash(new URL(request.url).searchParams) };
  let offset = 0;
  if (query.skipToken) {
    const start = readSkipToken(query.skipToken, pagingKey, query.queryHash);
    if (!start.ok) throw odataFailure(start.error);
    offset = 'offset' in start.value ? start.value.offset : 0;
  }
  const matching = all.filter((item) => !query.filter || matchesFilter(query.filter, filterView(item)));
  const items = await Promise.all(matching.slice(offset, offset + query.top).map(wire));
  const next = offset + query.top < matching.length ? { offset: offset + query.top } : undefined;
  return listResponse({ request, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet: `identityGovernance/entitlementManagement/${entitySet}`, query, items, next, pagingKey });
}

/**
 * Registers an endpoint as its function; with `documentedRoute`, also at the second path Graph
 * documents for the same operation (function name + `Documented`, so Azure's alphabetical route
 * order keeps the same relative order as the primary names).
 */
export function register(registration: HttpRegistration, documentedRoute?: (route: string) => string): void {
  app.http(registration.name, registration);
  if (!documentedRoute) return;
  const second = alias(registration, `${registration.name}Documented`, documentedRoute(registration.route));
  app.http(second.name, second);
}

/** Refuses an `$expand` of a navigation property the endpoint does not expand, in Graph's wording. */
export function requireExpandable(request: HttpRequest, expandable: readonly string[], entityType: string): Set<string> {
  const names = expanded(request);
  const allowed = new Map(expandable.map((n) => [n.toLowerCase(), n]));
  const out = new Set<string>();
  for (const name of names) {
    const known = allowed.get(name.toLowerCase());
    if (!known) throw new Failure('invalidRequest', `Parsing OData Select and Expand failed: Could not find a navigation property named '${name.slice(0, 60)}' that can be expanded on type '${entityType}'.`);
    out.add(known);
  }
  return out;
}

/**
 * One entity as Graph returns it for `GET …/{id}`: `$select` keeps the named properties (plus
 * `id` and `@odata.*`), `$expand` names must be ones the endpoint expands; any other query option
 * is a 400 that names it.
 */
export function oneEntity(request: HttpRequest, spec: Pick<ListQuerySpec, 'selectable' | 'entityType'>, expandable: readonly string[], body: Record<string, unknown>): Record<string, unknown> {
  const params = new URL(request.url).searchParams;
  for (const name of params.keys()) {
    if (name.startsWith('$') && !['$select', '$expand'].includes(name.toLowerCase())) throw new Failure('invalidRequest', `Query option '${name.slice(0, 40)}' is not supported on a single entity.`);
  }
  requireExpandable(request, expandable, spec.entityType);
  const selectText = params.get('$select');
  if (selectText === null) return body;
  const select = parseSelect(selectText, [...spec.selectable, ...expandable], spec.entityType);
  if (!select.ok) throw odataFailure(select.error);
  const context = body['@odata.context'];
  const projected = projectSelected(body, [...select.value, ...expandable.filter((e) => expanded(request).has(e))]);
  return context === undefined ? projected : { '@odata.context': context, ...projected };
}
