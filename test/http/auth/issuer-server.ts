import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devIssuerRoutes, loadOrCreateDevIssuer, type DevIssuer } from '../../../dev/dev-issuer';

export const TEST_AUDIENCE = 'api://gatehouse-test';

/** A dev issuer whose routes are served by a real HTTP server on a free loopback port. */
export type IssuerServer = {
  issuer: DevIssuer;
  issuerUrl: string;
  jwksUri: string;
  /** How many times the JWKS was requested. */
  jwksRequests(): number;
  /** Serve another key (a fresh key folder) from now on: a key rollover. */
  rotateKey(): Promise<DevIssuer>;
  /** Answer every request with this status instead (undefined: serve normally). */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
};

export async function tempDir(prefix = 'gatehouse-auth-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Loads (or creates) a dev issuer in a fresh temp folder and serves it on 127.0.0.1:<free port>. */
export async function startIssuerServer(options: { keyDir?: string } = {}): Promise<IssuerServer> {
  const dirs: string[] = [];
  let route: ReturnType<typeof devIssuerRoutes> | undefined;
  let jwksCount = 0;
  let failure: number | undefined;
  const server: Server = createServer((req, res) => {
    if (req.url?.endsWith('/jwks.json')) jwksCount += 1;
    if (failure !== undefined) return void res.writeHead(failure).end();
    void route!(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dev/issuer`;

  const load = async (dir?: string): Promise<DevIssuer> => {
    const keyDir = dir ?? (await tempDir());
    if (!dir) dirs.push(keyDir);
    const issuer = await loadOrCreateDevIssuer({ dir: keyDir, issuer: issuerUrl, audience: TEST_AUDIENCE });
    route = devIssuerRoutes(issuer);
    return issuer;
  };
  const handle: IssuerServer = {
    issuer: await load(options.keyDir),
    issuerUrl,
    jwksUri: `${issuerUrl}/jwks.json`,
    jwksRequests: () => jwksCount,
    rotateKey: async () => (handle.issuer = await load()),
    failWith: (status) => void (failure = status),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    },
  };
  return handle;
}
