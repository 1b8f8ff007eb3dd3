import { describe, expect, it } from 'vitest';
import { buildUser, matches } from './helpers';

const sales = buildUser({ department: 'Sales', city: 'Lagos', mail: 'david@fabrikam.com' });

describe('evaluateMembershipRule on string properties', () => {
  it.each([
    ['-eq', 'user.department -eq "Sales"', 'user.department -eq "Marketing"'],
    ['-ne', 'user.department -ne "Marketing"', 'user.department -ne "Sales"'],
    ['-startsWith', 'user.city -startsWith "Lag"', 'user.city -startsWith "agos"'],
    ['-notStartsWith', 'user.city -notStartsWith "Aba"', 'user.city -notStartsWith "La"'],
    ['-endsWith', 'user.mail -endsWith "@fabrikam.com"', 'user.mail -endsWith "@contoso.com"'],
    ['-notEndsWith', 'user.mail -notEndsWith "@contoso.com"', 'user.mail -notEndsWith "fabrikam.com"'],
    ['-contains', 'user.city -contains "ago"', 'user.city -contains "abuja"'],
    ['-notContains', 'user.city -notContains "buj"', 'user.city -notContains "gos"'],
    ['-match', 'user.city -match "^La.*s$"', 'user.city -match "^ago"'],
    ['-notMatch', 'user.city -notMatch "^Ab"', 'user.city -notMatch "g[aeiou]s"'],
    ['-in', 'user.department -in ["Marketing", "Sales"]', 'user.department -in ["Marketing", "Legal"]'],
    ['-notIn', 'user.city -notIn ["Abuja", "Kaduna"]', 'user.city -notIn ["Ibadan", "Lagos"]'],
  ])('when the operator is %s, then a satisfied rule holds and an unsatisfied one does not', (_operator, holds, fails) => {
    expect(matches(holds, sales)).toBe(true);
    expect(matches(fails, sales)).toBe(false);
  });

  it('when values differ only in case, then every string operator still matches, as in Entra', () => {
    const user = buildUser({ department: 'SALES', city: 'lagos' });
    expect(matches('user.department -eq "sales"', user)).toBe(true);
    expect(matches('user.city -startsWith "LAG"', user)).toBe(true);
    expect(matches('user.city -endsWith "GOS"', user)).toBe(true);
    expect(matches('user.city -contains "AGO"', user)).toBe(true);
    expect(matches('user.city -match "^LAGOS$"', user)).toBe(true);
    expect(matches('user.department -in ["Sales"]', user)).toBe(true);
    expect(matches('user.department -ne "sAlEs"', user)).toBe(false);
  });

  it('when a property is null, missing or empty, then -eq null holds and -ne null does not', () => {
    for (const department of [null, undefined, '']) {
      const user = buildUser({ department });
      expect(matches('user.department -eq null', user)).toBe(true);
      expect(matches('user.department -ne null', user)).toBe(false);
    }
    expect(matches('user.department -eq null', sales)).toBe(false);
    expect(matches('user.department -ne null', sales)).toBe(true);
  });

  it('when a property is null, then positive operators fail and their negations hold', () => {
    const user = buildUser({ department: null });
    expect(matches('user.department -eq "Sales"', user)).toBe(false);
    expect(matches('user.department -contains ""', user)).toBe(false);
    expect(matches('user.department -match ".*"', user)).toBe(false);
    expect(matches('user.department -ne "Sales"', user)).toBe(true);
    expect(matches('user.department -notIn ["Sales"]', user)).toBe(true);
    expect(matches('user.department -notMatch "x"', user)).toBe(true);
  });

  it('when the value is the quoted word "null", then it is compared as text, not as null', () => {
    expect(matches('user.department -eq "null"', buildUser({ department: null }))).toBe(false);
    expect(matches('user.department -eq "null"', buildUser({ department: 'Null' }))).toBe(true);
  });
});

describe('evaluateMembershipRule on booleans', () => {
  it('when accountEnabled is compared with true or false, then -eq and -ne follow the flag', () => {
    const enabled = buildUser({ accountEnabled: true });
    const disabled = buildUser({ accountEnabled: false });
    expect(matches('user.accountEnabled -eq true', enabled)).toBe(true);
    expect(matches('user.accountEnabled -eq true', disabled)).toBe(false);
    expect(matches('user.accountEnabled -eq false', disabled)).toBe(true);
    expect(matches('user.accountEnabled -ne true', disabled)).toBe(true);
    expect(matches('user.accountEnabled -ne false', disabled)).toBe(false);
  });

  it('when accountEnabled is unknown, then it equals neither true nor false', () => {
    const unknown = buildUser({ accountEnabled: null });
    expect(matches('user.accountEnabled -eq true', unknown)).toBe(false);
    expect(matches('user.accountEnabled -eq false', unknown)).toBe(false);
    expect(matches('user.accountEnabled -ne true', unknown)).toBe(true);
  });
});

