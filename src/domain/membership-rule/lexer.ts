import { err, ok, type Result } from '../errors';
import { clip, ruleSyntaxError, type RuleSyntaxError } from './syntax-error';

/**
 * Token kinds. Operators written with a dash (`-eq`) are `operator` tokens; words are property
 * paths (`user.department`), `_`, `true`/`false`/`null`, and operators written without the dash,
 * which Entra also accepts (`user.department eq "x"`). The parser decides what a word means.
 */
export type TokenKind = 'word' | 'operator' | 'string' | 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'comma' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** 1-based position of the token's first character. */
  readonly position: number;
  /** The decoded text of a string, or the operator name without its dash. */
  readonly value?: string;
}

const PUNCTUATION: Readonly<Record<string, TokenKind>> = { '(': 'lparen', ')': 'rparen', '[': 'lbracket', ']': 'rbracket', ',': 'comma' };

// Entra's own documentation writes operators with an en dash (`–and`), so pasted rules use it too.
const OPERATOR = /[-\u2013]([A-Za-z]+)/y;
const WORD = /[A-Za-z0-9_$][A-Za-z0-9_$.]*/y;
const WHITESPACE = /\s+/y;

function stickyMatch(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/**
 * Reads a quoted string starting at `start`. In double quotes a backtick escapes the next `"` or
 * backtick (Entra's documented escape); in single quotes `''` is one quote.
 */
function readString(text: string, start: number): Result<{ value: string; end: number }, RuleSyntaxError> {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    const following = text[i + 1];
    if (quote === '"' && c === '`' && (following === '"' || following === '`')) {
      value += following;
      i += 2;
    } else if (c === quote && quote === "'" && following === "'") {
      value += "'";
      i += 2;
    } else if (c === quote) {
      return ok({ value, end: i + 1 });
    } else {
      value += c;
      i += 1;
    }
  }
  const escape = quote === '"' ? 'write `" for a quote inside the string' : "write '' for a quote inside the string";
  return err(ruleSyntaxError(start + 1, `the string starting here is not closed with ${quote} (${escape})`));
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f ? `character U+${code.toString(16).padStart(4, '0').toUpperCase()}` : `'${c}'`;
}

/** Splits rule text into tokens ending with `eof`; never throws. */
export function tokenize(text: string): Result<Token[], RuleSyntaxError> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (stickyMatch(WHITESPACE, text, i)) {
      i = WHITESPACE.lastIndex;
      continue;
    }
    const punctuation = PUNCTUATION[c];
    if (punctuation) {
      tokens.push({ kind: punctuation, text: c, position: i + 1 });
      i += 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const read = readString(text, i);
      if (!read.ok) return read;
      tokens.push({ kind: 'string', text: text.slice(i, read.value.end), position: i + 1, value: read.value.value });
      i = read.value.end;
      continue;
    }
    const operator = stickyMatch(OPERATOR, text, i);
    if (operator) {
      tokens.push({ kind: 'operator', text: operator[0], position: i + 1, value: operator[1] as string });
      i += operator[0].length;
      continue;
    }
    const word = stickyMatch(WORD, text, i);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], position: i + 1 });
      i += word[0].length;
      continue;
    }
    const found = String.fromCodePoint(text.codePointAt(i) ?? 0);
    const hint = c === '-' || c === '\u2013' ? ' (an operator is a dash followed by its name, e.g. -eq)' : '';
    return err(ruleSyntaxError(i + 1, `unexpected ${describeChar(found)}${hint}`));
  }
  tokens.push({ kind: 'eof', text: '', position: text.length + 1 });
  return ok(tokens);
}

/** How a token is named in error messages. */
export function describeToken(token: Token): string {
  return token.kind === 'eof' ? 'the end of the rule' : `'${clip(token.text)}'`;
}
