import { rm } from 'node:fs/promises';
import { base64url, exportSPKI, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_CLIENT_ID, loadOrCreateDevIssuer, type DevTokenOptions } from '../../../dev/dev-issuer';
import { createTokenVerifier, type AuthenticationResult, type TokenVerifier } from '../../../src/http/auth';
import { startIssuerServer, tempDir, TEST_AUDIENCE, type IssuerServer } from './issuer-server';

let server: IssuerServer;
let verifier: TokenVerifier;
const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  server = await startIssuerServer();
  verifier = createTokenVerifier({ issuer: server.issuerUrl, audience: TEST_AUDIENCE, jwksUri: server.jwksUri });
});
afterAll(() => server.close());

const appToken = (overrides: DevTokenOptions = {}) =>
  server.issuer.signToken({ roles: ['User.Invite.All', 'Directory.Read.All'], ...overrides });

// The exact, fixed message also proves the answer neither echoes the token nor names the failed check.
function expectRejected(result: AuthenticationResult, token: string): void {
  expect(result, token).toEqual({
    ok: false,
    error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.', tokenPresented: true },
  });
}

function tamper(segment: string): string {
  const i = Math.floor(segment.length / 2);
  return segment.slice(0, i) + (segment[i] === 'A' ? 'B' : 'A') + segment.slice(i + 1);
}