describe('evaluateMembershipRule on otherMails (multi-valued)', () => {
  const user = buildUser({ otherMails: ['david.okafor@contoso.com', 'dave@example.org'] });

  it('when an operator is applied directly, then it holds if any item matches and its negation if none does', () => {
    expect(matches('user.otherMails -endsWith "@example.org"', user)).toBe(true);
    expect(matches('user.otherMails -endsWith "@outlook.com"', user)).toBe(false);
    expect(matches('user.otherMails -notEndsWith "@outlook.com"', user)).toBe(true);
    expect(matches('user.otherMails -notEndsWith "@contoso.com"', user)).toBe(false);
    expect(matches('user.otherMails -contains "okafor"', user)).toBe(true);
    expect(matches('user.otherMails -in ["dave@example.org"]', user)).toBe(true);
  });

  it('when -any is used, then one matching item is enough', () => {
    expect(matches('user.otherMails -any (_ -startsWith "dave@")', user)).toBe(true);
    expect(matches('user.otherMails -any (_ -startsWith "mary@")', user)).toBe(false);
    expect(matches('user.otherMails -any _ -match "contoso\\.com$"', user)).toBe(true);
  });

  it('when -all is used, then every item must match, and an empty collection satisfies it', () => {
    expect(matches('user.otherMails -all (_ -contains "@")', user)).toBe(true);
    expect(matches('user.otherMails -all (_ -endsWith ".org")', user)).toBe(false);
    expect(matches('user.otherMails -all (_ -endsWith ".org")', buildUser({ otherMails: [] }))).toBe(true);
    expect(matches('user.otherMails -any (_ -endsWith ".org")', buildUser({ otherMails: null }))).toBe(false);
  });

  it('when an -any body combines conditions, then they apply to the same item', () => {
    expect(matches('user.otherMails -any (_ -startsWith "dave" -and _ -endsWith ".org")', user)).toBe(true);
    expect(matches('user.otherMails -any (_ -startsWith "dave" -and _ -endsWith ".com")', user)).toBe(false);
  });

  it('when otherMails is compared with null, then null means no items', () => {
    expect(matches('user.otherMails -eq null', buildUser({ otherMails: [] }))).toBe(true);
    expect(matches('user.otherMails -eq null', buildUser({ otherMails: undefined }))).toBe(true);
    expect(matches('user.otherMails -ne null', user)).toBe(true);
  });
});

describe('evaluateMembershipRule logic', () => {
  const guest = buildUser({ userType: 'Guest', department: 'Sales', country: 'US' });

  it('when -and and -or are mixed without parentheses, then -and binds tighter', () => {
    // Read as (Guest and Marketing) or US: true because of the country alone.
    expect(matches('user.userType -eq "Guest" -and user.department -eq "Marketing" -or user.country -eq "US"', guest)).toBe(true);
    // Read as Member or (Sales and Canada): false.
    expect(matches('user.userType -eq "Member" -or user.department -eq "Sales" -and user.country -eq "CA"', guest)).toBe(false);
  });

  it('when parentheses group an -or, then they override the precedence', () => {
    expect(matches('(user.userType -eq "Member" -or user.department -eq "Sales") -and user.country -eq "CA"', guest)).toBe(false);
    expect(matches('(user.userType -eq "Member" -or user.department -eq "Sales") -and user.country -eq "US"', guest)).toBe(true);
  });

  it('when -not precedes a condition or a group, then it negates it', () => {
    expect(matches('-not (user.userType -eq "Guest")', guest)).toBe(false);
    expect(matches('-not user.userType -eq "Member"', guest)).toBe(true);
    expect(matches('(user.department -eq "Sales") -and -not (user.jobTitle -startsWith "SDE")', guest)).toBe(true);
    expect(matches('-not (user.userType -eq "Member" -or user.country -eq "US")', guest)).toBe(false);
  });

  it('when a value has the wrong type for its property, then it counts as null', () => {
    const odd = { ...buildUser(), department: true } as unknown as Parameters<typeof matches>[1];
    expect(matches('user.department -eq null', odd)).toBe(true);
    expect(matches('user.department -ne "Sales"', odd)).toBe(true);
  });
});
