import { searchWords } from './search';

/**
 * How a list is indexed so that a page costs the same at any collection size. Each definition
 * turns an object (its Graph wire shape) into zero or more index keys; the storage adapter keeps
 * one index row per key, ordered by key, and the planner (plan.ts) scans key ranges.
 *
 * - `value`: the lower-cased value (`eq`, `in`, `startsWith`, `gt/ge/lt/le`, `$orderby` ascending)
 * - `reversed`: the lower-cased value reversed (`endsWith` becomes a prefix scan)
 * - `words`: each word of the value (`$search "displayName:ade"`)
 * - `descending`: an order-reversing transform of the value (`$orderby … desc`)
 * With `element`, `property` is a collection (`proxyAddresses`, or `identities` with element
 * `issuerAssignedId`) and every element gives a key, which serves `any()`.
 */
export interface IndexDefinition {
  /** Short stable name, letters only: part of every stored key, so renaming means re-indexing. */
  readonly name: string;
  /** Property path as `$filter` writes it (`displayName`, `proxyAddresses`, `identities`). */
  readonly property: string;
  readonly kind: 'value' | 'reversed' | 'words' | 'descending';
  /** Set for collections: `''` for a string collection, else the element's property. */
  readonly element?: string;
}

/** Keys longer than this are cut: Table keys are limited, and the residual check restores exactness. */
export const MAX_KEY_CHARS = 200;
/** Ends every descending key, so a shorter value sorts after its longer extensions. */
export const DESCENDING_END = '\ud7ff';

const ESCAPED = /[\u0000-\u0020%/\\#?\u007f-\u009f]/g;

/**
 * Escapes what storage keys may not hold (`/ \ # ?`, controls) and spaces, as `%XX`. Every
 * escaped key is made of characters above U+0020, so storage can end a key with a space and
 * still sort `ada` before `ada lovelace`; the escape works per character, so prefixes stay
 * prefixes. Index keys and range bounds are compared in this escaped form, as storage does.
 */
export function escapeKey(text: string): string {
  // A lone surrogate (stored before input was checked) cannot travel in a key: U+FFFD stands in.
  const wellFormed = text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return wellFormed.replace(ESCAPED, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The text of a scalar as an index key (before any cut), or undefined when it is not indexable. */
export function keyText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function reverse(text: string): string {
  return [...text].reverse().join('');
}

/** Maps each UTF-16 unit into a reversed order (units past U+D7DD, rare in names, collapse). */
export function complement(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(Math.max(0x22, 0xd7ff - text.charCodeAt(i)));
  return out + DESCENDING_END;
}

function read(object: Record<string, unknown>, path: string): unknown {
  let current: unknown = object;
  for (const segment of path.split('/')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function scalars(object: Record<string, unknown>, definition: IndexDefinition): unknown[] {
  const value = read(object, definition.property);
  if (definition.element === undefined) return [value];
  if (!Array.isArray(value)) return [];
  return definition.element === '' ? value : value.map((e) => (e && typeof e === 'object' ? read(e as Record<string, unknown>, definition.element!) : undefined));
}

/** Every key `object` has in one index (escaped), without duplicates. */
export function indexKeys(definition: IndexDefinition, object: Record<string, unknown>): string[] {
  const keys = new Set<string>();
  const ordered = definition.element === undefined && (definition.kind === 'value' || definition.kind === 'descending');
  for (const raw of scalars(object, definition)) {
    // A missing value still has its place in the order (first ascending, last descending), so
    // `$orderby` never drops objects; filters re-check every row, so '' matches nothing it should not.
    const value = raw === null || raw === undefined ? (ordered ? '' : raw) : raw;
    if (definition.kind === 'words') {
      if (typeof value === 'string') for (const word of searchWords(value)) keys.add(escapeKey(word.slice(0, MAX_KEY_CHARS)));
      continue;
    }
    const text = keyText(value);
    if (text === undefined) continue;
    const key = definition.kind === 'reversed' ? reverse(text) : definition.kind === 'descending' ? complement(text.slice(0, MAX_KEY_CHARS)) : text;
    keys.add(escapeKey(definition.kind === 'descending' ? key : key.slice(0, MAX_KEY_CHARS)));
  }
  return [...keys];
}

/** A range of (escaped) index keys: everything, one key, a prefix, or bounds. */
export type KeyRange =
  | { readonly kind: 'all' }
  | { readonly kind: 'equals'; readonly key: string }
  | { readonly kind: 'prefix'; readonly key: string }
  | { readonly kind: 'between'; readonly lower?: { key: string; inclusive: boolean }; readonly upper?: { key: string; inclusive: boolean } };

/** Whether a key lies in a range, by the same code-unit order Table Storage uses. */
export function inRange(key: string, range: KeyRange): boolean {
  switch (range.kind) {
    case 'all':
      return true;
    case 'equals':
      return key === range.key;
    case 'prefix':
      return key.startsWith(range.key);
    case 'between': {
      const { lower, upper } = range;
      if (lower && (lower.inclusive ? key < lower.key : key <= lower.key)) return false;
      if (upper && (upper.inclusive ? key > upper.key : key >= upper.key)) return false;
      return true;
    }
  }
}

/** Reverses a literal for a `reversed` index (`endsWith(x, '#EXT#@a.com')` → prefix 'moc.a@#txe#'). */
export function reversedKey(text: string): string {
  return escapeKey(reverse(text.toLowerCase()).slice(0, MAX_KEY_CHARS));
}
