import type { StorageClients } from './clients';

/**
 * One data-plane operation the health probe performs, with the Azure RBAC data action it needs and
 * the resource it runs on. `test/infra` checks that the roles the deployment grants allow each one
 * on that resource, and `test/storage` that the probe performs exactly these requests.
 */
export interface ProbeOperation {
  /** The Storage REST operation, as Azure documents it. */
  operation: 'Query Entities' | 'Peek Messages';
  service: 'table' | 'queue';
  /** The table or queue probed. */
  resource: string;
  dataAction: string;
}

/**
 * What "healthy" means in Azure: the app can read a table it lives on and a queue it sends mail
 * through, with nothing but the data-plane rights it has (Storage Table Data Contributor on the
 * account, Storage Queue Data Contributor on each queue). Service-level operations (list tables,
 * get service properties) need rights the app's identity does not hold, so they are not used.
 */
export const HEALTH_PROBE_OPERATIONS: readonly ProbeOperation[] = [
  { operation: 'Query Entities', service: 'table', resource: 'Settings', dataAction: 'Microsoft.Storage/storageAccounts/tableServices/tables/entities/read' },
  { operation: 'Peek Messages', service: 'queue', resource: 'email-outbox', dataAction: 'Microsoft.Storage/storageAccounts/queueServices/queues/messages/read' },
];

/** Runs the operations above (one round trip each, in parallel); rejects when either fails. */
export async function probeStorage(clients: Pick<StorageClients, 'table' | 'queue'>, abortSignal: AbortSignal): Promise<void> {
  await Promise.all([
    clients.table('Settings').listEntities({ abortSignal, queryOptions: { select: ['PartitionKey'] } }).byPage({ maxPageSize: 1 }).next(),
    clients.queue('email-outbox').peekMessages({ numberOfMessages: 1, abortSignal }),
  ]);
}
