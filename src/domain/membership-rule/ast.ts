import type { RulePattern } from './pattern/compile-pattern';
import type { UserPropertyName } from './properties';

/**
 * The typed tree of a user membership rule. The parser has already checked every property and
 * that each operator fits its property's kind, so evaluation cannot fail. Trees carry no source
 * positions, so a printed and re-parsed rule is deep-equal to the original.
 */

/** Operators comparing text with one string value; the `not…`/`ne` ones are the negations. */
export type TextOperator = 'eq' | 'ne' | 'startsWith' | 'notStartsWith' | 'endsWith' | 'notEndsWith' | 'contains' | 'notContains';
export type MatchOperator = 'match' | 'notMatch';
export type ListOperator = 'in' | 'notIn';
export type EqualityOperator = 'eq' | 'ne';
export type Quantifier = 'any' | 'all';

/**
 * What a condition tests: a named user property, or `_`, the current item inside the body of
 * `-any`/`-all`.
 */
export type RuleOperand = { readonly kind: 'property'; readonly name: UserPropertyName } | { readonly kind: 'item' };

/** A boolean expression of the rule language. */
export type RuleNode =
  | { readonly type: 'text'; readonly subject: RuleOperand; readonly operator: TextOperator; readonly value: string }
  | { readonly type: 'match'; readonly subject: RuleOperand; readonly operator: MatchOperator; readonly pattern: RulePattern }
  | { readonly type: 'in'; readonly subject: RuleOperand; readonly operator: ListOperator; readonly values: readonly string[] }
  | { readonly type: 'null'; readonly property: UserPropertyName; readonly operator: EqualityOperator }
  | { readonly type: 'boolean'; readonly property: UserPropertyName; readonly operator: EqualityOperator; readonly value: boolean }
  | { readonly type: 'quantified'; readonly property: UserPropertyName; readonly quantifier: Quantifier; readonly predicate: RuleNode }
  | { readonly type: 'and'; readonly left: RuleNode; readonly right: RuleNode }
  | { readonly type: 'or'; readonly left: RuleNode; readonly right: RuleNode }
  | { readonly type: 'not'; readonly operand: RuleNode };

/** A whole parsed rule. */
export type RuleAst = RuleNode;

/** Every comparison operator, in its canonical spelling (`-notStartsWith`). */
export const COMPARISON_OPERATORS = [
  'eq',
  'ne',
  'startsWith',
  'notStartsWith',
  'endsWith',
  'notEndsWith',
  'contains',
  'notContains',
  'match',
  'notMatch',
  'in',
  'notIn',
] as const satisfies readonly (TextOperator | MatchOperator | ListOperator)[];

export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];
