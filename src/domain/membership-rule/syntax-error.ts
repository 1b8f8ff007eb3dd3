/**
 * A rule that cannot be used, as a value: where the problem is (1-based character position) and
 * what was expected. Safe to return to the client as is.
 */
export interface RuleSyntaxError {
  readonly code: 'invalidMembershipRule';
  readonly message: string;
  /** 1-based position of the offending character or token in the rule text. */
  readonly position: number;
}

/** Entra refuses rule bodies longer than this. */
export const MAX_RULE_LENGTH = 3072;

export function ruleSyntaxError(position: number, detail: string): RuleSyntaxError {
  return { code: 'invalidMembershipRule', position, message: `Syntax error at position ${position}: ${detail}` };
}

/** Thrown only inside the parser to unwind the recursive descent; never escapes `parseMembershipRule`. */
export class RuleRejection {
  constructor(readonly error: RuleSyntaxError) {}
}

/** Shortens echoed input so error messages stay readable. */
export function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
