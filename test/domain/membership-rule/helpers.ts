import {
  evaluateMembershipRule,
  parseMembershipRule,
  printMembershipRule,
  type RuleAst,
  type RuleSubject,
  type RuleSyntaxError,
} from '../../../src/domain/membership-rule';

export function parsed(text: string): RuleAst {
  const result = parseMembershipRule(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.error.message}`);
  return result.value;
}

export function failure(text: string): RuleSyntaxError {
  const result = parseMembershipRule(text);
  if (result.ok) throw new Error(`expected ${text} to fail, got ${printMembershipRule(result.value)}`);
  return result.error;
}

/** The canonical form of a rule, which shows how it was grouped. */
export function canonical(text: string): string {
  return printMembershipRule(parsed(text));
}

/** A member user in Sales; every property a rule may read can be overridden. */
export function buildUser(overrides: RuleSubject = {}): RuleSubject {
  return {
    accountEnabled: true,
    city: 'Lagos',
    companyName: 'Fabrikam',
    country: 'Nigeria',
    creationType: null,
    department: 'Sales',
    displayName: 'David Okafor',
    employeeId: 'E1001',
    externalUserState: null,
    givenName: 'David',
    jobTitle: 'Account Manager',
    mail: 'david@fabrikam.com',
    otherMails: ['david.okafor@contoso.com', 'dave@example.org'],
    preferredLanguage: 'en-US',
    surname: 'Okafor',
    usageLocation: 'NG',
    userPrincipalName: 'david@fabrikam.onmicrosoft.com',
    userType: 'Member',
    ...overrides,
  };
}

/** Whether the user satisfies the rule text. */
export function matches(text: string, user: RuleSubject = buildUser()): boolean {
  return evaluateMembershipRule(parsed(text), user);
}
