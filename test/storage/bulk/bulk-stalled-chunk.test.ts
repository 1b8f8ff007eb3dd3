import { randomBytes, randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { processBulkChunk, recordStalledChunk, resumeBulkJob, submitBulkInvitation } from '../../../src/domain/invitations/bulk-invite';
import { progressOf, type BulkJobStore } from '../../../src/domain/invitations/bulk-job';
import { resumeBulkChunks } from '../../../src/domain/invitations/bulk-lease';
import { createTableBulkJobStore } from '../../../src/storage/bulk-invitations';
import { buildCaller, memoryInvitationDeps } from '../../domain/invitations/doubles';

const HEADER = 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail]';
const creator = { kind: 'user' as const, userId: 'a1a1a1a1-0000-4000-8000-000000000001', scopes: new Set(['user_impersonation']) };

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

describe('a bulk chunk whose message reached the poison queue', () => {
  let store: BulkJobStore;
  beforeAll(async () => {
    const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `bulkstall${randomUUID().replace(/-/g, '').slice(0, 12)}`, { allowInsecureConnection: true });
    await table.createTable();
    const key = randomBytes(32);
    store = createTableBulkJobStore(table, async () => key);
  });

  it('when chunk 1 of 4 is given up on, then the job reports it stalled (and its chain stops) until the chunk is queued again and finishes; every row is invited once', async () => {
    const queued: Array<{ jobId: string; chunk: number }> = [];
    const queue = { enqueue: async (msg: { jobId: string; chunk: number }) => void queued.push(msg) };
    const lines = [HEADER, ...Array.from({ length: 350 }, (_, i) => `guest${i}@stall.example,https://apps.example/start,false`)];
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const now = () => new Date(clock);
    const job = await submitBulkInvitation({ store, queue, now, newId: () => randomUUID() }, { creator, csv: once(lines.join('\n')) });
    expect(queued.splice(0)).toEqual([{ jobId: job.id, chunk: 0 }, { jobId: job.id, chunk: 1 }]);
    const m = memoryInvitationDeps();
    const deps = { store, queue, invitations: m.deps, describeCaller: async () => buildCaller({ roles: ['Guest Inviter'] }), now };

    // Chunk 0 runs and queues chunk 2, which runs (chunk 4 does not exist); chunk 1's message is poisoned.
    await processBulkChunk(deps, { jobId: job.id, chunk: 0 });
    expect(queued.splice(0)).toEqual([{ jobId: job.id, chunk: 2 }]);
    await processBulkChunk(deps, { jobId: job.id, chunk: 2 });
    expect(queued.splice(0)).toEqual([]);
    expect(await recordStalledChunk({ store, now }, { jobId: job.id, chunk: 1 })).toBe(true);
    expect(await recordStalledChunk({ store, now }, { jobId: job.id, chunk: 1 })).toBe(true);
    expect(await recordStalledChunk({ store, now }, { jobId: randomUUID(), chunk: 1 })).toBe(false);

    const stalled = progressOf(job, await store.listChunkSummaries(job.id), [], await store.listStalledChunks(job.id));
    expect(stalled).toMatchObject({ status: 'stalled', stalledChunks: [1], processed: 200, total: 350, completedDateTime: null });

    // Its lease (queued at upload) still stands: resume clears the mark and leaves the queueing to
    // the lease, which the resume timer hands to a new message once it has run out.
    expect(await resumeBulkJob({ store, queue, now }, job)).toEqual([1]);
    expect(await store.listStalledChunks(job.id)).toEqual([]);
    expect(await resumeBulkJob({ store, queue, now }, job)).toEqual([]);
    clock += 60_000;
    await resumeBulkChunks({ store, queue, now });
    expect(queued.splice(0)).toEqual([{ jobId: job.id, chunk: 1 }]);
    await processBulkChunk(deps, { jobId: job.id, chunk: 1 });
    expect(queued.splice(0)).toEqual([{ jobId: job.id, chunk: 3 }]);
    await processBulkChunk(deps, { jobId: job.id, chunk: 3 });

    expect(progressOf(job, await store.listChunkSummaries(job.id), [], await store.listStalledChunks(job.id))).toMatchObject({ status: 'completed', processed: 350, succeeded: 350, stalledChunks: [] });
    expect(m.users.size).toBe(350);
  });
});
