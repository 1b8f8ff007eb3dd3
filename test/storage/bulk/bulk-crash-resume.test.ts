import { randomBytes, randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { processBulkChunk, submitBulkInvitation } from '../../../src/domain/invitations/bulk-invite';
import { LEASE_MS, progressOf, type BulkJobStore } from '../../../src/domain/invitations/bulk-job';
import { resumeBulkChunks } from '../../../src/domain/invitations/bulk-lease';
import { createTableBulkJobStore } from '../../../src/storage/bulk-invitations';
import { buildCaller, memoryInvitationDeps } from '../../domain/invitations/doubles';

const HEADER = 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail]';
const creator = { kind: 'user' as const, userId: 'a1a1a1a1-0000-4000-8000-000000000001', scopes: new Set(['user_impersonation']) };

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

/** Ends the process at a step: a rejection nothing in the use case catches, like a kill. */
class Crash extends Error {}

describe('a bulk chunk whose worker dies', () => {
  let store: BulkJobStore;
  let clock = Date.parse('2026-03-01T10:00:00Z');
  const now = () => new Date(clock);
  beforeAll(async () => {
    const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `bulkcrash${randomUUID().replace(/-/g, '').slice(0, 12)}`, { allowInsecureConnection: true });
    await table.createTable();
    const key = randomBytes(32);
    store = createTableBulkJobStore(table, async () => key);
  });

  async function submit(rows: number) {
    const queued: Array<{ jobId: string; chunk: number }> = [];
    const queue = { enqueue: async (m: { jobId: string; chunk: number }) => void queued.push(m) };
    const lines = [HEADER, ...Array.from({ length: rows }, (_, i) => `guest${i}.${randomUUID().slice(0, 6)}@crash.example,https://apps.example/start,true`)];
    const job = await submitBulkInvitation({ store, queue, now, newId: () => randomUUID() }, { creator, csv: once(lines.join('\n')) });
    return { job, queue, queued };
  }

  it('when the worker dies after recording invitations but before saving their results, then the resume timer re-queues the chunk once its lease ran out, and every row ends with one guest, one mail and the mailed link', async () => {
    const { job, queue, queued } = await submit(30);
    const m = memoryInvitationDeps();
    const base = { store, queue, invitations: m.deps, describeCaller: async () => buildCaller({ roles: ['Guest Inviter'] }), now };
    // The first worker saves its results five at a time; it "dies" before saving the second five.
    let saves = 0;
    const dying = {
      ...base,
      holder: 'worker-1',
      resultBatch: 5,
      store: { ...store, saveResults: async (...args: Parameters<BulkJobStore['saveResults']>) => (++saves > 1 ? Promise.reject(new Crash('killed')) : store.saveResults(...args)) },
    };
    await expect(processBulkChunk(dying, { jobId: job.id, chunk: 0 })).rejects.toBeInstanceOf(Crash);
    const mailsBefore = m.mails.length;
    expect(mailsBefore).toBeGreaterThan(5);

    // A copy of the message while the lease is live does nothing; the timer waits for the lease to run out.
    expect(await processBulkChunk({ ...base, holder: 'worker-2' }, { jobId: job.id, chunk: 0 })).toEqual({ invited: 0, skipped: 0 });
    queued.length = 0;
    expect((await resumeBulkChunks(base)).resumed).toEqual([]);
    clock += LEASE_MS + 1;
    expect((await resumeBulkChunks(base)).resumed.map((l) => [l.chunk, l.holder])).toEqual([[0, 'worker-1']]);
    expect(queued).toEqual([{ jobId: job.id, chunk: 0 }]);
    expect((await resumeBulkChunks(base)).resumed).toEqual([]);

    const progress = progressOf(job, await store.listChunkSummaries(job.id), [{ chunk: 0, ...(await store.countResults(job.id, 0)) }]);
    expect(progress).toMatchObject({ status: 'running', processed: 5 });

    await processBulkChunk({ ...base, holder: 'worker-3' }, { jobId: job.id, chunk: 0 });
    const rows = await store.readChunk(job.id, 0);
    expect(rows.every((r) => r.result?.status === 'succeeded')).toBe(true);
    expect(m.users.size).toBe(30);
    // One mail per row, and each row's recorded link is the one its mail carries.
    expect(m.mails).toHaveLength(30);
    const mailed = new Map(m.mails.map((mail) => [mail.to[0]!.address, (mail.data as { redeemUrl: string }).redeemUrl]));
    for (const row of rows) expect(row.result?.status === 'succeeded' && row.result.redeemUrl).toBe(mailed.get(row.cells['invitedUserEmailAddress']!));
    expect(progressOf(job, await store.listChunkSummaries(job.id))).toMatchObject({ status: 'completed', processed: 30, succeeded: 30, failed: 0 });
    expect(await store.listJobLeases(job.id)).toEqual([]);
  });

  it('when the upload died before its job became visible, then its chunk leases are dropped instead of being resumed forever', async () => {
    const jobId = randomUUID();
    await store.scheduleChunk(jobId, 0, new Date(clock));
    clock += LEASE_MS + 1;
    const queued: Array<{ jobId: string; chunk: number }> = [];
    const deps = { store, queue: { enqueue: async (msg: { jobId: string; chunk: number }) => void queued.push(msg) }, now };
    await resumeBulkChunks(deps);
    expect(queued).toContainEqual({ jobId, chunk: 0 });
    const m = memoryInvitationDeps();
    clock += LEASE_MS + 1;
    await processBulkChunk({ ...deps, invitations: m.deps, describeCaller: async () => buildCaller() }, { jobId, chunk: 0 });
    expect(await store.readLease(jobId, 0)).toBeUndefined();
  });
});
