import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { Failure } from '../domain/errors';
import { buildNextLink, matchesFilter, odataContext, parseAdvancedListQuery, parseListQuery, type AdvancedListQuery, type AdvancedListQuerySpec, projectSelected, readSkipToken, type CompiledFilter, type ListQuery, type ListQuerySpec, type ODataError, type SkipTokenState } from './odata';
import { json } from './endpoint';

/** An OData query error as a 400 Failure with Graph's wording and, where known, the position. */
export function odataFailure(error: ODataError): Failure {
  if (error.code === 'advancedQueryRequired') return new Failure('unsupportedQuery', error.message);
  if (error.code === 'countNotSupported') return new Failure('validationFailed', error.message);
  return new Failure('invalidRequest', error.message);
}

export interface ReadListQuery {
  query: ListQuery;
  /** Where the previous page stopped; undefined on the first page. */
  start: SkipTokenState | undefined;
}

/** Parses `$filter`/`$select`/`$top`/`$skiptoken` for a list endpoint; bad options are 400s. */
export function readListQuery(request: HttpRequest, spec: ListQuerySpec, pagingKey: Uint8Array): ReadListQuery {
  const parsed = parseListQuery(new URL(request.url).searchParams, spec);
  if (!parsed.ok) throw odataFailure(parsed.error);
  const query = parsed.value;
  if (!query.skipToken) return { query, start: undefined };
  const start = readSkipToken(query.skipToken, pagingKey, query.queryHash);
  if (!start.ok) throw odataFailure(start.error);
  return { query, start: start.value };
}

/** Where the previous page stopped as a storage continuation token (offset states are not used by table lists). */
export function continuationOf(start: SkipTokenState | undefined): string | undefined {
  return start && 'continuation' in start ? start.continuation : undefined;
}

/**
 * The check each returned item still needs when storage ran only part of `$filter` (`partial`),
 * applied to the item as the client sees it; always true when storage ran it all.
 */
export function residualFilter(filter: CompiledFilter | undefined, partial: boolean): (item: object) => boolean {
  return filter && partial ? (item) => matchesFilter(filter, item as Record<string, unknown>) : () => true;
}

/**
 * Parses a list served by an index (advanced queries: `$count`, `$orderby`, `$search` and Graph's
 * `ConsistencyLevel` gate; see http/odata/advanced-query.ts). `countSegment` for `…/$count`.
 */
export function readAdvancedListQuery(request: HttpRequest, spec: AdvancedListQuerySpec, pagingKey: Uint8Array, options: { countSegment?: boolean } = {}): { query: AdvancedListQuery; position: string | undefined } {
  const parsed = parseAdvancedListQuery(new URL(request.url).searchParams, request.headers, spec, options);
  if (!parsed.ok) throw odataFailure(parsed.error);
  const query = parsed.value;
  if (!query.skipToken) return { query, position: undefined };
  const start = readSkipToken(query.skipToken, pagingKey, query.queryHash);
  if (!start.ok) throw odataFailure(start.error);
  return { query, position: continuationOf(start.value) };
}

/** `GET …/$count`: the number as text/plain, as Graph answers it. */
export function countResponse(count: number): HttpResponseInit {
  return { status: 200, body: String(count), headers: { 'content-type': 'text/plain' } };
}

export interface ListPage {
  request: HttpRequest;
  publicBaseUrl: string;
  /** Entity set path for `@odata.context`, e.g. `users` or `groups('id')/members`. */
  entitySet: string;
  query: ListQuery;
  items: readonly Record<string, unknown>[];
  /** Where the next page starts; undefined on the last page. */
  next: SkipTokenState | undefined;
  pagingKey: Uint8Array;
  /** `@odata.count` (only when `$count=true` was honoured). */
  count?: number | undefined;
}

/** A Graph collection response: `@odata.context`, `value` (projected by `$select`), `@odata.nextLink`. */
export function listResponse(page: ListPage): HttpResponseInit {
  const body: Record<string, unknown> = {
    '@odata.context': odataContext(`${page.publicBaseUrl}/api/v1.0`, page.entitySet, page.query.select),
    ...(page.count !== undefined && { '@odata.count': page.count }),
    value: page.items.map((item) => (page.query.select ? projectSelected(item, page.query.select) : item)),
  };
  if (page.next) body['@odata.nextLink'] = buildNextLink(page.request.url, page.next, page.pagingKey);
  return json(200, body);
}
