import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { devIssuerRoutes, loadOrCreateDevIssuer, type DevIssuer } from './dev-issuer';
import { createMailSink, type FaultSettings, type MailQuotaSettings, type MailSink } from './mail-sink';
import { createApiDirectory } from './api-directory';
import { createOpenIdProvider } from './openid-provider';

/** A handler for some paths; resolves true when it answered. */
export type Routes = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface DevServices {
  url: string;
  sink: MailSink;
  issuer: DevIssuer;
  /** The sink's mailbox pages and the issuer's keys, for mounting on the functions host too. */
  routes: Routes;
  stop(): Promise<void>;
}

export interface DevServicesOptions {
  port: number;
  /** The mail sink's access key (from EMAIL_CONNECTION_STRING). */
  accessKey: string;
  issuer: string;
  audience: string;
  issuerDir: string;
  faults?: FaultSettings;
  /** A sending quota the mail sink enforces like Communication Services (429 + Retry-After). */
  quota?: MailQuotaSettings;
  log: (line: string) => void;
  /**
   * The functions host's URL: when given, the dev issuer is a full OpenID provider whose sign-in page
   * lists that instance's directory users, with the admin console (`<url>/api/admin/`) as a client.
   */
  hostUrl?: string;
}

/** The admin console's client id locally: the API's audience without `api://`, as in Azure (see src/http/admin-console.ts). */
export const consoleClientId = (audience: string) => audience.replace(/^api:\/\//, '');

/**
 * The local stand-ins for the two cloud services the app talks to besides storage: Communication
 * Services Email (the mail sink) and Entra's token issuer (the dev issuer). They get a port of
 * their own so that `func start` can use them too.
 */
export async function startDevServices(options: DevServicesOptions): Promise<DevServices> {
  const issuer = await loadOrCreateDevIssuer({ dir: options.issuerDir, issuer: options.issuer, audience: options.audience });
  const sink = createMailSink({
    accessKey: options.accessKey,
    log: (line) => options.log(`[mail-sink] ${line}`),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.quota ? { quota: options.quota } : {}),
  });
  const issuerRoutes = devIssuerRoutes(issuer);
  // Built on first use (oidc-provider is a large ES module): the start does not wait for it.
  let provider: Promise<Routes> | undefined;
  const openIdProvider = (): Promise<Routes> =>
    (provider ??= createOpenIdProvider({
      issuer: options.issuer,
      signingKey: issuer.privateJwk,
      clients: [{ clientId: consoleClientId(options.audience), name: 'Gatehouse admin center', redirectUris: [`${options.hostUrl}/api/admin/`] }],
      resources: [{ audience: options.audience, scope: `${options.audience.startsWith('api://') ? options.audience : `api://${options.audience}`}/user_impersonation` }],
      directory: createApiDirectory(options.hostUrl!, issuer),
    }).catch((error: unknown) => {
      provider = undefined;
      throw error;
    }));
  // With a host to sign in to, the OpenID provider serves the whole issuer (discovery and keys included).
  const routes: Routes = async (req, res) =>
    (await sink.handle(req, res)) || (options.hostUrl ? await (await openIdProvider())(req, res) : await issuerRoutes(req, res));

  const server: Server = createServer((req, res) => {
    routes(req, res)
      .then((handled) => {
        if (!handled && !res.headersSent) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NotFound', message: 'No such dev service path.' } }));
        }
      })
      .catch((error: unknown) => {
        options.log(`[dev-services] ${String(error)}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    sink,
    issuer,
    routes,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
