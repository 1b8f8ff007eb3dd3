import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, SignJWT, type JWK } from 'jose';

/**
 * The local development issuer: a stand-in for Entra that signs access tokens with a key kept in
 * the git-ignored `.dev/issuer/` folder and publishes its public half, so the API verifies local
 * tokens exactly as it verifies Entra's (same verifier, only the three AUTH_* settings differ).
 */

/** Issuer URL of the local dev services (http://127.0.0.1:7072, see local.settings.sample.json) with the dev issuer at /dev/issuer. */
export const LOCAL_ISSUER = 'http://127.0.0.1:7072/dev/issuer';
/** Where the local host serves the dev issuer's keys: the local AUTH_JWKS_URI. */
export const LOCAL_JWKS_URI = `${LOCAL_ISSUER}/jwks.json`;
/** Audience of local tokens: the local AUTH_AUDIENCE. */
export const LOCAL_AUDIENCE = 'api://gatehouse-local';
/** The fixed client application id (`azp`/`appid`) of dev tokens. */
export const DEV_CLIENT_ID = '3f6b1c52-8a0e-4d7b-9c1e-6a2f0d4b7e93';
/** Object id (`oid`/`sub`) of that client's service principal, carried by app-only dev tokens. */
export const DEV_CLIENT_OBJECT_ID = 'b7d2e8f1-4c3a-4e6b-8d90-1f5a7c3e2b64';
/** Path prefix under which {@link devIssuerRoutes} answers. */
export const DEV_ISSUER_PATH = '/dev/issuer';
/** Environment variable naming the local `.dev` folder (default `.dev`, relative to the working directory). */
export const DEV_DIR_ENV = 'GATEHOUSE_DEV_DIR';

const KEY_FILE = 'signing-key.pem';
const ALG = 'RS256';

/** The dev issuer's key folder: `<GATEHOUSE_DEV_DIR or .dev>/issuer`. */
export function devIssuerDir(env: Record<string, string | undefined> = process.env): string {
  return join(env[DEV_DIR_ENV] || '.dev', 'issuer');
}

/** What a dev token says about its caller. */
export type DevTokenOptions = {
  /** App roles; without `userId` they make an app-only token (`idtyp: app`). */
  roles?: string[];
  /** The user's object id: makes a delegated token (`idtyp: user`, `oid`, `scp`). */
  userId?: string;
  /** Delegated scopes (default `user_impersonation`); only with `userId`. */
  scopes?: string[];
  /** Lifetime (default 3600); negative values make already-expired tokens for tests. */
  expiresInSeconds?: number;
  /** Extra or overriding claims; a claim set to `undefined` is left out. */
  claims?: Record<string, unknown>;
};

/** A loaded dev issuer. */
export type DevIssuer = {
  issuer: string;
  audience: string;
  /** Key id of the signing key (its RFC 7638 thumbprint). */
  kid: string;
  /** The public JSON Web Key Set, as served at `/dev/issuer/jwks.json`. */
  jwks: { keys: JWK[] };
  /** The private signing key as a JWK (with `kid`), for the local OpenID provider. */
  privateJwk: JWK;
  signToken(opts?: DevTokenOptions): Promise<string>;
};

/**
 * Loads the dev issuer's key from `dir`, creating an RS256 key pair there on first use (the
 * private key readable by the owner only). Concurrent first runs agree on one key.
 */
export async function loadOrCreateDevIssuer(
  options: { dir?: string; issuer?: string; audience?: string } = {},
): Promise<DevIssuer> {
  const dir = options.dir ?? devIssuerDir();
  const issuer = options.issuer ?? LOCAL_ISSUER;
  const audience = options.audience ?? LOCAL_AUDIENCE;
  const privateKey = await loadOrCreateKey(dir);
  const publicJwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwks = { keys: [{ ...publicJwk, kid, alg: ALG, use: 'sig' }] };
  const privateJwk = { ...(await exportJWK(privateKey)), kid };

  async function signToken(opts: DevTokenOptions = {}): Promise<string> {
    const lifetime = opts.expiresInSeconds ?? 3600;
    if (!Number.isInteger(lifetime)) throw new TypeError('expiresInSeconds must be an integer');
    if (opts.userId !== undefined && opts.userId.trim() === '') throw new TypeError('userId must not be empty');
    const now = Math.floor(Date.now() / 1000);
    const common = {
      iss: issuer,
      aud: audience,
      iat: now,
      nbf: now,
      exp: now + lifetime,
      ver: '2.0',
      azp: DEV_CLIENT_ID,
      appid: DEV_CLIENT_ID,
      uti: randomUUID(),
    };
    const caller =
      opts.userId !== undefined
        ? {
            idtyp: 'user',
            oid: opts.userId,
            sub: opts.userId,
            scp: (opts.scopes ?? ['user_impersonation']).join(' '),
            ...(opts.roles ? { roles: opts.roles } : {}),
          }
        : { idtyp: 'app', oid: DEV_CLIENT_OBJECT_ID, sub: DEV_CLIENT_OBJECT_ID, roles: opts.roles ?? [] };
    return new SignJWT({ ...common, ...caller, ...opts.claims })
      .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
      .sign(privateKey);
  }

  return { issuer, audience, kid, jwks, privateJwk, signToken };
}

async function loadOrCreateKey(dir: string): Promise<KeyObject> {
  const file = join(dir, KEY_FILE);
  const existing = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (existing !== undefined) return importKey(existing);

  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
  const tmp = join(dir, `.${KEY_FILE}.${process.pid}.${randomUUID()}.tmp`);
  await writeFile(tmp, await exportPKCS8(privateKey), { mode: 0o600, flag: 'wx' });
  try {
    // link() publishes the complete file or fails with EEXIST: a parallel first run wins cleanly.
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(tmp);
  }
  return importKey(await readFile(file, 'utf8'));
}

async function importKey(pem: string): Promise<KeyObject> {
  return (await importPKCS8(pem, ALG, { extractable: true })) as KeyObject;
}

/**
 * Serves the dev issuer: `GET /dev/issuer/jwks.json` (the public keys) and
 * `GET /dev/issuer/.well-known/openid-configuration`. Resolves true when it answered the request,
 * false when the path is not its own (the host then routes it elsewhere).
 */
export function devIssuerRoutes(issuer: DevIssuer): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const metadata = {
    issuer: issuer.issuer,
    jwks_uri: `${issuer.issuer.replace(/\/+$/, '')}/jwks.json`,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [ALG],
    token_endpoint_auth_signing_alg_values_supported: [ALG],
    claims_supported: ['iss', 'aud', 'exp', 'nbf', 'iat', 'sub', 'oid', 'azp', 'appid', 'idtyp', 'roles', 'scp'],
  };
  const bodies = new Map<string, string>([
    [`${DEV_ISSUER_PATH}/jwks.json`, JSON.stringify(issuer.jwks)],
    [`${DEV_ISSUER_PATH}/.well-known/openid-configuration`, JSON.stringify(metadata)],
  ]);
  return async (req, res) => {
    const body = bodies.get(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (body === undefined) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      // The key folder can be deleted and regenerated at any time, so nothing may cache it for long.
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
