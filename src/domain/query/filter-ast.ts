/**
 * The typed syntax tree of a `$filter` expression. Positions are 0-based character offsets into
 * the `$filter` text; they exist for error messages and play no part in evaluation.
 */

/** Comparison operators, all binary between a property and a literal. */
export type CompareOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** String functions of the Graph subset. */
export type FilterFunction = 'startsWith' | 'endsWith';

/**
 * A literal value. GUIDs are kept lowercase; datetimes are normalized to ISO-8601 UTC with
 * millisecond precision (`2024-01-01T00:00:00.000Z`), so finer fractions are truncated.
 */
export type Literal =
  | { readonly kind: 'string'; readonly value: string; readonly position: number }
  | { readonly kind: 'number'; readonly value: number; readonly position: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly position: number }
  | { readonly kind: 'null'; readonly position: number }
  | { readonly kind: 'guid'; readonly value: string; readonly position: number }
  | { readonly kind: 'datetime'; readonly value: string; readonly position: number };

/**
 * A property path such as `initiatedBy/user/id`. Inside an `any()` body the first segment is the
 * lambda variable (`i/issuer`, or just `m` for the element itself).
 */
export interface PropertyPath {
  readonly segments: readonly string[];
  readonly position: number;
}

/** A boolean expression of the `$filter` subset. */
export type FilterNode =
  | { readonly type: 'compare'; readonly operator: CompareOperator; readonly property: PropertyPath; readonly value: Literal }
  | { readonly type: 'in'; readonly property: PropertyPath; readonly values: readonly Literal[] }
  | { readonly type: 'function'; readonly name: FilterFunction; readonly property: PropertyPath; readonly value: Literal; readonly position: number }
  | { readonly type: 'any'; readonly collection: PropertyPath; readonly variable: string; readonly predicate: FilterNode }
  | { readonly type: 'and'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly type: 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly type: 'not'; readonly operand: FilterNode };

declare const compiled: unique symbol;

/**
 * A filter that `compileFilter` checked against an endpoint's spec: every property is allowed,
 * every literal fits its property's type, enum values are in their canonical spelling and GUIDs
 * written as strings are GUID literals. Only such filters may be sent to Table Storage.
 */
export type CompiledFilter = FilterNode & { readonly [compiled]: true };

/** The text of a path as written, e.g. `initiatedBy/user/id`. */
export function pathText(path: PropertyPath): string {
  return path.segments.join('/');
}
