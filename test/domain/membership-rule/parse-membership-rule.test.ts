import { describe, expect, it } from 'vitest';
import { MAX_RULE_LENGTH, type RuleNode } from '../../../src/domain/membership-rule';
import { canonical, parsed } from './helpers';

/** Fully parenthesized structure, to see how a rule was grouped. */
function shape(node: RuleNode): string {
  switch (node.type) {
    case 'and':
    case 'or':
      return `(${shape(node.left)} ${node.type} ${shape(node.right)})`;
    case 'not':
      return `not ${shape(node.operand)}`;
    case 'quantified':
      return `${node.property} ${node.quantifier} {${shape(node.predicate)}}`;
    case 'boolean':
    case 'null':
      return `${node.property}`;
    default:
      return node.subject.kind === 'item' ? '_' : node.subject.name;
  }
}

describe('parseMembershipRule grammar', () => {
  it('when -and and -or are mixed, then -and binds tighter and both group to the left', () => {
    const rule = 'user.city -eq "a" -or user.mail -eq "b" -and user.jobTitle -eq "c" -or user.state -eq "d"';
    expect(shape(parsed(rule))).toBe('((city or (mail and jobTitle)) or state)');
    expect(shape(parsed('user.city -eq "a" -and user.mail -eq "b" -and user.state -eq "c"'))).toBe('((city and mail) and state)');
  });

  it('when -not is used, then it binds tighter than -and but looser than a comparison', () => {
    expect(shape(parsed('-not user.city -eq "a" -and user.mail -eq "b"'))).toBe('(not city and mail)');
    expect(shape(parsed('-not -not (user.city -eq "a")'))).toBe('not not city');
  });

  it('when parentheses are given, then they decide the grouping', () => {
    expect(shape(parsed('user.city -eq "a" -and (user.mail -eq "b" -or user.state -eq "c")'))).toBe('(city and (mail or state))');
    expect(shape(parsed('((user.city -eq "a"))'))).toBe('city');
  });

  it('when property names, the user. prefix and operators differ in case, then they are read the same', () => {
    expect(canonical('User.DEPARTMENT -EQ "Sales" -AND user.accountenabled -Eq TRUE')).toBe(
      'user.department -eq "Sales" -and user.accountEnabled -eq true',
    );
    expect(canonical('user.city -notin ["A"] -or user.city -STARTSWITH "B" -or user.otherMails -ANY (_ -notcontains "c")')).toBe(
      'user.city -notIn ["A"] -or user.city -startsWith "B" -or user.otherMails -any (_ -notContains "c")',
    );
  });

  it('when operators are written without their dash, as Entra allows, then they are read the same', () => {
    expect(canonical('user.department eq "Sales" and not (user.city in ["Lagos"]) or user.mail ne null')).toBe(
      'user.department -eq "Sales" -and -not (user.city -in ["Lagos"]) -or user.mail -ne null',
    );
  });

  it('when operators are written with the en dash used in Entra documentation, then they are read the same', () => {
    expect(canonical('user.mail –ne null –and user.country –eq "US"')).toBe('user.mail -ne null -and user.country -eq "US"');
  });

  it('when null is written as $null, then it is the null value, and "null" in quotes is a string', () => {
    expect(parsed('user.department -eq $null')).toEqual({ type: 'null', property: 'department', operator: 'eq' });
    expect(parsed('user.department -eq "null"')).toMatchObject({ type: 'text', value: 'null' });
  });

  it('when -any has no parentheses around its body, then the body is one condition on _', () => {
    expect(canonical('user.otherMails -any _ -startsWith "a" -and user.city -eq "b"')).toBe(
      'user.otherMails -any (_ -startsWith "a") -and user.city -eq "b"',
    );
  });

  it('when a rule is exactly the maximum length, then it is accepted', () => {
    const prefix = 'user.department -eq "';
    const rule = `${prefix}${'x'.repeat(MAX_RULE_LENGTH - prefix.length - 1)}"`;
    expect(rule).toHaveLength(MAX_RULE_LENGTH);
    expect(parsed(rule).type).toBe('text');
  });
});

describe('parseMembershipRule strings', () => {
  it('when a double-quoted string contains backtick-escaped quotes, then the quotes are part of the value', () => {
    expect(parsed('user.department -eq "`"Sales`""')).toMatchObject({ value: '"Sales"' });
    expect(canonical('user.department -eq "`"Sales`""')).toBe('user.department -eq "`"Sales`""');
  });

  it('when a backtick precedes a backtick, then it is one backtick; before anything else it is kept as is', () => {
    expect(parsed('user.jobTitle -eq "a``b"')).toMatchObject({ value: 'a`b' });
    expect(parsed('user.jobTitle -eq "a`b"')).toMatchObject({ value: 'a`b' });
    expect(canonical('user.jobTitle -eq "a`b"')).toBe('user.jobTitle -eq "a``b"');
  });

  it("when a single-quoted string doubles its quotes, then each pair is one quote", () => {
    expect(parsed("user.surname -eq 'O''Brien'")).toMatchObject({ value: "O'Brien" });
    expect(parsed("user.city -in ['Lagos', \"Abuja\"]")).toMatchObject({ values: ['Lagos', 'Abuja'] });
  });

  it('when a string holds non-ASCII text and whitespace, then it is kept verbatim', () => {
    expect(parsed('user.city -eq "  São Paulo\t"')).toMatchObject({ value: '  São Paulo\t' });
  });

  it('when -in lists values, then they are kept in order with duplicates', () => {
    expect(parsed('user.department -in ["50001","50002", "50001"]')).toMatchObject({
      type: 'in',
      operator: 'in',
      subject: { kind: 'property', name: 'department' },
      values: ['50001', '50002', '50001'],
    });
  });
});
