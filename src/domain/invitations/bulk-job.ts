import { z } from 'zod';
import type { Principal } from '../principal';

/**
 * Bulk invitation jobs (POST /invitations/bulk): a CSV's rows are stored with the job and
 * invited by a queue-triggered worker in chunks; each row's result is kept with the row, so a
 * retried chunk skips rows already done and never invites twice.
 */

/** Rows per chunk (one queue message, one storage transaction). */
export const BULK_CHUNK_ROWS = 100;
/** Rows one job may hold (the portal's own limit is lower; the issue asks for 50,000). */
export const BULK_MAX_ROWS = 50_000;
/** The body limit of this endpoint only: 50,000 rows of the template fit with room to spare. */
export const BULK_MAX_BYTES = 20 * 1024 * 1024;
/**
 * Pacing, so a job cannot starve interactive invitations: chunks of one job in flight at once, and
 * rows of one chunk invited at once. At most CHAINS × ROW_CONCURRENCY (16) invitations of a job run
 * together (a chain's next chunk starts while the last rows of its chunk finish, so briefly up to
 * 8 more); interactive requests keep the rest of the instance and are never queued behind a job.
 * An invitation is about 13 storage requests in a row, so against Table Storage (latency-bound)
 * rows in parallel are what makes a chunk fast; two chains hide the queue's polling pause between
 * chunks. Against the local emulator (CPU-bound on 2 cores) 4 and 12 rows at once measured the same
 * rate, only more memory, hence 8.
 */
export const BULK_CHAINS = 2;
export const BULK_ROW_CONCURRENCY = 8;
/**
 * How long one chunk message may keep starting rows. The queue trigger hides a message for
 * 10 minutes and the function times out after 10 (host.json); a chunk normally takes seconds
 * (100 rows, 8 at a time), but on a starved instance it stops starting rows after this budget
 * and queues itself again, so it never outlives its message: the rows already done are skipped.
 */
export const BULK_CHUNK_BUDGET_MS = 4 * 60_000;
/**
 * Row results saved together (one transaction instead of one request per row). A worker that dies
 * loses at most this many saved results per chunk; their rows are invited again under the same
 * operation keys, which finds each row's recorded invitation (same guest, link, single mail).
 */
export const BULK_RESULT_BATCH = 10;

/** `stalled`: a chunk's message reached the poison queue; the job waits for `resume` (POST …/resume). */
export type BulkJobStatus = 'notStarted' | 'running' | 'stalled' | 'completed' | 'completedWithErrors';

/** The creator, kept so every row is invited with the creator's rights. */
export type StoredPrincipal = { kind: 'app'; appId: string; permissions: string[] } | { kind: 'user'; userId: string; scopes: string[] };

export interface BulkJob {
  id: string;
  createdBy: StoredPrincipal;
  createdAt: Date;
  total: number;
  chunks: number;
}

export type BulkRowResult =
  | { status: 'succeeded'; guestId: string; redeemUrl: string }
  | { status: 'failed'; errorCode: string; errorMessage: string };

export interface BulkRow {
  /** 1-based data row number (the header and version lines not counted). */
  row: number;
  cells: Record<string, string>;
  result: BulkRowResult | null;
  /** The row's ETag as read (absent on rows being written): a result is saved only over it. */
  etag?: string;
}

/**
 * Who works on a chunk, until when. A worker holds the lease while it invites the chunk's rows
 * and renews it every {@link LEASE_RENEW_MS}; `queued` means a queue message for the chunk is on
 * its way. A lease not renewed in time belonged to a worker that died: the resume timer hands the
 * chunk to a new message within a minute instead of the queue's 10-minute visibility timeout.
 */
export interface ChunkLease {
  jobId: string;
  chunk: number;
  holder: string;
  until: Date;
  etag: string;
}

/** How long a lease lasts without renewal. */
export const LEASE_MS = 15_000;
/** How often a worker renews its lease. */
export const LEASE_RENEW_MS = 5_000;
export const QUEUED = 'queued';

export interface ChunkSummary {
  chunk: number;
  succeeded: number;
  failed: number;
  completedAt: Date;
}

