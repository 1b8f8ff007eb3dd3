import { describe, expect, it } from 'vitest';
import { compileFilter, matchesFilter, parseFilter } from '../../../src/http/odata';
import { buildUser, usersSpec } from './fixtures';

function matches(text: string, object: unknown = buildUser()): boolean {
  const filter = compileFilter(text, usersSpec);
  if (!filter.ok) throw new Error(filter.error.message);
  return matchesFilter(filter.value, object);
}

describe('matchesFilter', () => {
  it('when strings differ only in case, then eq, in, startsWith and endsWith still match', () => {
    expect(matches("displayName eq 'AOIFE o''brien'")).toBe(true);
    expect(matches("mail in ('nobody@x.com', 'AOIFE@CONTOSO.COM')")).toBe(true);
    expect(matches("startsWith(displayName, 'aOi')")).toBe(true);
    expect(matches("endsWith(displayName, 'BRIEN')")).toBe(true);
    expect(matches("startsWith(displayName, 'brien')")).toBe(false);
    expect(matches("displayName eq 'Aoife'")).toBe(false);
  });

  it('when ordering strings, then comparison is case-insensitive by code unit', () => {
    expect(matches("displayName ge 'aoife'")).toBe(true);
    expect(matches("displayName le 'AOIFE'")).toBe(false);
  });

  it('when a property is missing or null, then eq null and ne match it and ordering does not', () => {
    const user = buildUser({ displayName: null, signInCount: undefined });
    expect(matches('displayName eq null', user)).toBe(true);
    expect(matches("displayName ne 'x'", user)).toBe(true);
    expect(matches("displayName ge ''", user)).toBe(false);
    expect(matches("startsWith(displayName, '')", user)).toBe(false);
    expect(matches('signInCount lt 100', user)).toBe(false);
    expect(matches('signInCount ne null', user)).toBe(false);
    expect(matches('signInCount ne null')).toBe(true);
    expect(matches('displayName eq null')).toBe(false);
  });

  it('when comparing numbers, booleans and enums, then each uses its own kind', () => {
    expect(matches('signInCount gt 2 and signInCount le 3 and signInCount ne 4')).toBe(true);
    expect(matches('signInCount lt 3')).toBe(false);
    expect(matches('accountEnabled eq true')).toBe(true);
    expect(matches('accountEnabled ne true')).toBe(false);
    expect(matches("userType eq 'guest'")).toBe(true);
    expect(matches('accountEnabled eq true', buildUser({ accountEnabled: 'true' }))).toBe(false);
  });

  it('when comparing datetimes, then instants are compared whatever the offset or representation', () => {
    expect(matches('createdDateTime eq 2024-03-01T11:00:00+01:00')).toBe(true);
    expect(matches('createdDateTime gt 2024-03-01T09:59:59.999Z and createdDateTime lt 2024-03-02')).toBe(true);
    expect(matches('createdDateTime ge 2024-03-01T10:00:00.001Z')).toBe(false);
    expect(matches('createdDateTime eq 2024-03-01T10:00:00Z', buildUser({ createdDateTime: new Date('2024-03-01T10:00:00Z') }))).toBe(true);
    expect(matches('createdDateTime lt 2030-01-01', buildUser({ createdDateTime: 'not a date' }))).toBe(false);
  });

  it('when comparing GUIDs, then case does not matter', () => {
    expect(matches('id eq 5F1E2D3C-AAAA-4BBB-8CCC-1234567890AB', buildUser({ id: '5F1E2D3C-aaaa-4bbb-8ccc-1234567890ab' }))).toBe(true);
    expect(matches('manager/id eq 11111111-2222-4333-8444-555555555555')).toBe(true);
    expect(matches('manager/id eq 11111111-2222-4333-8444-555555555555', buildUser({ manager: null }))).toBe(false);
  });

  it('when any() looks into a string collection, then one matching element is enough', () => {
    expect(matches("otherMails/any(m: m eq 'aob@EXAMPLE.org')")).toBe(true);
    expect(matches("otherMails/any(m: startsWith(m, 'aoife@f'))")).toBe(true);
    expect(matches("otherMails/any(m: m eq 'someone@else.com')")).toBe(false);
    expect(matches("otherMails/any(m: m eq 'x')", buildUser({ otherMails: [] }))).toBe(false);
    expect(matches("otherMails/any(m: m eq 'x')", buildUser({ otherMails: 'x' }))).toBe(false);
  });

  it('when any() looks into an object collection, then the body applies to the same element', () => {
    const identities = [
      { issuer: 'contoso.com', issuerAssignedId: 'a@contoso.com' },
      { issuer: 'mail', issuerAssignedId: 'b@fabrikam.com' },
    ];
    const user = buildUser({ identities });
    expect(matches("identities/any(i: i/issuer eq 'mail' and i/issuerAssignedId eq 'b@fabrikam.com')", user)).toBe(true);
    expect(matches("identities/any(i: i/issuer eq 'mail' and i/issuerAssignedId eq 'a@contoso.com')", user)).toBe(false);
    expect(matches("not identities/any(i: i/issuer eq 'google.com')", user)).toBe(true);
  });

  it('when and, or and not combine, then precedence decides the outcome', () => {
    // Under "not > and > or" this is (false) or (true and true); misread as not(false or …) it would be false.
    expect(matches("not accountEnabled eq true or userType eq 'Guest' and signInCount eq 3")).toBe(true);
    expect(matches("not (accountEnabled eq true or userType eq 'Guest') and signInCount eq 3")).toBe(false);
  });

  it('when the filter is unchecked and the object has unexpected shapes, then it answers false instead of throwing', () => {
    const filter = parseFilter("a/b/c eq 'x' or a/any(x: x/y gt 2024-01-01) or startsWith(a, 'q')");
    if (!filter.ok) throw new Error(filter.error.message);
    for (const value of [null, 42, 'text', [], { a: [1, null, { y: 'no' }] }, { a: { b: 7 } }, Object.create(null)]) {
      expect(matchesFilter(filter.value, value)).toBe(false);
    }
  });

  it('when a path names an inherited property, then it is treated as missing', () => {
    const filter = parseFilter("constructor ne null or toString eq 'x'");
    if (!filter.ok) throw new Error(filter.error.message);
    expect(matchesFilter(filter.value, {})).toBe(false);
  });
});
