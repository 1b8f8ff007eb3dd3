import type { SearchNode } from '../../domain/query/search';
import { clip } from './lexer';
import { err, ok, type Result } from './result';

const MAX_SEARCH_LENGTH = 1024;
const TOKEN = /\s*(?:"((?:[^"\\]|\\.)*)"|(\()|(\))|([A-Za-z]+))/y;

type Token = { kind: 'term'; text: string } | { kind: '(' | ')' } | { kind: 'word'; text: string };

function invalid(detail: string): Result<never> {
  return err({ code: 'invalidQuery', message: `Invalid $search: ${detail}` });
}

/**
 * Parses Graph's directory `$search`: quoted `"property:text"` terms (`\"` escapes a quote),
 * `AND`/`OR` (any case; AND binds tighter) and parentheses. Every property must be in
 * `searchable` (matched case-insensitively, returned in that spelling); a term without a
 * property is refused, as Graph refuses it on directory objects.
 */
export function parseSearch(text: string, searchable: readonly string[]): Result<SearchNode> {
  if (text.length > MAX_SEARCH_LENGTH) return invalid(`longer than ${MAX_SEARCH_LENGTH} characters`);
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length && text.slice(at).trim() !== '') {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) return invalid(`unexpected '${clip(text.slice(at).trim())}'; terms are quoted, as in "displayName:ada"`);
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'term', text: m[1].replace(/\\(.)/g, '$1') });
    else if (m[2]) tokens.push({ kind: '(' });
    else if (m[3]) tokens.push({ kind: ')' });
    else tokens.push({ kind: 'word', text: m[4]!.toUpperCase() });
  }
  let index = 0;
  const byLower = new Map(searchable.map((p) => [p.toLowerCase(), p]));
  let failure: string | undefined;

  const primary = (depth: number): SearchNode | undefined => {
    const token = tokens[index++];
    if (depth > 32) return void (failure = 'nested too deep');
    if (token?.kind === '(') {
      const inner = or(depth + 1);
      if (tokens[index++]?.kind !== ')') return void (failure ??= "missing ')'");
      return inner;
    }
    if (token?.kind !== 'term') return void (failure ??= 'expected a quoted "property:text" term');
    const colon = token.text.indexOf(':');
    const property = colon > 0 ? byLower.get(token.text.slice(0, colon).trim().toLowerCase()) : undefined;
    if (!property) {
      return void (failure ??= colon > 0
        ? `'${clip(token.text.slice(0, colon))}' cannot be searched here (searchable: ${searchable.join(', ')})`
        : `"${clip(token.text)}" names no property; write "property:text" (searchable: ${searchable.join(', ')})`);
    }
    return { type: 'term', property, text: token.text.slice(colon + 1).trim() };
  };
  const and = (depth: number): SearchNode | undefined => {
    let left = primary(depth);
    while (left && tokens[index]?.kind === 'word' && (tokens[index] as { text: string }).text === 'AND') {
      index++;
      const right = primary(depth);
      left = right && { type: 'and', left, right };
    }
    return left;
  };
  const or = (depth: number): SearchNode | undefined => {
    let left = and(depth);
    while (left && tokens[index]?.kind === 'word' && (tokens[index] as { text: string }).text === 'OR') {
      index++;
      const right = and(depth);
      left = right && { type: 'or', left, right };
    }
    return left;
  };
  const node = or(0);
  if (!node) return invalid(failure ?? 'empty');
  if (index < tokens.length) return invalid('expected AND, OR or the end after a term');
  return ok(node);
}
