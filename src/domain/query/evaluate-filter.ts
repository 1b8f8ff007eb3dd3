import type { CompareOperator, FilterNode, Literal, PropertyPath } from './filter-ast';

type Bindings = ReadonlyMap<string, unknown>;

function resolve(path: PropertyPath, root: unknown, bindings: Bindings): unknown {
  const [head = '', ...rest] = path.segments;
  const bound = bindings.has(head);
  let current: unknown = bound ? bindings.get(head) : root;
  for (const segment of bound ? rest : path.segments) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function sign(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toMillis(value: unknown): number | undefined {
  const millis = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(millis) ? undefined : millis;
}

/** Orders an object's value against a literal; undefined when they are of different kinds. */
function order(actual: unknown, literal: Exclude<Literal, { kind: 'null' }>): number | undefined {
  switch (literal.kind) {
    case 'string':
    case 'guid':
      return typeof actual === 'string' ? sign(actual.toLowerCase(), literal.value.toLowerCase()) : undefined;
    case 'number':
      return typeof actual === 'number' && !Number.isNaN(actual) ? sign(actual, literal.value) : undefined;
    case 'boolean':
      return typeof actual === 'boolean' ? sign(Number(actual), Number(literal.value)) : undefined;
    case 'datetime': {
      const millis = toMillis(actual);
      const wanted = Date.parse(literal.value);
      return millis === undefined ? undefined : sign(millis, wanted);
    }
  }
}

function compare(operator: CompareOperator, actual: unknown, literal: Literal): boolean {
  if (literal.kind === 'null') {
    if (operator === 'eq') return actual === null || actual === undefined;
    return operator === 'ne' && actual !== null && actual !== undefined;
  }
  const result = order(actual, literal);
  switch (operator) {
    case 'eq':
      return result === 0;
    case 'ne':
      return result !== 0;
    case 'gt':
      return result !== undefined && result > 0;
    case 'ge':
      return result !== undefined && result >= 0;
    case 'lt':
      return result !== undefined && result < 0;
    case 'le':
      return result !== undefined && result <= 0;
  }
}

function evaluate(node: FilterNode, root: unknown, bindings: Bindings): boolean {
  switch (node.type) {
    case 'and':
      return evaluate(node.left, root, bindings) && evaluate(node.right, root, bindings);
    case 'or':
      return evaluate(node.left, root, bindings) || evaluate(node.right, root, bindings);
    case 'not':
      return !evaluate(node.operand, root, bindings);
    case 'compare':
      return compare(node.operator, resolve(node.property, root, bindings), node.value);
    case 'in': {
      const actual = resolve(node.property, root, bindings);
      return node.values.some((value) => compare('eq', actual, value));
    }
    case 'function': {
      const actual = resolve(node.property, root, bindings);
      if (typeof actual !== 'string' || node.value.kind !== 'string') return false;
      const [text, affix] = [actual.toLowerCase(), node.value.value.toLowerCase()];
      return node.name === 'startsWith' ? text.startsWith(affix) : text.endsWith(affix);
    }
    case 'any': {
      const collection = resolve(node.collection, root, bindings);
      if (!Array.isArray(collection)) return false;
      return collection.some((element) => evaluate(node.predicate, root, new Map(bindings).set(node.variable, element)));
    }
  }
}

/**
 * Tells whether a Graph-shaped object satisfies a filter; never throws.
 *
 * Semantics, chosen to match how Entra filters directory objects:
 * - Strings, enum values and GUIDs compare case-insensitively (`'ALICE' eq 'alice'`): both sides
 *   are lower-cased with the locale-independent `String.prototype.toLowerCase` and then compared
 *   by UTF-16 code unit, which also orders `gt`/`lt`. `startsWith`/`endsWith` work the same way.
 *   A Table Storage column meant to serve these filters must store `value.toLowerCase()`.
 * - A missing property is `null`: `eq null` matches it, `ne 'x'` matches it, and `gt`/`lt`/
 *   `startsWith`/`in` do not. A value of the wrong kind never equals anything (so `ne` matches).
 * - Datetime literals compare with ISO-8601 strings or `Date` objects by instant.
 * - `p/any(x: …)` is true when `p` is an array with at least one element satisfying the body.
 */
export function matchesFilter(filter: FilterNode, object: unknown): boolean {
  return evaluate(filter, object, new Map());
}