/** Port: jobs, their rows and per-chunk summaries. */
export interface BulkJobStore {
  /** Writes one chunk's rows (a transaction); rewriting the same chunk is allowed. */
  putRows(jobId: string, chunk: number, rows: readonly BulkRow[]): Promise<void>;
  /** Makes the job visible; called after all its rows are written. */
  createJob(job: BulkJob): Promise<void>;
  getJob(jobId: string): Promise<BulkJob | undefined>;
  readChunk(jobId: string, chunk: number): Promise<BulkRow[]>;
  /** Saves a row's result over the row as read (`etag`); false when another worker saved one first. */
  saveResult(jobId: string, row: number, result: BulkRowResult, etag: string | undefined): Promise<boolean>;
  /**
   * Saves several rows' results of one job at once (one storage transaction), each over its row as
   * read; when another worker saved any of them first, each is saved on its own instead (as
   * `saveResult`, that row's earlier result stands).
   */
  saveResults(jobId: string, results: readonly { row: number; result: BulkRowResult; etag: string | undefined }[]): Promise<void>;
  saveChunkSummary(jobId: string, summary: ChunkSummary): Promise<void>;
  listChunkSummaries(jobId: string): Promise<ChunkSummary[]>;
  readChunkSummary(jobId: string, chunk: number): Promise<ChunkSummary | undefined>;
  /** Rows of a chunk that have a result so far (for the progress of chunks still running). */
  countResults(jobId: string, chunk: number): Promise<{ succeeded: number; failed: number }>;
  /** Puts a `queued` lease on a chunk about to be queued; false (and nothing changes) when it has one. */
  scheduleChunk(jobId: string, chunk: number, until: Date): Promise<boolean>;
  readLease(jobId: string, chunk: number): Promise<ChunkLease | undefined>;
  /**
   * Sets a lease's holder and expiry if it is still at `etag` (undefined: only if there is none);
   * returns the new ETag, or undefined when another write came first.
   */
  writeLease(lease: Omit<ChunkLease, 'etag'>, etag: string | undefined): Promise<string | undefined>;
  /** Ends a lease if it is still at `etag` (a lease taken over meanwhile stays). */
  endLease(jobId: string, chunk: number, etag: string): Promise<void>;
  /** Leases that ran out before `now`, at most `limit`. */
  listExpiredLeases(now: Date, limit: number): Promise<ChunkLease[]>;
  /** The job's leases (chunks queued or running). */
  listJobLeases(jobId: string): Promise<ChunkLease[]>;
  /** Records that a chunk's queue message was given up on (poison queue); idempotent. */
  markChunkStalled(jobId: string, chunk: number, at: Date): Promise<void>;
  /** The chunks marked stalled and not resumed since. */
  listStalledChunks(jobId: string): Promise<number[]>;
  /** Clears a stall mark (once the chunk is queued again). */
  clearChunkStalled(jobId: string, chunk: number): Promise<void>;
  /** Every row in order, page by page. */
  listRows(jobId: string): AsyncIterable<BulkRow[]>;
}

/** Port: the `bulk-invitations` queue (one message per chunk to process). */
/** The `bulk-invitations` queue message (one chunk of a job), checked when it is received. */
export const bulkChunkMessage = z.object({ jobId: z.string().min(1).max(100), chunk: z.number().int().min(0) });
export type BulkChunkMessage = z.infer<typeof bulkChunkMessage>;

export interface BulkChunkQueue {
  enqueue(message: BulkChunkMessage): Promise<void>;
}

export const chunkOfRow = (row: number): number => Math.floor((row - 1) / BULK_CHUNK_ROWS);

export function storedPrincipal(principal: Principal): StoredPrincipal {
  return principal.kind === 'app'
    ? { kind: 'app', appId: principal.appId, permissions: [...principal.permissions] }
    : { kind: 'user', userId: principal.userId, scopes: [...principal.scopes] };
}

export function principalOf(stored: StoredPrincipal): Principal {
  return stored.kind === 'app'
    ? { kind: 'app', appId: stored.appId, permissions: new Set(stored.permissions) as Extract<Principal, { kind: 'app' }>['permissions'] }
    : { kind: 'user', userId: stored.userId, scopes: new Set(stored.scopes) };
}

export const sameCreator = (job: BulkJob, principal: Principal): boolean =>
  job.createdBy.kind === principal.kind && (principal.kind === 'app' ? job.createdBy.kind === 'app' && job.createdBy.appId === principal.appId : job.createdBy.kind === 'user' && job.createdBy.userId === principal.userId);

export interface BulkProgress {
  id: string;
  status: BulkJobStatus;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  createdDateTime: string;
  completedDateTime: string | null;
  /** Chunks (of 100 rows) whose processing was given up on; `POST …/resume` queues them again. */
  stalledChunks: number[];
}

/**
 * The job's progress: finished chunks from their summaries, plus the rows already done in chunks
 * still running (`running`, for chunks without a summary), so each row counts once; `stalled`
 * chunks (their message reached the poison queue) make the job `stalled` until they finish.
 */
export function progressOf(
  job: BulkJob,
  summaries: readonly ChunkSummary[],
  running: readonly { chunk: number; succeeded: number; failed: number }[] = [],
  stalled: readonly number[] = [],
): BulkProgress {
  const finished = new Set(summaries.map((s) => s.chunk));
  const counted = [...summaries, ...running.filter((r) => !finished.has(r.chunk))];
  const succeeded = counted.reduce((n, s) => n + s.succeeded, 0);
  const failed = counted.reduce((n, s) => n + s.failed, 0);
  const done = summaries.length >= job.chunks;
  const stalledChunks = stalled.filter((c) => !finished.has(c)).sort((a, b) => a - b);
  const status: BulkJobStatus = done
    ? failed > 0 ? 'completedWithErrors' : 'completed'
    : stalledChunks.length > 0 ? 'stalled' : succeeded + failed === 0 ? 'notStarted' : 'running';
  const completedAt = done && summaries.length > 0 ? new Date(Math.max(...summaries.map((s) => s.completedAt.getTime()))) : null;
  return {
    id: job.id,
    status,
    total: job.total,
    processed: succeeded + failed,
    succeeded,
    failed,
    createdDateTime: job.createdAt.toISOString(),
    completedDateTime: completedAt?.toISOString() ?? null,
    stalledChunks,
  };
}
