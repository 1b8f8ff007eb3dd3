/**
 * Expected failures of OData query parsing are values, not exceptions: every one carries a stable
 * `code` that the HTTP error table maps to a 400 response, and a message fit to show the client.
 */

/** Stable codes for rejected query options. All of them mean "400 Bad Request". */
export type ODataErrorCode =
  /** `$filter` is not well-formed or its values do not fit the property types. */
  | 'invalidFilter'
  /** `$filter` is well-formed but uses a property, operator or function this endpoint does not filter on. */
  | 'unsupportedFilter'
  /** `$select` names an unknown property or is malformed. */
  | 'invalidSelect'
  /** `$top` is not an integer in 1..999. */
  | 'invalidTop'
  /** A query option this API does not support (`$count`, `$orderby`, …) or does not know. */
  | 'unsupportedQuery'
  /** A query option is given twice. */
  | 'invalidQuery'
  /** `$skiptoken` was forged, damaged, or belongs to a different query. */
  | 'invalidSkipToken'
  /** An advanced query feature (`$search`, `ne`, `endsWith`, …) without `ConsistencyLevel: eventual` (and `$count=true`). Graph: Request_UnsupportedQuery. */
  | 'advancedQueryRequired'
  /** `/$count` without `ConsistencyLevel: eventual`. Graph: Request_BadRequest. */
  | 'countNotSupported';

/** A rejected query option. `position` (0-based character offset) is set for `$filter` errors. */
export interface ODataError {
  readonly code: ODataErrorCode;
  readonly message: string;
  readonly position?: number;
}

/** Success or an expected failure. */
export type Result<T, E = ODataError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Wraps a success. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Wraps an expected failure. */
export function err<E = ODataError>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