describe('createTokenVerifier', () => {
  it('when an app-only dev token is verified, then the caller is that app with its known Graph permissions', async () => {
    const token = await appToken({ roles: ['User.Invite.All', 'Directory.Read.All', 'Mail.Send'] });
    const result = await verifier.verify(token);
    expect(result).toEqual({
      ok: true,
      principal: { kind: 'app', appId: DEV_CLIENT_ID, permissions: new Set(['User.Invite.All', 'Directory.Read.All']) },
    });
  });

  it('when a delegated dev token is verified, then the caller is the user named by oid with the granted scopes', async () => {
    const userId = '0c9a4d2e-5b1f-4f7e-8a3c-2d6e9b1f0a47';
    const token = await server.issuer.signToken({ userId, scopes: ['Invitations.Send', 'User.Read'] });
    const result = await verifier.verify(token);
    expect(result).toEqual({
      ok: true,
      principal: { kind: 'user', userId, scopes: new Set(['Invitations.Send', 'User.Read']) },
    });
  });

  it('when the payload is altered after signing, then the token is rejected', async () => {
    const [header, , signature] = (await appToken()).split('.');
    const forged = base64url.encode(
      JSON.stringify({ iss: server.issuerUrl, aud: TEST_AUDIENCE, exp: nowSeconds() + 600, idtyp: 'app', azp: 'x', roles: ['Directory.ReadWrite.All'] }),
    );
    const token = `${header}.${forged}.${signature}`;
    expectRejected(await verifier.verify(token), token);
  });

  it('when the signature is altered, then the token is rejected', async () => {
    const [header, payload, signature] = (await appToken()).split('.');
    const token = `${header}.${payload}.${tamper(signature!)}`;
    expectRejected(await verifier.verify(token), token);
  });

  it('when the token expired longer ago than the clock tolerance, then it is rejected', async () => {
    const token = await appToken({ claims: { exp: nowSeconds() - 120 } });
    expectRejected(await verifier.verify(token), token);
  });

  it('when the token expired within the clock tolerance, then it is still accepted', async () => {
    const result = await verifier.verify(await appToken({ claims: { exp: nowSeconds() - 30 } }));
    expect(result.ok).toBe(true);
  });

  it('when the clock is passed in, then expiry is judged by that clock', async () => {
    const token = await appToken({ expiresInSeconds: 600 });
    const later = createTokenVerifier({
      issuer: server.issuerUrl,
      audience: TEST_AUDIENCE,
      jwksUri: server.jwksUri,
      clockToleranceSeconds: 0,
      now: () => new Date(Date.now() + 601_000),
    });
    expectRejected(await later.verify(token), token);
  });

  it('when the token is not valid yet (nbf beyond the tolerance), then it is rejected', async () => {
    const token = await appToken({ claims: { nbf: nowSeconds() + 300 } });
    expectRejected(await verifier.verify(token), token);
  });

  it('when the token carries no exp, then it is rejected', async () => {
    const token = await appToken({ claims: { exp: undefined } });
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).not.toHaveProperty('exp');
    expectRejected(await verifier.verify(token), token);
  });

  it('when the audience is another API, then the token is rejected', async () => {
    const token = await appToken({ claims: { aud: 'api://someone-else' } });
    expectRejected(await verifier.verify(token), token);
  });

  it('when the issuer differs, then the token is rejected', async () => {
    const token = await appToken({ claims: { iss: 'https://login.microsoftonline.com/other/v2.0' } });
    expectRejected(await verifier.verify(token), token);
  });

  it('when one of several configured audiences matches, then the token is accepted', async () => {
    const both = createTokenVerifier({ issuer: server.issuerUrl, audience: ['api://other', TEST_AUDIENCE], jwksUri: server.jwksUri });
    expect((await both.verify(await appToken())).ok).toBe(true);
  });

  it('when the token is unsigned (alg none), then it is rejected', async () => {
    const claims = JSON.parse(Buffer.from((await appToken()).split('.')[1]!, 'base64url').toString());
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid: server.issuer.kid }));
    for (const token of [`${header}.${base64url.encode(JSON.stringify(claims))}.`, `${header}.${base64url.encode(JSON.stringify(claims))}`]) {
      expectRejected(await verifier.verify(token), token);
    }
  });

  it('when the token is HS256-signed with the public key as the secret (algorithm confusion), then it is rejected', async () => {
    const claims = { iss: server.issuerUrl, aud: TEST_AUDIENCE, exp: nowSeconds() + 600, idtyp: 'app', azp: 'evil', roles: ['Directory.ReadWrite.All'] };
    const publicJwk = server.issuer.jwks.keys[0]!;
    const pem = await exportSPKI((await importJWK(publicJwk, 'RS256')) as never);
    const secrets = [new TextEncoder().encode(pem), new TextEncoder().encode(JSON.stringify(publicJwk)), base64url.decode(publicJwk.n!)];
    for (const secret of secrets) {
      const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: server.issuer.kid }).sign(secret);
      expectRejected(await verifier.verify(token), token);
    }
  });

  it('when the token is signed by a key the issuer does not publish (unknown kid), then it is rejected', async () => {
    const dir = await tempDir();
    try {
      const stranger = await loadOrCreateDevIssuer({ dir, issuer: server.issuerUrl, audience: TEST_AUDIENCE });
      expect(stranger.kid).not.toBe(server.issuer.kid);
      const token = await stranger.signToken({ roles: ['Directory.ReadWrite.All'] });
      expectRejected(await verifier.verify(token), token);
      const sameKidOtherKey = await stranger.signToken({ roles: ['Directory.ReadWrite.All'] });
      const [, payload, signature] = sameKidOtherKey.split('.');
      const relabelled = `${base64url.encode(JSON.stringify({ alg: 'RS256', kid: server.issuer.kid, typ: 'JWT' }))}.${payload}.${signature}`;
      expectRejected(await verifier.verify(relabelled), relabelled);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when a verified token names no usable caller, then it is rejected', async () => {
    const noAppId = await appToken({ claims: { azp: undefined, appid: undefined } });
    const noOid = await server.issuer.signToken({ userId: 'u1', claims: { oid: undefined } });
    const appWithScopes = await appToken({ claims: { scp: 'User.Read' } });
    for (const token of [noAppId, noOid, appWithScopes]) expectRejected(await verifier.verify(token), token);
  });

  it('when the input is not a JWT at all, then it is rejected', async () => {
    for (const token of ['garbage', 'a.b.c', 'eyJhbGciOiJSUzI1NiJ9.e30.', '...']) expectRejected(await verifier.verify(token), token);
  });

  it('when asked to accept HS256 or none, then the verifier refuses to be built', () => {
    const base = { issuer: server.issuerUrl, audience: TEST_AUDIENCE, jwksUri: server.jwksUri };
    expect(() => createTokenVerifier({ ...base, algorithms: ['RS256', 'HS256'] })).toThrow(TypeError);
    expect(() => createTokenVerifier({ ...base, algorithms: ['none'] })).toThrow(TypeError);
    expect(() => createTokenVerifier({ ...base, algorithms: [] })).toThrow(TypeError);
  });
});
