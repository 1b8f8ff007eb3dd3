import { randomBytes, randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { processBulkChunk, submitBulkInvitation } from '../../../src/domain/invitations/bulk-invite';
import { progressOf, type BulkJobStore } from '../../../src/domain/invitations/bulk-job';
import { createTableBulkJobStore } from '../../../src/storage/bulk-invitations';
import { buildCaller, memoryInvitationDeps } from '../../domain/invitations/doubles';

const HEADER = 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail]';
const creator = { kind: 'user' as const, userId: 'a1a1a1a1-0000-4000-8000-000000000001', scopes: new Set(['user_impersonation']) };
const now = () => new Date('2026-03-01T10:00:00Z');

/** What a bulk job does to go fast with bounded memory: streamed upload, results saved in batches, the next chunk queued early. */
describe('bulk invitation jobs at scale', () => {
  let store: BulkJobStore;
  beforeAll(async () => {
    const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `bulkfast${randomUUID().replace(/-/g, '').slice(0, 12)}`, { allowInsecureConnection: true });
    await table.createTable();
    const key = randomBytes(32);
    store = createTableBulkJobStore(table, async () => key);
  });

  it('when a large CSV arrives in pieces, then its rows are written chunk by chunk while it still arrives, a few chunks at a time', async () => {
    const rows = 3_000;
    let written = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const counting: BulkJobStore = {
      ...store,
      putRows: async (...args) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          await store.putRows(...args);
          written += args[2].length;
        } finally {
          inFlight--;
        }
      },
    };
    const writtenWhenHalfRead: number[] = [];
    async function* pieces(): AsyncIterable<string> {
      yield `${HEADER}\r\n`;
      for (let n = 1; n <= rows; n += 100) {
        if (n === rows / 2 + 1) writtenWhenHalfRead.push(written);
        yield Array.from({ length: 100 }, (_, i) => `stream${n + i}@partner.example,https://apps.example/start,false\r\n`).join('');
      }
    }
    const job = await submitBulkInvitation({ store: counting, queue: { enqueue: async () => {} }, now, newId: () => randomUUID() }, { creator, csv: pieces() });
    expect(job).toMatchObject({ total: rows, chunks: 30 });
    // Half the file read: most of its rows are already stored (at most a few chunks are in the air), none kept for the end.
    expect(writtenWhenHalfRead[0]).toBeGreaterThanOrEqual(rows / 2 - 5 * 100);
    expect(maxInFlight).toBeLessThanOrEqual(4);
    expect(written).toBe(rows);
  });

  it('when a batch of results holds a row another worker saved first, then the others are saved and that row keeps its earlier result', async () => {
    const job = await submitBulkInvitation({ store, queue: { enqueue: async () => {} }, now, newId: () => randomUUID() }, {
      creator,
      csv: (async function* () {
        yield `${HEADER}\r\na@partner.example,https://apps.example/start,false\r\nb@partner.example,https://apps.example/start,false\r\nc@partner.example,https://apps.example/start,false\r\n`;
      })(),
    });
    const read = await store.readChunk(job.id, 0);
    const failed = (code: string) => ({ status: 'failed' as const, errorCode: code, errorMessage: code });
    // Another worker got to row 2 first.
    expect(await store.saveResult(job.id, 2, failed('first'), read[1]!.etag)).toBe(true);
    await store.saveResults(job.id, read.map((r) => ({ row: r.row, result: failed('second'), etag: r.etag })));
    expect((await store.readChunk(job.id, 0)).map((r) => r.result && r.result.status === 'failed' && r.result.errorCode)).toEqual(['second', 'first', 'second']);
    // A whole batch in one go when nobody interferes.
    const again = await submitBulkInvitation({ store, queue: { enqueue: async () => {} }, now, newId: () => randomUUID() }, {
      creator,
      csv: (async function* () {
        yield `${HEADER}\r\nd@partner.example,https://apps.example/start,false\r\ne@partner.example,https://apps.example/start,false\r\n`;
      })(),
    });
    const fresh = await store.readChunk(again.id, 0);
    await store.saveResults(again.id, fresh.map((r) => ({ row: r.row, result: failed('batch'), etag: r.etag })));
    expect(await store.countResults(again.id, 0)).toEqual({ succeeded: 0, failed: 2 });
  });

  it("when a chunk's last rows are under way, then the chain's next chunk is already queued; results are saved in batches and every row ends done once", async () => {
    const queued: Array<{ chunk: number; savedInChunk0: number }> = [];
    const queue = {
      enqueue: async (m: { jobId: string; chunk: number }) => {
        queued.push({ chunk: m.chunk, savedInChunk0: m.chunk === 2 ? (await store.countResults(m.jobId, 0)).succeeded : -1 });
      },
    };
    const lines = [HEADER, ...Array.from({ length: 300 }, (_, i) => `early${i}.${randomUUID().slice(0, 6)}@partner.example,https://apps.example/start,false`)];
    const job = await submitBulkInvitation({ store, queue, now, newId: () => randomUUID() }, { creator, csv: (async function* () { yield lines.join('\n'); })() });
    queued.length = 0;
    let batches = 0;
    const m = memoryInvitationDeps();
    const deps = {
      store: { ...store, saveResults: async (...args: Parameters<BulkJobStore['saveResults']>) => (batches++, store.saveResults(...args)) },
      queue,
      invitations: m.deps,
      describeCaller: async () => buildCaller({ roles: ['Guest Inviter'] }),
      now,
    };
    expect(await processBulkChunk(deps, { jobId: job.id, chunk: 0 })).toEqual({ invited: 100, skipped: 0 });
    expect(queued.map((q) => q.chunk)).toEqual([2]);
    // Queued when the last row started, before the chunk's last results were saved.
    expect(queued[0]!.savedInChunk0).toBeLessThan(100);
    // 100 rows in batches of 10 rather than 100 single saves.
    expect(batches).toBe(10);
    // A later copy of the message neither invites again nor queues the next chunk twice.
    expect(await processBulkChunk(deps, { jobId: job.id, chunk: 0 })).toEqual({ invited: 0, skipped: 100 });
    expect(queued.map((q) => q.chunk)).toEqual([2]);
    expect(m.users.size).toBe(100);
    expect(progressOf(job, await store.listChunkSummaries(job.id))).toMatchObject({ status: 'running', processed: 100, succeeded: 100 });
  });
});
