import type { Node } from 'web-tree-sitter';
import type { BicepFile } from './parse';

/**
 * A small reading of Bicep syntax trees: declarations, resources (nested ones included, loops
 * expanded) and a partial evaluator for literal expressions. What it cannot evaluate is UNKNOWN,
 * and the checks treat UNKNOWN as a violation wherever a literal is required.
 */

export const UNKNOWN = Symbol('unknown');
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | typeof UNKNOWN;

/** Identifiers bound by `for` loops, per resource instance. */
export type Locals = ReadonlyMap<string, Value>;

export interface Resource {
  file: BicepFile;
  node: Node;
  symbol: string;
  /** Full type without API version, nested types resolved: `Microsoft.Storage/storageAccounts/tableServices/tables`. */
  type: string;
  existing: boolean;
  /** The resource's object body (inside `if (...)` or a `for` loop when present). */
  body: Node | null;
  /** One entry per instance the declaration yields: loops expand over a literal array. */
  instances: Locals[];
}

export interface Declarations {
  file: BicepFile;
  params: Map<string, { node: Node; hasDefault: boolean; decorators: string[] }>;
  vars: Map<string, Node>;
  resources: Resource[];
  outputs: { name: string; node: Node; value: Node }[];
  modules: { symbol: string; source: string; node: Node }[];
}

const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => !!c);
const lastNamed = (n: Node): Node | null => named(n).at(-1) ?? null;

/** Text of a string literal without interpolation, or null. */
export function literalString(node: Node | null): string | null {
  if (node?.type !== 'string') return null;
  const v = evaluate(node, undefined, new Map());
  return typeof v === 'string' ? v : null;
}

/** Key/value pairs of an object literal (nested resource declarations excluded). */
export function objectEntries(obj: Node | null, decls?: Declarations, locals: Locals = new Map()): { key: string; keyNode: Node; value: Node }[] {
  if (obj?.type !== 'object') return [];
  const out: { key: string; keyNode: Node; value: Node }[] = [];
  for (const prop of named(obj)) {
    if (prop.type !== 'object_property') continue;
    const parts = named(prop);
    const keyNode = parts[0];
    const value = parts.at(-1);
    if (!keyNode || !value || keyNode.type === 'resource_declaration' || parts.length < 2) continue;
    const key = keyNode.type === 'string' ? evaluate(keyNode, decls, locals) : keyNode.text;
    out.push({ key: typeof key === 'string' ? key : keyNode.text, keyNode, value });
  }
  return out;
}

/** The value node at a dotted path of object literals, e.g. `properties.siteConfig.appSettings`. */
export function valueAt(obj: Node | null, path: string): Node | null {
  let current: Node | null = obj;
  for (const key of path.split('.')) {
    current = objectEntries(current).find((e) => e.key === key)?.value ?? null;
    if (!current) return null;
  }
  return current;
}

function unescape(token: string): string {
  const c = token.slice(1);
  const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };
  if (c in simple) return simple[c]!;
  if (c.startsWith('u{')) return String.fromCodePoint(parseInt(c.slice(2, -1), 16));
  return c;
}

function toText(v: Value): string | typeof UNKNOWN {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return UNKNOWN;
}

/** Evaluates literal expressions; identifiers resolve to loop locals, then `var`s of the same file. */
export function evaluate(node: Node | null, decls: Declarations | undefined, locals: Locals, seen = new Set<string>()): Value {
  if (!node) return UNKNOWN;
  switch (node.type) {
    case 'number':
      return Number(node.text);
    case 'boolean':
      return node.text === 'true';
    case 'null':
      return null;
    case 'parenthesized_expression': {
      const inner = named(node);
      return inner.length === 1 ? evaluate(inner[0]!, decls, locals, seen) : UNKNOWN;
    }
    case 'string': {
      let text = '';
      for (const part of node.children) {
        if (!part || part.type === "'" || part.type === "'''") continue;
        if (part.type === 'interpolation') {
          const v = toText(evaluate(named(part)[0] ?? null, decls, locals, seen));
          if (v === UNKNOWN) return UNKNOWN;
          text += v;
        } else if (part.text.startsWith('\\')) text += unescape(part.text);
        else text += part.text;
      }
      return text;
    }
    case 'array':
      return named(node).filter((c) => c.type !== 'decorators').map((c) => evaluate(c, decls, locals, seen));
    case 'object': {
      const out: { [key: string]: Value } = {};
      for (const e of objectEntries(node, decls, locals)) out[e.key] = evaluate(e.value, decls, locals, seen);
      return out;
    }
    case 'identifier': {
      if (locals.has(node.text)) return locals.get(node.text)!;
      const declared = decls?.vars.get(node.text);
      if (!declared || seen.has(node.text)) return UNKNOWN;
      return evaluate(declared, decls, new Map(), new Set([...seen, node.text]));
    }
    case 'member_expression': {
      const target = evaluate(node.childForFieldName('object'), decls, locals, seen);
      const prop = node.childForFieldName('property')?.text;
      if (target && typeof target === 'object' && !Array.isArray(target) && prop && prop in target) return target[prop]!;
      return UNKNOWN;
    }
    case 'subscript_expression': {
      const target = evaluate(node.childForFieldName('object'), decls, locals, seen);
      const index = evaluate(node.childForFieldName('index'), decls, locals, seen);
      if (Array.isArray(target) && typeof index === 'number') return target[index] ?? UNKNOWN;
      if (target && typeof target === 'object' && !Array.isArray(target) && typeof index === 'string') return target[index] ?? UNKNOWN;
      return UNKNOWN;
    }
    case 'ternary_expression': {
      const condition = evaluate(node.childForFieldName('condition'), decls, locals, seen);
      if (typeof condition !== 'boolean') return UNKNOWN;
      return evaluate(node.childForFieldName(condition ? 'consequence' : 'alternative'), decls, locals, seen);
    }
    case 'call_expression':
      return evaluateCall(node, decls, locals, seen);
    default:
      return UNKNOWN;
  }
}

