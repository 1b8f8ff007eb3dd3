import { describe, expect, it } from 'vitest';
import { parseFilter, type FilterNode, type ODataError } from '../../../src/http/odata';
import { shape } from './helpers';

function parsed(text: string): FilterNode {
  const result = parseFilter(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.error.message}`);
  return result.value;
}

function failure(text: string): ODataError {
  const result = parseFilter(text);
  if (result.ok) throw new Error(`expected ${text} to fail`);
  return result.error;
}

describe('parseFilter', () => {
  it.each(['eq', 'ne', 'gt', 'ge', 'lt', 'le'])('when the operator is %s, then it is a comparison with that operator', (op) => {
    expect(shape(parsed(`signInCount ${op} 3`))).toBe(`[signInCount ${op} 3]`);
  });

  it('when literals of every kind are given, then each is decoded to its typed value', () => {
    const values = (text: string) => {
      const node = parsed(`x in (${text})`);
      return node.type === 'in' ? node.values.map((v) => ({ ...v, position: undefined })) : [];
    };
    expect(values(`'O''Brien', -1.5e2, 42, true, FALSE, null`)).toEqual([
      { kind: 'string', value: "O'Brien", position: undefined },
      { kind: 'number', value: -150, position: undefined },
      { kind: 'number', value: 42, position: undefined },
      { kind: 'boolean', value: true, position: undefined },
      { kind: 'boolean', value: false, position: undefined },
      { kind: 'null', position: undefined },
    ]);
    expect(values('5F1E2D3C-AAAA-4BBB-8CCC-1234567890AB, abcdef01-2345-6789-abcd-ef0123456789')).toEqual([
      { kind: 'guid', value: '5f1e2d3c-aaaa-4bbb-8ccc-1234567890ab', position: undefined },
      { kind: 'guid', value: 'abcdef01-2345-6789-abcd-ef0123456789', position: undefined },
    ]);
    expect(values('2024-01-01T00:00:00Z, 2024-01-01, 2024-06-30T12:00:00.1234567+02:00')).toEqual([
      { kind: 'datetime', value: '2024-01-01T00:00:00.000Z', position: undefined },
      { kind: 'datetime', value: '2024-01-01T00:00:00.000Z', position: undefined },
      { kind: 'datetime', value: '2024-06-30T10:00:00.123Z', position: undefined },
    ]);
  });

  it('when a string holds doubled quotes and operator words, then they stay inside the string', () => {
    expect(shape(parsed(`displayName eq 'it''s a eq b and c'`))).toBe(`[displayName eq 'it''s a eq b and c']`);
  });

  it('when and/or/not are mixed without parentheses, then not binds tighter than and, and than or', () => {
    expect(shape(parsed('a eq 1 or b eq 2 and c eq 3'))).toBe('([a eq 1] or ([b eq 2] and [c eq 3]))');
    expect(shape(parsed('a eq 1 and b eq 2 or c eq 3'))).toBe('(([a eq 1] and [b eq 2]) or [c eq 3])');
    expect(shape(parsed('not a eq 1 and b eq 2'))).toBe('((not [a eq 1]) and [b eq 2])');
    expect(shape(parsed('a eq 1 or not b eq 2 and c eq 3'))).toBe('([a eq 1] or ((not [b eq 2]) and [c eq 3]))');
    expect(shape(parsed('a eq 1 or b eq 2 or c eq 3'))).toBe('(([a eq 1] or [b eq 2]) or [c eq 3])');
  });

  it('when parentheses group an or, then they override precedence', () => {
    expect(shape(parsed('(a eq 1 or b eq 2) and not (c eq 3 or d eq 4)'))).toBe(
      '(([a eq 1] or [b eq 2]) and (not ([c eq 3] or [d eq 4])))',
    );
  });

  it('when keywords and function names are in another case, then they are still recognized', () => {
    expect(shape(parsed("NOT startswith(displayName,'a') AND userType EQ 'Guest' Or x In (1)"))).toBe(
      "(((not [startsWith displayName 'a']) and [userType eq 'Guest']) or [x in 1])",
    );
  });

  it('when startsWith, endsWith and in are used, then they become typed clauses', () => {
    expect(shape(parsed("startsWith(displayName, 'Ao') and endsWith(mail,'@contoso.com')"))).toBe(
      "([startsWith displayName 'Ao'] and [endsWith mail '@contoso.com'])",
    );
    expect(shape(parsed("userType in ('Guest','Member')"))).toBe("[userType in 'Guest'|'Member']");
  });

  it('when a property path has slashes, then every segment is kept', () => {
    const node = parsed('initiatedBy/user/id eq 5f1e2d3c-aaaa-4bbb-8ccc-1234567890ab');
    expect(node.type === 'compare' && node.property.segments).toEqual(['initiatedBy', 'user', 'id']);
  });

  it('when any() is applied to a string or object collection, then the body refers to the variable', () => {
    expect(shape(parsed("otherMails/any(m:m eq 'x@y.com')"))).toBe("[otherMails any m: [m eq 'x@y.com']]");
    expect(shape(parsed("identities/any(i:i/issuer eq 'x' and startsWith(i/issuerAssignedId, 'a'))"))).toBe(
      "[identities any i: ([i/issuer eq 'x'] and [startsWith i/issuerAssignedId 'a'])]",
    );
    expect(shape(parsed("not otherMails/any(m: m eq 'a') or a eq 1"))).toBe("((not [otherMails any m: [m eq 'a']]) or [a eq 1])");
  });

  it('when a parenthesis is missing, then the error names the position and what was expected and found', () => {
    expect(failure("startsWith(mail,'x' and a eq 1)")).toEqual({
      code: 'invalidFilter',
      position: 20,
      message: "Syntax error at position 20 in $filter: expected ')' but found 'and'",
    });
    expect(failure('(a eq 1').message).toBe("Syntax error at position 7 in $filter: expected ')' but found end of input");
  });

  it.each([
    ['a eq', 4, 'expected a value'],
    ['a 1', 2, "expected an operator (eq, ne, gt, ge, lt, le, in) but found '1'"],
    ['a eq 1 b eq 2', 7, "expected 'and', 'or' or end of input but found 'b'"],
    ["a eq 'open", 5, 'unterminated string literal'],
    ['a eq 1 & b eq 2', 7, "unexpected '&'"],
    ['a eq 2024-13-01', 5, "'2024-13-01' is not a valid date and time"],
    ['a eq 2024-01-01T10:00', 5, 'a time needs a zone'],
    ['a eq 12abc', 5, "'12abc' is not a valid number"],
    ['a in ()', 6, "expected a value (a quoted string, number, true, false, null, GUID or date and time) but found ')'"],
    ['otherMails/any()', 15, 'expected a lambda variable name'],
    ["otherMails/any(m m eq 'x')", 17, "expected ':' after the lambda variable"],
    ['a eq 1e400', 5, "number '1e400' is out of range"],
    ['   ', 0, 'the filter is empty'],
  ])('when the filter is %j, then the error is at position %i', (text, position, fragment) => {
    const error = failure(text);
    expect(error.code).toBe('invalidFilter');
    expect(error.position).toBe(position);
    expect(error.message).toContain(`position ${position} in $filter`);
    expect(error.message).toContain(fragment);
  });

  it('when an unsupported function or the all() lambda is used, then the error is unsupportedFilter', () => {
    expect(failure("indexof(displayName,'a')")).toMatchObject({ code: 'unsupportedFilter', position: 0 });
    expect(failure("otherMails/all(m: m eq 'a')")).toMatchObject({ code: 'unsupportedFilter', position: 11 });
  });

  it('when contains() wraps its property in tolower() (as Graph documents it), then it parses as contains on the property', () => {
    expect(parsed("contains(tolower(displayName), 'sales')")).toMatchObject({ type: 'function', name: 'contains', property: { segments: ['displayName'] }, value: { kind: 'string', value: 'sales' } });
    expect(parsed("contains(displayName,'a')")).toMatchObject({ type: 'function', name: 'contains' });
  });

  it('when nesting is deeper than the limit or the text is too long, then it fails without throwing', () => {
    expect(failure(`${'('.repeat(200)}a eq 1${')'.repeat(200)}`).message).toContain('nested more than 64 deep');
    expect(failure(`${'not '.repeat(200)}a eq 1`).message).toContain('nested more than 64 deep');
    expect(failure(`a eq '${'x'.repeat(5000)}'`).message).toContain('longer than 4096');
  });

  it('when nesting stays within the limit, then it parses', () => {
    expect(shape(parsed(`${'('.repeat(60)}a eq 1${')'.repeat(60)}`))).toBe('[a eq 1]');
  });
});
