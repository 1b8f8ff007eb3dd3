import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationUnavailableError, createTokenVerifier, type TokenVerifierOptions } from '../../../src/http/auth';
import { startIssuerServer, TEST_AUDIENCE, type IssuerServer } from './issuer-server';

let server: IssuerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const optionsFor = (s: IssuerServer, extra: Partial<TokenVerifierOptions> = {}): TokenVerifierOptions => ({
  issuer: s.issuerUrl,
  audience: TEST_AUDIENCE,
  jwksUri: s.jwksUri,
  ...extra,
});

describe('signing keys', () => {
  it('when several tokens are verified, then the JWKS is fetched once and cached', async () => {
    server = await startIssuerServer();
    const verifier = createTokenVerifier(optionsFor(server));
    for (let i = 0; i < 3; i++) expect((await verifier.verify(await server.issuer.signToken({ roles: [] }))).ok).toBe(true);
    expect(server.jwksRequests()).toBe(1);
  });

  it('when the issuer rolls its key over, then a token with the new kid is accepted after one refetch', async () => {
    server = await startIssuerServer();
    const verifier = createTokenVerifier(optionsFor(server, { jwks: { cooldownMs: 0 } }));
    expect((await verifier.verify(await server.issuer.signToken({ roles: [] }))).ok).toBe(true);
    const rotated = await server.rotateKey();
    expect((await verifier.verify(await rotated.signToken({ roles: [] }))).ok).toBe(true);
    expect(server.jwksRequests()).toBe(2);
  });

  it('when unknown kids arrive within the cooldown, then they do not trigger refetches', async () => {
    server = await startIssuerServer();
    const verifier = createTokenVerifier(optionsFor(server)); // default 30 s cooldown
    expect((await verifier.verify(await server.issuer.signToken({ roles: [] }))).ok).toBe(true);
    const rotated = await server.rotateKey();
    for (let i = 0; i < 3; i++) expect((await verifier.verify(await rotated.signToken({ roles: [] }))).ok).toBe(false);
    expect(server.jwksRequests()).toBe(1);
  });

  it('when the JWKS endpoint fails, then verification throws AuthenticationUnavailableError instead of blaming the token', async () => {
    server = await startIssuerServer();
    server.failWith(500);
    const verifier = createTokenVerifier(optionsFor(server));
    await expect(verifier.verify(await server.issuer.signToken({ roles: [] }))).rejects.toBeInstanceOf(
      AuthenticationUnavailableError,
    );
  });

  it('when the JWKS endpoint is unreachable, then verification throws AuthenticationUnavailableError', async () => {
    server = await startIssuerServer();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const verifier = createTokenVerifier(optionsFor(server, { jwksUri: `http://127.0.0.1:${port}/dev/issuer/jwks.json` }));
    const error = await verifier.verify(await server.issuer.signToken({ roles: [] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationUnavailableError);
    expect((error as AuthenticationUnavailableError).code).toBe('AuthenticationUnavailable');
  });

  it('when fetchJwks is given, then keys come from it, are cached, and are refetched for a new kid after the cooldown', async () => {
    server = await startIssuerServer();
    const urls: string[] = [];
    let current = server.issuer;
    const verifier = createTokenVerifier(
      optionsFor(server, {
        jwks: { cooldownMs: 0 },
        fetchJwks: async (url) => {
          urls.push(url.href);
          return current.jwks;
        },
      }),
    );
    expect((await verifier.verify(await current.signToken({ roles: [] }))).ok).toBe(true);
    expect((await verifier.verify(await current.signToken({ roles: [] }))).ok).toBe(true);
    current = await server.rotateKey();
    expect((await verifier.verify(await current.signToken({ roles: [] }))).ok).toBe(true);
    expect(urls).toEqual([server.jwksUri, server.jwksUri]);
    expect(server.jwksRequests()).toBe(0);
  });

  it('when fetchJwks fails, then verification throws AuthenticationUnavailableError', async () => {
    server = await startIssuerServer();
    const verifier = createTokenVerifier(
      optionsFor(server, {
        fetchJwks: async () => {
          throw new Error('network down');
        },
      }),
    );
    await expect(verifier.verify(await server.issuer.signToken({ roles: [] }))).rejects.toBeInstanceOf(
      AuthenticationUnavailableError,
    );
  });
});
