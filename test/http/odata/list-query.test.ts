import { describe, expect, it } from 'vitest';
import { parseListQuery, parseSelect, parseTop, projectSelected, printFilter, queryOptionsHash } from '../../../src/http/odata';
import { buildUser, usersSpec } from './fixtures';

const query = (search: string) => parseListQuery(new URLSearchParams(search), usersSpec);

describe('parseSelect and projectSelected', () => {
  it('when names are listed with spaces, other case and repeats, then the allowed spellings come back once each', () => {
    expect(parseSelect(' DisplayName, mail ,displayname', usersSpec.selectable, 'microsoft.graph.user')).toEqual({
      ok: true,
      value: ['displayName', 'mail'],
    });
  });

  it('when a name is unknown, then invalidSelect names it and the type as Graph does', () => {
    expect(parseSelect('displayName,jobTitle', usersSpec.selectable, 'microsoft.graph.user')).toEqual({
      ok: false,
      error: {
        code: 'invalidSelect',
        message: "Parsing OData Select and Expand failed: Could not find a property named 'jobTitle' on type 'microsoft.graph.user'.",
      },
    });
  });

  it.each(['', 'mail,', 'mail,,displayName', 'manager/id', '*', 'mail desc'])('when $select is %j, then it is invalidSelect', (text) => {
    const result = parseSelect(text, usersSpec.selectable, 'microsoft.graph.user');
    expect(result.ok || result.error.code).toBe('invalidSelect');
  });

  it('when projecting, then id and @odata.type are always kept and unset selected properties are null', () => {
    const user = buildUser({ mail: undefined });
    delete user.mail;
    expect(projectSelected(user, ['displayName', 'mail'])).toEqual({
      '@odata.type': '#microsoft.graph.user',
      id: user.id,
      displayName: "Aoife O'Brien",
      mail: null,
    });
    expect(projectSelected(user, undefined)).toBe(user);
  });
});

describe('parseTop', () => {
  it.each([
    ['1', 1],
    ['999', 999],
    [' 25 ', 25],
    ['0100', 100],
  ])('when $top is %j, then the page size is %i', (text, top) => {
    expect(parseTop(text)).toEqual({ ok: true, value: top });
  });

  it.each(['0', '1000', '-1', '1.5', '1e2', 'ten', '', '0x10', '99999'])('when $top is %j, then it is invalidTop', (text) => {
    const result = parseTop(text);
    expect(result.ok ? 'accepted' : result.error).toEqual({
      code: 'invalidTop',
      message: `Invalid page size specified: '${text}'. Must be between 1 and 999 inclusive.`,
    });
  });
});

describe('parseListQuery', () => {
  it('when no options are given, then the endpoint default page size applies and nothing else is set', () => {
    expect(query('')).toEqual({ ok: true, value: { top: 100, queryHash: queryOptionsHash(new URLSearchParams()) } });
  });

  it('when $filter, $select, $top and $skiptoken are given, then each is parsed', () => {
    const result = query("$filter=userType eq 'guest'&$select=mail&$top=5&$skiptoken=abc.def&api=ignored");
    if (!result.ok) throw new Error(result.error.message);
    expect(printFilter(result.value.filter!)).toBe("userType eq 'Guest'");
    expect(result.value).toMatchObject({ select: ['mail'], top: 5, skipToken: 'abc.def' });
  });

  it('when option names use another case, then they are still recognized', () => {
    expect(query('$TOP=7')).toMatchObject({ ok: true, value: { top: 7 } });
  });

  it.each(['$count', '$orderby', '$expand', '$search', '$skip'])('when %s is given, then unsupportedQuery names it', (option) => {
    expect(query(`${option}=true`)).toEqual({
      ok: false,
      error: { code: 'unsupportedQuery', message: `Query option '${option}' is not supported by this API.` },
    });
  });

  it('when an unknown $ option is given, then unsupportedQuery says it is not known', () => {
    expect(query('$frobnicate=1')).toEqual({
      ok: false,
      error: { code: 'unsupportedQuery', message: "Query option '$frobnicate' is not a known query option." },
    });
  });

  it('when an option is repeated, then it is invalidQuery', () => {
    expect(query('$top=1&$Top=2')).toMatchObject({ ok: false, error: { code: 'invalidQuery' } });
  });

  it('when one option is bad, then its own error code comes back', () => {
    expect(query('$filter=jobTitle eq 1')).toMatchObject({ ok: false, error: { code: 'unsupportedFilter' } });
    expect(query('$filter=mail eq')).toMatchObject({ ok: false, error: { code: 'invalidFilter', position: 7 } });
    expect(query('$filter=')).toMatchObject({ ok: false, error: { code: 'invalidFilter' } });
    expect(query('$select=nope')).toMatchObject({ ok: false, error: { code: 'invalidSelect' } });
    expect(query('$top=0')).toMatchObject({ ok: false, error: { code: 'invalidTop' } });
  });

  it('when only the skip token differs, then the query hash is the same; when a filter differs, it is not', () => {
    const hash = (search: string) => (query(search) as { value: { queryHash: string } }).value.queryHash;
    expect(hash("$filter=mail eq 'a'&$top=5")).toBe(hash("$top=5&$skiptoken=x&$filter=mail eq 'a'"));
    expect(hash("$filter=mail eq 'a'")).not.toBe(hash("$filter=mail eq 'b'"));
    expect(hash('$top=5')).not.toBe(hash('$top=6'));
  });
});
