import { err, ok, type Result } from '../errors';
import type { RuleAst, RuleNode } from './ast';
import { parseCondition, type Scope } from './condition';
import { TokenCursor } from './cursor';
import { tokenize } from './lexer';
import { MAX_RULE_LENGTH, RuleRejection, ruleSyntaxError, type RuleSyntaxError } from './syntax-error';

/** Bounds recursion (parentheses, -not, -any bodies) so hostile input cannot exhaust the stack. */
export const MAX_NESTING = 50;

/**
 * Precedence follows Entra's table: comparisons bind tightest, then -not, then -and, then -or;
 * -and and -or associate to the left.
 */
class RuleParser {
  private depth = 0;

  constructor(private readonly cursor: TokenCursor) {}

  rule(): RuleNode {
    const node = this.or('user');
    const rest = this.cursor.peek();
    if (rest.kind === 'rparen') this.cursor.fail(rest, "unmatched ')'");
    if (rest.kind !== 'eof') this.cursor.expected(rest, '-and, -or or the end of the rule');
    return node;
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_NESTING) {
      this.cursor.fail(this.cursor.peek(), `the rule nests parentheses, -not or -any more than ${MAX_NESTING} levels deep`);
    }
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private or(scope: Scope): RuleNode {
    let left = this.and(scope);
    while (this.cursor.at('or')) {
      this.cursor.next();
      left = { type: 'or', left, right: this.and(scope) };
    }
    return left;
  }

  private and(scope: Scope): RuleNode {
    let left = this.unary(scope);
    while (this.cursor.at('and')) {
      this.cursor.next();
      left = { type: 'and', left, right: this.unary(scope) };
    }
    return left;
  }

  private unary(scope: Scope): RuleNode {
    if (!this.cursor.at('not')) return this.primary(scope);
    this.cursor.next();
    return this.nested(() => ({ type: 'not', operand: this.unary(scope) }));
  }

  private primary(scope: Scope): RuleNode {
    if (this.cursor.peek().kind !== 'lparen') return parseCondition(this.cursor, scope, () => this.body());
    return this.parenthesized(scope);
  }

  private parenthesized(scope: Scope): RuleNode {
    const open = this.cursor.next();
    const node = this.nested(() => this.or(scope));
    const close = this.cursor.next();
    if (close.kind !== 'rparen') this.cursor.expected(close, `')' to close the '(' at position ${open.position}`);
    return node;
  }

  /** The body of -any/-all: `(…)` over `_`, or one bare `_` condition as in `-any _ -eq "x"`. */
  private body(): RuleNode {
    if (this.cursor.peek().kind === 'lparen') return this.parenthesized('item');
    return this.nested(() => parseCondition(this.cursor, 'item', () => this.body()));
  }
}

/**
 * Parses an Entra user membership rule such as `user.department -eq "Sales" -and
 * user.accountEnabled -eq true` into a checked tree; never throws. Every failure is an
 * `invalidMembershipRule` error naming the 1-based position and what was expected there.
 */
export function parseMembershipRule(text: string): Result<RuleAst, RuleSyntaxError> {
  if (text.length > MAX_RULE_LENGTH) {
    return err(ruleSyntaxError(MAX_RULE_LENGTH + 1, `a membership rule can be at most ${MAX_RULE_LENGTH} characters long; this one has ${text.length}`));
  }
  const tokens = tokenize(text);
  if (!tokens.ok) return tokens;
  try {
    return ok(new RuleParser(new TokenCursor(tokens.value)).rule());
  } catch (caught) {
    if (caught instanceof RuleRejection) return err(caught.error);
    throw caught;
  }
}
