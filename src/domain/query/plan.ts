import { matchesFilter } from './evaluate-filter';
import { pathText, type FilterNode, type Literal } from './filter-ast';
import { escapeKey, inRange, indexKeys, keyText, MAX_KEY_CHARS, reversedKey, type IndexDefinition, type KeyRange } from './index-keys';
import type { OrderBy } from './order';
import { matchesSearch, searchWords, type SearchNode } from './search';

/** One index range to scan. */
export interface ScanBranch {
  readonly index: IndexDefinition;
  readonly range: KeyRange;
}

/**
 * How to serve one list query from index ranges. Scan `branches` in order; a row (index key, the
 * object it points to) is returned when `accept(branch, key, object)` says so. That check applies
 * the whole `$filter` and `$search` to the object and removes duplicates (an object reachable
 * from several keys of one range, or from an earlier branch), so no state is kept between pages.
 */
export interface QueryPlan {
  readonly branches: readonly ScanBranch[];
  accept(branchIndex: number, key: string, object: Record<string, unknown>): boolean;
}

/** What the planner may use: every index of the collection and the one that gives the default order. */
export interface IndexCatalog {
  readonly indexes: readonly IndexDefinition[];
  /** Scanned when nothing better applies (usually a `value` index on `id`). */
  readonly defaultIndex: IndexDefinition;
}

export interface QueryInput {
  readonly filter?: FilterNode | undefined;
  readonly search?: SearchNode | undefined;
  readonly orderBy?: OrderBy | undefined;
}

function find(catalog: IndexCatalog, property: string, kind: IndexDefinition['kind'], element?: string): IndexDefinition | undefined {
  return catalog.indexes.find((d) => d.property.toLowerCase() === property.toLowerCase() && d.kind === kind && d.element === element);
}

function literalKey(literal: Literal): string | undefined {
  if (literal.kind === 'string' || literal.kind === 'guid' || literal.kind === 'datetime') return keyText(literal.value);
  if (literal.kind === 'boolean') return String(literal.value);
  return undefined;
}

/** `eq` on a key that may have been cut becomes a prefix scan of the cut key. */
function equalsRange(key: string): KeyRange {
  return key.length > MAX_KEY_CHARS ? { kind: 'prefix', key: escapeKey(key.slice(0, MAX_KEY_CHARS)) } : { kind: 'equals', key: escapeKey(key) };
}

function compareRange(operator: string, key: string): KeyRange | undefined {
  const bound = { key: escapeKey(key.slice(0, MAX_KEY_CHARS)), inclusive: operator.endsWith('e') || key.length > MAX_KEY_CHARS };
  switch (operator) {
    case 'eq':
      return equalsRange(key);
    case 'gt':
    case 'ge':
      return { kind: 'between', lower: bound };
    case 'lt':
    case 'le':
      return { kind: 'between', upper: bound };
    default:
      return undefined;
  }
}

class Planner {
  constructor(private readonly catalog: IndexCatalog) {}

  /** Branches that together cover every object matching `node`, or undefined. */
  filter(node: FilterNode): ScanBranch[] | undefined {
    switch (node.type) {
      case 'and':
        return this.filter(node.left) ?? this.filter(node.right);
      case 'or': {
        const [left, right] = [this.filter(node.left), this.filter(node.right)];
        return left && right ? [...left, ...right] : undefined;
      }
      case 'not':
        return undefined;
      case 'compare': {
        const index = find(this.catalog, pathText(node.property), 'value');
        const key = literalKey(node.value);
        const range = key === undefined ? undefined : compareRange(node.operator, key);
        return index && range ? [{ index, range }] : undefined;
      }
      case 'in': {
        const index = find(this.catalog, pathText(node.property), 'value');
        const keys = node.values.map(literalKey);
        if (!index || keys.some((k) => k === undefined)) return undefined;
        return [...new Set(keys as string[])].map((key) => ({ index, range: equalsRange(key) }));
      }
      case 'function':
        return this.stringFunction(pathText(node.property), undefined, node.name, node.value);
      case 'any':
        return this.any(node);
    }
  }

