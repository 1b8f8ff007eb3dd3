import { err, ok, type ODataError, type Result } from './result';

/** Kinds of `$filter` tokens. Keywords (`eq`, `and`, `true`, …) are identifiers; the parser decides. */
export type TokenKind =
  | 'identifier'
  | 'string'
  | 'number'
  | 'guid'
  | 'datetime'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'colon'
  | 'slash'
  | 'eof';

/** One token; `value` is the decoded literal for string/number/guid/datetime tokens. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly position: number;
  readonly value?: string | number;
}

/** Longer filters are refused outright, which also bounds parser recursion and work. */
export const MAX_FILTER_LENGTH = 4096;

const PUNCTUATION: Record<string, TokenKind> = { '(': 'lparen', ')': 'rparen', ',': 'comma', ':': 'colon', '/': 'slash' };

// Unquoted GUIDs are tried before identifiers (`abcdef01-…` is not the identifier `abcdef01`), and
// a run of number-like characters is read whole and must then be exactly a datetime or a number,
// so `2024-01-01T00:00` (no time zone) is reported as one bad value, not as `2024` followed by junk.
const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![A-Za-z0-9_])/y;
const NUMERIC_WORD = /-?[0-9][0-9A-Za-z_:.+-]*/y;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const WHITESPACE = /[ \t\r\n]+/y;

function syntaxError(position: number, detail: string): ODataError {
  return { code: 'invalidFilter', position, message: `Syntax error at position ${position} in $filter: ${detail}` };
}

function stickyMatch(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** ISO text to canonical UTC form; undefined for impossible dates such as 2024-02-30. */
function normalizeDateTime(match: RegExpExecArray): string | undefined {
  const [text, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const millis = Date.parse(text.includes('T') ? text : `${text}T00:00:00Z`);
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
}

function readNumericWord(word: string, position: number): Result<Token> {
  const dateTime = DATETIME.exec(word);
  if (dateTime) {
    const value = normalizeDateTime(dateTime);
    if (value === undefined) return err(syntaxError(position, `'${word}' is not a valid date and time`));
    return ok({ kind: 'datetime', text: word, position, value });
  }
  if (NUMBER.test(word)) {
    const value = Number(word);
    if (!Number.isFinite(value)) return err(syntaxError(position, `number '${word}' is out of range`));
    return ok({ kind: 'number', text: word, position, value: value === 0 ? 0 : value });
  }
  return err(
    syntaxError(position, `'${clip(word)}' is not a valid number, GUID or date and time (a time needs a zone, e.g. 2024-01-01T00:00:00Z)`),
  );
}

/** Shortens echoed input so error messages stay readable. */
export function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function readString(text: string, start: number): Result<{ value: string; end: number }> {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return ok({ value, end: i + 1 });
    }
    value += c;
    i += 1;
  }
  return err(syntaxError(start, `unterminated string literal (a quote inside a string is written '')`));
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f ? `character U+${code.toString(16).padStart(4, '0').toUpperCase()}` : `'${c}'`;
}

/** Splits `$filter` text into tokens, ending with an `eof` token; never throws. */
export function tokenize(text: string): Result<Token[]> {
  if (text.length > MAX_FILTER_LENGTH) {
    return err({ code: 'invalidFilter', message: `$filter is longer than ${MAX_FILTER_LENGTH} characters` });
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (stickyMatch(WHITESPACE, text, i)) {
      i = WHITESPACE.lastIndex;
      continue;
    }
    const punctuation = PUNCTUATION[c];
    if (punctuation) {
      tokens.push({ kind: punctuation, text: c, position: i });
      i += 1;
      continue;
    }
    if (c === "'") {
      const read = readString(text, i);
      if (!read.ok) return read;
      tokens.push({ kind: 'string', text: text.slice(i, read.value.end), position: i, value: read.value.value });
      i = read.value.end;
      continue;
    }
    const guid = stickyMatch(GUID, text, i);
    if (guid) {
      tokens.push({ kind: 'guid', text: guid[0], position: i, value: guid[0].toLowerCase() });
      i += guid[0].length;
      continue;
    }
    const word = stickyMatch(NUMERIC_WORD, text, i)?.[0];
    if (word !== undefined) {
      const literal = readNumericWord(word, i);
      if (!literal.ok) return literal;
      tokens.push(literal.value);
      i += word.length;
      continue;
    }
    const identifier = stickyMatch(IDENTIFIER, text, i);
    if (identifier) {
      tokens.push({ kind: 'identifier', text: identifier[0], position: i });
      i += identifier[0].length;
      continue;
    }
    return err(syntaxError(i, `unexpected ${describeChar(String.fromCodePoint(text.codePointAt(i) ?? 0))}`));
  }
  tokens.push({ kind: 'eof', text: '', position: text.length });
  return ok(tokens);
}
