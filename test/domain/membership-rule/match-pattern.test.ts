import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRulePattern, MAX_PATTERN_LENGTH, type RulePattern } from '../../../src/domain/membership-rule';
import { matchPattern } from '../../../src/domain/membership-rule/pattern/match-pattern';

function pattern(source: string): RulePattern {
  const compiled = compileRulePattern(source);
  if (!compiled.ok) throw new Error(`expected ${source} to compile: ${compiled.error.message}`);
  return compiled.value;
}

function test(source: string, text: string): boolean {
  return matchPattern(pattern(source), text);
}

describe('-match patterns', () => {
  it("when Entra's documented examples are run, then they give Entra's documented results", () => {
    for (const name of ['Da', 'Dav', 'David']) expect(test('^Da.*', name)).toBe(true);
    expect(test('^Da.*', 'aDa')).toBe(false);
    expect(test('.*vid', 'David')).toBe(true);
    expect(test('.*vid', 'Da')).toBe(false);
    expect(test('ago', 'Lagos')).toBe(true);
    expect(test('.*?ago.*', 'Lagos')).toBe(true);
  });

  it('when letters differ in case, then literals and classes still match', () => {
    expect(test('^LAGOS$', 'lagos')).toBe(true);
    expect(test('^[a-z]+$', 'ABUJA')).toBe(true);
    expect(test('^[^a-z]+$', 'ABUJA')).toBe(false);
  });

  it('when anchors, alternation, groups and counted repeats are used, then they behave as in .NET and JavaScript', () => {
    expect(test('^(ab|cd){2}$', 'abcd')).toBe(true);
    expect(test('^(ab|cd){2}$', 'abcdab')).toBe(false);
    expect(test('^(?:x|y)?z{1,2}$', 'zz')).toBe(true);
    expect(test('^(?:x|y)?z{1,2}$', 'xzzz')).toBe(false);
    expect(test('^a{2,}$', 'aaaa')).toBe(true);
    expect(test('^a{2,}$', 'a')).toBe(false);
    expect(test('a{,2}', 'a{,2}')).toBe(true);
    expect(test('^\\d{3}-\\w+\\s\\S$', '123-ab_c x')).toBe(true);
    expect(test('\\bcat\\b', 'the cat sat')).toBe(true);
    expect(test('\\bcat\\b', 'concatenate')).toBe(false);
    expect(test('\\Bcat\\B', 'concatenate')).toBe(true);
    expect(test('^a.c$', 'a\nc')).toBe(false);
    expect(test('^\\x41\\u0042\\.$', 'ab.')).toBe(true);
    expect(test('^[\\]a-]+$', ']-a')).toBe(true);
    expect(test('^[]x]$', ']')).toBe(true);
  });

  it('when \\d and \\w meet non-ASCII digits and letters, then they match them, as .NET does', () => {
    expect(test('^\\d$', '٣')).toBe(true);
    expect(test('^\\w+$', 'São')).toBe(true);
    expect(test('^\\W$', 'é')).toBe(false);
  });

  it('when a pattern would backtrack catastrophically in a backtracking engine, then it still answers at once', () => {
    const hostile = `${'a'.repeat(20_000)}!`;
    const started = performance.now();
    expect(test('^(a+)+$', hostile)).toBe(false);
    expect(test('(a|a)*b', hostile)).toBe(false);
    expect(test('(a*)*(a*)*(a*)*c', hostile)).toBe(false);
    expect(test('.*.*.*.*.*.*.*.*x', hostile)).toBe(false);
    expect(test('^(a|aa)+!$', hostile)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('when a pattern is too long or expands too far, then it is refused', () => {
    const long = compileRulePattern('a'.repeat(MAX_PATTERN_LENGTH + 1));
    expect(long.ok || long.error.message).toBe(`a pattern can be at most ${MAX_PATTERN_LENGTH} characters long`);
    const wide = compileRulePattern('(a{1000}){1000}');
    expect(wide.ok || wide.error.message).toContain('too complex');
    const big = compileRulePattern('a{1001}');
    expect(big.ok || big.error.message).toBe('repeat counts above 1000 are not supported');
  });

  it.each([
    ['(a', "missing ')' for the '(' here", 0],
    ['a)', "unmatched ')'", 1],
    ['[ab', "missing ']' for the '[' here", 0],
    ['*a', "nothing to repeat before '*'", 0],
    ['^*', "nothing to repeat before '*'", 1],
    ['a{3,1}', "the repeat range '{3,1}' is out of order", 1],
    ['[z-a]', 'the character range is out of order', 2],
    ['[\\d-z]', 'a range cannot start or end with \\d, \\w or \\s', 3],
    ['a\\', "the pattern ends with a lone '\\'", 1],
    ['\\q', "the escape '\\q' is not supported", 0],
    ['\\x4', "'\\x' needs 2 hexadecimal digits", 0],
    ['(?<n>a)', "'(?' constructs (lookarounds, named groups, inline options) are not supported; use '(' or '(?:'", 0],
    ['[a-[b]]', 'character class subtraction is not supported', 2],
  ])('when the pattern is %s, then it is refused with the offset of the problem', (source, message, offset) => {
    const compiled = compileRulePattern(source);
    expect(compiled.ok ? undefined : compiled.error).toEqual({ message, offset });
  });

  it('when random patterns are accepted, then they match exactly the texts JavaScript’s engine matches', () => {
    const piece = fc.constantFrom('a', 'b', 'B', '.', '*', '+', '?', '|', '(', ')', '(?:', '^', '$', '\\d', '\\b', '[ab]', '[^a]', '{1,2}', '{2}');
    const source = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(''));
    const text = fc.array(fc.constantFrom('a', 'b', 'A', 'B', '1', ' ', '\n'), { maxLength: 8 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(source, fc.array(text, { minLength: 1, maxLength: 5 }), (patternSource, texts) => {
        const ours = compileRulePattern(patternSource);
        let theirs: RegExp;
        try {
          theirs = new RegExp(patternSource, 'i');
        } catch {
          expect(ours.ok).toBe(false);
          return;
        }
        if (!ours.ok) return;
        for (const sample of texts) expect(matchPattern(ours.value, sample), `${patternSource} on ${JSON.stringify(sample)}`).toBe(theirs.test(sample));
      }),
      { numRuns: 3000 },
    );
  });
});