  private stringFunction(property: string, element: string | undefined, name: string, value: Literal): ScanBranch[] | undefined {
    if (value.kind !== 'string') return undefined;
    if (name === 'startsWith') {
      const index = find(this.catalog, property, 'value', element);
      return index && [{ index, range: { kind: 'prefix', key: escapeKey(value.value.toLowerCase().slice(0, MAX_KEY_CHARS)) } }];
    }
    if (name === 'endsWith') {
      const index = find(this.catalog, property, 'reversed', element);
      return index && [{ index, range: { kind: 'prefix', key: reversedKey(value.value) } }];
    }
    return undefined;
  }

  /** `c/any(x: …)`: a comparison or string function on the element inside an and-chain of the body. */
  private any(node: Extract<FilterNode, { type: 'any' }>): ScanBranch[] | undefined {
    const collection = pathText(node.collection);
    const visit = (body: FilterNode): ScanBranch[] | undefined => {
      if (body.type === 'and') return visit(body.left) ?? visit(body.right);
      if (body.type === 'or') {
        const [left, right] = [visit(body.left), visit(body.right)];
        return left && right ? [...left, ...right] : undefined;
      }
      if (body.type !== 'compare' && body.type !== 'function') return undefined;
      const [head, ...rest] = body.property.segments;
      if (head !== node.variable) return undefined;
      const element = rest.join('/');
      if (body.type === 'function') return this.stringFunction(collection, element, body.name, body.value);
      const index = find(this.catalog, collection, 'value', element);
      const key = literalKey(body.value);
      const range = key === undefined ? undefined : compareRange(body.operator, key);
      return index && range ? [{ index, range }] : undefined;
    };
    return visit(node.predicate);
  }

  search(node: SearchNode): ScanBranch[] | undefined {
    if (node.type === 'and') return this.search(node.left) ?? this.search(node.right);
    if (node.type === 'or') {
      const [left, right] = [this.search(node.left), this.search(node.right)];
      return left && right ? [...left, ...right] : undefined;
    }
    const index = find(this.catalog, node.property, 'words');
    const [first] = searchWords(node.text);
    return index && first !== undefined ? [{ index, range: { kind: 'prefix', key: escapeKey(first.slice(0, MAX_KEY_CHARS)) } }] : undefined;
  }
}

/** The keys of `object` in a branch's range, smallest first. */
function keysInRange(branch: ScanBranch, object: Record<string, unknown>): string[] {
  return indexKeys(branch.index, object).filter((k) => inRange(k, branch.range)).sort();
}

/**
 * Chooses the index ranges that serve a query: the `$orderby` index when sorting (the whole index,
 * in order), else ranges derived from `$search`, else from `$filter` (eq/in/startsWith/endsWith/
 * comparisons, `any()` on indexed collections, or-ed branches), else the default index. Returns
 * undefined when `$orderby` names a property without an index of that direction (callers check
 * sortable properties first, so that is a programming error there).
 */
export function planQuery(catalog: IndexCatalog, input: QueryInput): QueryPlan | undefined {
  const planner = new Planner(catalog);
  let branches: ScanBranch[] | undefined;
  if (input.orderBy) {
    const index = find(catalog, input.orderBy.property, input.orderBy.descending ? 'descending' : 'value');
    if (!index) return undefined;
    branches = [{ index, range: { kind: 'all' } }];
  }
  branches ??= (input.search && planner.search(input.search)) ?? (input.filter && planner.filter(input.filter)) ?? [{ index: catalog.defaultIndex, range: { kind: 'all' } }];
  const chosen = branches;
  return {
    branches: chosen,
    accept(branchIndex, key, object) {
      if (input.filter && !matchesFilter(input.filter, object)) return false;
      if (input.search && !matchesSearch(input.search, object)) return false;
      const branch = chosen[branchIndex];
      if (!branch || keysInRange(branch, object)[0] !== key) return false;
      return chosen.slice(0, branchIndex).every((earlier) => keysInRange(earlier, object).length === 0);
    },
  };
}
