import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSettings, parseConnectionString } from '../src/config';
import { createStorageClients, ensureStorageResources } from '../src/storage/clients';
import { startAzurite, type RunningAzurite } from './azurite';
import { randomUUID } from 'node:crypto';
import { startExtraHost } from './extra-host';
import { devIssuerDir } from './dev-issuer';
import { freePort } from './free-port';
import { loadOrCreateLocalCertificates, localCertsDir } from './local-certs';
import { startLocalHost } from './local-host';
import { readLocalSettings, rewriteLoopbackPort } from './local-settings';
import { parseMailFaultsFlag, parseMailQuotaFlag } from './mail-sink';
import { startDevServices, type DevServices } from './services';
import { recordRuntime, seedFirstAdministrator } from './first-admin';

/**
 * `npm start`: the whole system on one machine, in one process tree. Azurite (child process), the
 * dev services (mail sink + dev token issuer) and the local functions host running the built app.
 * Ctrl-C (or SIGTERM) stops all of them; Azurite also exits if this process dies.
 */
const USAGE = `Usage: npm start -- [--port 7071] [--https-port 7443] [--services-port 7072] [--azurite-port 10000|0]
                 [--persist] [--mail-faults 429:0.3[:retryAfter]] [--mail-quota default] [--json] [--services-only] [--hosts 1]
  --https-port     the API over HTTPS too (default 7443; a free port when --port is 0), with a
                   certificate made on first start in .dev/certs; Node trusts it with
                   NODE_EXTRA_CA_CERTS=.dev/certs/ca.pem
  --persist        keep Azurite data in ./.azurite (git-ignored) instead of memory
  --mail-faults    make the mail sink fail a share of sends: none | 429:F | 500:F | delay:F:ms | drop:F | fail:F
  --mail-quota     make the mail sink enforce a sending quota like Communication Services (429 +
                   Retry-After beyond it): default (30/min, 100/h) | <perMinute>/<perHour>
  --json           print one JSON line {"event":"ready",...} when ready (for scripts and tests)
  --services-only  run Azurite, the mail sink and the dev issuer but not the app (for \`func start\`)
  --hosts N        run N functions hosts of the app on one Azurite (instances, as Flex Consumption
                   scales out): the first on --port, the others on free ports; they share the
                   queues, and each timer occurrence runs on one of them
  Ports 0 pick free ones.`;

const root = path.resolve(__dirname, '..', '..');
const DEFAULT_HTTPS_PORT = 7443;

