import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConnectionString } from '../../../src/config';
import { createStorageClients, type StorageClients } from '../../../src/storage/clients';
import { HEALTH_PROBE_OPERATIONS, probeStorage, type ProbeOperation } from '../../../src/storage/health-probe';
import { BUILT_IN_ROLES, permits } from '../../infra/compiler/roles';

/**
 * Azurite accepts any operation from the account key, so it cannot show that the probe stays within
 * the app's roles. Instead every request the probe sends goes through a recording proxy, each is
 * named by the Storage REST operation it is, and the list must equal HEALTH_PROBE_OPERATIONS, whose
 * data actions test/infra checks against the role definitions the deployment assigns.
 */
interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
}

/** The Storage REST operation a request is, from its method, path and query (Azure's request shapes). */
function operationOf(service: 'table' | 'queue', r: Seen): { operation: string; resource: string } {
  const parts = r.path.split('/').filter(Boolean).slice(1); // drop the Azurite account segment
  if (service === 'table') {
    if (parts[0] === 'Tables') return { operation: r.method === 'GET' ? 'Query Tables' : 'Create Table', resource: '' };
    const table = (parts[0] ?? '').replace(/\(.*$/, '');
    if (r.method === 'GET') return { operation: 'Query Entities', resource: table };
    return { operation: `${r.method} entity`, resource: table };
  }
  if (parts.length === 0) {
    const comp = r.query.get('comp');
    return { operation: comp === 'properties' ? 'Get Queue Service Properties' : comp === 'list' ? 'List Queues' : comp === 'stats' ? 'Get Queue Service Stats' : `queue service ${r.method}`, resource: '' };
  }
  if (parts[1] === 'messages') {
    if (r.method === 'GET') return { operation: r.query.get('peekonly') === 'true' ? 'Peek Messages' : 'Get Messages', resource: parts[0]! };
    return { operation: `${r.method} messages`, resource: parts[0]! };
  }
  return { operation: r.query.get('comp') === 'metadata' ? 'Get Queue Metadata' : `queue ${r.method}`, resource: parts[0]! };
}

/** A loopback proxy in front of one Azurite endpoint that records what passes through. */
async function recordingProxy(target: URL, seen: Seen[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    seen.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams });
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}${target.pathname.replace(/\/$/, '')}` };
}

describe('the /api/health storage probe', () => {
  const seen: Record<'table' | 'queue', Seen[]> = { table: [], queue: [] };
  const servers: Server[] = [];
  let direct: StorageClients;
  let proxied: StorageClients;

  beforeAll(async () => {
    const cs = inject('azuriteConnectionString');
    const parts = parseConnectionString(cs);
    const table = await recordingProxy(new URL(parts['tableendpoint']!), seen.table);
    const queue = await recordingProxy(new URL(parts['queueendpoint']!), seen.queue);
    servers.push(table.server, queue.server);
    const viaProxy = cs
      .split(';')
      .map((p) => (/^TableEndpoint=/i.test(p) ? `TableEndpoint=${table.url}` : /^QueueEndpoint=/i.test(p) ? `QueueEndpoint=${queue.url}` : p))
      .join(';');
    const noIdentity = () => {
      throw new Error('connection strings only');
    };
    direct = createStorageClients({ AzureWebJobsStorage: cs }, noIdentity);
    proxied = createStorageClients({ AzureWebJobsStorage: viaProxy }, noIdentity);
    // The deployment declares both; the shared Azurite may or may not have them yet.
    await direct.table('Settings').createTable();
    await direct.queue('email-outbox').createIfNotExists();
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('when the probe runs, then it sends exactly the data-plane operations it declares, on the resources it declares', async () => {
    await probeStorage(proxied, AbortSignal.timeout(10_000));
    const performed = [
      ...seen.table.map((r) => ({ service: 'table' as const, ...operationOf('table', r) })),
      ...seen.queue.map((r) => ({ service: 'queue' as const, ...operationOf('queue', r) })),
    ];
    const declared = HEALTH_PROBE_OPERATIONS.map(({ service, operation, resource }: ProbeOperation) => ({ service, operation, resource }));
    expect(performed.sort((a, b) => a.operation.localeCompare(b.operation))).toEqual(declared.sort((a, b) => a.operation.localeCompare(b.operation)));
  });

  it('when the old probe (list tables, get queue service properties) is classified, then it is told apart from the declared operations', () => {
    // Guards the classifier itself: the service-level calls the probe used to make must not pass as data-plane ones.
    expect(operationOf('table', { method: 'GET', path: '/devstoreaccount1/Tables', query: new URLSearchParams('$top=1') }).operation).toBe('Query Tables');
    expect(operationOf('queue', { method: 'GET', path: '/devstoreaccount1/', query: new URLSearchParams('restype=service&comp=properties') }).operation).toBe('Get Queue Service Properties');
  });

  it('when storage answers, then the probe resolves; when a probed resource is missing, then it rejects', async () => {
    await expect(probeStorage(direct, AbortSignal.timeout(10_000))).resolves.toBeUndefined();
    const missing: Pick<StorageClients, 'table' | 'queue'> = {
      table: () => direct.table('Settings'),
      queue: () => direct.queueService.getQueueClient(`missing${Date.now()}`),
    };
    await expect(probeStorage(missing, AbortSignal.timeout(10_000))).rejects.toThrow();
  });
});

describe('the health probe against the role definitions', () => {
  // What infra/modules/role-assignments.bicep grants on tables and queues (rule health-probe checks the scopes on the compiled deployment).
  const grantedFor = { table: BUILT_IN_ROLES['0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3']!, queue: BUILT_IN_ROLES['974c5e8b-45b9-4653-ba55-5f855dd0fb88']! };

  it.each(HEALTH_PROBE_OPERATIONS.map((op) => [op.operation, op] as const))('when the probe runs %s, then its data action is one the granted role allows', (_, op) => {
    const role = grantedFor[op.service];
    expect(role.dataActions.some((allowed) => permits(allowed, op.dataAction)), `${role.name} does not allow ${op.dataAction}`).toBe(true);
  });

  it('when a data action outside the granted roles is asked for, then the comparison says no (it can fail)', () => {
    expect(grantedFor.queue.dataActions.some((a) => permits(a, 'Microsoft.Storage/storageAccounts/tableServices/tables/entities/read'))).toBe(false);
    expect(permits('Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*', 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read')).toBe(true);
  });
});
