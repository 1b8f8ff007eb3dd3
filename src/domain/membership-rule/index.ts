/**
 * Microsoft Entra dynamic membership rules for users: parse, check, evaluate, print. Pure: no
 * I/O, no clock.
 */
export type { ComparisonOperator, EqualityOperator, ListOperator, MatchOperator, Quantifier, RuleAst, RuleNode, RuleOperand, TextOperator } from './ast';
export { COMPARISON_OPERATORS } from './ast';
export { describeRuleProperties } from './describe';
export { evaluateMembershipRule } from './evaluate';
export { MAX_NESTING, parseMembershipRule } from './parser';
export { compileRulePattern, MAX_PATTERN_LENGTH, type RulePattern } from './pattern/compile-pattern';
export { printMembershipRule } from './print';
export { findUserProperty, USER_PROPERTIES, type PropertyKind, type RuleSubject, type UserPropertyName } from './properties';
export { MAX_RULE_LENGTH, type RuleSyntaxError } from './syntax-error';
