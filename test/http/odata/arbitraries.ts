import fc from 'fast-check';
import { printFilter, type CompareOperator, type FilterNode, type Literal, type PropertyPath } from '../../../src/http/odata';

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'true', 'false', 'null', 'any', 'all']);

export const identifier = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/)
  .filter((name) => !KEYWORDS.has(name.toLowerCase()));

export const path: fc.Arbitrary<PropertyPath> = fc
  .array(identifier, { minLength: 1, maxLength: 3 })
  .map((segments) => ({ segments, position: 0 }));

const isoDateTime = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

export const literal: fc.Arbitrary<Literal> = fc.oneof(
  fc.string({ unit: 'binary' }).map((value) => ({ kind: 'string' as const, value, position: 0 })),
  fc
    .oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))
    .map((value) => ({ kind: 'number' as const, value: value === 0 ? 0 : value, position: 0 })),
  fc.boolean().map((value) => ({ kind: 'boolean' as const, value, position: 0 })),
  fc.constant({ kind: 'null' as const, position: 0 }),
  fc.uuid().map((value) => ({ kind: 'guid' as const, value, position: 0 })),
  isoDateTime.map((value) => ({ kind: 'datetime' as const, value, position: 0 })),
);

const operator = fc.constantFrom<CompareOperator>('eq', 'ne', 'gt', 'ge', 'lt', 'le');

/** Random syntax trees of the whole grammar (positions 0). */
export const filterNode: fc.Arbitrary<FilterNode> = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ type: fc.constant('compare' as const), operator, property: path, value: literal }),
    fc.record({ type: fc.constant('in' as const), property: path, values: fc.array(literal, { minLength: 1, maxLength: 3 }) }),
    fc.record({
      type: fc.constant('function' as const),
      name: fc.constantFrom('startsWith' as const, 'endsWith' as const),
      property: path,
      value: literal,
      position: fc.constant(0),
    }),
    fc.record({ type: fc.constant('any' as const), collection: path, variable: identifier, predicate: tie('node') }),
    fc.record({ type: fc.constant('and' as const), left: tie('node'), right: tie('node') }),
    fc.record({ type: fc.constant('or' as const), left: tie('node'), right: tie('node') }),
    fc.record({ type: fc.constant('not' as const), operand: tie('node') }),
  ),
})).node;

const fragment = fc.oneof(
  fc.constantFrom('eq', 'ne', 'gt', 'and', 'or', 'not', 'in', 'NOT', '(', ')', ',', ':', '/', "'", "''", 'any(', 'all(', '-'),
  fc.constantFrom('displayName', 'userType', 'otherMails', 'identities', 'm', 'i/issuer', 'startsWith(', 'endsWith(', 'contains('),
  fc.constantFrom("'Guest'", '1', '-2.5e3', 'true', 'null', '2024-01-01', '2024-02-30', '2024-01-01T00:00:00Z', '5f1e2d3c-aaaa-4bbb-8ccc-1234567890ab'),
  fc.string({ maxLength: 3, unit: 'binary' }),
);

/** Valid filter text with a few random edits: reaches every corner of the lexer and parser. */
const mutatedFilter = fc
  .tuple(filterNode.map(printFilter), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fragment), { maxLength: 3 }))
  .map(([text, edits]) =>
    edits.reduce((t, [at, cut, insert]) => {
      const i = t.length === 0 ? 0 : at % (t.length + 1);
      return t.slice(0, i) + insert + t.slice(i + cut);
    }, text),
  );

/** Strings built from filter fragments or mangled valid filters, so random input reaches deep into the parser. */
export const filterishText = fc.oneof(
  fc.array(fragment, { maxLength: 25 }).chain((parts) => fc.constantFrom(' ', '').map((glue) => parts.join(glue))),
  mutatedFilter,
  filterNode.map(printFilter),
);
