import { parseArgs } from 'node:util';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/identity';
import { isLoopbackUrl, parseConnectionString } from '../src/config';
import { listExportIds, readManifest } from '../src/storage/backup-format';
import { restoreTables } from '../src/storage/table-restore';

const USAGE = `Usage: npm run restore -- --source <backup account> --to <target account> [--from latest|<export id>]
                           [--container gatehouse-backups] [--force] [--list]
  --source     the storage account holding the exports: a connection string, or its blob endpoint
               (https://<account>.blob.core.windows.net, signed in with az login / DefaultAzureCredential)
  --to         the instance to rebuild: a connection string, or its table endpoint
               (https://<account>.table.core.windows.net); its tables must be empty unless --force
  --from       the export to restore (default latest); --list shows them
  --container  the backup container (BACKUP_CONTAINER, default gatehouse-backups)
  --force      restore into tables that hold rows: rows the export does not hold are deleted`;

function credential(): TokenCredential {
  const { DefaultAzureCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return new DefaultAzureCredential();
}

const isUrl = (value: string) => /^https?:\/\//.test(value);
function checkTransport(url: string): void {
  if (url.startsWith('http://') && !isLoopbackUrl(url)) throw new Error(`Refusing plain http to ${url}: only loopback emulators may use it`);
}

function blobService(source: string): BlobServiceClient {
  if (isUrl(source)) {
    checkTransport(source);
    return new BlobServiceClient(source, credential());
  }
  checkTransport(parseConnectionString(source)['blobendpoint'] ?? 'https://');
  return BlobServiceClient.fromConnectionString(source);
}

function tableClients(target: string): (name: string) => TableClient {
  if (isUrl(target)) {
    checkTransport(target);
    const cred = credential();
    return (name) => new TableClient(target, name, cred);
  }
  const endpoint = parseConnectionString(target)['tableendpoint'] ?? '';
  checkTransport(endpoint || 'https://');
  return (name) => TableClient.fromConnectionString(target, name, { allowInsecureConnection: endpoint.startsWith('http://') });
}

/**
 * `npm run restore`: rebuilds an instance's tables from the table exports (see
 * src/storage/table-restore.ts). Queues are not exported: the infrastructure declares them, the
 * outbox sweeper re-queues unsent mail and the group-evaluation sweep restarts evaluations.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      source: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string', default: 'latest' },
      container: { type: 'string', default: 'gatehouse-backups' },
      force: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.source || (!values.list && !values.to)) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const container = blobService(values.source).getContainerClient(values.container);
  if (values.list) {
    for (const id of await listExportIds(container)) {
      const manifest = await readManifest(container, id);
      const rows = manifest ? Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0) : 0;
      console.log(manifest ? `${id}  ${manifest.kind.padEnd(11)} ${rows} row(s)${manifest.kind === 'incremental' ? ` since ${manifest.since}` : ''}` : `${id}  incomplete`);
    }
    return;
  }
  const outcome = await restoreTables({ container, table: tableClients(values.to!), log: (line) => console.error(line) }, { exportId: values.from, force: values.force });
  const rows = Object.values(outcome.tables).reduce((n, t) => n + t.rows, 0);
  console.log(JSON.stringify({ event: 'restored', exportId: outcome.exportId, chain: outcome.chain, rows, tables: outcome.tables }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
