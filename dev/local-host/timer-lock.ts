import { BlobServiceClient, RestError, type ContainerClient } from '@azure/storage-blob';

/** Where the Functions host keeps its locks and timer status, in the AzureWebJobsStorage account. */
const CONTAINER = 'azure-webjobs-hosts';
/** Blob leases last 15–60 s; renewed at a third of that while the timer runs. */
const LEASE_SECONDS = 15;
const RENEW_EVERY_MS = 5_000;

/** Decides which of several hosts of one app runs a timer occurrence. */
export interface TimerLock {
  /**
   * Runs `work` for occurrence `scheduled` of timer `name` unless another host holds the timer's
   * lease now or has already run this occurrence (or a later one); resolves whether it ran here.
   * A storage failure is logged and skips the occurrence, as a host that cannot take the lock does.
   */
  runOccurrence(name: string, scheduled: Date, work: () => Promise<void>): Promise<boolean>;
}

/**
 * The host's timer singleton, as Azure runs it on several instances of one app: a blob lease per
 * timer under `azure-webjobs-hosts/locks/<hostId>/`, held (and renewed) while the function runs,
 * plus a status blob per timer under `timers/<hostId>/` with the last occurrence run. The lease
 * keeps two instances from running one timer at once; the status keeps an instance whose clock
 * fires a moment later from running the occurrence again once the first has finished.
 * Hosts share a timer only when they share `hostId` (`AzureFunctionsWebHost__hostid`).
 */
export function createBlobTimerLock(connectionString: string, hostId: string, log: (line: string) => void): TimerLock {
  const container: ContainerClient = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(CONTAINER);
  let created: Promise<unknown> | undefined;
  const ensureContainer = () => (created ??= container.createIfNotExists().catch((error: unknown) => {
    created = undefined;
    throw error;
  }));
  const status = (name: string) => container.getBlockBlobClient(`timers/${hostId}/Host.Functions.${name}/status`);
  const lockBlob = (name: string) => container.getBlockBlobClient(`locks/${hostId}/Host.Functions.${name}.Listener`);

  async function lastRun(name: string): Promise<number> {
    try {
      const text = (await status(name).downloadToBuffer()).toString('utf8');
      return Date.parse((JSON.parse(text) as { Last?: string }).Last ?? '') || 0;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return 0;
      throw error;
    }
  }

  async function runOccurrence(name: string, scheduled: Date, work: () => Promise<void>): Promise<boolean> {
    await ensureContainer();
    const blob = lockBlob(name);
    try {
      await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (error) {
      // Exists already (409), or exists and is leased by another host right now (412).
      if (!(error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412))) throw error;
    }
    const lease = blob.getBlobLeaseClient();
    try {
      await lease.acquireLease(LEASE_SECONDS);
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 409) return false;
      throw error;
    }
    const renew = setInterval(() => {
      lease.renewLease().catch((error: unknown) => log(`Warning: could not renew the lease of timer '${name}': ${String(error)}`));
    }, RENEW_EVERY_MS);
    try {
      if ((await lastRun(name)) >= scheduled.getTime()) return false;
      const body = JSON.stringify({ Last: scheduled.toISOString(), LastUpdated: new Date().toISOString() });
      await status(name).upload(body, Buffer.byteLength(body), { blobHTTPHeaders: { blobContentType: 'application/json' } });
      await work();
      return true;
    } finally {
      clearInterval(renew);
      await lease.releaseLease().catch(() => undefined);
    }
  }

  return {
    runOccurrence: (name, scheduled, work) =>
      runOccurrence(name, scheduled, work).catch((error: unknown) => {
        log(`Timer '${name}' skipped its ${scheduled.toISOString()} occurrence: the timer lock failed (${String(error)})`);
        return false;
      }),
  };
}
