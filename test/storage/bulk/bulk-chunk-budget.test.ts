import { randomBytes, randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { processBulkChunk, submitBulkInvitation } from '../../../src/domain/invitations/bulk-invite';
import { progressOf, type BulkJobStore } from '../../../src/domain/invitations/bulk-job';
import { createTableBulkJobStore } from '../../../src/storage/bulk-invitations';
import { buildCaller, memoryInvitationDeps } from '../../domain/invitations/doubles';

const HEADER = 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail]';
const creator = { kind: 'user' as const, userId: 'a1a1a1a1-0000-4000-8000-000000000001', scopes: new Set(['user_impersonation']) };

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

describe('a bulk chunk that runs out of time', () => {
  let store: BulkJobStore;
  beforeAll(async () => {
    const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `bulkbudget${randomUUID().replace(/-/g, '').slice(0, 12)}`, { allowInsecureConnection: true });
    await table.createTable();
    const key = randomBytes(32);
    store = createTableBulkJobStore(table, async () => key);
  });

  it('when its budget is spent, then it stops starting rows and queues itself again; the next delivery invites only the rest, nobody twice', async () => {
    const queued: Array<{ jobId: string; chunk: number }> = [];
    const queue = { enqueue: async (m: { jobId: string; chunk: number }) => void queued.push(m) };
    const lines = [HEADER, ...Array.from({ length: 40 }, (_, i) => `guest${i}@budget.example,https://apps.example/start,false`)];
    const job = await submitBulkInvitation({ store, queue, now: () => new Date('2026-03-01T10:00:00Z'), newId: () => randomUUID() }, { creator, csv: once(lines.join('\n')) });
    queued.length = 0;

    // Each look at the clock moves it on by one second; the budget is 10 seconds.
    let ms = Date.parse('2026-03-01T10:05:00Z');
    const ticking = () => new Date((ms += 1_000));
    const m = memoryInvitationDeps();
    const deps = { store, queue, invitations: m.deps, describeCaller: async () => buildCaller({ roles: ['Guest Inviter'] }), now: ticking, budgetMs: 10_000 };

    const first = await processBulkChunk(deps, { jobId: job.id, chunk: 0 });
    expect(first.invited).toBeGreaterThan(0);
    expect(first.invited).toBeLessThan(40);
    expect(queued).toEqual([{ jobId: job.id, chunk: 0 }]);
    expect(await store.listChunkSummaries(job.id)).toEqual([]);

    const second = await processBulkChunk({ ...deps, budgetMs: 60 * 60_000 }, { jobId: job.id, chunk: 0 });
    expect(second).toEqual({ invited: 40 - first.invited, skipped: first.invited });
    expect(m.users.size).toBe(40);
    expect(progressOf(job, await store.listChunkSummaries(job.id))).toMatchObject({ status: 'completed', processed: 40, succeeded: 40 });
  });
});
