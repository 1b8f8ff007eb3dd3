import { pathText, type CompareOperator, type CompiledFilter, type FilterNode, type Literal, type PropertyPath } from '../domain/query/filter-ast';

/**
 * How a filterable property is stored in Table Storage. `required` means every entity has a
 * non-null value in the column; only then can `ne` and `not` be sent to the table, because the
 * table drops entities that lack a property from every comparison while `matchesFilter` treats
 * them as null (and `null ne 'x'` is true).
 */
export type TableColumn =
  /** A lower-cased copy (`value.toLowerCase()`) of a string property: serves eq/ne/gt/ge/lt/le/in/startsWith. */
  | { readonly kind: 'lowercaseString'; readonly column: string; readonly required?: boolean }
  /** A string stored only in the spelling filters carry after `compileFilter` (enum values): serves eq/ne/in. */
  | { readonly kind: 'canonicalString'; readonly column: string; readonly required?: boolean }
  /** A GUID stored as `Edm.Guid` or as lower-case text: serves eq/ne/in. */
  | { readonly kind: 'guid'; readonly column: string; readonly storedAs: 'guid' | 'lowercaseString'; readonly required?: boolean }
  /** An `Edm.Boolean`: serves eq/ne. */
  | { readonly kind: 'boolean'; readonly column: string; readonly required?: boolean }
  /** A number stored as `Edm.Int32`, `Edm.Int64` or `Edm.Double`: serves every comparison. */
  | { readonly kind: 'number'; readonly column: string; readonly storedAs: 'int32' | 'int64' | 'double'; readonly required?: boolean }
  /** An `Edm.DateTime`, or text written by `Date.prototype.toISOString()` (so it sorts as it should). */
  | { readonly kind: 'datetime'; readonly column: string; readonly storedAs: 'datetime' | 'isoString'; readonly required?: boolean };

/** Table columns keyed by filter property path (`'userType'`, `'initiatedBy/user/id'`). */
export type TableMapping = Readonly<Record<string, TableColumn>>;

/** The part of a filter Table Storage can run, and whether the rest must still run in memory. */
export interface TableQuery {
  /** OData filter for `listEntities({ queryOptions: { filter } })`; undefined: list everything. */
  readonly filter: string | undefined;
  /** True when `filter` selects a superset: apply `matchesFilter` with the whole filter to each row. */
  readonly residualNeeded: boolean;
}

/** A translated subtree: exact (selects precisely the matching rows) or a superset of them. */
interface Part {
  readonly text: string;
  readonly exact: boolean;
  /** Safe to put under `not`: exact, and every column involved is always present. */
  readonly negatable: boolean;
}

const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
const INT32 = 2 ** 31;

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The literal as Table OData text for this column, or undefined when the column cannot serve it. */
function encode(column: TableColumn, literal: Literal): string | undefined {
  switch (column.kind) {
    case 'lowercaseString':
      return literal.kind === 'string' || literal.kind === 'guid' ? quote(literal.value.toLowerCase()) : undefined;
    case 'canonicalString':
      return literal.kind === 'string' ? quote(literal.value) : undefined;
    case 'guid':
      if (literal.kind !== 'guid') return undefined;
      return column.storedAs === 'guid' ? `guid'${literal.value}'` : quote(literal.value);
    case 'boolean':
      return literal.kind === 'boolean' ? String(literal.value) : undefined;
    case 'datetime':
      if (literal.kind !== 'datetime') return undefined;
      return column.storedAs === 'datetime' ? `datetime'${literal.value}'` : quote(literal.value);
    case 'number': {
      if (literal.kind !== 'number') return undefined;
      const n = literal.value;
      if (column.storedAs === 'int32') return Number.isInteger(n) && n >= -INT32 && n < INT32 ? String(n) : undefined;
      if (column.storedAs === 'int64') return Number.isSafeInteger(n) ? `${n}L` : undefined;
      const text = String(n);
      if (/e/i.test(text)) return undefined;
      return Number.isInteger(n) ? `${text}.0` : text;
    }
  }
}

/** Operators each column kind serves with the same meaning as `matchesFilter`. */
function serves(column: TableColumn, operator: CompareOperator): boolean {
  if (column.kind === 'lowercaseString' || column.kind === 'number' || column.kind === 'datetime') return true;
  return operator === 'eq' || operator === 'ne';
}

/** The smallest string greater than every string starting with `prefix`, by UTF-16 code unit. */
function prefixUpperBound(prefix: string): string | undefined {
  const last = prefix.charCodeAt(prefix.length - 1);
  // Past U+D7FE the next code unit is a surrogate, which would not survive URL encoding.
  return last <= 0xd7fe ? prefix.slice(0, -1) + String.fromCharCode(last + 1) : undefined;
}

