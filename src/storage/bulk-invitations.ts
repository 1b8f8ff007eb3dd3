import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { QueueClient } from '@azure/storage-queue';
import { z } from 'zod';
import { Failure } from '../domain/errors';
import type { BulkChunkQueue, BulkJob, BulkJobStore, BulkRow, BulkRowResult, ChunkLease, ChunkSummary } from '../domain/invitations/bulk-job';
import { BULK_CHUNK_ROWS } from '../domain/invitations/bulk-job';
import { openText, sealText } from './idempotency-seal';
import { encodeKey, odataString } from './keys';
import { deleteRow, insertRow, listAllRows, listRows, parseRow, readRow, transact, updateRow } from './table-kit';

/** A row's cells must fit one string column (64 KiB); a larger row is recorded as failed. */
const MAX_CELLS_CHARS = 30_000;

const rowKey = (row: number) => `row|${String(row).padStart(6, '0')}`;
const chunkKey = (chunk: number) => `chunk|${String(chunk).padStart(6, '0')}`;
const stallKey = (chunk: number) => `stalled|${String(chunk).padStart(6, '0')}`;

/** Chunk leases of every job share one partition, so the resume timer finds the expired ones in one query. */
const LEASES = 'bulk-leases';
const leaseKey = (jobId: string, chunk: number) => `${encodeKey(jobId)}|${String(chunk).padStart(6, '0')}`;
const leaseRow = z.object({ rowKey: z.string(), jobId: z.string(), chunk: z.number().int(), holder: z.string(), until: z.coerce.date() });
const lostRace = (error: unknown) => error instanceof Failure && (error.code === 'preconditionFailed' || error.code === 'conflict');

const jobRow = z.object({ partitionKey: z.string(), createdBy: z.string(), createdAt: z.coerce.date(), total: z.number().int(), chunks: z.number().int() });
const chunkRow = z.object({ rowKey: z.string(), succeeded: z.number().int(), failed: z.number().int(), completedAt: z.coerce.date() });
const dataRow = z.object({
  rowKey: z.string(),
  etag: z.string().optional(),
  cells: z.string(),
  status: z.enum(['succeeded', 'failed']).optional(),
  guestId: z.string().optional(),
  redeemUrl: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
});
const principalColumn = z.union([
  z.object({ kind: z.literal('app'), appId: z.string(), permissions: z.array(z.string()) }),
  z.object({ kind: z.literal('user'), userId: z.string(), scopes: z.array(z.string()) }),
]);

/**
 * Bulk invitation jobs in table `BulkInvitations`, one partition per job: the job (`job`), its
 * rows (`row|000001`, cells and result together), chunk summaries (`chunk|000000`) and chunks
 * whose message reached the poison queue (`stalled|000000`, until resumed). A row's
 * redeem URL is a bearer secret: it is sealed (AES-256-GCM) under an instance key. Chunk leases
 * live in partition `bulk-leases` (RowKey `<job>|<chunk>`; columns jobId, chunk, holder, until).
 *
 * Writes: rows are written once at upload (a retried upload rewrites the same cells, hence upsert);
 * a result is saved over the row's ETag, so two workers never both record one; a chunk summary is
 * recomputed whole from the chunk's results (any rewrite writes the same counts); leases change
 * only at the ETag read.
 */
