import { Failure } from '../errors';
import type { Principal } from '../principal';
import {
  BULK_CHAINS, BULK_CHUNK_BUDGET_MS, BULK_CHUNK_ROWS, BULK_MAX_ROWS, BULK_RESULT_BATCH, BULK_ROW_CONCURRENCY, LEASE_MS, storedPrincipal, principalOf,
  type BulkChunkQueue, type BulkJob, type BulkJobStore, type BulkRow, type BulkRowResult,
} from './bulk-job';
import { claimChunk, claimUnleasedChunk, holdLease, queueChunk, requeueChunk } from './bulk-lease';
import { createCsvParser, invitationBodyOfRow, isVersionLine, readBulkHeader, rowCells } from './bulk-csv';
import { invitationBody, inviteInputOf } from './invitation-wire';
import { textIssues } from '../clean-text';
import { inviteGuest } from './invite-guest';
import { BULK_OPERATION_PREFIX } from './operation-ids';
import type { Caller, InvitationDeps } from './ports';

export interface BulkSubmitDeps {
  store: BulkJobStore;
  queue: BulkChunkQueue;
  now(): Date;
  newId(): string;
}

/** Chunks written at once while a CSV is stored. */
const WRITE_PARALLELISM = 4;

/**
 * Stores a bulk invitation: parses the CSV as it arrives (template header required, version line
 * optional), writes its rows chunk by chunk, then makes the job visible and queues its first
 * chunks. A malformed file, a missing required column, no rows or too many rows is refused before
 * the job exists (rows already written stay unreachable). Rows are checked one by one later, so a
 * bad row fails alone.
 */
export async function submitBulkInvitation(deps: BulkSubmitDeps, input: { creator: Principal; csv: AsyncIterable<string> }): Promise<BulkJob> {
  const jobId = deps.newId();
  let properties: string[] | undefined;
  let total = 0;
  let chunk: BulkRow[] = [];
  const writes = new Set<Promise<void>>();
  let writeError: unknown;
  const flush = async () => {
    if (chunk.length === 0) return;
    const rows = chunk;
    chunk = [];
    const write = deps.store.putRows(jobId, Math.floor((rows[0]!.row - 1) / BULK_CHUNK_ROWS), rows).catch((error: unknown) => {
      writeError ??= error;
    });
    writes.add(write);
    void write.finally(() => writes.delete(write));
    if (writes.size >= WRITE_PARALLELISM) await Promise.race(writes);
  };
  const pendingRows: string[][] = [];
  const parser = createCsvParser((cells) => {
    if (!properties) {
      if (total === 0 && pendingRows.length === 0 && isVersionLine(cells)) return;
      properties = readBulkHeader(cells);
      return;
    }
    pendingRows.push(cells);
  });
  const takeRows = async () => {
    for (const cells of pendingRows.splice(0)) {
      total++;
      if (total > BULK_MAX_ROWS) throw new Failure('invalidRequest', `A bulk invitation holds at most ${BULK_MAX_ROWS} rows.`, { details: [{ target: '(body)', message: 'too many rows' }] });
      chunk.push({ row: total, cells: rowCells(properties!, cells), result: null });
      if (chunk.length === BULK_CHUNK_ROWS) await flush();
    }
    if (writeError) throw writeError;
  };
  for await (const text of input.csv) {
    parser.push(text);
    await takeRows();
  }
  parser.end();
  await takeRows();
  if (!properties) throw new Failure('invalidRequest', 'The CSV has no header row.', { details: [{ target: '(body)', message: 'header row missing' }] });
  if (total === 0) throw new Failure('invalidRequest', 'The CSV has no invitation rows.', { details: [{ target: '(body)', message: 'no rows' }] });
  await flush();
  await Promise.all(writes);
  if (writeError) throw writeError;

  const job: BulkJob = { id: jobId, createdBy: storedPrincipal(input.creator), createdAt: deps.now(), total, chunks: Math.ceil(total / BULK_CHUNK_ROWS) };
  // The first chunks' leases go in before the job becomes visible, so a crash in between leaves
  // chunks the resume timer queues (a lease of a job that never appeared is dropped by its worker).
  const first = Array.from({ length: Math.min(BULK_CHAINS, job.chunks) }, (_, c) => c);
  const until = new Date(deps.now().getTime() + LEASE_MS);
  await Promise.all(first.map((c) => deps.store.scheduleChunk(jobId, c, until)));
  await deps.store.createJob(job);
  for (const c of first) await deps.queue.enqueue({ jobId, chunk: c });
  return job;
}

