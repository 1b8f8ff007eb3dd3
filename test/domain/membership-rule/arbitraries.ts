import fc from 'fast-check';
import {
  compileRulePattern,
  USER_PROPERTIES,
  type RuleNode,
  type RuleOperand,
  type RuleSubject,
  type UserPropertyName,
} from '../../../src/domain/membership-rule';

const names = Object.keys(USER_PROPERTIES) as UserPropertyName[];
const ofKind = (kind: string) => names.filter((name) => USER_PROPERTIES[name] === kind);
const stringProperty = fc.constantFrom(...ofKind('string'));
const booleanProperty = fc.constantFrom(...ofKind('boolean'));
const collectionProperty = fc.constantFrom(...ofKind('stringCollection'));

/** Short texts that often collide with user values, plus arbitrary ones with quotes and backticks. */
const text = fc.oneof(
  fc.constantFrom('Sales', 'sales', 'Lagos', 'a', '', 'x@contoso.com', '"', '`', "'", 'null', 'true'),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

const pattern = fc
  .constantFrom('^sa', 'les$', '(a|o)+', '\\d{2,3}', '[a-z]@', '', 'a`"b', '.*', '^(?:x|la)g')
  .map((source) => {
    const compiled = compileRulePattern(source);
    if (!compiled.ok) throw new Error(`fixture pattern ${source} must compile`);
    return compiled.value;
  });

const textOperator = fc.constantFrom('eq', 'ne', 'startsWith', 'notStartsWith', 'endsWith', 'notEndsWith', 'contains', 'notContains');

function conditionOn(subject: fc.Arbitrary<RuleOperand>): fc.Arbitrary<RuleNode> {
  return fc.oneof(
    fc.record({ type: fc.constant('text' as const), subject, operator: textOperator, value: text }),
    fc.record({ type: fc.constant('match' as const), subject, operator: fc.constantFrom('match', 'notMatch'), pattern }),
    fc.record({ type: fc.constant('in' as const), subject, operator: fc.constantFrom('in', 'notIn'), values: fc.array(text, { minLength: 1, maxLength: 3 }) }),
  );
}

function logic(leaf: fc.Arbitrary<RuleNode>): fc.Arbitrary<RuleNode> {
  return fc.letrec<{ node: RuleNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', maxDepth: 5 },
      leaf,
      fc.record({ type: fc.constant('and' as const), left: tie('node'), right: tie('node') }),
      fc.record({ type: fc.constant('or' as const), left: tie('node'), right: tie('node') }),
      fc.record({ type: fc.constant('not' as const), operand: tie('node') }),
    ),
  })).node;
}

const property = (name: fc.Arbitrary<UserPropertyName>): fc.Arbitrary<RuleOperand> =>
  name.map((n) => ({ kind: 'property' as const, name: n }));

/** Any condition a rule may hold at top level. */
export const userCondition: fc.Arbitrary<RuleNode> = fc.oneof(
  conditionOn(property(stringProperty)),
  conditionOn(property(collectionProperty)),
  fc.record({ type: fc.constant('null' as const), property: fc.oneof(stringProperty, collectionProperty), operator: fc.constantFrom('eq', 'ne') }),
  fc.record({ type: fc.constant('boolean' as const), property: booleanProperty, operator: fc.constantFrom('eq', 'ne'), value: fc.boolean() }),
  fc.record({
    type: fc.constant('quantified' as const),
    property: collectionProperty,
    quantifier: fc.constantFrom('any', 'all'),
    predicate: logic(conditionOn(fc.constant({ kind: 'item' as const }))),
  }),
);

/** Any well-formed rule tree. */
export const ruleTree: fc.Arbitrary<RuleNode> = logic(userCondition);

const value = fc.constantFrom('Sales', 'SALES', 'Lagos', 'x@contoso.com', 'la@b.org', '12', '', 'null');

/** Users whose values often meet the generated rules' values. */
export const ruleSubject: fc.Arbitrary<RuleSubject> = fc.record(
  Object.fromEntries(
    names.map((name) => {
      const kind = USER_PROPERTIES[name];
      const base = kind === 'boolean' ? fc.boolean() : kind === 'string' ? value : fc.array(value, { maxLength: 3 });
      return [name, fc.option(base as fc.Arbitrary<unknown>, { nil: undefined })];
    }),
  ),
  { requiredKeys: [] },
) as fc.Arbitrary<RuleSubject>;

const fragments = [
  'user.department', 'user.otherMails', 'user.accountEnabled', 'User.CITY', 'department', 'user.', '_', 'device.x',
  '-eq', '-ne', 'eq', '-startsWith', '-notContains', '-match', '-in', '-notIn', '-any', '-all', '-and', '-or', '-not', 'not', '–and', '-xyz',
  '"Sales"', '"a`"b"', "'O''B'", '"(a"', '"^a+$"', '"', '`', 'null', '$null', 'true', 'false', '(', ')', '[', ']', ',', ' ', '&',
];

/** Text made of rule fragments, which reaches deeper into the parser than random characters. */
export const rulishText: fc.Arbitrary<string> = fc.array(fc.constantFrom(...fragments), { maxLength: 16 }).map((parts) => parts.join(' '));
