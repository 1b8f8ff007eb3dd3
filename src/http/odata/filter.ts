import type { CompareOperator, FilterFunction, FilterNode, Literal, PropertyPath } from '../../domain/query/filter-ast';
import { clip, tokenize, type Token } from './lexer';
import { err, ok, type ODataError, type Result } from './result';

const COMPARE_OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS: Record<string, FilterFunction> = { startswith: 'startsWith', endswith: 'endsWith' };
/** Bounds recursion so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 64;

/** Thrown only inside this module to unwind the recursive descent; never escapes `parseFilter`. */
class Stop {
  constructor(readonly error: ODataError) {}
}

function describe(token: Token): string {
  return token.kind === 'eof' ? 'end of input' : `'${clip(token.text)}'`;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): FilterNode {
    const node = this.orExpression();
    this.expectKind('eof', "'and', 'or' or end of input");
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  private fail(token: Token, expected: string): never {
    throw new Stop({
      code: 'invalidFilter',
      position: token.position,
      message: `Syntax error at position ${token.position} in $filter: expected ${expected} but found ${describe(token)}`,
    });
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'identifier' && token.text.toLowerCase() === word;
  }

  private expectKind(kind: Token['kind'], expected: string): Token {
    const token = this.peek();
    if (token.kind !== kind) this.fail(token, expected);
    return this.next();
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      const token = this.peek();
      throw new Stop({
        code: 'invalidFilter',
        position: token.position,
        message: `Syntax error at position ${token.position} in $filter: expressions are nested more than ${MAX_DEPTH} deep`,
      });
    }
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private orExpression(): FilterNode {
    let left = this.andExpression();
    while (this.isKeyword('or')) {
      this.next();
      left = { type: 'or', left, right: this.andExpression() };
    }
    return left;
  }

  private andExpression(): FilterNode {
    let left = this.unary();
    while (this.isKeyword('and')) {
      this.next();
      left = { type: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterNode {
    if (this.isKeyword('not')) {
      this.next();
      return { type: 'not', operand: this.nested(() => this.unary()) };
    }
    return this.primary();
  }

  private primary(): FilterNode {
    const token = this.peek();
    if (token.kind === 'lparen') {
      this.next();
      const inner = this.nested(() => this.orExpression());
      this.expectKind('rparen', "')'");
      return inner;
    }
    if (token.kind !== 'identifier') this.fail(token, "a property name, a function, 'not' or '('");
    if (this.peek(1).kind === 'lparen') return this.functionCall();
    return this.propertyClause();
  }

  private functionCall(): FilterNode {
    const nameToken = this.next();
    const name = FUNCTIONS[nameToken.text.toLowerCase()];
    if (!name) {
      throw new Stop({
        code: 'unsupportedFilter',
        position: nameToken.position,
        message: `Unsupported function '${clip(nameToken.text)}' at position ${nameToken.position} in $filter: only startsWith and endsWith are supported`,
      });
    }
    this.next();
    const property = this.path();
    if (property.kind === 'lambda') this.fail(property.at, "','");
    this.expectKind('comma', "','");
    const value = this.literal();
    this.expectKind('rparen', "')'");
    return { type: 'function', name, property: property.path, value, position: nameToken.position };
  }

  private propertyClause(): FilterNode {
    const parsed = this.path();
    if (parsed.kind === 'lambda') return parsed.node;
    const property = parsed.path;
    const operator = this.peek();
    const word = operator.kind === 'identifier' ? operator.text.toLowerCase() : '';
    if (COMPARE_OPERATORS.has(word)) {
      this.next();
      return { type: 'compare', operator: word as CompareOperator, property, value: this.literal() };
    }
    if (word === 'in') {
      this.next();
      this.expectKind('lparen', "'(' after 'in'");
      const values = [this.literal()];
      while (this.peek().kind === 'comma') {
        this.next();
        values.push(this.literal());
      }
      this.expectKind('rparen', "',' or ')'");
      return { type: 'in', property, values };
    }
    return this.fail(operator, "an operator (eq, ne, gt, ge, lt, le, in)");
  }

  /** A path `a/b/c`, or a path ending in `/any(v: …)`, which makes it a whole clause. */
  private path(): { kind: 'path'; path: PropertyPath } | { kind: 'lambda'; node: FilterNode; at: Token } {
    const first = this.expectKind('identifier', 'a property name');
    const segments = [first.text];
    while (this.peek().kind === 'slash') {
      this.next();
      const segment = this.expectKind('identifier', "a property name after '/'");
      const lowered = segment.text.toLowerCase();
      if (this.peek().kind === 'lparen' && (lowered === 'any' || lowered === 'all')) {
        if (lowered === 'all') {
          throw new Stop({
            code: 'unsupportedFilter',
            position: segment.position,
            message: `Unsupported lambda 'all' at position ${segment.position} in $filter: only any() is supported`,
          });
        }
        const collection = { segments, position: first.position };
        return { kind: 'lambda', node: this.nested(() => this.lambda(collection)), at: segment };
      }
      segments.push(segment.text);
    }
    return { kind: 'path', path: { segments, position: first.position } };
  }

  private lambda(collection: PropertyPath): FilterNode {
    this.expectKind('lparen', "'('");
    const variable = this.expectKind('identifier', 'a lambda variable name, as in any(x: x eq 1)');
    this.expectKind('colon', "':' after the lambda variable");
    const predicate = this.orExpression();
    this.expectKind('rparen', "')'");
    return { type: 'any', collection, variable: variable.text, predicate };
  }

  private literal(): Literal {
    const token = this.next();
    const position = token.position;
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: String(token.value), position };
      case 'number':
        return { kind: 'number', value: Number(token.value), position };
      case 'guid':
        return { kind: 'guid', value: String(token.value), position };
      case 'datetime':
        return { kind: 'datetime', value: String(token.value), position };
      case 'identifier': {
        const word = token.text.toLowerCase();
        if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true', position };
        if (word === 'null') return { kind: 'null', position };
        break;
      }
      default:
        break;
    }
    return this.fail(token, "a value (a quoted string, number, true, false, null, GUID or date and time)");
  }
}

/**
 * Parses `$filter` text into a syntax tree without checking it against any endpoint (see
 * `compileFilter` for that). Operators, functions and `true`/`false`/`null` are matched
 * case-insensitively, as Graph does (`NOT`, `startswith`). Precedence: `not` binds tighter than
 * `and`, which binds tighter than `or`; a comparison is one clause, so `not a eq 1` is
 * `not (a eq 1)`. Never throws: malformed input gives `invalidFilter` with the position.
 */
export function parseFilter(text: string): Result<FilterNode> {
  const tokens = tokenize(text);
  if (!tokens.ok) return tokens;
  if (tokens.value.length === 1) {
    return err({ code: 'invalidFilter', position: 0, message: 'Syntax error at position 0 in $filter: the filter is empty' });
  }
  try {
    return ok(new Parser(tokens.value).parse());
  } catch (caught) {
    if (caught instanceof Stop) return err(caught.error);
    throw caught;
  }
}
