import { TableClient, TableServiceClient } from '@azure/data-tables';
import { QueueClient, QueueServiceClient } from '@azure/storage-queue';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/core-auth';
import { isLoopbackUrl, parseConnectionString, type Settings } from '../config';
import { QUEUES, TABLES, poisonQueueName, type QueueName, type TableName } from './names';

type BlobSdk = typeof import('@azure/storage-blob');

/** Table and queue clients built once per worker from the settings. */
export interface StorageClients {
  table(name: TableName): TableClient;
  queue(name: QueueName | `${QueueName}-poison`): QueueClient;
  tableService: TableServiceClient;
  queueService: QueueServiceClient;
  /**
   * Blobs (table exports); built on first use. The blob SDK is imported then too: only the hourly
   * export needs it, and it is the largest storage SDK (a separate chunk of the deployment bundle).
   */
  blobService(): Promise<BlobServiceClient>;
}

/**
 * Locally a connection string (Azurite over http on loopback); in Azure the service URIs plus the
 * managed identity. The same code path serves both.
 */
export function createStorageClients(
  settings: Pick<Settings, 'AzureWebJobsStorage' | 'AzureWebJobsStorage__tableServiceUri' | 'AzureWebJobsStorage__queueServiceUri' | 'AzureWebJobsStorage__blobServiceUri'>,
  credential: () => TokenCredential,
): StorageClients {
  const tables = new Map<string, TableClient>();
  const queues = new Map<string, QueueClient>();
  const cs = settings.AzureWebJobsStorage;
  let tableService: TableServiceClient;
  let queueService: QueueServiceClient;
  let tableClient: (name: string) => TableClient;
  let blobClient: (sdk: BlobSdk) => BlobServiceClient;

  if (settings.AzureWebJobsStorage__tableServiceUri && settings.AzureWebJobsStorage__queueServiceUri) {
    const cred = credential();
    const tableUri = settings.AzureWebJobsStorage__tableServiceUri;
    tableService = new TableServiceClient(tableUri, cred);
    queueService = new QueueServiceClient(settings.AzureWebJobsStorage__queueServiceUri, cred);
    tableClient = (name) => new TableClient(tableUri, name, cred);
    const blobUri = settings.AzureWebJobsStorage__blobServiceUri;
    blobClient = (sdk) => {
      if (!blobUri) throw new TypeError('AzureWebJobsStorage__blobServiceUri is not set: loadSettings() should have refused this');
      return new sdk.BlobServiceClient(blobUri, cred);
    };
  } else if (cs) {
    const endpoint = parseConnectionString(cs)['tableendpoint'] ?? '';
    const options = { allowInsecureConnection: endpoint.startsWith('http://') && isLoopbackUrl(endpoint) };
    tableService = TableServiceClient.fromConnectionString(cs, options);
    queueService = QueueServiceClient.fromConnectionString(cs);
    tableClient = (name) => TableClient.fromConnectionString(cs, name, options);
    blobClient = (sdk) => sdk.BlobServiceClient.fromConnectionString(cs);
  } else {
    throw new TypeError('No storage settings: loadSettings() should have refused this');
  }

  let blobService: Promise<BlobServiceClient> | undefined;
  return {
    tableService,
    queueService,
    // Under tsc the dynamic import loads the SDK's ESM build, whose declarations differ from the CommonJS ones only nominally.
    blobService: () => (blobService ??= import('@azure/storage-blob').then((sdk) => blobClient(sdk as unknown as BlobSdk))),
    table(name) {
      let client = tables.get(name);
      if (!client) tables.set(name, (client = tableClient(name)));
      return client;
    },
    queue(name) {
      let client = queues.get(name);
      if (!client) queues.set(name, (client = queueService.getQueueClient(name)));
      return client;
    },
  };
}

/**
 * Creates every table and queue (and poison queue) if missing. Used locally and in tests; in Azure
 * the infrastructure declares them and the identity has no right to create them.
 */
export async function ensureStorageResources(clients: StorageClients): Promise<void> {
  await Promise.all([
    ...TABLES.map((t) => clients.table(t).createTable()),
    ...QUEUES.flatMap((q) => [clients.queue(q).createIfNotExists(), clients.queue(poisonQueueName(q)).createIfNotExists()]),
  ]);
}
