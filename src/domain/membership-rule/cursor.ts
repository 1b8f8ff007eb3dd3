import { describeToken, type Token } from './lexer';
import { COMPARISON_OPERATORS } from './ast';
import { RuleRejection, ruleSyntaxError } from './syntax-error';

const KEYWORDS = [...COMPARISON_OPERATORS, 'any', 'all', 'and', 'or', 'not'] as const;

/** An operator or logical keyword in its canonical spelling. */
export type Keyword = (typeof KEYWORDS)[number];

const BY_LOWERCASE: ReadonlyMap<string, Keyword> = new Map(KEYWORDS.map((keyword) => [keyword.toLowerCase(), keyword]));

/**
 * The keyword a token spells, case-insensitively, with or without its dash (Entra accepts
 * `-eq`, `-EQ` and `eq` alike); undefined for anything else, including unknown `-xyz` operators.
 */
export function keywordOf(token: Token): Keyword | undefined {
  if (token.kind === 'operator') return BY_LOWERCASE.get((token.value ?? '').toLowerCase());
  if (token.kind === 'word') return BY_LOWERCASE.get(token.text.toLowerCase());
  return undefined;
}

/** Walks the token list and reports syntax errors by throwing a `RuleRejection`. */
export class TokenCursor {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[Math.min(this.index, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  /** Whether the next token is the given keyword. */
  at(keyword: Keyword): boolean {
    return keywordOf(this.peek()) === keyword;
  }

  fail(token: Token, detail: string): never {
    throw new RuleRejection(ruleSyntaxError(token.position, detail));
  }

  expected(token: Token, what: string): never {
    this.fail(token, `expected ${what} but found ${describeToken(token)}`);
  }
}
