import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildNextLink, createSkipToken, odataContext, queryOptionsHash, readSkipToken } from '../../../src/http/odata';

const key = randomBytes(32);
const hash = queryOptionsHash(new URLSearchParams("$filter=userType eq 'Guest'"));
const invalid = { ok: false, error: { code: 'invalidSkipToken', message: 'The $skiptoken is invalid, expired or does not belong to this query.' } };

function flip(text: string, index: number): string {
  const c = text[index];
  return text.slice(0, index) + (c === 'A' ? 'B' : 'A') + text.slice(index + 1);
}

describe('skip tokens', () => {
  it('when a token is read back with the same key and query, then the continuation or offset comes back', () => {
    const continuation = 'eyJuZXh0UGFydGl0aW9uS2V5IjoiMSFhIn0=';
    expect(readSkipToken(createSkipToken({ continuation }, key, hash), key, hash)).toEqual({ ok: true, value: { continuation } });
    expect(readSkipToken(createSkipToken({ offset: 200 }, key, hash), key, hash)).toEqual({ ok: true, value: { offset: 200 } });
  });

  it('when any character of the token is changed, then it is refused', () => {
    const token = createSkipToken({ offset: 100 }, key, hash);
    for (let i = 0; i < token.length; i += 1) {
      if (token[i] === '.') continue;
      expect(readSkipToken(flip(token, i), key, hash)).toEqual(invalid);
    }
  });

  it('when the payload is rewritten and re-encoded without the key, then it is refused', () => {
    const [, mac] = createSkipToken({ offset: 100 }, key, hash).split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, q: hash, o: 0 })).toString('base64url');
    expect(readSkipToken(`${forged}.${mac}`, key, hash)).toEqual(invalid);
  });

  it('when the token was minted under another key or for another query, then it is refused', () => {
    const token = createSkipToken({ offset: 100 }, key, hash);
    expect(readSkipToken(token, randomBytes(32), hash)).toEqual(invalid);
    expect(readSkipToken(token, key, queryOptionsHash(new URLSearchParams("$filter=userType eq 'Member'")))).toEqual(invalid);
  });

  it.each(['', '.', 'abc', 'a.b.c', 'not base64!.x', 'x'.repeat(5000)])('when the token is %j, then it is refused without throwing', (token) => {
    expect(readSkipToken(token, key, hash)).toEqual(invalid);
  });

  it('when the key is shorter than 32 bytes, then minting and reading throw as misuse', () => {
    expect(() => createSkipToken({ offset: 1 }, randomBytes(16), hash)).toThrow(TypeError);
    expect(() => readSkipToken('a.b', randomBytes(16), hash)).toThrow(TypeError);
  });
});

describe('buildNextLink', () => {
  const request = "https://gatehouse.example/api/v1.0/users?$filter=startsWith(displayName,%27A%27)&$top=2&$skiptoken=old";

  it('when building the next link, then other options keep their encoding and the skip token is replaced', () => {
    const link = new URL(buildNextLink(request, { offset: 2 }, key));
    expect(link.origin + link.pathname).toBe('https://gatehouse.example/api/v1.0/users');
    expect(link.search.startsWith("?$filter=startsWith(displayName,%27A%27)&$top=2&$skiptoken=")).toBe(true);
    expect(link.searchParams.getAll('$skiptoken')).toHaveLength(1);
  });

  it('when the client follows the link as is, then its token verifies against the query options it carries', () => {
    const link = new URL(buildNextLink(request, { continuation: 'next' }, key));
    const token = link.searchParams.get('$skiptoken') ?? '';
    expect(readSkipToken(token, key, queryOptionsHash(link.searchParams))).toEqual({ ok: true, value: { continuation: 'next' } });
    link.searchParams.set('$top', '3');
    expect(readSkipToken(token, key, queryOptionsHash(link.searchParams))).toEqual(invalid);
  });

  it('when the request has no query, then the link gets one', () => {
    expect(buildNextLink('https://h/api/v1.0/users', { offset: 1 }, key)).toMatch(/^https:\/\/h\/api\/v1\.0\/users\?\$skiptoken=[\w-]+\.[\w-]+$/);
  });
});

describe('odataContext', () => {
  it('when no projection is given, then the context names the entity set', () => {
    expect(odataContext('https://host/api/v1.0/', 'users')).toBe('https://host/api/v1.0/$metadata#users');
  });

  it('when a projection is given, then the selected properties follow in parentheses', () => {
    expect(odataContext('https://host/api/v1.0', 'users', ['displayName', 'mail'])).toBe(
      'https://host/api/v1.0/$metadata#users(displayName,mail)',
    );
    expect(odataContext('https://host/api/v1.0', 'identityGovernance/entitlementManagement/accessPackages', [])).toBe(
      'https://host/api/v1.0/$metadata#identityGovernance/entitlementManagement/accessPackages',
    );
  });
});
