import { app, type InvocationContext } from '@azure/functions';
import { bulkInvitations, invitationModule } from '../deps';
import { processBulkChunk, recordStalledChunk } from '../domain/invitations/bulk-invite';
import { bulkChunkMessage } from '../domain/invitations/bulk-job';
import { resumeBulkChunks } from '../domain/invitations/bulk-lease';

/**
 * Invites one chunk (100 rows) of a bulk job per message and queues the job's next chunk. Rows are
 * not throttled by INVITE_RATE_LIMIT_PER_5S (the upload was one request); the worker's own pace
 * (BULK_CHAINS chunks per job in flight, BULK_ROW_CONCURRENCY rows at a time) keeps interactive
 * invitations responsive. A
 * message that does not parse is a bug: it throws, so it ends in the poison queue.
 */
app.storageQueue('processBulkInvitations', {
  queueName: 'bulk-invitations',
  connection: 'AzureWebJobsStorage',
  async handler(message: unknown, context: InvocationContext) {
    const parsed = bulkChunkMessage.parse(typeof message === 'string' ? JSON.parse(message) : message);
    const { deps, describeCaller } = invitationModule();
    const outcome = await processBulkChunk({ ...bulkInvitations(), invitations: deps, describeCaller, now: () => new Date(), holder: context.invocationId }, parsed);
    context.log('bulk invitation chunk', { jobId: parsed.jobId, chunk: parsed.chunk, ...outcome });
  },
});

/**
 * A chunk message that failed every delivery lands in `bulk-invitations-poison`: the job is marked
 * stalled at that chunk (its status says so) until `POST /invitations/bulk/{jobId}/resume`.
 * A poison message that is not a chunk message is logged and dropped.
 */
app.storageQueue('recordStalledBulkChunk', {
  queueName: 'bulk-invitations-poison',
  connection: 'AzureWebJobsStorage',
  async handler(message: unknown, context: InvocationContext) {
    const parsed = bulkChunkMessage.safeParse(typeof message === 'string' ? safeJson(message) : message);
    if (!parsed.success) {
      context.warn('unreadable bulk poison message dropped');
      return;
    }
    const recorded = await recordStalledChunk({ store: bulkInvitations().store, now: () => new Date() }, parsed.data);
    context.warn('bulk invitation chunk stalled', { jobId: parsed.data.jobId, chunk: parsed.data.chunk, recorded });
  },
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Every 5 s: chunks whose worker stopped renewing its lease (the instance died) or whose message
 * was lost are queued again, so a crash delays a bulk job by under a minute, not by the queue's
 * 10-minute visibility timeout.
 */
app.timer('resumeBulkInvitations', {
  schedule: '*/5 * * * * *',
  async handler(_timer, context) {
    const { resumed } = await resumeBulkChunks({ ...bulkInvitations(), now: () => new Date() });
    for (const lease of resumed) context.log('bulk invitation chunk resumed', { jobId: lease.jobId, chunk: lease.chunk, holder: lease.holder });
  },
});
