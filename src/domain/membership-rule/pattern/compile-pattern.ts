import { err, ok, type Result } from '../../errors';
import { parsePattern } from './parse-pattern';
import type { Assertion, CharSet, PatternError, PatternNode } from './pattern-ast';

/**
 * `-match` patterns are compiled to a Thompson NFA program and run by a Pike VM
 * (`matchPattern`), which takes time proportional to text length × program size whatever the
 * pattern: `(a+)+$` or `(a|a)*b` cannot stall evaluation the way they stall a backtracking
 * engine. The price is no backreferences or lookarounds, which are refused at parse time.
 */

/** Longer patterns are refused outright. */
export const MAX_PATTERN_LENGTH = 512;
/** Bounds the program a pattern may expand to (repeat counts copy their body). */
export const MAX_PROGRAM_SIZE = 4096;

export type Instruction =
  | { readonly op: 'char'; readonly set: CharSet }
  | { readonly op: 'split'; readonly first: number; readonly second: number }
  | { readonly op: 'jump'; readonly to: number }
  | { readonly op: 'assert'; readonly assertion: Assertion }
  | { readonly op: 'match' };

/** A `-match` pattern as written, with its compiled program. Built only by `compileRulePattern`. */
export interface RulePattern {
  readonly source: string;
  readonly program: readonly Instruction[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Draft = Mutable<Instruction> & { first?: number; second?: number; to?: number };

class TooLarge {}

class Compiler {
  readonly program: Draft[] = [];

  private emit(instruction: Draft): Draft {
    if (this.program.length >= MAX_PROGRAM_SIZE) throw new TooLarge();
    this.program.push(instruction);
    return instruction;
  }

  private get here(): number {
    return this.program.length;
  }

  compile(node: PatternNode): void {
    switch (node.kind) {
      case 'empty':
        return;
      case 'chars':
        this.emit({ op: 'char', set: node.set.kind === 'literal' ? { kind: 'literal', char: node.set.char.toLowerCase() } : node.set });
        return;
      case 'assert':
        this.emit({ op: 'assert', assertion: node.assertion });
        return;
      case 'sequence':
        node.items.forEach((item) => this.compile(item));
        return;
      case 'alternation':
        return this.alternation(node.options);
      case 'repeat':
        return this.repeat(node.node, node.min, node.max);
    }
  }

  private alternation(options: readonly PatternNode[]): void {
    const exits: Draft[] = [];
    options.forEach((option, index) => {
      if (index === options.length - 1) return this.compile(option);
      const split = this.emit({ op: 'split', first: this.here + 1, second: -1 });
      this.compile(option);
      exits.push(this.emit({ op: 'jump', to: -1 }));
      split.second = this.here;
    });
    exits.forEach((exit) => (exit.to = this.here));
  }

  private repeat(node: PatternNode, min: number, max: number | null): void {
    for (let i = 0; i < min; i += 1) this.compile(node);
    if (max === null) {
      const loop = this.here;
      const split = this.emit({ op: 'split', first: loop + 1, second: -1 });
      this.compile(node);
      this.emit({ op: 'jump', to: loop });
      split.second = this.here;
      return;
    }
    const skips: Draft[] = [];
    for (let i = min; i < max; i += 1) {
      skips.push(this.emit({ op: 'split', first: this.here + 1, second: -1 }));
      this.compile(node);
    }
    skips.forEach((skip) => (skip.second = this.here));
  }
}

/**
 * Parses and compiles a `-match` pattern; never throws. Matching is case-insensitive and finds
 * the pattern anywhere in the text unless anchored with `^`/`$`, as in Entra.
 */
export function compileRulePattern(source: string): Result<RulePattern, PatternError> {
  const chars = Array.from(source);
  if (chars.length > MAX_PATTERN_LENGTH) {
    return err({ offset: MAX_PATTERN_LENGTH, message: `a pattern can be at most ${MAX_PATTERN_LENGTH} characters long` });
  }
  const parsed = parsePattern(chars);
  if (!parsed.ok) return parsed;
  const compiler = new Compiler();
  try {
    compiler.compile(parsed.value);
    compiler.program.push({ op: 'match' });
  } catch (caught) {
    if (!(caught instanceof TooLarge)) throw caught;
    return err({ offset: 0, message: `the pattern is too complex (it expands to more than ${MAX_PROGRAM_SIZE} steps)` });
  }
  return ok({ source, program: compiler.program as Instruction[] });
}
