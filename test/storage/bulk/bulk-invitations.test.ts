import { randomBytes, randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { processBulkChunk, submitBulkInvitation, type BulkProcessDeps } from '../../../src/domain/invitations/bulk-invite';
import { progressOf, type BulkJobStore } from '../../../src/domain/invitations/bulk-job';
import { Failure } from '../../../src/domain/errors';
import { createTableBulkJobStore } from '../../../src/storage/bulk-invitations';
import { buildCaller, memoryInvitationDeps } from '../../domain/invitations/doubles';

const HEADER = 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody]';
const creator = { kind: 'user' as const, userId: 'a1a1a1a1-0000-4000-8000-000000000001', scopes: new Set(['user_impersonation']) };

async function* pieces(text: string, size = 64 * 1024): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

function csvOf(rows: number, row = (n: number) => `guest${n}@partner${n % 50}.example,https://apps.example/start,false,"Welcome, guest ${n}"`): string {
  const lines = ['version:v1.0,,,', HEADER];
  for (let n = 1; n <= rows; n++) lines.push(row(n));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

describe('bulk invitation jobs on Table Storage', () => {
  let table: TableClient;
  let store: BulkJobStore;
  const queued: Array<{ jobId: string; chunk: number }> = [];
  const submitDeps = () => ({ store, queue: { enqueue: async (m: { jobId: string; chunk: number }) => void queued.push(m) }, now: () => new Date('2026-03-01T10:00:00Z'), newId: () => randomUUID() });
  beforeAll(async () => {
    table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `bulk${randomUUID().replace(/-/g, '').slice(0, 12)}`, { allowInsecureConnection: true });
    await table.createTable();
    const key = randomBytes(32);
    store = createTableBulkJobStore(table, async () => key);
  });

  function processDeps(m = memoryInvitationDeps()): { deps: BulkProcessDeps; m: ReturnType<typeof memoryInvitationDeps> } {
    return { m, deps: { store, queue: submitDeps().queue, invitations: m.deps, describeCaller: async () => buildCaller({ roles: ['Guest Inviter'] }), now: () => new Date('2026-03-01T10:05:00Z') } };
  }

  it('when a 50,000-row CSV is submitted, then every row is stored in 500 chunks and the first chunks are queued; a slice is then invited', async () => {
    queued.length = 0;
    const job = await submitBulkInvitation(submitDeps(), { creator, csv: pieces(csvOf(50_000)) });
    expect(job).toMatchObject({ total: 50_000, chunks: 500 });
    expect(queued).toEqual([{ jobId: job.id, chunk: 0 }, { jobId: job.id, chunk: 1 }]);
    const last = await store.readChunk(job.id, 499);
    expect(last.map((r) => r.row)).toEqual(Array.from({ length: 100 }, (_, i) => 49_901 + i));
    expect(last[99]!.cells).toEqual({ invitedUserEmailAddress: 'guest50000@partner0.example', inviteRedirectUrl: 'https://apps.example/start', sendInvitationMessage: 'false', customizedMessageBody: 'Welcome, guest 50000' });

    const { deps, m } = processDeps();
    expect(await processBulkChunk(deps, { jobId: job.id, chunk: 0 })).toEqual({ invited: 100, skipped: 0 });
    expect(m.users.size).toBe(100);
    expect(queued.at(-1)).toEqual({ jobId: job.id, chunk: 2 });
    const progress = progressOf(job, await store.listChunkSummaries(job.id));
    expect(progress).toMatchObject({ status: 'running', total: 50_000, processed: 100, succeeded: 100, failed: 0, completedDateTime: null });
  }, 180_000);

  it('when a chunk message is delivered again, then rows already done are skipped and nobody is invited twice', async () => {
    const job = await submitBulkInvitation(submitDeps(), { creator, csv: pieces(csvOf(150)) });
    const { deps, m } = processDeps();
    await processBulkChunk(deps, { jobId: job.id, chunk: 1 });
    expect(await processBulkChunk(deps, { jobId: job.id, chunk: 1 })).toEqual({ invited: 0, skipped: 50 });
    expect(m.users.size).toBe(50);
    expect(m.mails).toHaveLength(0);
  });

  it('when rows are bad, then each is recorded as failed with its reason and the others are invited; the job ends completedWithErrors', async () => {
    const bad = (n: number) =>
      n === 2 ? 'not-an-address,https://apps.example/start,true,' : n === 3 ? 'anna@fabrikam.example,https://apps.example/start,true,' : n === 4 ? 'bob@partner.example,https://apps.example/start,maybe,' : `guest${n}@ok.example,https://apps.example/start,true,`;
    const job = await submitBulkInvitation(submitDeps(), { creator, csv: pieces(csvOf(5, bad)) });
    const { deps, m } = processDeps();
    await processBulkChunk(deps, { jobId: job.id, chunk: 0 });
    const rows = await store.readChunk(job.id, 0);
    expect(rows.map((r) => r.result?.status)).toEqual(['succeeded', 'failed', 'failed', 'failed', 'succeeded']);
    expect(rows[1]!.result).toMatchObject({ errorCode: 'validationFailed', errorMessage: expect.stringContaining('invitedUserEmailAddress') });
    expect(rows[2]!.result).toMatchObject({ errorCode: 'invalidRequest', errorMessage: expect.stringContaining('verified domain') });
    expect(rows[3]!.result).toMatchObject({ errorMessage: expect.stringContaining('sendInvitationMessage') });
    expect(m.mails).toHaveLength(2);
    expect(progressOf(job, await store.listChunkSummaries(job.id))).toMatchObject({ status: 'completedWithErrors', processed: 5, succeeded: 2, failed: 3, completedDateTime: '2026-03-01T10:05:00.000Z' });
  });

  it("when a row's redeem URL is stored, then it is readable through the store but not in the table in the clear", async () => {
    const job = await submitBulkInvitation(submitDeps(), { creator, csv: pieces(csvOf(1)) });
    await processBulkChunk(processDeps().deps, { jobId: job.id, chunk: 0 });
    const [row] = await store.readChunk(job.id, 0);
    expect(row!.result?.status).toBe('succeeded');
    const url = row!.result?.status === 'succeeded' ? row!.result.redeemUrl : '';
    expect(url).toMatch(/^https:\/\/gatehouse\.example\/api\/redeem\?ticket=/);
    const raw = [];
    for await (const e of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${job.id}'` } })) raw.push(JSON.stringify(e));
    expect(raw.join()).not.toContain(new URL(url).searchParams.get('ticket')!);
  });

  it('when the CSV lacks a required column, has no rows or more than 50,000, then it is refused with the reason', async () => {
    const refused = async (csv: string) => {
      const error = await submitBulkInvitation(submitDeps(), { creator, csv: pieces(csv) }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(Failure);
      return error as Failure;
    };
    expect((await refused('Email address to invite [inviteeEmail] Required\nanna@x.example\n')).message).toContain('[inviteRedirectURL]');
    expect((await refused(`${HEADER}\n`)).message).toContain('no invitation rows');
    expect((await refused(csvOf(50_001, () => 'a@b.example,https://x.example,,'))).message).toContain('50000');
  }, 120_000);
});