async function main(): Promise<void> {
  const { values: flags } = parseArgs({
    options: {
      port: { type: 'string' },
      'https-port': { type: 'string' },
      'services-port': { type: 'string' },
      'azurite-port': { type: 'string' },
      persist: { type: 'boolean', default: false },
      'mail-faults': { type: 'string' },
      'mail-quota': { type: 'string' },
      json: { type: 'boolean', default: false },
      'services-only': { type: 'boolean', default: false },
      hosts: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const log = flags.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
  const settings = readLocalSettings(root);
  const basePort = Number(new URL(settings['PUBLIC_BASE_URL'] ?? 'http://127.0.0.1:7071').port || 7071);
  const servicesBasePort = Number(new URL(settings['AUTH_JWKS_URI'] ?? 'http://127.0.0.1:7072').port || 7072);
  const hostPort = await choosePort(flags.port, basePort);
  const servicesPort = await choosePort(flags['services-port'], servicesBasePort);
  const httpsPort = await choosePort(flags['https-port'], flags.port === '0' ? 0 : DEFAULT_HTTPS_PORT);
  const azuriteBase = Number(flags['azurite-port'] ?? 10000);
  const hostCount = Number(flags.hosts);
  if (!Number.isInteger(hostCount) || hostCount < 1 || hostCount > 8) throw new Error(`--hosts takes 1 to 8\n${USAGE}`);

  const stoppers: (() => Promise<void>)[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    const azurite: RunningAzurite = await startAzurite({
      blobPort: azuriteBase === 0 ? 0 : azuriteBase,
      queuePort: azuriteBase === 0 ? 0 : azuriteBase + 1,
      tablePort: azuriteBase === 0 ? 0 : azuriteBase + 2,
      ...(flags.persist ? { location: path.join(root, '.azurite') } : {}),
    });
    stoppers.push(azurite.stop);

    const accessKey = parseConnectionString(settings['EMAIL_CONNECTION_STRING'] ?? '')['accesskey'] ?? '';
    const services: DevServices = await startDevServices({
      port: servicesPort,
      accessKey,
      issuer: rewriteLoopbackPort(settings['AUTH_ISSUER'] ?? '', servicesBasePort, servicesPort),
      audience: settings['AUTH_AUDIENCE'] ?? 'api://gatehouse-local',
      issuerDir: devIssuerDir(),
      log,
      hostUrl: `http://127.0.0.1:${hostPort}`,
      ...(flags['mail-faults'] ? { faults: parseMailFaultsFlag(flags['mail-faults']) } : {}),
      ...(flags['mail-quota'] ? { quota: parseMailQuotaFlag(flags['mail-quota']) } : {}),
    });
    stoppers.push(services.stop);

    const runtime: Record<string, string> = {
      AzureWebJobsStorage: azurite.connectionString,
      ALLOW_INSECURE_LOOPBACK: 'true',
      PUBLIC_BASE_URL: `http://127.0.0.1:${hostPort}`,
      // The instances of one app share their timers' leases (see dev/local-host/timer-lock.ts).
      AzureFunctionsWebHost__hostid: process.env['AzureFunctionsWebHost__hostid'] ?? `gatehouse-${randomUUID().slice(0, 8)}`,
    };
    for (const key of ['AUTH_ISSUER', 'AUTH_JWKS_URI', 'EMAIL_CONNECTION_STRING', 'MY_ACCESS_PORTAL_URL']) {
      const value = settings[key];
      if (value) runtime[key] = rewriteLoopbackPort(rewriteLoopbackPort(value, servicesBasePort, servicesPort), basePort, hostPort);
    }
    // As with Core Tools, settings already in the environment win over the file; runtime ones (ports) win over both.
    for (const [key, value] of Object.entries(settings)) if (process.env[key] === undefined) process.env[key] = value;
    Object.assign(process.env, runtime);

    const appSettings = loadSettings(process.env);
    await ensureStorageResources(createStorageClients(appSettings, () => {
      throw new Error('The local runtime uses a connection string');
    }));

    if (flags['services-only']) {
      if (flags.json) {
        // Everything a separately started host needs (tests start, kill and restart hosts on it).
        const appSettings = Object.fromEntries(Object.keys({ ...settings, ...runtime }).map((key) => [key, process.env[key] ?? '']));
        console.log(JSON.stringify({ event: 'ready', url: runtime['PUBLIC_BASE_URL'], servicesUrl: services.url, storage: azurite.connectionString, issuer: services.issuer.issuer, audience: services.issuer.audience, azuritePid: azurite.process.pid, appSettings }));
      }
      log(`Azurite (${azurite.tableEndpoint}) and dev services (${services.url}) are running; start the app with \`func start\`. Ctrl-C stops them.`);
      return;
    }
    const certificates = await loadOrCreateLocalCertificates(localCertsDir());
    const caCert = path.resolve(certificates.caPath);
    const host = await startLocalHost({
      appDir: root,
      port: hostPort,
      extraRoutes: services.routes,
      log,
      https: { port: httpsPort, cert: certificates.cert, key: certificates.key },
    });
    stoppers.push(host.stop);
    const httpsUrl = host.httpsUrl!;
    const admin = await seedFirstAdministrator(host.url, services.issuer, appSettings.ORGANIZATION_INITIAL_DOMAIN);
    const consoleUrl = `${host.url}/api/admin/`;
    const stopRecord = await recordRuntime({ url: host.url, httpsUrl, caCert, consoleUrl, servicesUrl: services.url, issuer: services.issuer.issuer, audience: services.issuer.audience, pid: process.pid });
    stoppers.unshift(stopRecord);
    const urls = [host.url];
    const hostPids = [process.pid];
    for (let instance = 2; instance <= hostCount; instance++) {
      const extra = await startExtraHost({ appDir: root, port: await freePort(), instance, log });
      stoppers.push(extra.stop);
      urls.push(extra.url);
      hostPids.push(extra.pid ?? 0);
    }

    if (flags.json) {
      console.log(JSON.stringify({ event: 'ready', url: host.url, httpsUrl, caCert, urls, hostPids, consoleUrl, adminId: admin.id, adminUpn: admin.userPrincipalName, servicesUrl: services.url, storage: azurite.connectionString, issuer: services.issuer.issuer, audience: services.issuer.audience, azuritePid: azurite.process.pid }));
    } else {
      log(`\nGatehouse is running:
  Admin center   ${consoleUrl}  (sign in as ${admin.displayName}, ${admin.userPrincipalName}: Global Administrator)
  API            ${host.url}/api${urls.length > 1 ? ` (and instances ${urls.slice(1).join(', ')})` : ''}  (OpenAPI: ${host.url}/api/openapi.json, health: ${host.url}/api/health)
  API (https)    ${httpsUrl}/api  (for the Graph SDKs; Node trusts it with NODE_EXTRA_CA_CERTS=${caCert})
  Mailbox        ${host.url}/dev/mail  (JSON: ${host.url}/dev/mailbox)
  Dev services   ${services.url}  (mail sink + token issuer)
  Storage        Azurite ${flags.persist ? 'persisting to ./.azurite' : 'in memory'} (${azurite.tableEndpoint})
  Token          npm run --silent token -- --roles User.Invite.All,Directory.Read.All
Press Ctrl-C to stop.`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    await stopAll(1);
  }
}

async function choosePort(flag: string | undefined, fallback: number): Promise<number> {
  const wanted = flag === undefined ? fallback : Number(flag);
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) throw new Error(`Invalid port: ${flag}\n${USAGE}`);
  return wanted === 0 ? freePort() : wanted;
}

void main();