function evaluateCall(node: Node, decls: Declarations | undefined, locals: Locals, seen: Set<string>): Value {
  const fn = node.childForFieldName('function')?.text;
  const args = named(node.childForFieldName('arguments') ?? node).map((a) => evaluate(a, decls, locals, seen));
  if (args.some((a) => a === UNKNOWN)) return UNKNOWN;
  const texts = args.map(toText);
  if (texts.some((t) => t === UNKNOWN)) return UNKNOWN;
  const [first, ...rest] = texts as string[];
  switch (fn) {
    // Only the trailing segments matter to the checks (e.g. a role definition's GUID).
    case 'subscriptionResourceId':
    case 'tenantResourceId':
    case 'resourceId':
      return `/providers/${first}/${rest.join('/')}`;
    case 'string':
      return first ?? UNKNOWN;
    case 'toLower':
      return first?.toLowerCase() ?? UNKNOWN;
    case 'concat':
      return texts.join('');
    default:
      return UNKNOWN;
  }
}

function resourceBody(value: Node | null): Node | null {
  if (!value) return null;
  if (value.type === 'object') return value;
  if (value.type === 'if_statement') return named(value).find((c) => c.type === 'object') ?? null;
  if (value.type === 'for_statement') return resourceBody(value.childForFieldName('body'));
  return null;
}

function loopInstances(value: Node | null, decls: Declarations): Locals[] {
  if (value?.type !== 'for_statement') return [new Map()];
  const parts = value.children.filter((c): c is Node => !!c);
  const inAt = parts.findIndex((c) => c.type === 'in');
  const source = parts.slice(inAt + 1).find((c) => c.isNamed) ?? null;
  const items = evaluate(source, decls, new Map());
  const initializer = value.childForFieldName('initializer');
  const params = parts.find((c) => c.type === 'for_loop_parameters');
  const item = initializer?.text ?? params?.namedChildren[0]?.text;
  const index = params?.namedChildren[1]?.text;
  if (!Array.isArray(items)) return [new Map(item ? [[item, UNKNOWN]] : [])];
  return items.map((v, i) => {
    const m = new Map<string, Value>();
    if (item) m.set(item, v);
    if (index) m.set(index, i);
    return m;
  });
}

function collectResources(node: Node, decls: Declarations, parentType: string | null, out: Resource[]): void {
  const [symbolNode, typeNode] = named(node);
  const typeText = literalString(typeNode ?? null) ?? '';
  const bare = typeText.split('@')[0] ?? '';
  const type = parentType && !bare.includes('/') ? `${parentType}/${bare}` : bare;
  const value = lastNamed(node);
  const body = resourceBody(value);
  out.push({
    file: decls.file,
    node,
    symbol: symbolNode?.text ?? '',
    type,
    existing: node.children.some((c) => c?.type === 'existing'),
    body,
    instances: loopInstances(value, decls),
  });
  for (const prop of body ? named(body) : []) {
    const nested = named(prop)[0];
    if (prop.type === 'object_property' && nested?.type === 'resource_declaration') collectResources(nested, decls, type, out);
  }
}

/** Top-level declarations of one file. */
export function declarationsOf(file: BicepFile): Declarations {
  const decls: Declarations = { file, params: new Map(), vars: new Map(), resources: [], outputs: [], modules: [] };
  let pendingDecorators: string[] = [];
  for (const node of named(file.root)) {
    if (node.type === 'decorators') {
      pendingDecorators = named(node).map((d) => d.namedChildren[0]?.childForFieldName('function')?.text ?? '');
      continue;
    }
    const [nameNode] = named(node);
    const name = nameNode?.text ?? '';
    if (node.type === 'parameter_declaration') {
      decls.params.set(name, { node, hasDefault: node.children.some((c) => c?.type === '='), decorators: pendingDecorators });
    } else if (node.type === 'variable_declaration') {
      const value = lastNamed(node);
      if (value) decls.vars.set(name, value);
    } else if (node.type === 'output_declaration') {
      const value = lastNamed(node);
      if (value) decls.outputs.push({ name, node, value });
    } else if (node.type === 'module_declaration') {
      decls.modules.push({ symbol: name, source: literalString(named(node)[1] ?? null) ?? '', node });
    } else if (node.type === 'resource_declaration') {
      collectResources(node, decls, null, decls.resources);
    }
    pendingDecorators = [];
  }
  return decls;
}
