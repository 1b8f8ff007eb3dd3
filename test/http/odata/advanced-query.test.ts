import { describe, expect, it } from 'vitest';
import { parseAdvancedListQuery, parseSearch, type AdvancedListQuerySpec } from '../../../src/http/odata';

const spec: AdvancedListQuerySpec = {
  resource: 'User',
  entityType: 'microsoft.graph.user',
  filterable: {
    displayName: { type: { kind: 'string' }, operators: ['eq', 'ne', 'startsWith'] },
    mail: { type: { kind: 'string' }, operators: ['eq', 'endsWith'] },
  },
  selectable: ['displayName', 'mail'],
  defaultPageSize: 100,
  sortable: { displayName: 'default', createdDateTime: 'advanced' },
  searchable: ['displayName', 'mail'],
};
const eventual = new Headers({ ConsistencyLevel: 'eventual' });
const none = new Headers();
const parse = (query: string, headers = eventual, countSegment = false) => parseAdvancedListQuery(new URLSearchParams(query), headers, spec, { countSegment });

describe('parseAdvancedListQuery', () => {
  it('when /$count comes without ConsistencyLevel, then it is Graph\'s "$count is not currently supported."', () => {
    expect(parse('', none, true)).toEqual({ ok: false, error: { code: 'countNotSupported', message: '$count is not currently supported.' } });
    expect(parse('', eventual, true).ok).toBe(true);
  });

  it('when $search comes without ConsistencyLevel, then Graph\'s message names the header', () => {
    const result = parse('$search="displayName:ada"', none);
    expect(result.ok || result.error.message).toBe("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
  });

  it.each([
    ["$filter=endsWith(mail,'@x.com')", 'endsWith'],
    ["$filter=displayName ne 'a'", 'ne'],
    ["$filter=not startsWith(displayName,'a')", 'not'],
  ])('when %s lacks $count=true or the header, then the operator is named; with both it parses', (query, operator) => {
    for (const [q, h] of [[query, eventual], [`${query}&$count=true`, none]] as const) {
      const result = parse(q, h);
      expect(result.ok ? 'ok' : result.error.message).toContain(`Operator '${operator}' is not supported because the required parameters might be missing`);
    }
    const both = parse(`${query}&$count=true`);
    expect(both.ok && both.value.count).toBe(true);
  });

  it('when $orderby goes with $filter or sorts by an advanced property, then it needs the advanced parameters', () => {
    expect(parse('$orderby=displayName', none).ok).toBe(true);
    expect(parse("$orderby=displayName&$filter=startsWith(displayName,'a')", none).ok).toBe(false);
    expect(parse('$orderby=createdDateTime desc', none).ok).toBe(false);
    const ok = parse('$orderby=createdDateTime desc&$count=true');
    expect(ok.ok && ok.value.orderBy).toEqual({ property: 'createdDateTime', descending: true });
  });

  it('when $orderby names an unsortable property or two properties, then the 400 says so', () => {
    const one = parse('$orderby=mail');
    expect(one.ok ? '' : one.error.message).toContain("Sorting by property 'mail' is not supported");
    const two = parse('$orderby=displayName,mail');
    expect(two.ok ? '' : two.error.message).toContain('more than one property');
  });

  it('when $count=true comes without the header, then it is ignored as Graph ignores it', () => {
    const result = parse('$count=true', none);
    expect(result.ok && result.value.count).toBe(false);
    expect(parse('$count=maybe').ok).toBe(false);
  });

  it('when the skip token hash is computed, then $orderby and $search are part of it', () => {
    const a = parse('$orderby=displayName');
    const b = parse('$orderby=displayName desc');
    expect(a.ok && b.ok && a.value.queryHash !== b.value.queryHash).toBe(true);
  });
});

describe('parseSearch', () => {
  it('when terms are joined with AND and OR, then AND binds tighter and properties take the spec spelling', () => {
    const result = parseSearch('"DISPLAYNAME:ada" OR "mail:x" AND "displayName:b"', ['displayName', 'mail']);
    expect(result).toEqual({
      ok: true,
      value: {
        type: 'or',
        left: { type: 'term', property: 'displayName', text: 'ada' },
        right: { type: 'and', left: { type: 'term', property: 'mail', text: 'x' }, right: { type: 'term', property: 'displayName', text: 'b' } },
      },
    });
  });

  it.each(['"ada"', '"jobTitle:x"', 'displayName:ada', '"displayName:a" AND', '("displayName:a"'])('when $search is %s, then it is refused with a reason', (text) => {
    const result = parseSearch(text, ['displayName', 'mail']);
    expect(result.ok).toBe(false);
    expect(result.ok || result.error.message).toMatch(/^Invalid \$search: ./);
  });
});
