import { describe, expect, it } from 'vitest';
import { MAX_RULE_LENGTH, parseMembershipRule } from '../../../src/domain/membership-rule';
import { failure } from './helpers';

describe('parseMembershipRule errors', () => {
  it.each([
    ['a missing value', 'user.department -eq', 20, "expected a value after '-eq' but found the end of the rule"],
    ['a missing value before )', '(user.department -eq )', 22, "expected a value after '-eq' but found ')'"],
    ['an unclosed parenthesis', '(user.department -eq "Sales"', 29, "expected ')' to close the '(' at position 1 but found the end of the rule"],
    ['an extra closing parenthesis', 'user.department -eq "Sales")', 28, "unmatched ')'"],
    ['an unknown operator', 'user.department -equals "Sales"', 17, "unknown operator '-equals'; use one of -eq, -ne"],
    ['a logical operator where a comparison belongs', 'user.city -and "x"', 11, "expected an operator such as -eq, -contains or -in after 'user.city' but found '-and'"],
    ['an unknown property', 'user.favouriteColour -eq "red"', 1, "unknown user property 'favouriteColour'; supported: accountEnabled, city"],
    ['a missing user. prefix', 'department -eq "Sales"', 1, "a property needs the 'user.' prefix: write user.department"],
    ['a device property', 'device.deviceOSType -eq "iOS"', 1, 'device rules are not supported'],
    ['a bare word', 'Sales', 1, "expected a property such as user.department but found 'Sales'"],
    ['an empty rule', '', 1, 'expected a condition such as user.department -eq "Sales" but found the end of the rule'],
    ['a blank rule', '   ', 4, 'expected a condition such as user.department -eq "Sales" but found the end of the rule'],
    ['an unquoted string value', 'user.city -eq Lagos', 15, "expected a quoted string after '-eq' but found 'Lagos'"],
    ['an unclosed string', 'user.city -eq "Lagos', 15, 'the string starting here is not closed with " (write `" for a quote inside the string)'],
    ['a stray character', 'user.city -eq "a" & user.city -eq "b"', 19, "unexpected '&'"],
    ['a second condition without -and', 'user.city -eq "a" user.city -eq "b"', 19, "expected -and, -or or the end of the rule but found 'user.city'"],
    ['a lone dash', 'user.city - "a"', 11, "unexpected '-' (an operator is a dash followed by its name, e.g. -eq)"],
    ['-contains on a boolean', 'user.accountEnabled -contains "x"', 21, "operator '-contains' cannot be used with boolean property 'user.accountEnabled'; use -eq or -ne with true or false"],
    ['a quoted boolean', 'user.accountEnabled -eq "true"', 25, `expected true or false after '-eq' but found '"true"'`],
    ['a string property compared with true', 'user.city -eq true', 15, "expected a quoted string after '-eq' but found 'true'"],
    ['null with -contains', 'user.city -contains null', 21, "null can only be compared with -eq or -ne, not with '-contains'"],
    ['-in without a list', 'user.city -in "Lagos"', 15, `expected '[' to start the list of values after '-in' but found '"Lagos"'`],
    ['-in with a trailing comma', 'user.city -in ["a",]', 20, "expected a quoted string in the list but found ']'"],
    ['-in with an empty list', 'user.city -in []', 16, "expected a quoted string in the list but found ']'"],
    ['-in with a missing comma', 'user.city -in ["a" "b"]', 20, `expected ',' or ']' in the list but found '"b"'`],
    ['-any on a string property', 'user.city -any (_ -eq "x")', 11, "'-any' needs a multi-valued property such as user.otherMails, but 'user.city' is a string property"],
    ['_ outside -any', '_ -eq "x"', 1, "'_' can only be used inside the parentheses of -any or -all"],
    ['a user property inside -any', 'user.otherMails -any (user.city -eq "x")', 23, "inside -any or -all a condition tests '_'"],
    ['null inside -any', 'user.otherMails -any (_ -eq null)', 29, 'an item of a collection is never null'],
    ['user. without a name', 'user. -eq "x"', 1, "expected a property name after 'user.'"],
  ])('when the rule has %s, then the error gives the position and what was expected', (_case, rule, position, detail) => {
    const error = failure(rule);
    expect(error.code).toBe('invalidMembershipRule');
    expect(error.position).toBe(position);
    expect(error.message).toContain(`Syntax error at position ${position}: ${detail}`);
  });

  it('when the rule is longer than 3072 characters, then the error points just past the limit', () => {
    const rule = `user.department -eq "${'x'.repeat(MAX_RULE_LENGTH)}"`;
    const error = failure(rule);
    expect(error.position).toBe(3073);
    expect(error.message).toBe(`Syntax error at position 3073: a membership rule can be at most 3072 characters long; this one has ${rule.length}`);
  });

  it('when parentheses or -not nest more than 50 deep, then the rule is refused instead of exhausting the stack', () => {
    const rule = `${'('.repeat(60)}user.city -eq "a"${')'.repeat(60)}`;
    expect(failure(rule).message).toContain('more than 50 levels deep');
    expect(failure(`${'-not '.repeat(60)}user.city -eq "a"`).message).toContain('more than 50 levels deep');
    expect(parseMembershipRule(`${'('.repeat(50)}user.city -eq "a"${')'.repeat(50)}`).ok).toBe(true);
  });

  it('when a -match pattern is not a valid regular expression, then the error points at the pattern and says why', () => {
    const error = failure('user.city -match "(ago"');
    expect(error.position).toBe(18);
    expect(error.message).toBe(
      "Syntax error at position 18: invalid regular expression after '-match': missing ')' for the '(' here (at character 1 of the pattern)",
    );
    expect(failure('user.city -notMatch "a**"').message).toContain('a quantifier cannot follow another quantifier (at character 3 of the pattern)');
  });

  it('when a -match pattern uses backreferences or lookarounds, then it is refused as unsupported', () => {
    expect(failure('user.city -match "(a)\\1"').message).toContain('backreferences are not supported');
    expect(failure('user.city -match "a(?=b)"').message).toContain("'(?' constructs (lookarounds, named groups, inline options) are not supported");
  });
});
