import { describe, expect, it } from 'vitest';
import { compileFilter, type CompiledFilter, type ODataError } from '../../../src/http/odata';
import { usersSpec } from './fixtures';
import { shape } from './helpers';

function compiled(text: string): CompiledFilter {
  const result = compileFilter(text, usersSpec);
  if (!result.ok) throw new Error(`expected ${text} to compile: ${result.error.message}`);
  return result.value;
}

function rejected(text: string): ODataError {
  const result = compileFilter(text, usersSpec);
  if (result.ok) throw new Error(`expected ${text} to be rejected`);
  return result.error;
}

describe('compileFilter', () => {
  it('when every property, operator and value is allowed, then the filter compiles', () => {
    const text =
      "userType eq 'Guest' and accountEnabled eq true and signInCount ge 2 and createdDateTime lt 2025-01-01T00:00:00Z" +
      " and (startsWith(displayName,'Ao') or displayName in ('x','y')) and manager/id eq 11111111-2222-4333-8444-555555555555" +
      " and otherMails/any(m: startsWith(m, 'aoife')) and identities/any(i: i/issuer eq 'contoso.com' and i/issuerAssignedId eq 'a')";
    expect(compileFilter(text, usersSpec).ok).toBe(true);
  });

  it('when an enum value is spelled in another case, then it is rewritten to the canonical spelling', () => {
    expect(shape(compiled("userType in ('guest', 'MEMBER')"))).toBe("[userType in 'Guest'|'Member']");
  });

  it('when a GUID property is compared with a quoted GUID, then the value becomes a lower-case GUID literal', () => {
    const filter = compiled("id eq '5F1E2D3C-AAAA-4BBB-8CCC-1234567890AB'");
    expect(filter.type === 'compare' && filter.value).toEqual({ kind: 'guid', value: '5f1e2d3c-aaaa-4bbb-8ccc-1234567890ab', position: 6 });
  });

  it('when a property is not filterable, then the error is unsupportedFilter in Graph wording with its position', () => {
    expect(rejected("userType eq 'Guest' and jobTitle eq 'x'")).toEqual({
      code: 'unsupportedFilter',
      position: 24,
      message: "Unsupported or invalid query filter clause specified for property 'jobTitle' of resource 'User'.",
    });
  });

  it('when an operator is not allowed on the property, then the error names the operator and the allowed ones', () => {
    const error = rejected("mail ne 'x'");
    expect(error.code).toBe('unsupportedFilter');
    expect(error.message).toContain("property 'mail' of resource 'User'. Operator 'ne' is not supported here (supported: eq, startsWith, in)");
    expect(rejected("endsWith(mail, 'x')").message).toContain("Operator 'endsWith' is not supported");
    expect(rejected("accountEnabled in (true)").message).toContain("Operator 'in' is not supported here (supported: eq, ne)");
  });

  it.each([
    ["accountEnabled eq 'true'", 18, "'true' does not fit property 'accountEnabled' (property 'accountEnabled' is a boolean)"],
    ["signInCount gt '3'", 15, 'is a number'],
    ["createdDateTime ge '2024-01-01'", 19, 'is a datetime'],
    ["id eq 'not-a-guid'", 6, 'is a guid'],
    ["userType eq 'Admin'", 12, "is one of 'Member', 'Guest'"],
    ['displayName eq 5', 15, 'is a string'],
    ['signInCount gt null', 15, 'null can only be compared with eq or ne'],
    ["otherMails/any(m: m eq 3)", 23, 'is a string'],
  ])('when the value of %j does not fit the property type, then it is invalidFilter at the value', (text, position, fragment) => {
    const error = rejected(text);
    expect(error.code).toBe('invalidFilter');
    expect(error.position).toBe(position);
    expect(error.message).toContain(`at position ${position} in $filter`);
    expect(error.message).toContain(fragment);
  });

  it('when null is compared with eq or ne, then it is accepted for any scalar type', () => {
    expect(compileFilter('displayName eq null and signInCount ne null', usersSpec).ok).toBe(true);
  });

  it.each([
    ["otherMails eq 'x'", 'Use otherMails/any(x: …) to filter a collection'],
    ["displayName/any(d: d eq 'x')", 'any() applies only to collections'],
    ["otherMails/any(m: displayName eq 'x')", 'Inside any(), paths start with the lambda variable'],
    ["otherMails/any(m: m/length eq 'x')", "'m' is a string; it has no properties"],
    ["otherMails/any(m: m gt 'x')", "Operator 'gt' is not supported"],
    ["identities/any(i: i eq 'x')", "property 'i' of resource 'User'"],
    ["identities/any(i: i/signInType eq 'x')", "property 'i/signInType'"],
    ["__proto__ eq 'x'", "property '__proto__'"],
    ["constructor eq 'x'", "property 'constructor'"],
    ["identities/any(i: i/constructor eq 'x')", "property 'i/constructor'"],
  ])('when %j misuses a collection or scope, then it is unsupportedFilter', (text, fragment) => {
    const error = rejected(text);
    expect(error.code).toBe('unsupportedFilter');
    expect(error.message).toContain(fragment);
  });

  it('when the text does not parse, then the syntax error comes back unchanged', () => {
    expect(rejected("userType eq 'Guest' and")).toMatchObject({ code: 'invalidFilter', position: 23 });
  });
});
