import { pathText, type CompiledFilter, type FilterNode, type Literal, type PropertyPath } from '../../domain/query/filter-ast';
import { parseFilter } from './filter';
import { clip } from './lexer';
import { printLiteral } from './print-filter';
import { err, ok, type ODataError, type Result } from './result';
import type { FilterOperator, FilterSpec, PropertySpec, PropertyType, ScalarType } from './spec';

const GUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a lambda variable stands for: an element of a string collection or of an object collection. */
type Binding =
  | { readonly kind: 'string'; readonly spec: PropertySpec }
  | { readonly kind: 'object'; readonly properties: Readonly<Record<string, PropertySpec>> };

/** A property resolved to its type, with the name used in messages. */
interface Resolved {
  readonly name: string;
  readonly spec: PropertySpec;
}

class Rejection {
  constructor(readonly error: ODataError) {}
}

function unsupported(spec: FilterSpec, path: PropertyPath, detail = ''): never {
  throw new Rejection({
    code: 'unsupportedFilter',
    position: path.position,
    message: `Unsupported or invalid query filter clause specified for property '${clip(pathText(path))}' of resource '${spec.resource}'.${detail}`,
  });
}

function typeName(type: PropertyType): string {
  return type.kind === 'enum' ? `one of ${type.values.map((v) => `'${v}'`).join(', ')}` : `a ${type.kind}`;
}

class Checker {
  private readonly scopes = new Map<string, Binding>();

  constructor(private readonly spec: FilterSpec) {}

  check(node: FilterNode): FilterNode {
    switch (node.type) {
      case 'and':
      case 'or':
        return { type: node.type, left: this.check(node.left), right: this.check(node.right) };
      case 'not':
        return { type: 'not', operand: this.check(node.operand) };
      case 'compare': {
        const property = this.scalar(node.property, node.operator);
        return { ...node, value: this.literal(node.value, property, node.operator) };
      }
      case 'in': {
        const property = this.scalar(node.property, 'in');
        return { ...node, values: node.values.map((value) => this.literal(value, property, 'in')) };
      }
      case 'function': {
        const property = this.scalar(node.property, node.name);
        if (property.spec.type.kind !== 'string') unsupported(this.spec, node.property, ` ${node.name} needs a string property.`);
        return { ...node, value: this.literal(node.value, property, node.name) };
      }
      case 'any':
        return this.any(node);
    }
  }

  private any(node: Extract<FilterNode, { type: 'any' }>): FilterNode {
    const collection = this.lookup(node.collection);
    const type = collection.spec.type;
    if (type.kind !== 'stringCollection' && type.kind !== 'objectCollection') {
      unsupported(this.spec, node.collection, ' any() applies only to collections.');
    }
    const binding: Binding =
      type.kind === 'stringCollection' ? { kind: 'string', spec: collection.spec } : { kind: 'object', properties: type.properties };
    const outer = this.scopes.get(node.variable);
    this.scopes.set(node.variable, binding);
    try {
      return { ...node, predicate: this.check(node.predicate) };
    } finally {
      if (outer) this.scopes.set(node.variable, outer);
      else this.scopes.delete(node.variable);
    }
  }

  private lookup(path: PropertyPath): Resolved {
    const [head = '', ...rest] = path.segments;
    const binding = this.scopes.get(head);
    // Inside any() Graph only lets the body refer to the element, never to the outer entity.
    if (!binding && this.scopes.size > 0) unsupported(this.spec, path, ' Inside any(), paths start with the lambda variable.');
    if (binding?.kind === 'string') {
      if (rest.length > 0) unsupported(this.spec, path, ` '${head}' is a string; it has no properties.`);
      return { name: head, spec: { type: { kind: 'string' }, operators: binding.spec.operators } };
    }
    const properties = binding ? binding.properties : this.spec.filterable;
    const key = (binding ? rest : path.segments).join('/');
    const found = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (!found) return unsupported(this.spec, path);
    return { name: pathText(path), spec: found };
  }

  private scalar(path: PropertyPath, operator: FilterOperator): Resolved & { readonly type: ScalarType } {
    const resolved = this.lookup(path);
    const type = resolved.spec.type;
    if (type.kind === 'stringCollection' || type.kind === 'objectCollection') {
      unsupported(this.spec, path, ` Use ${pathText(path)}/any(x: …) to filter a collection.`);
    }
    if (!resolved.spec.operators.includes(operator)) {
      const allowed = resolved.spec.operators.join(', ') || 'none';
      unsupported(this.spec, path, ` Operator '${operator}' is not supported here (supported: ${allowed}).`);
    }
    return { ...resolved, type };
  }

  private literal(value: Literal, property: Resolved & { readonly type: ScalarType }, operator: FilterOperator): Literal {
    const { type } = property;
    if (value.kind === 'null') {
      if (operator === 'eq' || operator === 'ne') return value;
      return this.mismatch(value, property, `null can only be compared with eq or ne`);
    }
    switch (type.kind) {
      case 'string':
        if (value.kind === 'string') return value;
        break;
      case 'boolean':
      case 'number':
      case 'datetime':
        if (value.kind === type.kind) return value;
        break;
      case 'guid':
        if (value.kind === 'guid') return value;
        if (value.kind === 'string' && GUID_TEXT.test(value.value)) {
          return { kind: 'guid', value: value.value.toLowerCase(), position: value.position };
        }
        break;
      case 'enum': {
        if (value.kind !== 'string') break;
        const canonical = type.values.find((v) => v.toLowerCase() === value.value.toLowerCase());
        if (canonical !== undefined) return { ...value, value: canonical };
        break;
      }
    }
    return this.mismatch(value, property, `property '${property.name}' is ${typeName(type)}`);
  }

  private mismatch(value: Literal, property: Resolved, reason: string): never {
    throw new Rejection({
      code: 'invalidFilter',
      position: value.position,
      message: `Incompatible value at position ${value.position} in $filter: ${clip(printLiteral(value))} does not fit property '${clip(property.name)}' (${reason}).`,
    });
  }
}

/**
 * Parses `$filter` text and checks it against what one endpoint allows: every property must be in
 * `spec.filterable` with the operator used, and every literal must fit the property's type.
 * GUID properties accept quoted or unquoted GUIDs; enum values match case-insensitively and come
 * back in the spec's spelling. Errors: `invalidFilter` (syntax, type mismatch) or
 * `unsupportedFilter` (property, operator or function not allowed), both with a position.
 */
export function compileFilter(text: string, spec: FilterSpec): Result<CompiledFilter> {
  const parsed = parseFilter(text);
  if (!parsed.ok) return parsed;
  try {
    return ok(new Checker(spec).check(parsed.value) as CompiledFilter);
  } catch (caught) {
    if (caught instanceof Rejection) return err(caught.error);
    throw caught;
  }
}
