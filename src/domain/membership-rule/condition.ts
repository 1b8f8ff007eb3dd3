import { COMPARISON_OPERATORS, type MatchOperator, type RuleNode, type RuleOperand, type TextOperator } from './ast';
import { keywordOf, type Keyword, type TokenCursor } from './cursor';
import type { Token } from './lexer';
import { compileRulePattern } from './pattern/compile-pattern';
import { findUserProperty, propertyKind, USER_PROPERTIES, type PropertyKind, type UserPropertyName } from './properties';
import { clip } from './syntax-error';

/** Where a condition appears: at the top of a rule, or inside `-any (…)`/`-all (…)` testing `_`. */
export type Scope = 'user' | 'item';

interface Subject {
  readonly operand: RuleOperand;
  readonly kind: PropertyKind;
  readonly label: string;
}

const KIND_NAMES: Readonly<Record<PropertyKind, string>> = {
  string: 'a string property',
  boolean: 'a boolean property',
  stringCollection: 'a multi-valued property',
};

const OPERATOR_LIST = [...COMPARISON_OPERATORS, 'any', 'all'].map((name) => `-${name}`).join(', ');

function isLogical(keyword: Keyword): keyword is 'and' | 'or' | 'not' {
  return keyword === 'and' || keyword === 'or' || keyword === 'not';
}

function resolveSubject(cursor: TokenCursor, token: Token, scope: Scope): Subject {
  if (token.kind !== 'word') {
    cursor.expected(token, scope === 'item' ? "a condition on '_' such as _ -contains \"x\"" : 'a condition such as user.department -eq "Sales"');
  }
  const text = token.text;
  if (text === '_') {
    if (scope === 'user') cursor.fail(token, "'_' can only be used inside the parentheses of -any or -all");
    return { operand: { kind: 'item' }, kind: 'string', label: '_' };
  }
  const dot = text.indexOf('.');
  const prefix = dot < 0 ? '' : text.slice(0, dot).toLowerCase();
  const rest = text.slice(dot + 1);
  if (prefix === 'user') {
    if (scope === 'item') cursor.fail(token, `inside -any or -all a condition tests '_' (the current item), not '${clip(text)}'`);
    if (rest === '') cursor.fail(token, "expected a property name after 'user.'");
    const name = findUserProperty(rest);
    if (!name) {
      cursor.fail(token, `unknown user property '${clip(rest)}'; supported: ${Object.keys(USER_PROPERTIES).join(', ')}`);
    }
    return { operand: { kind: 'property', name }, kind: propertyKind(name), label: `user.${name}` };
  }
  if (prefix === 'device') cursor.fail(token, 'device rules are not supported; a rule can only test user properties (user.<property>)');
  const bare = dot < 0 ? findUserProperty(text) : undefined;
  if (bare) cursor.fail(token, `a property needs the 'user.' prefix: write user.${bare}`);
  return cursor.expected(token, 'a property such as user.department');
}

function parseList(cursor: TokenCursor, operator: Token): string[] {
  const open = cursor.next();
  if (open.kind !== 'lbracket') cursor.expected(open, `'[' to start the list of values after '${operator.text}'`);
  const values: string[] = [];
  for (;;) {
    const item = cursor.next();
    if (item.kind !== 'string') cursor.expected(item, 'a quoted string in the list');
    values.push(item.value ?? '');
    const separator = cursor.next();
    if (separator.kind === 'rbracket') return values;
    if (separator.kind !== 'comma') cursor.expected(separator, "',' or ']' in the list");
  }
}

function parseBoolean(cursor: TokenCursor, property: UserPropertyName, operator: Token, keyword: Keyword): RuleNode {
  if (keyword !== 'eq' && keyword !== 'ne') {
    cursor.fail(operator, `operator '${operator.text}' cannot be used with boolean property 'user.${property}'; use -eq or -ne with true or false`);
  }
  const value = cursor.next();
  const word = value.kind === 'word' ? value.text.toLowerCase() : '';
  if (word !== 'true' && word !== 'false') cursor.expected(value, `true or false after '${operator.text}'`);
  return { type: 'boolean', property, operator: keyword, value: word === 'true' };
}

function parseValue(cursor: TokenCursor, subject: Subject, operator: Token, keyword: TextOperator | MatchOperator): RuleNode {
  const value = cursor.next();
  const word = value.kind === 'word' ? value.text.toLowerCase() : '';
  if (word === 'null' || word === '$null') {
    if (subject.operand.kind === 'item') cursor.fail(value, "an item of a collection is never null; compare '_' with a quoted string");
    if (keyword !== 'eq' && keyword !== 'ne') cursor.fail(value, `null can only be compared with -eq or -ne, not with '${operator.text}'`);
    return { type: 'null', property: subject.operand.name, operator: keyword };
  }
  if (value.kind !== 'string') {
    cursor.expected(value, `${value.kind === 'word' ? 'a quoted string' : 'a value'} after '${operator.text}'`);
  }
  const text = value.value ?? '';
  if (keyword === 'match' || keyword === 'notMatch') {
    const pattern = compileRulePattern(text);
    if (!pattern.ok) {
      const { offset, message } = pattern.error;
      cursor.fail(value, `invalid regular expression after '${operator.text}': ${message} (at character ${offset + 1} of the pattern)`);
    }
    return { type: 'match', subject: subject.operand, operator: keyword, pattern: pattern.value };
  }
  return { type: 'text', subject: subject.operand, operator: keyword, value: text };
}

/**
 * Parses one `property operator value` condition, or `property -any|-all body`, checking that the
 * operator fits the property's kind. `parseBody` parses the body of `-any`/`-all` in item scope.
 */
export function parseCondition(cursor: TokenCursor, scope: Scope, parseBody: () => RuleNode): RuleNode {
  const subject = resolveSubject(cursor, cursor.next(), scope);
  const operator = cursor.next();
  const keyword = keywordOf(operator);
  if (operator.kind === 'operator' && keyword === undefined) {
    cursor.fail(operator, `unknown operator '${clip(operator.text)}'; use one of ${OPERATOR_LIST}`);
  }
  if (keyword === undefined || isLogical(keyword)) cursor.expected(operator, `an operator such as -eq, -contains or -in after '${subject.label}'`);
  if (keyword === 'any' || keyword === 'all') {
    if (subject.kind !== 'stringCollection' || subject.operand.kind !== 'property') {
      cursor.fail(operator, `'${operator.text}' needs a multi-valued property such as user.otherMails, but '${subject.label}' is ${KIND_NAMES[subject.kind]}`);
    }
    return { type: 'quantified', property: subject.operand.name, quantifier: keyword, predicate: parseBody() };
  }
  if (subject.kind === 'boolean' && subject.operand.kind === 'property') return parseBoolean(cursor, subject.operand.name, operator, keyword);
  if (keyword === 'in' || keyword === 'notIn') {
    return { type: 'in', subject: subject.operand, operator: keyword, values: parseList(cursor, operator) };
  }
  return parseValue(cursor, subject, operator, keyword);
}
