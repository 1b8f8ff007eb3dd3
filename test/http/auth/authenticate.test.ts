import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTokenVerifier,
  entraAuthorizationUri,
  MAX_TOKEN_LENGTH,
  wwwAuthenticateHeader,
  type TokenVerifier,
} from '../../../src/http/auth';
import { startIssuerServer, TEST_AUDIENCE, type IssuerServer } from './issuer-server';

let server: IssuerServer;
let verifier: TokenVerifier;
beforeAll(async () => {
  server = await startIssuerServer();
  verifier = createTokenVerifier({ issuer: server.issuerUrl, audience: TEST_AUDIENCE, jwksUri: server.jwksUri });
});
afterAll(() => server.close());

const empty = { ok: false, error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.', tokenPresented: false } };
const invalid = {
  ok: false,
  error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.', tokenPresented: true },
};
const withAuthorization = (value?: string) => new Headers(value === undefined ? {} : { authorization: value });

describe('authenticate', () => {
  it('when the Authorization header carries a valid bearer token, then the caller is returned', async () => {
    const token = await server.issuer.signToken({ roles: ['User.Invite.All'] });
    for (const value of [`Bearer ${token}`, `bearer ${token}`, `BEARER  ${token}`]) {
      const result = await verifier.authenticate(withAuthorization(value));
      expect(result.ok && result.principal.kind).toBe('app');
    }
  });

  it('when the headers are a plain object with get(), then they work like Fetch Headers', async () => {
    const token = await server.issuer.signToken({ userId: 'user-1' });
    const result = await verifier.authenticate({ get: (name) => (name.toLowerCase() === 'authorization' ? `Bearer ${token}` : null) });
    expect(result.ok && result.principal).toEqual({ kind: 'user', userId: 'user-1', scopes: new Set(['user_impersonation']) });
  });

  it('when there is no Authorization header or no token in it, then the error says the token is empty', async () => {
    for (const value of [undefined, '', 'Bearer', 'Bearer   ']) {
      expect(await verifier.authenticate(withAuthorization(value))).toEqual(empty);
    }
  });

  it('when the header is malformed or uses another scheme, then it fails with InvalidAuthenticationToken', async () => {
    const token = await server.issuer.signToken({ roles: [] });
    for (const value of [`Basic dXNlcjpwYXNz`, `Bearer ${token} extra`, `Token ${token}`, `Bearer"${token}"`, token]) {
      expect(await verifier.authenticate(withAuthorization(value))).toEqual(invalid);
    }
  });

  it('when the bearer value is garbage, then it fails with InvalidAuthenticationToken', async () => {
    for (const value of ['Bearer garbage', 'Bearer a.b.c', 'Bearer ===', `Bearer ${'a'.repeat(MAX_TOKEN_LENGTH + 1)}`]) {
      expect(await verifier.authenticate(withAuthorization(value))).toEqual(invalid);
    }
  });
});

describe('wwwAuthenticateHeader', () => {
  it('when no token was sent, then the challenge is Graph-shaped and carries no error code', () => {
    expect(
      wwwAuthenticateHeader({
        authorizationUri: 'https://login.microsoftonline.com/t1/oauth2/v2.0/authorize',
        clientId: 'api://gatehouse',
      }),
    ).toBe('Bearer realm="", authorization_uri="https://login.microsoftonline.com/t1/oauth2/v2.0/authorize", client_id="api://gatehouse"');
  });

  it('when a token was refused, then the challenge adds error="invalid_token"', () => {
    expect(wwwAuthenticateHeader({ tokenPresented: true })).toBe('Bearer realm="", error="invalid_token"');
  });

  it('when a value contains quotes or control characters, then they cannot break out of the parameter', () => {
    expect(wwwAuthenticateHeader({ clientId: 'a"b\\c\r\nX-Evil: 1' })).toBe('Bearer realm="", client_id="a\\"b\\\\cX-Evil: 1"');
  });

  it('when the issuer is an Entra v2.0 issuer, then its authorize endpoint is derived; otherwise nothing', () => {
    expect(entraAuthorizationUri('https://login.microsoftonline.com/2f0c8e1a-0000-4000-8000-000000000001/v2.0')).toBe(
      'https://login.microsoftonline.com/2f0c8e1a-0000-4000-8000-000000000001/oauth2/v2.0/authorize',
    );
    expect(entraAuthorizationUri('http://127.0.0.1:7071/dev/issuer')).toBeUndefined();
  });
});
