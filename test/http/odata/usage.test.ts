import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildNextLink,
  matchesFilter,
  odataContext,
  parseListQuery,
  projectSelected,
  readSkipToken,
  type ListQuerySpec,
} from '../../../src/http/odata';
import { buildUser, usersSpec } from './fixtures';

/** A list handler as an endpoint would write it, paging an in-memory list by offset. */
function listUsers(requestUrl: string, users: Record<string, unknown>[], spec: ListQuerySpec, key: Uint8Array) {
  const url = new URL(requestUrl);
  const query = parseListQuery(url.searchParams, spec);
  if (!query.ok) return { status: 400, body: { error: query.error } };
  let offset = 0;
  if (query.value.skipToken !== undefined) {
    const state = readSkipToken(query.value.skipToken, key, query.value.queryHash);
    if (!state.ok) return { status: 400, body: { error: state.error } };
    offset = 'offset' in state.value ? state.value.offset : 0;
  }
  const { filter, select, top } = query.value;
  const matching = filter ? users.filter((user) => matchesFilter(filter, user)) : users;
  const page = matching.slice(offset, offset + top);
  const more = offset + top < matching.length;
  return {
    status: 200,
    body: {
      '@odata.context': odataContext('https://gatehouse.example/api/v1.0', 'users', select),
      ...(more && { '@odata.nextLink': buildNextLink(url, { offset: offset + top }, key) }),
      value: page.map((user) => projectSelected(user, select)),
    },
  };
}

describe('a list endpoint built from the OData pieces', () => {
  const key = randomBytes(32);
  const users = ['Ann', 'anna', 'Bob', 'ANDREW', 'Zoe'].map((displayName, i) =>
    buildUser({ id: `00000000-0000-4000-8000-00000000000${i}`, displayName }),
  );

  it('when a client follows nextLink until it is absent, then it sees every match once, projected', () => {
    let url: string | undefined = "https://gatehouse.example/api/v1.0/users?$filter=startsWith(displayName,'an')&$select=displayName&$top=2";
    const seen: unknown[] = [];
    while (url) {
      const response = listUsers(url, users, usersSpec, key);
      expect(response.status).toBe(200);
      const body = response.body as { '@odata.context': string; '@odata.nextLink'?: string; value: unknown[] };
      expect(body['@odata.context']).toBe('https://gatehouse.example/api/v1.0/$metadata#users(displayName)');
      seen.push(...body.value);
      url = body['@odata.nextLink'];
    }
    expect(seen).toEqual(
      ['Ann', 'anna', 'ANDREW'].map((displayName) => ({ '@odata.type': '#microsoft.graph.user', id: expect.any(String), displayName })),
    );
  });

  it('when a client reuses a next link with a different filter, then the skip token is refused', () => {
    const first = listUsers("https://gatehouse.example/api/v1.0/users?$filter=startsWith(displayName,'an')&$top=1", users, usersSpec, key);
    const next = new URL((first.body as { '@odata.nextLink': string })['@odata.nextLink']);
    next.searchParams.set('$filter', "startsWith(displayName,'b')");
    expect(listUsers(next.toString(), users, usersSpec, key)).toMatchObject({ status: 400, body: { error: { code: 'invalidSkipToken' } } });
  });
});
