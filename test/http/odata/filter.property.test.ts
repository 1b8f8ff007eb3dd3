import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter, matchesFilter, parseFilter, printFilter } from '../../../src/http/odata';
import { filterishText, filterNode } from './arbitraries';
import { buildUser, usersSpec } from './fixtures';
import { withoutPositions } from './helpers';

function neverThrows(text: string): void {
  const parsed = parseFilter(text);
  if (!parsed.ok) {
    expect(['invalidFilter', 'unsupportedFilter']).toContain(parsed.error.code);
    expect(parsed.error.position ?? 0).toBeGreaterThanOrEqual(0);
    expect(parsed.error.position ?? 0).toBeLessThanOrEqual(text.length);
    return;
  }
  // Whatever parses must also print to text that parses to the same tree.
  const printed = printFilter(parsed.value);
  const reparsed = parseFilter(printed);
  expect(reparsed.ok && withoutPositions(reparsed.value)).toEqual(withoutPositions(parsed.value));
  const compiled = compileFilter(text, usersSpec);
  if (compiled.ok) matchesFilter(compiled.value, buildUser());
}

describe('$filter parser properties', () => {
  it('when the input is arbitrary text, then parsing returns a result and never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), neverThrows), { numRuns: 2000 });
  });

  it('when the input is made of filter fragments, then parsing and compiling never throw', () => {
    fc.assert(fc.property(filterishText, neverThrows), { numRuns: 3000 });
  });

  it('when any syntax tree is printed and parsed again, then the same tree comes back', () => {
    fc.assert(
      fc.property(filterNode, (node) => {
        const reparsed = parseFilter(printFilter(node));
        if (!reparsed.ok) throw new Error(`${printFilter(node)} → ${reparsed.error.message}`);
        expect(withoutPositions(reparsed.value)).toEqual(withoutPositions(node));
      }),
      { numRuns: 1000 },
    );
  });

  it('when any syntax tree is evaluated against any value, then evaluation never throws', () => {
    fc.assert(
      fc.property(filterNode, fc.oneof(fc.jsonValue(), fc.anything()), (node, value) => {
        expect(typeof matchesFilter(node, value)).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
