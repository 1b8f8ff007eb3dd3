import { describe, expect, it } from 'vitest';
import { createRouteTable, type RouteEntry } from '../../../dev/local-host/route-table';
import { parseRouteTemplate } from '../../../dev/local-host/route-template';

const path = (p: string) => p.split('/');
const route = (name: string, template: string, methods: string[] = ['GET']): RouteEntry => ({ name, route: template, methods });

describe('route templates', () => {
  it('when a literal and a parameter route both match, then the literal wins in either registration order', () => {
    const entries = [route('getUser', 'users/{id}'), route('usersDelta', 'users/delta')];
    for (const table of [createRouteTable(entries), createRouteTable([...entries].reverse())]) {
      expect(table.match('GET', path('users/delta'))).toEqual({ name: 'usersDelta', params: {} });
      expect(table.match('GET', path('users/7'))).toEqual({ name: 'getUser', params: { id: '7' } });
    }
  });

  it('when a constrained and an unconstrained parameter compete, then the constrained one is tried first', () => {
    const table = createRouteTable([route('bySlug', 'orders/{slug}'), route('byId', 'orders/{id:int}')]);
    expect(table.match('GET', path('orders/12'))).toEqual({ name: 'byId', params: { id: '12' } });
    expect(table.match('GET', path('orders/twelve'))).toEqual({ name: 'bySlug', params: { slug: 'twelve' } });
  });

  it('when a catch-all competes with a parameter route, then the parameter route wins for one segment', () => {
    const table = createRouteTable([route('all', 'docs/{*rest}'), route('one', 'docs/{name}')]);
    expect(table.match('GET', path('docs/a'))?.name).toBe('one');
    expect(table.match('GET', path('docs/a/b'))).toEqual({ name: 'all', params: { rest: 'a/b' } });
    expect(table.match('GET', path('docs'))).toEqual({ name: 'all', params: {} });
  });

  it('when only the method differs, then the route accepting the method is chosen, and none means no match', () => {
    const table = createRouteTable([route('read', 'things', ['GET']), route('create', 'things', ['POST'])]);
    expect(table.match('post', path('things'))?.name).toBe('create');
    expect(table.match('GET', path('things'))?.name).toBe('read');
    expect(table.match('DELETE', path('things'))).toBeNull();
    expect(createRouteTable([route('any', 'things', [])]).match('PATCH', path('things'))?.name).toBe('any');
  });

  it('when optional or defaulted parameters are missing, then optional ones are absent and defaults are filled in', () => {
    expect(parseRouteTemplate('items/{category}/{id?}').match(path('items/books'))).toEqual({ category: 'books' });
    expect(parseRouteTemplate('items/{category}/{id?}').match(path('items/books/9'))).toEqual({ category: 'books', id: '9' });
    expect(parseRouteTemplate('pages/{page:int=1}').match(path('pages'))).toEqual({ page: '1' });
    expect(parseRouteTemplate('items/{category}').match(path('items'))).toBeNull();
    expect(parseRouteTemplate('items/{category}').match(path('items/a/b'))).toBeNull();
  });

  it('when literals differ only in case, then they still match', () => {
    expect(parseRouteTemplate('Users/Delta').match(path('users/DELTA'))).toEqual({});
  });

  it.each([
    ['{id:int}', '42', true],
    ['{id:int}', '2147483648', false],
    ['{id:int}', '4.2', false],
    ['{id:long}', '2147483648', true],
    ['{id:guid}', '6f1c4a5e-2f7b-4d7e-9a39-0c1d2e3f4a5b', true],
    ['{id:guid}', '6f1c4a5e2f7b4d7e9a390c1d2e3f4a5b', true],
    ['{id:guid}', '6f1c4a5e-2f7b', false],
    ['{id:alpha}', 'abcXYZ', true],
    ['{id:alpha}', 'abc1', false],
    ['{id:bool}', 'True', true],
    ['{id:range(1,10)}', '10', true],
    ['{id:range(1,10)}', '11', false],
    ['{id:min(5)}', '4', false],
    ['{id:length(3)}', 'abc', true],
    ['{id:minlength(2):maxlength(3)}', 'abcd', false],
    ['{id:regex(^[a-z]{{2}}\\d$)}', 'ab1', true],
    ['{id:regex(^\\d+$)}', 'x1', false],
  ])('when %s meets %s, then matching is %s', (template, value, matches) => {
    expect(parseRouteTemplate(template).match([value]) !== null).toBe(matches);
  });

  it('when a segment mixes literals and parameters, then values are split at the last separator', () => {
    expect(parseRouteTemplate('files/{name}.{ext}').match(path('files/archive.tar.gz'))).toEqual({ name: 'archive.tar', ext: 'gz' });
  });

  it('when a template is invalid, then building the table fails naming the function', () => {
    expect(() => createRouteTable([route('bad', 'a/{id:nosuch}')])).toThrow(/The 'bad' function is in error: invalid route 'a\/\{id:nosuch\}'/);
    expect(() => createRouteTable([route('bad', '{*rest}/more')])).toThrow(/catch-all/);
    expect(() => createRouteTable([route('bad', 'a/{id}/{ID}')])).toThrow(/more than once/);
  });

  it('when Azure (alphabetical by function name) would pick a different function, then the table warns; otherwise not', () => {
    const shadowed = createRouteTable([route('getUser', 'users/{id}'), route('usersDelta', 'users/delta')]);
    expect(shadowed.azureOrderWarnings()).toEqual([expect.stringContaining("'users/delta' (usersDelta) is also matched by 'users/{id}' (getUser)")]);
    expect(createRouteTable([route('aDelta', 'users/delta'), route('getUser', 'users/{id}')]).azureOrderWarnings()).toEqual([]);
    expect(createRouteTable([route('a', 'users/{id}', ['GET']), route('b', 'users/delta', ['POST'])]).azureOrderWarnings()).toEqual([]);
  });
});
