import type { RuleAst, RuleNode } from './ast';
import type { UserPropertyName } from './properties';

function collect(node: RuleNode, into: Set<UserPropertyName>): void {
  switch (node.type) {
    case 'and':
    case 'or':
      collect(node.left, into);
      collect(node.right, into);
      return;
    case 'not':
      collect(node.operand, into);
      return;
    case 'quantified':
      into.add(node.property);
      collect(node.predicate, into);
      return;
    case 'boolean':
    case 'null':
      into.add(node.property);
      return;
    default:
      if (node.subject.kind === 'property') into.add(node.subject.name);
  }
}

/**
 * The user properties a rule reads, each once, in order of first appearance. A change to any
 * other property cannot change the rule's outcome, so the caller may skip re-evaluating it.
 */
export function describeRuleProperties(rule: RuleAst): UserPropertyName[] {
  const properties = new Set<UserPropertyName>();
  collect(rule, properties);
  return [...properties];
}
