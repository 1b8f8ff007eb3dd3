import { Failure } from '../errors';
import type { Principal } from '../principal';
import {
  BULK_CHAINS, BULK_CHUNK_BUDGET_MS, BULK_CHUNK_ROWS, BULK_MAX_ROWS, BULK_ROW_CONCURRENCY, storedPrincipal, principalOf,
  type BulkChunkQueue, type BulkJob, type BulkJobStore, type BulkRow, type BulkRowResult,
} from './bulk-job';
import { createCsvParser, invitationBodyOfRow, isVersionLine, readBulkHeader, rowCells } from './bulk-csv';
import { invitationBody, inviteInputOf } from './invitation-wire';
import { inviteGuest } from './invite-guest';
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
  await deps.store.createJob(job);
  for (let c = 0; c < Math.min(BULK_CHAINS, job.chunks); c++) await deps.queue.enqueue({ jobId, chunk: c });
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
}

/**
 * Invites one chunk's rows as the job's creator, `BULK_ROW_CONCURRENCY` at a time: rows that
 * already have a result (a retried message) are skipped, a bad row is recorded as failed and the
 * others go on. Then records the chunk's summary and queues the chunk `BULK_CHAINS` further on, so
 * each job has at most that many chunks in flight. A chunk still unfinished after
 * `BULK_CHUNK_BUDGET_MS` queues itself again instead (its finished rows are skipped next time).
 */
export async function processBulkChunk(deps: BulkProcessDeps, message: { jobId: string; chunk: number }): Promise<{ invited: number; skipped: number }> {
  const job = await deps.store.getJob(message.jobId);
  if (!job) return { invited: 0, skipped: 0 };
  const rows = await deps.store.readChunk(job.id, message.chunk);
  const caller = await deps.describeCaller(principalOf(job.createdBy));
  const todo = rows.filter((r) => r.result === null);
  const stopAt = deps.now().getTime() + (deps.budgetMs ?? BULK_CHUNK_BUDGET_MS);
  let next = 0;
  let invited = 0;
  const worker = async () => {
    while (next < todo.length && deps.now().getTime() < stopAt) {
      const row = todo[next++]!;
      row.result = await inviteRow(deps, caller, job, row);
      await deps.store.saveResult(job.id, row.row, row.result);
      invited++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_ROW_CONCURRENCY, todo.length) }, worker));
  if (rows.some((r) => r.result === null)) {
    await deps.queue.enqueue(message);
    return { invited, skipped: rows.length - todo.length };
  }
  const succeeded = rows.filter((r) => r.result?.status === 'succeeded').length;
  await deps.store.saveChunkSummary(job.id, { chunk: message.chunk, succeeded, failed: rows.length - succeeded, completedAt: deps.now() });
  const following = message.chunk + BULK_CHAINS;
  if (following < job.chunks) await deps.queue.enqueue({ jobId: job.id, chunk: following });
  return { invited, skipped: rows.length - todo.length };
}

async function inviteRow(deps: BulkProcessDeps, caller: Caller, job: BulkJob, row: BulkRow): Promise<BulkRowResult> {
  const parsed = invitationBody.safeParse(invitationBodyOfRow(row.cells));
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.map(String).join('.') || '(row)'))].join(', ');
    return { status: 'failed', errorCode: 'validationFailed', errorMessage: `Invalid row: ${fields}.` };
  }
  try {
    const { invitation, redeemUrl } = await inviteGuest(deps.invitations, inviteInputOf(parsed.data, caller, `bulk:${job.id}:${row.row}`));
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
export async function resumeBulkJob(deps: { store: BulkJobStore; queue: BulkChunkQueue }, job: BulkJob): Promise<number[]> {
  const stalled = await deps.store.listStalledChunks(job.id);
  for (const chunk of stalled) {
    await deps.queue.enqueue({ jobId: job.id, chunk });
    await deps.store.clearChunkStalled(job.id, chunk);
  }
  return stalled;
}