export interface BulkProcessDeps {
  store: BulkJobStore;
  queue: BulkChunkQueue;
  invitations: InvitationDeps;
  describeCaller(principal: Principal): Promise<Caller>;
  now(): Date;
  /** How long one message may keep starting rows (default BULK_CHUNK_BUDGET_MS). */
  budgetMs?: number;
  /** Who holds the chunk's lease while this delivery works on it (default: a new id). */
  holder?: string;
  /** How often the lease is renewed (default LEASE_RENEW_MS). */
  renewMs?: number;
  /** Row results saved together (default BULK_RESULT_BATCH). */
  resultBatch?: number;
}

const nothing = { invited: 0, skipped: 0 };

/**
 * Invites one chunk's rows as the job's creator, `BULK_ROW_CONCURRENCY` at a time, under the
 * chunk's lease (see bulk-lease.ts): a delivery that finds the chunk leased by a live worker, or
 * finished, does nothing. Rows that already have a result (a retried chunk) are skipped; each row
 * is invited under the operation key `bulk|<job>|<row>`, so a row whose invitation was recorded
 * before a crash gets the same guest, link and single mail on the retry. A bad row is recorded as
 * failed and the others go on. Then records the chunk's summary, queues the chunk `BULK_CHAINS`
 * further on and ends the lease. A chunk still unfinished after `BULK_CHUNK_BUDGET_MS` hands
 * itself back to the queue instead.
 */
export async function processBulkChunk(deps: BulkProcessDeps, message: { jobId: string; chunk: number }): Promise<{ invited: number; skipped: number }> {
  const holder = deps.holder ?? deps.invitations.newId();
  const job = await deps.store.getJob(message.jobId);
  if (!job) {
    // The upload died before its job became visible: its leases are all that is left of it.
    const lease = await deps.store.readLease(message.jobId, message.chunk);
    if (lease && lease.until.getTime() <= deps.now().getTime()) await deps.store.endLease(message.jobId, message.chunk, lease.etag);
    return nothing;
  }
  let claim = await claimChunk(deps.store, job.id, message.chunk, holder, deps.now());
  if (claim.kind === 'absent') {
    const summary = await deps.store.readChunkSummary(job.id, message.chunk);
    if (summary) {
      // Finished before: only make sure the chain goes on (a crash may have come before that).
      await queueFollowing(deps, job, message.chunk);
      return { invited: 0, skipped: summary.succeeded + summary.failed };
    }
    claim = await claimUnleasedChunk(deps.store, job.id, message.chunk, holder, deps.now());
  }
  if (claim.kind !== 'claimed') return nothing;

  const lease = holdLease(deps, { jobId: job.id, chunk: message.chunk, holder }, claim.etag, deps.renewMs);
  let rows: BulkRow[];
  let todo: BulkRow[];
  let invited = 0;
  let followingQueued = false;
  try {
    rows = await deps.store.readChunk(job.id, message.chunk);
    const caller = await deps.describeCaller(principalOf(job.createdBy));
    todo = rows.filter((r) => r.result === null);
    const stopAt = deps.now().getTime() + (deps.budgetMs ?? BULK_CHUNK_BUDGET_MS);
    const batch = Math.max(1, deps.resultBatch ?? BULK_RESULT_BATCH);
    let next = 0;
    let unsaved: BulkRow[] = [];
    const save = async () => {
      const rowsToSave = unsaved;
      unsaved = [];
      await deps.store.saveResults(job.id, rowsToSave.map((r) => ({ row: r.row, result: r.result!, etag: r.etag })));
      invited += rowsToSave.length;
    };
    const worker = async () => {
      while (next < todo.length && deps.now().getTime() < stopAt && !lease.lost) {
        const row = todo[next++]!;
        // The last row is under way: the chain's next chunk is queued now, so its message is
        // received while this chunk's last rows finish instead of after (the queue's polling pause).
        if (next === todo.length && !followingQueued) {
          followingQueued = true;
          await queueFollowing(deps, job, message.chunk);
        }
        row.result = await inviteRow(deps, caller, job, row);
        unsaved.push(row);
        if (unsaved.length >= batch) await save();
      }
    };
    await Promise.all(Array.from({ length: Math.min(BULK_ROW_CONCURRENCY, todo.length) }, worker));
    if (unsaved.length > 0 && !lease.lost) await save();
  } finally {
    await lease.stop();
  }
  const skipped = rows.length - todo.length;
  // Taken over (this worker was too slow to renew): the new holder finishes the chunk.
  if (lease.lost) return { invited, skipped };
  if (rows.some((r) => r.result === null)) {
    await requeueChunk(deps, job.id, message.chunk, lease.etag());
    return { invited, skipped };
  }
  const succeeded = rows.filter((r) => r.result?.status === 'succeeded').length;
  await deps.store.saveChunkSummary(job.id, { chunk: message.chunk, succeeded, failed: rows.length - succeeded, completedAt: deps.now() });
  // Normally queued already while the last rows ran (a retried chunk with nothing left to do queues it here).
  if (!followingQueued) await queueFollowing(deps, job, message.chunk);
  await deps.store.endLease(job.id, message.chunk, lease.etag());
  return { invited, skipped };
}

