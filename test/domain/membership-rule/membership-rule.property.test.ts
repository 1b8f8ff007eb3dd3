import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeRuleProperties,
  evaluateMembershipRule,
  parseMembershipRule,
  printMembershipRule,
  USER_PROPERTIES,
  type RuleNode,
} from '../../../src/domain/membership-rule';
import { ruleSubject, ruleTree, rulishText, userCondition } from './arbitraries';
import { buildUser } from './helpers';

function neverThrows(text: string): void {
  const parsed = parseMembershipRule(text);
  if (!parsed.ok) {
    expect(parsed.error.code).toBe('invalidMembershipRule');
    expect(parsed.error.position).toBeGreaterThanOrEqual(1);
    expect(parsed.error.position).toBeLessThanOrEqual(text.length + 1);
    expect(parsed.error.message.startsWith(`Syntax error at position ${parsed.error.position}: `)).toBe(true);
    return;
  }
  const printed = printMembershipRule(parsed.value);
  const reparsed = parseMembershipRule(printed);
  expect(reparsed.ok && reparsed.value).toEqual(parsed.value);
  evaluateMembershipRule(parsed.value, buildUser());
  for (const name of describeRuleProperties(parsed.value)) expect(Object.keys(USER_PROPERTIES)).toContain(name);
}

const NEGATIONS: Readonly<Record<string, string>> = {
  eq: 'ne', startsWith: 'notStartsWith', endsWith: 'notEndsWith', contains: 'notContains', match: 'notMatch', in: 'notIn',
};

function negated(node: RuleNode): RuleNode | undefined {
  if (node.type !== 'text' && node.type !== 'match' && node.type !== 'in' && node.type !== 'null' && node.type !== 'boolean') return undefined;
  const operator = NEGATIONS[node.operator];
  return operator === undefined ? undefined : ({ ...node, operator } as RuleNode);
}

describe('membership rule properties', () => {
  it('when the input is arbitrary text, then parsing returns a result and never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), neverThrows), { numRuns: 3000 });
  });

  it('when the input is made of rule fragments, then parsing, printing and evaluating never throw', () => {
    fc.assert(fc.property(rulishText, neverThrows), { numRuns: 5000 });
  });

  it('when any rule tree is printed and parsed again, then the same tree comes back', () => {
    fc.assert(
      fc.property(ruleTree, (tree) => {
        const printed = printMembershipRule(tree);
        const reparsed = parseMembershipRule(printed);
        if (!reparsed.ok) throw new Error(`${printed} → ${reparsed.error.message}`);
        expect(reparsed.value).toEqual(tree);
      }),
      { numRuns: 2000 },
    );
  });

  it('when a condition is flipped to its negated operator, then every user gets the opposite answer', () => {
    fc.assert(
      fc.property(userCondition, ruleSubject, (condition, user) => {
        const opposite = negated(condition);
        if (!opposite) return;
        expect(evaluateMembershipRule(opposite, user)).toBe(!evaluateMembershipRule(condition, user));
      }),
      { numRuns: 3000 },
    );
  });

  it('when a user changes only properties a rule does not read, then the outcome does not change', () => {
    fc.assert(
      fc.property(ruleTree, ruleSubject, ruleSubject, (tree, user, other) => {
        const read = new Set<string>(describeRuleProperties(tree));
        const changed = { ...other };
        for (const name of read) Object.assign(changed, { [name]: user[name as keyof typeof user] });
        for (const name of read) if (!(name in user)) delete (changed as Record<string, unknown>)[name];
        expect(evaluateMembershipRule(tree, changed)).toBe(evaluateMembershipRule(tree, user));
      }),
      { numRuns: 2000 },
    );
  });
});
