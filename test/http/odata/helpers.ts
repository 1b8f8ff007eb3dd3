import { pathText, printLiteral, type FilterNode } from '../../../src/http/odata';

/** Fully parenthesized rendering, so a test can state the tree shape (and precedence) in one string. */
export function shape(node: FilterNode): string {
  switch (node.type) {
    case 'and':
    case 'or':
      return `(${shape(node.left)} ${node.type} ${shape(node.right)})`;
    case 'not':
      return `(not ${shape(node.operand)})`;
    case 'compare':
      return `[${pathText(node.property)} ${node.operator} ${printLiteral(node.value)}]`;
    case 'in':
      return `[${pathText(node.property)} in ${node.values.map(printLiteral).join('|')}]`;
    case 'function':
      return `[${node.name} ${pathText(node.property)} ${printLiteral(node.value)}]`;
    case 'any':
      return `[${pathText(node.collection)} any ${node.variable}: ${shape(node.predicate)}]`;
  }
}

/** The tree without positions, for structural comparison. */
export function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'position')
      .map(([key, inner]) => [key, withoutPositions(inner)]),
  );
}
