import { LEASE_MS, LEASE_RENEW_MS, QUEUED, type BulkChunkQueue, type BulkJobStore, type ChunkLease } from './bulk-job';

/**
 * Chunk leases (see `ChunkLease`): the queue message is only a wake-up call; the lease row says
 * who works on a chunk. A worker that dies stops renewing, and {@link resumeBulkChunks} re-queues
 * its chunk once the lease ran out, so a crash costs under a minute instead of the 10 minutes the
 * queue keeps a received message invisible. A late copy of a message finds the chunk finished or
 * leased and does nothing.
 */

export type ClaimOutcome = { kind: 'claimed'; etag: string } | { kind: 'busy' } | { kind: 'absent' };

/** Takes the chunk's lease for `holder`: free when queued, expired or missing (`absent` when there is no lease row). */
export async function claimChunk(store: BulkJobStore, jobId: string, chunk: number, holder: string, now: Date): Promise<ClaimOutcome> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const lease = await store.readLease(jobId, chunk);
    if (!lease) return { kind: 'absent' };
    const live = lease.holder !== QUEUED && lease.until.getTime() > now.getTime();
    if (live && lease.holder !== holder) return { kind: 'busy' };
    const etag = await store.writeLease({ jobId, chunk, holder, until: new Date(now.getTime() + LEASE_MS) }, lease.etag);
    if (etag) return { kind: 'claimed', etag };
  }
  return { kind: 'busy' };
}

/** Takes a lease on a chunk that has none (a chunk queued before leases existed, or whose lease ended early). */
export async function claimUnleasedChunk(store: BulkJobStore, jobId: string, chunk: number, holder: string, now: Date): Promise<ClaimOutcome> {
  const etag = await store.writeLease({ jobId, chunk, holder, until: new Date(now.getTime() + LEASE_MS) }, undefined);
  return etag ? { kind: 'claimed', etag } : { kind: 'busy' };
}

/** A held lease, renewed in the background until `stop`; `lost` once another worker took it over. */
export interface HeldLease {
  readonly lost: boolean;
  etag(): string;
  stop(): Promise<void>;
}

export function holdLease(deps: { store: BulkJobStore; now(): Date }, lease: { jobId: string; chunk: number; holder: string }, etag: string, renewMs = LEASE_RENEW_MS): HeldLease {
  let current = etag;
  let lost = false;
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped && !lost) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        // Pacing only (no clock is read here); unref so a pending renewal never keeps a process alive.
        (setTimeout(resolve, renewMs) as { unref?: () => void }).unref?.();
      });
      if (stopped) return;
      try {
        const next = await deps.store.writeLease({ ...lease, until: new Date(deps.now().getTime() + LEASE_MS) }, current);
        if (next) current = next;
        else lost = true;
      } catch {
        // Storage hiccup: try again at the next tick; the lease has LEASE_MS - renewMs to spare.
      }
    }
  })();
  return {
    get lost() {
      return lost;
    },
    etag: () => current,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/**
 * Puts a `queued` lease on a chunk, then its message: the lease is the record that the chunk is
 * due. A chunk already finished, or already leased (queued by an attempt that crashed after), is
 * left alone, so a repeated step never starts a second chain of messages.
 */
export async function queueChunk(deps: { store: BulkJobStore; queue: BulkChunkQueue; now(): Date }, jobId: string, chunk: number): Promise<void> {
  if (await deps.store.readChunkSummary(jobId, chunk)) return;
  if (await deps.store.scheduleChunk(jobId, chunk, new Date(deps.now().getTime() + LEASE_MS))) await deps.queue.enqueue({ jobId, chunk });
}

/** Hands a leased chunk back to the queue (its worker stopped before the chunk was done). */
export async function requeueChunk(deps: { store: BulkJobStore; queue: BulkChunkQueue; now(): Date }, jobId: string, chunk: number, etag: string): Promise<void> {
  const next = await deps.store.writeLease({ jobId, chunk, holder: QUEUED, until: new Date(deps.now().getTime() + LEASE_MS) }, etag);
  if (next) await deps.queue.enqueue({ jobId, chunk });
}

/**
 * The resume timer: every lease that ran out (its worker died, or its message was lost) is marked
 * queued again with a fresh expiry, ETag-guarded so concurrent timers re-queue a chunk once, and a
 * new message is sent for it.
 */
export async function resumeBulkChunks(deps: { store: BulkJobStore; queue: BulkChunkQueue; now(): Date }, limit = 100): Promise<{ resumed: ChunkLease[] }> {
  const now = deps.now();
  const resumed: ChunkLease[] = [];
  for (const lease of await deps.store.listExpiredLeases(now, limit)) {
    const etag = await deps.store.writeLease({ jobId: lease.jobId, chunk: lease.chunk, holder: QUEUED, until: new Date(now.getTime() + LEASE_MS) }, lease.etag);
    if (!etag) continue;
    await deps.queue.enqueue({ jobId: lease.jobId, chunk: lease.chunk });
    resumed.push(lease);
  }
  return { resumed };
}