async function queueFollowing(deps: BulkProcessDeps, job: BulkJob, chunk: number): Promise<void> {
  const following = chunk + BULK_CHAINS;
  if (following < job.chunks) await queueChunk(deps, job.id, following);
}

async function inviteRow(deps: BulkProcessDeps, caller: Caller, job: BulkJob, row: BulkRow): Promise<BulkRowResult> {
  const body = invitationBodyOfRow(row.cells);
  const unclean = textIssues(body);
  if (unclean.length > 0) {
    const fields = [...new Set(unclean.map((i) => i.path.map(String).join('.')))].join(', ');
    return { status: 'failed', errorCode: 'validationFailed', errorMessage: `Invalid row: ${fields} (${unclean[0]!.message}).` };
  }
  const parsed = invitationBody.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.map(String).join('.') || '(row)'))].join(', ');
    return { status: 'failed', errorCode: 'validationFailed', errorMessage: `Invalid row: ${fields}.` };
  }
  try {
    const input = { ...inviteInputOf(parsed.data, caller, `bulk:${job.id}:${row.row}`), operationKey: `${BULK_OPERATION_PREFIX}${job.id}|${row.row}` };
    const { invitation, redeemUrl } = await inviteGuest(deps.invitations, input);
    return { status: 'succeeded', guestId: invitation.guestId, redeemUrl };
  } catch (error) {
    if (error instanceof Failure) return { status: 'failed', errorCode: error.code, errorMessage: error.message };
    // One row's unexpected failure must not stall the job; it is reported, and can be invited again.
    return { status: 'failed', errorCode: 'internalError', errorMessage: 'An internal error occurred while inviting this row.' };
  }
}

/**
 * What the poison queue's trigger calls: the chunk's message failed every delivery (storage
 * unavailable, a bug), so the job would wait forever for it and for the chunks it would have
 * queued. The job shows `stalled` with the chunk until `resumeBulkJob`.
 */
export async function recordStalledChunk(deps: { store: BulkJobStore; now(): Date }, message: { jobId: string; chunk: number }): Promise<boolean> {
  const job = await deps.store.getJob(message.jobId);
  if (!job || message.chunk >= job.chunks) return false;
  await deps.store.markChunkStalled(job.id, message.chunk, deps.now());
  return true;
}

/**
 * Queues every stalled chunk of a job again (its rows already done are skipped; a finished chunk
 * queues the next of its chain, so the rest of the job follows). The mark is cleared after the
 * message is queued: a crash in between leaves it stalled, and resuming again is harmless.
 */
export async function resumeBulkJob(deps: { store: BulkJobStore; queue: BulkChunkQueue; now(): Date }, job: BulkJob): Promise<number[]> {
  const stalled = await deps.store.listStalledChunks(job.id);
  for (const chunk of stalled) {
    await queueChunk(deps, job.id, chunk);
    await deps.store.clearChunkStalled(job.id, chunk);
  }
  return stalled;
}
