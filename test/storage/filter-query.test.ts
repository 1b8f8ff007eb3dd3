import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/http/odata';
import { toTableQuery, type TableMapping, type TableQuery } from '../../src/storage/filter-query';
import { usersMapping, usersSpec } from '../http/odata/fixtures';

function translate(text: string, mapping: TableMapping = usersMapping): TableQuery {
  const filter = compileFilter(text, usersSpec);
  if (!filter.ok) throw new Error(filter.error.message);
  return toTableQuery(filter.value, mapping);
}

describe('toTableQuery', () => {
  it("when a string value contains a quote, then it is doubled inside single quotes (O'Brien)", () => {
    expect(translate("displayName eq 'O''Brien'")).toEqual({ filter: "DisplayNameLower eq 'o''brien'", residualNeeded: false });
  });

  it('when a value tries to close the string and add a clause, then it stays one quoted literal', () => {
    const query = translate("mail eq 'x'' or PartitionKey ne ''' or mail eq ''')'");
    expect(query.filter).toBe("(MailLower eq 'x'' or partitionkey ne ''') or (MailLower eq ''')')");
    expect(query.residualNeeded).toBe(false);
  });

  it('when each column kind is compared, then the literal is encoded for its Edm type', () => {
    expect(translate('accountEnabled eq false').filter).toBe('AccountEnabled eq false');
    expect(translate('signInCount gt 3').filter).toBe('SignInCount gt 3');
    expect(translate('createdDateTime ge 2024-01-01T01:00:00+01:00').filter).toBe("Created ge datetime'2024-01-01T00:00:00.000Z'");
    expect(translate('manager/id eq 11111111-2222-4333-8444-555555555555').filter).toBe("ManagerId eq guid'11111111-2222-4333-8444-555555555555'");
    expect(translate("id eq '5F1E2D3C-AAAA-4BBB-8CCC-1234567890AB'").filter).toBe("RowKey eq '5f1e2d3c-aaaa-4bbb-8ccc-1234567890ab'");
    expect(translate("userType eq 'guest'").filter).toBe("UserType eq 'Guest'");
  });

  it('when a number column is Int64 or Double, then the literal carries L or a decimal point', () => {
    const as = (storedAs: 'int64' | 'double') => ({ ...usersMapping, signInCount: { kind: 'number', column: 'N', storedAs } }) as TableMapping;
    expect(translate('signInCount eq 5', as('int64')).filter).toBe('N eq 5L');
    expect(translate('signInCount eq 5', as('double')).filter).toBe('N eq 5.0');
    expect(translate('signInCount eq 2.5', as('double')).filter).toBe('N eq 2.5');
    expect(translate('signInCount eq 2.5')).toEqual({ filter: undefined, residualNeeded: true });
    expect(translate('signInCount eq 1e300', as('double'))).toEqual({ filter: undefined, residualNeeded: true });
  });

  it('when in lists several values, then it becomes an or of equalities', () => {
    expect(translate("userType in ('Guest', 'member')").filter).toBe("UserType eq 'Guest' or UserType eq 'Member'");
  });

  it('when startsWith targets a lower-case column, then it becomes a key range', () => {
    expect(translate("startsWith(mail, 'AB')")).toEqual({ filter: "MailLower ge 'ab' and MailLower lt 'ac'", residualNeeded: false });
    expect(translate("startsWith(mail, '')").filter).toBe("MailLower ge ''");
    expect(translate("startsWith(mail, 'a\uffff')")).toEqual({ filter: undefined, residualNeeded: true });
  });

  it('when and/or/not combine translatable clauses, then each operand is parenthesized and no residual is needed', () => {
    expect(translate("userType eq 'Guest' and (accountEnabled eq true or not (mail eq 'x'))")).toEqual({
      filter: "(UserType eq 'Guest') and ((AccountEnabled eq true) or (not (MailLower eq 'x')))",
      residualNeeded: false,
    });
    expect(translate("not (userType eq 'Guest' or accountEnabled eq true)")).toEqual({
      filter: "not ((UserType eq 'Guest') or (AccountEnabled eq true))",
      residualNeeded: false,
    });
  });

  it('when one side of an and cannot be translated, then the other side is kept and a residual is needed', () => {
    expect(translate("userType eq 'Guest' and endsWith(displayName, 'x')")).toEqual({ filter: "UserType eq 'Guest'", residualNeeded: true });
    expect(translate("otherMails/any(m: m eq 'x') and accountEnabled eq true")).toEqual({ filter: 'AccountEnabled eq true', residualNeeded: true });
  });

  it('when one side of an or cannot be translated, then nothing goes to the table', () => {
    expect(translate("userType eq 'Guest' or endsWith(displayName, 'x')")).toEqual({ filter: undefined, residualNeeded: true });
  });

  it('when ne or not touches a column that may be absent, then it stays in memory', () => {
    expect(translate("displayName ne 'x'")).toEqual({ filter: undefined, residualNeeded: true });
    expect(translate("not startsWith(displayName, 'x')")).toEqual({ filter: undefined, residualNeeded: true });
    expect(translate("userType eq 'Guest' and not (signInCount gt 3)")).toEqual({ filter: "UserType eq 'Guest'", residualNeeded: true });
    expect(translate("userType ne 'Guest'")).toEqual({ filter: "UserType ne 'Guest'", residualNeeded: false });
  });

  it('when a property is unmapped, compared with null, or served by the wrong column kind, then it stays in memory', () => {
    expect(translate("mail eq 'x'", {})).toEqual({ filter: undefined, residualNeeded: true });
    expect(translate('displayName eq null')).toEqual({ filter: undefined, residualNeeded: true });
    expect(translate("userType eq 'Guest'", { userType: { kind: 'boolean', column: 'UserType' } })).toEqual({
      filter: undefined,
      residualNeeded: true,
    });
    expect(translate("displayName ge 'b'", { displayName: { kind: 'canonicalString', column: 'DisplayName' } }).filter).toBeUndefined();
  });

  it('when the mapping itself names an invalid column, then it throws as a programming error', () => {
    expect(() => translate("mail eq 'x'", { mail: { kind: 'lowercaseString', column: 'Mail or true' } })).toThrow(TypeError);
  });
});