export function createTableBulkJobStore(table: TableClient, key: () => Promise<Uint8Array>): BulkJobStore {
  const pk = (jobId: string) => encodeKey(jobId);
  const toRow = async (jobId: string, row: z.output<typeof dataRow>): Promise<BulkRow> => {
    const number = Number(row.rowKey.slice(4));
    let result: BulkRowResult | null = null;
    if (row.status === 'succeeded') {
      result = { status: 'succeeded', guestId: row.guestId ?? '', redeemUrl: row.redeemUrl ? openText(await key(), row.redeemUrl, `${pk(jobId)}\n${row.rowKey}`) : '' };
    } else if (row.status === 'failed') result = { status: 'failed', errorCode: row.errorCode ?? '', errorMessage: row.errorMessage ?? '' };
    return { row: number, cells: JSON.parse(row.cells) as Record<string, string>, result, ...(row.etag ? { etag: row.etag } : {}) };
  };
  const resultColumns = async (jobId: string, row: number, result: BulkRowResult) =>
    result.status === 'succeeded'
      ? { status: 'succeeded', guestId: result.guestId, redeemUrl: sealText(await key(), result.redeemUrl, `${pk(jobId)}\n${rowKey(row)}`) }
      : { status: 'failed', errorCode: result.errorCode, errorMessage: result.errorMessage.slice(0, 1_000) };
  const rowRange = (jobId: string, from: string, to: string) => `PartitionKey eq ${odataString(pk(jobId))} and RowKey ge ${odataString(from)} and RowKey le ${odataString(to)}`;

  const store: BulkJobStore = {
    async putRows(jobId, _chunk, rows) {
      const actions = await Promise.all(
        rows.map(async (r) => {
          const cells = JSON.stringify(r.cells);
          const tooLarge = cells.length > MAX_CELLS_CHARS;
          const result: BulkRowResult | null = tooLarge ? { status: 'failed', errorCode: 'rowTooLarge', errorMessage: `The row is longer than ${MAX_CELLS_CHARS} characters.` } : r.result;
          const entity = { partitionKey: pk(jobId), rowKey: rowKey(r.row), cells: tooLarge ? JSON.stringify({ invitedUserEmailAddress: r.cells['invitedUserEmailAddress']?.slice(0, 254) ?? '' }) : cells, ...(result ? await resultColumns(jobId, r.row, result) : {}) };
          return ['upsert', entity, 'Replace'] as ['upsert', typeof entity, 'Replace'];
        }),
      );
      await transact(table, actions);
    },
    async createJob(job) {
      await insertRow(table, { partitionKey: pk(job.id), rowKey: 'job', createdBy: JSON.stringify(job.createdBy), createdAt: job.createdAt, total: job.total, chunks: job.chunks }, 'The job already exists.');
    },
    async getJob(jobId) {
      const stored = await readRow(table, jobRow, 'bulk job', pk(jobId), 'job');
      if (!stored) return undefined;
      const v = stored.value;
      return { id: jobId, createdBy: principalColumn.parse(JSON.parse(v.createdBy)), createdAt: v.createdAt, total: v.total, chunks: v.chunks } satisfies BulkJob;
    },
    async readChunk(jobId, chunk) {
      const first = chunk * BULK_CHUNK_ROWS + 1;
      const rows = await listAllRows(table, dataRow, 'bulk row', rowRange(jobId, rowKey(first), rowKey(first + BULK_CHUNK_ROWS - 1)), BULK_CHUNK_ROWS);
      return Promise.all(rows.map((r) => toRow(jobId, r)));
    },
    async saveResult(jobId, row, result, etag) {
      const entity = { partitionKey: pk(jobId), rowKey: rowKey(row), ...(await resultColumns(jobId, row, result)) };
      if (!etag) {
        await table.upsertEntity(entity, 'Merge');
        return true;
      }
      try {
        await updateRow(table, entity, etag, 'Merge');
        return true;
      } catch (error) {
        // Another worker recorded this row first (its result stands: same operation key, same outcome).
        if (lostRace(error)) return false;
        throw error;
      }
    },
    async saveResults(jobId, results) {
      if (results.length === 0) return;
      const actions = await Promise.all(
        results.map(async ({ row, result, etag }) => {
          const entity = { partitionKey: pk(jobId), rowKey: rowKey(row), ...(await resultColumns(jobId, row, result)) };
          return (etag ? ['update', entity, 'Merge', { etag }] : ['upsert', entity, 'Merge']) as TransactionAction;
        }),
      );
      try {
        await transact(table, actions);
      } catch (error) {
        if (!lostRace(error)) throw error;
        // A row was saved by another worker meanwhile: the others one by one, its result left as it is.
        for (const { row, result, etag } of results) await store.saveResult(jobId, row, result, etag);
      }
    },
    async saveChunkSummary(jobId, summary: ChunkSummary) {
      await table.upsertEntity({ partitionKey: pk(jobId), rowKey: chunkKey(summary.chunk), succeeded: summary.succeeded, failed: summary.failed, completedAt: summary.completedAt }, 'Replace');
    },
    async readChunkSummary(jobId, chunk) {
      const stored = await readRow(table, chunkRow, 'bulk chunk', pk(jobId), chunkKey(chunk));
      return stored && { chunk, succeeded: stored.value.succeeded, failed: stored.value.failed, completedAt: stored.value.completedAt };
    },
    async countResults(jobId, chunk) {
      const first = chunk * BULK_CHUNK_ROWS + 1;
      const counts = { succeeded: 0, failed: 0 };
      const filter = rowRange(jobId, rowKey(first), rowKey(first + BULK_CHUNK_ROWS - 1));
      for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ['status'] } })) {
        if (row['status'] === 'succeeded') counts.succeeded++;
        else if (row['status'] === 'failed') counts.failed++;
      }
      return counts;
    },
    async scheduleChunk(jobId, chunk, until) {
      try {
        await insertRow(table, { partitionKey: LEASES, rowKey: leaseKey(jobId, chunk), jobId, chunk, holder: 'queued', until }, 'leased');
        return true;
      } catch (error) {
        if (lostRace(error)) return false;
        throw error;
      }
    },
    async readLease(jobId, chunk) {
      const stored = await readRow(table, leaseRow, 'bulk lease', LEASES, leaseKey(jobId, chunk));
      return stored && { jobId, chunk, holder: stored.value.holder, until: stored.value.until, etag: stored.etag };
    },
    async writeLease(lease, etag) {
      const row = { partitionKey: LEASES, rowKey: leaseKey(lease.jobId, lease.chunk), jobId: lease.jobId, chunk: lease.chunk, holder: lease.holder, until: lease.until };
      try {
        return etag ? await updateRow(table, row, etag) : await insertRow(table, row, 'leased');
      } catch (error) {
        if (lostRace(error)) return undefined;
        throw error;
      }
    },
    async endLease(jobId, chunk, etag) {
      try {
        await deleteRow(table, LEASES, leaseKey(jobId, chunk), etag);
      } catch (error) {
        if (!lostRace(error)) throw error;
      }
    },
    async listExpiredLeases(now, limit) {
      const page = await listRows(table, leaseRow.extend({ etag: z.string() }), 'bulk lease', {
        filter: `PartitionKey eq ${odataString(LEASES)} and until lt datetime'${now.toISOString()}'`,
        top: limit,
      });
      return page.items.map((r): ChunkLease => ({ jobId: r.jobId, chunk: r.chunk, holder: r.holder, until: r.until, etag: r.etag }));
    },
    async listJobLeases(jobId) {
      const filter = `PartitionKey eq ${odataString(LEASES)} and RowKey ge ${odataString(`${encodeKey(jobId)}|`)} and RowKey lt ${odataString(`${encodeKey(jobId)}|~`)}`;
      const rows = await listAllRows(table, leaseRow.extend({ etag: z.string() }), 'bulk lease', filter, 10_000);
      return rows.map((r): ChunkLease => ({ jobId: r.jobId, chunk: r.chunk, holder: r.holder, until: r.until, etag: r.etag }));
    },
    async listChunkSummaries(jobId) {
      const rows = await listAllRows(table, chunkRow, 'bulk chunk', rowRange(jobId, 'chunk|', 'chunk|~'), 10_000);
      return rows.map((r) => ({ chunk: Number(r.rowKey.slice(6)), succeeded: r.succeeded, failed: r.failed, completedAt: r.completedAt }));
    },
    async markChunkStalled(jobId, chunk, at) {
      await table.upsertEntity({ partitionKey: pk(jobId), rowKey: stallKey(chunk), stalledAt: at }, 'Replace');
    },
    async listStalledChunks(jobId) {
      const rows = await listAllRows(table, z.object({ rowKey: z.string() }), 'bulk stall', rowRange(jobId, 'stalled|', 'stalled|~'), 10_000);
      return rows.map((r) => Number(r.rowKey.slice(8)));
    },
    async clearChunkStalled(jobId, chunk) {
      await deleteRow(table, pk(jobId), stallKey(chunk));
    },
    async *listRows(jobId) {
      const pages = table.listEntities<Record<string, unknown>>({ queryOptions: { filter: rowRange(jobId, 'row|', 'row|~') } }).byPage({ maxPageSize: 1000 });
      for await (const page of pages) yield await Promise.all(page.map((r) => toRow(jobId, parseRow(dataRow, 'bulk row', r))));
    },
  };
  return store;
}

/** The `bulk-invitations` queue; the Functions trigger expects base64 text, which the SDK does not encode. */
export function createStorageBulkChunkQueue(queue: QueueClient): BulkChunkQueue {
  return {
    async enqueue(message) {
      await queue.sendMessage(Buffer.from(JSON.stringify(message)).toString('base64'));
    },
  };
}

