import type { RuleAst, RuleNode, RuleOperand } from './ast';

/** A double-quoted string literal; backticks escape quotes and backticks, as Entra documents. */
export function printString(value: string): string {
  return `"${value.replace(/[`"]/g, (c) => `\`${c}`)}"`;
}

function printOperand(operand: RuleOperand): string {
  return operand.kind === 'item' ? '_' : `user.${operand.name}`;
}

const PRECEDENCE: Readonly<Record<'and' | 'or', number>> = { or: 1, and: 2 };

/**
 * Parenthesizes a binary operand when printing it bare would parse differently: a looser
 * operator on either side, or the same operator on the right (both associate to the left).
 */
function operand(node: RuleNode, parent: 'and' | 'or', side: 'left' | 'right'): string {
  const text = print(node);
  if (node.type !== 'and' && node.type !== 'or') return text;
  const looser = PRECEDENCE[node.type] < PRECEDENCE[parent];
  const sameOnRight = side === 'right' && PRECEDENCE[node.type] === PRECEDENCE[parent];
  return looser || sameOnRight ? `(${text})` : text;
}

function print(node: RuleNode): string {
  switch (node.type) {
    case 'and':
    case 'or':
      return `${operand(node.left, node.type, 'left')} -${node.type} ${operand(node.right, node.type, 'right')}`;
    case 'not':
      return `-not (${print(node.operand)})`;
    case 'quantified':
      return `user.${node.property} -${node.quantifier} (${print(node.predicate)})`;
    case 'boolean':
      return `user.${node.property} -${node.operator} ${node.value}`;
    case 'null':
      return `user.${node.property} -${node.operator} null`;
    case 'in':
      return `${printOperand(node.subject)} -${node.operator} [${node.values.map(printString).join(', ')}]`;
    case 'match':
      return `${printOperand(node.subject)} -${node.operator} ${printString(node.pattern.source)}`;
    case 'text':
      return `${printOperand(node.subject)} -${node.operator} ${printString(node.value)}`;
  }
}

/**
 * The canonical text of a rule: `user.` plus each property's Graph spelling, operators in
 * camelCase with their dash, double-quoted strings, and only the parentheses the structure
 * needs (plus always around -not and -any/-all bodies). Parsing it gives back an equal tree.
 */
export function printMembershipRule(rule: RuleAst): string {
  return print(rule);
}
