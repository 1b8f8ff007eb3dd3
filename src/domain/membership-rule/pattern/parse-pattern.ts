import { err, ok, type Result } from '../../errors';
import type { Assertion, CharSet, CodeRange, PatternError, PatternNode, Shorthand } from './pattern-ast';

/** Larger repeat counts are refused: they only bloat the compiled program. */
export const MAX_REPEAT = 1000;

const CONTROL_ESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v' };
const BRACES = /^\{(\d+)(?:(,)(\d*))?\}/;

type Escape = { readonly kind: 'literal'; readonly char: string } | Shorthand | { readonly kind: 'assert'; readonly assertion: Assertion };

class Stop {
  constructor(readonly error: PatternError) {}
}

function single(char: string): CodeRange {
  const code = char.codePointAt(0) ?? 0;
  return { kind: 'range', from: code, to: code };
}

class PatternParser {
  private i = 0;

  constructor(private readonly chars: readonly string[]) {}

  parse(): PatternNode {
    const node = this.alternation();
    if (this.i < this.chars.length) this.fail(this.i, "unmatched ')'");
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.i + offset];
  }

  private fail(offset: number, message: string): never {
    throw new Stop({ offset, message });
  }

  private alternation(): PatternNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.i += 1;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as PatternNode) : { kind: 'alternation', options };
  }

  private sequence(): PatternNode {
    const items: PatternNode[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      items.push(this.quantified(this.atom()));
    }
    if (items.length === 0) return { kind: 'empty' };
    return items.length === 1 ? (items[0] as PatternNode) : { kind: 'sequence', items };
  }

  private quantified(atom: PatternNode): PatternNode {
    const offset = this.i;
    const bounds = this.quantifier();
    if (!bounds) return atom;
    if (atom.kind === 'assert') this.fail(offset, `nothing to repeat before '${this.chars[offset]}'`);
    if (this.peek() === '?') this.i += 1; // lazy and greedy repeats accept the same texts
    if (this.quantifierAhead()) this.fail(this.i, 'a quantifier cannot follow another quantifier');
    return { kind: 'repeat', node: atom, min: bounds.min, max: bounds.max };
  }

  private quantifierAhead(): boolean {
    const c = this.peek();
    return c === '*' || c === '+' || c === '?' || (c === '{' && this.braces() !== undefined);
  }

  private braces(): RegExpExecArray | undefined {
    return BRACES.exec(this.chars.slice(this.i, this.i + 16).join('')) ?? undefined;
  }

  private quantifier(): { min: number; max: number | null } | undefined {
    const c = this.peek();
    const simple = c === '*' ? { min: 0, max: null } : c === '+' ? { min: 1, max: null } : c === '?' ? { min: 0, max: 1 } : undefined;
    if (simple) {
      this.i += 1;
      return simple;
    }
    const braces = c === '{' ? this.braces() : undefined;
    if (!braces) return undefined;
    const min = Number(braces[1]);
    const max = braces[2] === undefined ? min : braces[3] === '' ? null : Number(braces[3]);
    if (min > MAX_REPEAT || (max ?? 0) > MAX_REPEAT) this.fail(this.i, `repeat counts above ${MAX_REPEAT} are not supported`);
    if (max !== null && max < min) this.fail(this.i, `the repeat range '${braces[0]}' is out of order`);
    this.i += braces[0].length;
    return { min, max };
  }

  private atom(): PatternNode {
    const offset = this.i;
    const c = this.peek() as string;
    if (c === '(') return this.group();
    if (c === '[') return { kind: 'chars', set: this.characterClass() };
    if (c === '\\') {
      const escape = this.escape(false);
      if (escape.kind === 'assert') return escape;
      return { kind: 'chars', set: escape.kind === 'literal' ? escape : { kind: 'class', negated: false, items: [escape] } };
    }
    if (this.quantifierAhead()) this.fail(offset, `nothing to repeat before '${c}'`);
    this.i += 1;
    if (c === '.') return { kind: 'chars', set: { kind: 'any' } };
    if (c === '^') return { kind: 'assert', assertion: 'start' };
    if (c === '$') return { kind: 'assert', assertion: 'end' };
    return { kind: 'chars', set: { kind: 'literal', char: c } };
  }

  private group(): PatternNode {
    const open = this.i;
    this.i += 1;
    if (this.peek() === '?') {
      if (this.peek(1) !== ':') {
        this.fail(open, "'(?' constructs (lookarounds, named groups, inline options) are not supported; use '(' or '(?:'");
      }
      this.i += 2;
    }
    const node = this.alternation();
    if (this.peek() !== ')') this.fail(open, "missing ')' for the '(' here");
    this.i += 1;
    return node;
  }

  private escape(inClass: boolean): Escape {
    const start = this.i;
    const c = this.peek(1);
    if (c === undefined) this.fail(start, "the pattern ends with a lone '\\'");
    this.i += 2;
    if (c === 'd' || c === 'w' || c === 's') return { kind: 'shorthand', name: c, negated: false };
    if (c === 'D' || c === 'W' || c === 'S') return { kind: 'shorthand', name: c.toLowerCase() as Shorthand['name'], negated: true };
    if (c === 'b') return inClass ? { kind: 'literal', char: '\b' } : { kind: 'assert', assertion: 'wordBoundary' };
    if (c === 'B' && !inClass) return { kind: 'assert', assertion: 'notWordBoundary' };
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined) return { kind: 'literal', char: control };
    if (c === 'x' || c === 'u') {
      const digits = c === 'x' ? 2 : 4;
      const hex = this.chars.slice(this.i, this.i + digits).join('');
      if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) this.fail(start, `'\\${c}' needs ${digits} hexadecimal digits`);
      this.i += digits;
      return { kind: 'literal', char: String.fromCharCode(parseInt(hex, 16)) };
    }
    if (/[1-9k]/.test(c)) this.fail(start, 'backreferences are not supported');
    if (/[A-Za-z0-9]/.test(c)) this.fail(start, `the escape '\\${c}' is not supported`);
    return { kind: 'literal', char: c };
  }

  private classItem(): CodeRange | Shorthand {
    if (this.peek() === '\\') {
      const start = this.i;
      const escape = this.escape(true);
      if (escape.kind === 'assert') this.fail(start, `'${this.chars.slice(start, this.i).join('')}' cannot be used inside [ ]`);
      return escape.kind === 'literal' ? single(escape.char) : escape;
    }
    this.i += 1;
    return single(this.chars[this.i - 1] as string);
  }

  private characterClass(): CharSet {
    const open = this.i;
    this.i += 1;
    const negated = this.peek() === '^';
    if (negated) this.i += 1;
    const items: (CodeRange | Shorthand)[] = [];
    // As in .NET, a ']' right after '[' or '[^' is a literal, not the end of an empty class.
    for (let first = true; ; first = false) {
      const c = this.peek();
      if (c === undefined) this.fail(open, "missing ']' for the '[' here");
      if (c === ']' && !first) break;
      const low = this.classItem();
      if (this.peek() === '-' && this.peek(1) === '[') this.fail(this.i, 'character class subtraction is not supported');
      const dash = this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined;
      if (!dash) {
        items.push(low);
        continue;
      }
      const dashAt = this.i++;
      const high = this.classItem();
      if (low.kind === 'shorthand' || high.kind === 'shorthand') this.fail(dashAt, 'a range cannot start or end with \\d, \\w or \\s');
      if (high.from < low.from) this.fail(dashAt, 'the character range is out of order');
      items.push({ kind: 'range', from: low.from, to: high.from });
    }
    this.i += 1;
    return { kind: 'class', negated, items };
  }
}

/** Parses a pattern given as an array of code points; never throws. */
export function parsePattern(chars: readonly string[]): Result<PatternNode, PatternError> {
  try {
    return ok(new PatternParser(chars).parse());
  } catch (caught) {
    if (caught instanceof Stop) return err(caught.error);
    throw caught;
  }
}
