import { pathText, type FilterNode, type Literal } from '../../domain/query/filter-ast';

/** Binding strength: higher binds tighter. */
function precedence(node: FilterNode): number {
  switch (node.type) {
    case 'or':
      return 1;
    case 'and':
      return 2;
    case 'not':
      return 3;
    default:
      return 4;
  }
}

/** Formats a literal as `$filter` text: strings quoted with '' escaping, GUIDs and datetimes unquoted. */
export function printLiteral(literal: Literal): string {
  switch (literal.kind) {
    case 'string':
      return `'${literal.value.replaceAll("'", "''")}'`;
    case 'number':
      return String(literal.value);
    case 'boolean':
      return String(literal.value);
    case 'null':
      return 'null';
    case 'guid':
    case 'datetime':
      return literal.value;
  }
}

function wrap(node: FilterNode, minimum: number): string {
  const text = printFilter(node);
  return precedence(node) < minimum ? `(${text})` : text;
}

/**
 * Prints a filter back to canonical `$filter` text with only the parentheses precedence needs.
 * For any tree `parseFilter` produced, `parseFilter(printFilter(tree))` gives back the same tree
 * (positions aside); hand-built trees must avoid keywords (`not`, `and`, …) as property names.
 */
export function printFilter(node: FilterNode): string {
  switch (node.type) {
    case 'compare':
      return `${pathText(node.property)} ${node.operator} ${printLiteral(node.value)}`;
    case 'in':
      return `${pathText(node.property)} in (${node.values.map(printLiteral).join(', ')})`;
    case 'function':
      return `${node.name}(${pathText(node.property)}, ${printLiteral(node.value)})`;
    case 'any':
      return `${pathText(node.collection)}/any(${node.variable}: ${printFilter(node.predicate)})`;
    case 'not':
      return `not ${wrap(node.operand, 3)}`;
    // Both operators are left-associative, so a right operand of equal strength needs parentheses.
    case 'and':
      return `${wrap(node.left, 2)} and ${wrap(node.right, 3)}`;
    case 'or':
      return `${wrap(node.left, 1)} or ${wrap(node.right, 2)}`;
  }
}
