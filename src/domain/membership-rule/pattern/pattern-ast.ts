/**
 * The parsed form of a `-match` regular expression: the subset that .NET (Entra's engine) and
 * JavaScript read alike and that a linear-time matcher can run. Plain data, so trees compare
 * with deep equality.
 */

/** `\d`, `\w`, `\s` with .NET's Unicode meanings, or their negations `\D`, `\W`, `\S`. */
export interface Shorthand {
  readonly kind: 'shorthand';
  readonly name: 'd' | 'w' | 's';
  readonly negated: boolean;
}

/** An inclusive range of code points; a single character is a range of one. */
export interface CodeRange {
  readonly kind: 'range';
  readonly from: number;
  readonly to: number;
}

/** What one character step accepts. */
export type CharSet =
  | { readonly kind: 'any' }
  | { readonly kind: 'literal'; readonly char: string }
  | { readonly kind: 'class'; readonly negated: boolean; readonly items: readonly (CodeRange | Shorthand)[] };

export type Assertion = 'start' | 'end' | 'wordBoundary' | 'notWordBoundary';

export type PatternNode =
  | { readonly kind: 'empty' }
  | { readonly kind: 'chars'; readonly set: CharSet }
  | { readonly kind: 'assert'; readonly assertion: Assertion }
  | { readonly kind: 'sequence'; readonly items: readonly PatternNode[] }
  | { readonly kind: 'alternation'; readonly options: readonly PatternNode[] }
  | { readonly kind: 'repeat'; readonly node: PatternNode; readonly min: number; readonly max: number | null };

/** A pattern problem; `offset` is the 0-based character index inside the pattern. */
export interface PatternError {
  readonly offset: number;
  readonly message: string;
}
