/**
 * Graph's `$search` on directory objects: `"property:text"` terms joined with AND/OR. Values and
 * terms are split into words (letters and digits; any other character separates, and a change
 * from lower to upper case starts a word, as Graph tokenizes camelCase); a term matches when each
 * of its words is a prefix of some word of the property's value, case-insensitively.
 */
export type SearchNode =
  | { readonly type: 'term'; readonly property: string; readonly text: string }
  | { readonly type: 'and'; readonly left: SearchNode; readonly right: SearchNode }
  | { readonly type: 'or'; readonly left: SearchNode; readonly right: SearchNode };

const WORD = /[\p{L}\p{N}]+/gu;

/** The lower-cased words of a text, camelCase split (`AdeleVance@x` → adele, vance, x). */
export function searchWords(text: string): string[] {
  const spaced = text.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
  return [...new Set((spaced.match(WORD) ?? []).map((w) => w.toLowerCase()))];
}

function valueWords(value: unknown): string[] {
  if (typeof value === 'string') return searchWords(value);
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' ? searchWords(v) : []));
  return [];
}

function termMatches(term: Extract<SearchNode, { type: 'term' }>, object: Record<string, unknown>): boolean {
  const wanted = searchWords(term.text);
  if (wanted.length === 0) return false;
  const words = valueWords(Object.hasOwn(object, term.property) ? object[term.property] : undefined);
  return wanted.every((w) => words.some((word) => word.startsWith(w)));
}

/** Tells whether a Graph-shaped object satisfies a `$search` expression; never throws. */
export function matchesSearch(node: SearchNode, object: Record<string, unknown>): boolean {
  switch (node.type) {
    case 'term':
      return termMatches(node, object);
    case 'and':
      return matchesSearch(node.left, object) && matchesSearch(node.right, object);
    case 'or':
      return matchesSearch(node.left, object) || matchesSearch(node.right, object);
  }
}