class Translator {
  constructor(private readonly mapping: TableMapping) {}

  private column(property: PropertyPath): TableColumn | undefined {
    const key = pathText(property);
    const column = Object.hasOwn(this.mapping, key) ? this.mapping[key] : undefined;
    if (column && !COLUMN_NAME.test(column.column)) throw new TypeError(`Invalid Table column name in mapping for '${key}'`);
    return column;
  }

  part(node: FilterNode): Part | undefined {
    switch (node.type) {
      case 'and': {
        const [left, right] = [this.part(node.left), this.part(node.right)];
        // Dropping one side of an `and` only widens the result, so the other side still helps.
        if (left && right) return this.join('and', left, right);
        const kept = left ?? right;
        return kept && { ...kept, exact: false, negatable: false };
      }
      case 'or': {
        const [left, right] = [this.part(node.left), this.part(node.right)];
        return left && right ? this.join('or', left, right) : undefined;
      }
      case 'not': {
        const operand = this.part(node.operand);
        return operand?.negatable ? { text: `not (${operand.text})`, exact: true, negatable: true } : undefined;
      }
      case 'compare':
        return this.compare(node.property, node.operator, node.value);
      case 'in': {
        const parts = node.values.map((value) => this.compare(node.property, 'eq', value));
        const defined = parts.filter((p): p is Part => p !== undefined);
        if (defined.length !== parts.length) return undefined;
        return { text: defined.map((p) => p.text).join(' or '), exact: true, negatable: defined.every((p) => p.negatable) };
      }
      case 'function':
        return node.name === 'startsWith' ? this.startsWith(node) : undefined;
      case 'any':
        return undefined;
    }
  }

  private join(operator: 'and' | 'or', left: Part, right: Part): Part {
    const exact = left.exact && right.exact;
    return { text: `(${left.text}) ${operator} (${right.text})`, exact, negatable: exact && left.negatable && right.negatable };
  }

  private compare(property: PropertyPath, operator: CompareOperator, value: Literal): Part | undefined {
    const column = this.column(property);
    if (!column || !serves(column, operator)) return undefined;
    if (operator === 'ne' && !column.required) return undefined;
    const encoded = encode(column, value);
    if (encoded === undefined) return undefined;
    return { text: `${column.column} ${operator} ${encoded}`, exact: true, negatable: column.required === true };
  }

  private startsWith(node: Extract<FilterNode, { type: 'function' }>): Part | undefined {
    const column = this.column(node.property);
    if (column?.kind !== 'lowercaseString' || node.value.kind !== 'string') return undefined;
    const prefix = node.value.value.toLowerCase();
    const negatable = column.required === true;
    if (prefix === '') return { text: `${column.column} ge ''`, exact: true, negatable };
    const upper = prefixUpperBound(prefix);
    if (upper === undefined) return undefined;
    return { text: `${column.column} ge ${quote(prefix)} and ${column.column} lt ${quote(upper)}`, exact: true, negatable };
  }
}

/**
 * Turns what Table Storage can evaluate of a compiled filter into an OData filter string for
 * `@azure/data-tables`, and says whether the rows it returns must still be checked with
 * `matchesFilter`. Only comparisons on mapped columns go to the table, combined with and/or/not;
 * an `and` keeps whichever side translates, anything else untranslatable (endsWith, any(), null
 * tests, unmapped properties, `ne`/`not` on columns that may be absent) stays in memory. Column
 * names come only from `mapping`, never from the request, and every value is encoded here
 * (strings with '' doubling, `guid'…'`, `datetime'…'`, `5L`, `5.0`), so a filter cannot inject
 * table syntax. Case-insensitive string matching uses `lowercaseString` columns; `startsWith`
 * there becomes the range `col ge 'abc' and col lt 'abd'`.
 *
 * @throws TypeError when the mapping names an invalid column (a programming error).
 */
export function toTableQuery(filter: CompiledFilter, mapping: TableMapping): TableQuery {
  const part = new Translator(mapping).part(filter);
  return part ? { filter: part.text, residualNeeded: !part.exact } : { filter: undefined, residualNeeded: true };
}

/**
 * Splits a compiled `$filter` into the clause Table Storage runs (`where`) and whether the rows it
 * returns still need each to be checked against the whole filter (`partial`).
 */
export function splitFilter(filter: CompiledFilter | undefined, mapping: TableMapping): { where: string | undefined; partial: boolean } {
  if (!filter) return { where: undefined, partial: false };
  const table = toTableQuery(filter, mapping);
  return { where: table.filter, partial: table.residualNeeded };
}
