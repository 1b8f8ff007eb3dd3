/**
 * What an endpoint lets clients filter and select. Specs are plain data written next to each
 * list endpoint, e.g. for `/users`:
 *
 * ```ts
 * const usersQuery: ListQuerySpec = {
 *   resource: 'User',
 *   entityType: 'microsoft.graph.user',
 *   filterable: {
 *     displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
 *     userType: { type: { kind: 'enum', values: ['Member', 'Guest'] }, operators: ['eq', 'ne', 'in'] },
 *     otherMails: { type: { kind: 'stringCollection' }, operators: ['eq', 'startsWith'] },
 *   },
 *   selectable: ['displayName', 'mail', 'userType', 'otherMails'],
 *   defaultPageSize: 100,
 * };
 * ```
 */

/** Operators and functions a property may be filtered with. `any()` is implied by a collection type. */
export type FilterOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'in' | 'startsWith' | 'endsWith' | 'contains';

/** Scalar kinds a filter literal is checked against. */
export type ScalarType =
  | { readonly kind: 'string' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'number' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'guid' }
  /** Values are matched case-insensitively and rewritten to the spelling given here. */
  | { readonly kind: 'enum'; readonly values: readonly string[] };

/** The type of a filterable property. */
export type PropertyType =
  | ScalarType
  /** A collection of strings such as `otherMails`; its `operators` apply to the elements inside `any()`. */
  | { readonly kind: 'stringCollection' }
  /** A collection of objects such as `identities`; filtered as `identities/any(i: i/issuer eq 'x')`. */
  | { readonly kind: 'objectCollection'; readonly properties: Readonly<Record<string, PropertySpec>> };

/**
 * One filterable property. On a string collection `operators` apply to its elements inside
 * `any()`; on an object collection they are unused (each nested property lists its own).
 */
export interface PropertySpec {
  readonly type: PropertyType;
  readonly operators: readonly FilterOperator[];
}

/** What `$filter` may use on one endpoint. */
export interface FilterSpec {
  /** Resource name used in error messages, as Graph words them: `'User'`. */
  readonly resource: string;
  /** Filterable properties keyed by path as written in `$filter`: `'initiatedBy/user/id'`. */
  readonly filterable: Readonly<Record<string, PropertySpec>>;
}

/** Everything `parseListQuery` needs to know about one list endpoint. */
export interface ListQuerySpec extends FilterSpec {
  /** OData type name used in `$select` errors: `'microsoft.graph.user'`. */
  readonly entityType: string;
  /** Properties `$select` may name (matched case-insensitively, returned in this spelling). */
  readonly selectable: readonly string[];
  /** Page size when `$top` is absent (Graph's default differs per endpoint, often 100). */
  readonly defaultPageSize: number;
}
