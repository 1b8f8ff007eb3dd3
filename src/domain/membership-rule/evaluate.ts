import type { RuleAst, RuleNode, RuleOperand } from './ast';
import { matchPattern } from './pattern/match-pattern';
import { propertyKind, type RuleSubject, type UserPropertyName } from './properties';

type Condition = Extract<RuleNode, { type: 'text' | 'match' | 'in' }>;

/** Entra compares strings case-insensitively. */
function fold(text: string): string {
  return text.toLowerCase();
}

/** A string property's value; empty strings count as null (Entra stores no empty attributes). */
function textOf(user: RuleSubject, name: UserPropertyName): string | null {
  const value = user[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

function isCollection(name: UserPropertyName): boolean {
  return propertyKind(name) === 'stringCollection';
}

function itemsOf(user: RuleSubject, name: UserPropertyName): string[] {
  const value = user[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

/** The un-negated test of a condition against one text (`-ne` is tested as `-eq`, then negated). */
function holds(node: Condition, text: string): boolean {
  const actual = fold(text);
  switch (node.type) {
    case 'match':
      return matchPattern(node.pattern, text);
    case 'in':
      return node.values.some((value) => fold(value) === actual);
    case 'text': {
      const value = fold(node.value);
      switch (node.operator) {
        case 'eq':
        case 'ne':
          return actual === value;
        case 'startsWith':
        case 'notStartsWith':
          return actual.startsWith(value);
        case 'endsWith':
        case 'notEndsWith':
          return actual.endsWith(value);
        case 'contains':
        case 'notContains':
          return actual.includes(value);
      }
    }
  }
}

const NEGATED: ReadonlySet<string> = new Set(['ne', 'notStartsWith', 'notEndsWith', 'notContains', 'notMatch', 'notIn']);

/**
 * A condition on a string holds when its test passes; a negated one when it does not, so a null
 * value satisfies every negated operator (`user.department -ne "Sales"` includes users with no
 * department). On a multi-valued property the test passes if any item passes.
 */
function evaluateCondition(node: Condition, user: RuleSubject, item: string | undefined): boolean {
  const subject: RuleOperand = node.subject;
  let passed: boolean;
  if (subject.kind === 'item') {
    passed = item !== undefined && holds(node, item);
  } else if (isCollection(subject.name)) {
    passed = itemsOf(user, subject.name).some((value) => holds(node, value));
  } else {
    const text = textOf(user, subject.name);
    passed = text !== null && holds(node, text);
  }
  return NEGATED.has(node.operator) ? !passed : passed;
}

function evaluate(node: RuleNode, user: RuleSubject, item: string | undefined): boolean {
  switch (node.type) {
    case 'and':
      return evaluate(node.left, user, item) && evaluate(node.right, user, item);
    case 'or':
      return evaluate(node.left, user, item) || evaluate(node.right, user, item);
    case 'not':
      return !evaluate(node.operand, user, item);
    case 'boolean': {
      const value = user[node.property];
      return (value === node.value) === (node.operator === 'eq');
    }
    case 'null': {
      const isNull = isCollection(node.property) ? itemsOf(user, node.property).length === 0 : textOf(user, node.property) === null;
      return isNull === (node.operator === 'eq');
    }
    case 'quantified': {
      const items = itemsOf(user, node.property);
      // -all over no items holds, as Entra's `-all (… -eq null)` "has no plans" example relies on.
      const test = (value: string) => evaluate(node.predicate, user, value);
      return node.quantifier === 'any' ? items.some(test) : items.every(test);
    }
    default:
      return evaluateCondition(node, user, item);
  }
}

/**
 * Whether a user satisfies a parsed rule. Pure and total: missing properties count as null, and a
 * value of the wrong type for its property (say a boolean in `department`) also counts as null.
 */
export function evaluateMembershipRule(rule: RuleAst, user: RuleSubject): boolean {
  return evaluate(rule, user, undefined);
}
