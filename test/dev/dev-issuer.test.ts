import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_CLIENT_ID, DEV_ISSUER_PATH, devIssuerDir, LOCAL_AUDIENCE, LOCAL_ISSUER, LOCAL_JWKS_URI, loadOrCreateDevIssuer } from '../../dev/dev-issuer';
import { createTokenVerifier } from '../../src/http/auth';
import { startIssuerServer, tempDir, TEST_AUDIENCE, type IssuerServer } from '../http/auth/issuer-server';

const run = promisify(execFile);
const repo = resolve(__dirname, '../..');
const dirs: string[] = [];
const freshDir = async () => {
  const dir = await tempDir('gatehouse-dev-');
  dirs.push(dir);
  return join(dir, 'issuer');
};
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('loadOrCreateDevIssuer', () => {
  it('when loaded again from the same folder, then it reuses the key and earlier tokens still verify', async () => {
    const dir = await freshDir();
    const first = await loadOrCreateDevIssuer({ dir });
    const token = await first.signToken({ roles: ['User.Invite.All'] });
    const second = await loadOrCreateDevIssuer({ dir });
    expect(second.kid).toBe(first.kid);
    expect(second.jwks).toEqual(first.jwks);
    const { payload } = await jwtVerify(token, createLocalJWKSet(second.jwks), { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE });
    expect(payload).toMatchObject({ idtyp: 'app', azp: DEV_CLIENT_ID, roles: ['User.Invite.All'] });
  });

  it('when created, then the private key is readable by its owner only and the JWKS holds no private parts', async () => {
    const dir = await freshDir();
    const issuer = await loadOrCreateDevIssuer({ dir });
    expect((await stat(join(dir, 'signing-key.pem'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'signing-key.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(issuer.jwks.keys).toHaveLength(1);
    expect(Object.keys(issuer.jwks.keys[0]!).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('when several loads race on a fresh folder, then they agree on one key', async () => {
    const dir = await freshDir();
    const issuers = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateDevIssuer({ dir })));
    expect(new Set(issuers.map((i) => i.kid)).size).toBe(1);
  });

  it('when GATEHOUSE_DEV_DIR is set, then the key folder lives under it; otherwise under .dev', () => {
    expect(devIssuerDir({ GATEHOUSE_DEV_DIR: '/tmp/x' })).toBe(join('/tmp/x', 'issuer'));
    expect(devIssuerDir({})).toBe(join('.dev', 'issuer'));
    expect(LOCAL_JWKS_URI).toBe('http://127.0.0.1:7072/dev/issuer/jwks.json');
  });
});

describe('devIssuerRoutes', () => {
  let server: IssuerServer;
  beforeAll(async () => {
    server = await startIssuerServer();
  });
  afterAll(() => server.close());
  const origin = () => new URL(server.issuerUrl).origin;

  it('when the JWKS is requested, then the public keys are served as JSON', async () => {
    const res = await fetch(server.jwksUri);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(server.issuer.jwks);
  });

  it('when the OpenID metadata is requested, then it names the issuer and its jwks_uri', async () => {
    const res = await fetch(`${origin()}${DEV_ISSUER_PATH}/.well-known/openid-configuration`);
    expect(await res.json()).toMatchObject({ issuer: server.issuerUrl, jwks_uri: server.jwksUri });
  });

  it('when another method or path is used, then it answers 405 or leaves the request to the host', async () => {
    const post = await fetch(server.jwksUri, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect((await fetch(`${origin()}/api/invitations`)).status).toBe(404);
  });
});

describe('token CLI (compiled)', () => {
  let build: string;
  let server: IssuerServer;
  let keyRoot: string;

  beforeAll(async () => {
    // Compile into a private folder with the repo's tsconfig: the same output as dist/, without racing others' builds.
    build = await mkdtemp(join(repo, '.vitest-token-'));
    await writeFile(
      join(build, 'tsconfig.json'),
      JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { outDir: 'out', rootDir: '..' }, include: [], files: ['../dev/token.ts'] }),
    );
    await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(build, 'tsconfig.json')], { cwd: repo });
    keyRoot = await tempDir('gatehouse-cli-');
    dirs.push(keyRoot);
    server = await startIssuerServer({ keyDir: join(keyRoot, 'issuer') });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (build) await rm(build, { recursive: true, force: true });
  });

  const token = (...args: string[]) =>
    run(process.execPath, [join(build, 'out/dev/token.js'), ...args], {
      cwd: repo,
      env: { ...process.env, GATEHOUSE_DEV_DIR: keyRoot, AUTH_ISSUER: server.issuerUrl, AUTH_AUDIENCE: TEST_AUDIENCE },
    });
  const verifier = () => createTokenVerifier({ issuer: server.issuerUrl, audience: TEST_AUDIENCE, jwksUri: server.jwksUri });

  it('when asked for an app-only token, then it prints only the token, which the verifier accepts', async () => {
    const { stdout, stderr } = await token('--roles', 'User.Invite.All,Directory.Read.All');
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(stderr).toBe('');
    expect(await verifier().verify(stdout.trimEnd())).toEqual({
      ok: true,
      principal: { kind: 'app', appId: DEV_CLIENT_ID, permissions: new Set(['User.Invite.All', 'Directory.Read.All']) },
    });
  });

  it('when asked for a delegated token, then it names the user and honours --scopes and --expires', async () => {
    const userId = '5d1e7a90-3c4b-4f2a-9e8d-7b6c5a4f3e21';
    const { stdout } = await token('--user', userId, '--scopes', 'User.Read,Invitations.Send', '--expires', '120');
    const claims = JSON.parse(Buffer.from(stdout.split('.')[1]!, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(120);
    expect(await verifier().verify(stdout.trimEnd())).toEqual({
      ok: true,
      principal: { kind: 'user', userId, scopes: new Set(['User.Read', 'Invitations.Send']) },
    });
  });

  it('when the arguments are wrong, then it prints nothing on stdout, explains on stderr and exits 2', async () => {
    for (const args of [[], ['--roles', 'Mail.Send'], ['--roles', 'User.Invite.All', '--user', 'u'], ['--user', 'u', '--expires', '0'], ['--bogus']]) {
      const failure = await token(...args).then(
        () => undefined,
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      expect(failure, args.join(' ')).toMatchObject({ code: 2, stdout: '' });
      expect(failure!.stderr).toMatch(/^token: .+\nusage: /);
    }
  });
});
