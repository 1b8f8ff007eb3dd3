import { app } from '@azure/functions';
import { z } from 'zod';
import { bulkInvitations, httpDeps, idempotencyDeps, mailDeps, settings } from '../deps';
import { BULK_MAX_BYTES, progressOf, sameCreator, type BulkJob, type BulkProgress } from '../domain/invitations/bulk-job';
import { bulkRateOf, type BulkRate } from '../domain/invitations/bulk-rate';
import { resumeBulkJob, submitBulkInvitation } from '../domain/invitations/bulk-invite';
import { notFound } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { laneStatus, readMailQueueStatus, type MailLaneStatus } from '../domain/outbox/mail-queue-status';
import { csvText, readCsvBody } from '../http/batch-csv-body';
import { endpoint, json } from '../http/endpoint';
import { idempotent } from '../http/idempotency';
import { randomUUID } from 'node:crypto';

const jobParams = z.object({ jobId: z.string().uuid() });
const jobUrl = (id: string) => `${settings().PUBLIC_BASE_URL.replace(/\/+$/, '')}/api/v1.0/invitations/bulk/${id}`;

/** A job is visible only to the caller who created it: its results hold redeem URLs. */
async function jobOf(principal: Principal | undefined, jobId: string): Promise<BulkJob> {
  const job = await bulkInvitations().store.getJob(jobId.toLowerCase());
  if (!job || !principal || !sameCreator(job, principal)) throw notFound('bulkInvitationJob', jobId);
  return job;
}

/** The progress with its rate and estimated end (rows per second since the job was created). */
function withRate<P extends BulkProgress>(progress: P): P & BulkRate {
  return { ...progress, ...bulkRateOf(progress, new Date()) };
}

function bulkMailDelivery(status: MailLaneStatus) {
  const s = settings();
  return {
    queuedMails: status.queueLength,
    estimatedLastSendDateTime: status.estimatedLastSendAt.toISOString(),
    ratePerMinute: s.EMAIL_RATE_PER_MINUTE,
    ratePerHour: s.EMAIL_RATE_PER_HOUR,
  };
}

async function progressBody(job: BulkJob) {
  const { store } = bulkInvitations();
  const [summaries, leases, stalled, mail, bulkMail] = await Promise.all([
    store.listChunkSummaries(job.id),
    store.listJobLeases(job.id),
    store.listStalledChunks(job.id),
    readMailQueueStatus(mailDeps()),
    laneStatus(mailDeps(), 'bulk'),
  ]);
  // Chunks still running count the rows they have done so far (at most BULK_CHAINS chunks per job).
  const running = await Promise.all(leases.map(async (l) => ({ chunk: l.chunk, ...(await store.countResults(job.id, l.chunk)) })));
  return {
    ...withRate(progressOf(job, summaries, running, stalled)),
    // The tenant's mail backlog, of which this job's invitation mails are part: they drain at the mail pace.
    mailBacklog: { pending: mail.pending, expectedDrainSeconds: mail.expectedDrainSeconds },
    // Bulk jobs' mails wait in their own lane: when its last queued mail goes at the current quota.
    mailDelivery: bulkMailDelivery(bulkMail),
    resultsUrl: `${jobUrl(job.id)}/results`,
  };
}

app.http(
  'createBulkInvitation',
  endpoint(
    {
      operationId: 'createBulkInvitation',
      method: 'POST',
      route: 'v1.0/invitations/bulk',
      summary: "Invite guests from a CSV in the Entra portal's bulk-invite template (text/csv, up to 50,000 rows and 20 MiB); rows are invited by a worker",
      tags: ['invitations'],
      responses: {
        202: { description: 'The job, with Location: its progress URL' },
        400: { description: 'Malformed CSV, a required column missing (named), an unknown column, no rows or more than 50,000' },
        413: { description: 'Larger than 20 MiB' },
        415: { description: 'Not text/csv' },
        422: { description: 'The Idempotency-Key was used for a different CSV (a repeat within 24 h gets the first job)' },
      },
      async handle(ctx) {
        const { chunks, sha256 } = await readCsvBody(ctx.request, BULK_MAX_BYTES);
        return idempotent(idempotencyDeps(), ctx, { operationId: 'createBulkInvitation', params: {}, payload: sha256 }, async () => {
          const job = await submitBulkInvitation(
            { ...bulkInvitations(), now: () => new Date(), newId: () => randomUUID() },
            { creator: ctx.principal!, csv: csvText(chunks) },
          );
          return json(202, await progressBody(job), { location: jobUrl(job.id) });
        });
      },
    },
    httpDeps,
  ),
);

app.http(
  'getBulkInvitation',
  endpoint(
    {
      operationId: 'getBulkInvitation',
      method: 'GET',
      route: 'v1.0/invitations/bulk/{jobId}',
      summary: "A bulk invitation job's progress and the mail backlog its invitations wait in",
      tags: ['invitations'],
      params: jobParams,
      responses: { 200: { description: '{id, status, total, processed, succeeded, failed, createdDateTime, completedDateTime, mailBacklog}' }, 404: { description: 'No such job of this caller' } },
      async handle({ params, principal }) {
        return json(200, await progressBody(await jobOf(principal, params.jobId)));
      },
    },
    httpDeps,
  ),
);

app.http(
  'resumeBulkInvitation',
  endpoint(
    {
      operationId: 'resumeBulkInvitation',
      method: 'POST',
      route: 'v1.0/invitations/bulk/{jobId}/resume',
      summary: 'Queues the chunks of a stalled job again (status `stalled`, listed in `stalledChunks`); rows already done are skipped',
      tags: ['invitations'],
      params: jobParams,
      responses: { 202: { description: 'The job, with the chunks queued again in `resumedChunks`' }, 404: { description: 'No such job of this caller' } },
      async handle({ params, principal }) {
        const job = await jobOf(principal, params.jobId);
        const resumedChunks = await resumeBulkJob({ ...bulkInvitations(), now: () => new Date() }, job);
        return json(202, { ...(await progressBody(job)), resumedChunks });
      },
    },
    httpDeps,
  ),
);

app.http(
  'getBulkInvitationResults',
  endpoint(
    {
      operationId: 'getBulkInvitationResults',
      method: 'GET',
      route: 'v1.0/invitations/bulk/{jobId}/results',
      summary: 'One CSV line per input row: row, address, status, guest id and redeem URL, or the error code and message',
      tags: ['invitations'],
      params: jobParams,
      responses: { 200: { description: 'text/csv' }, 404: { description: 'No such job of this caller' } },
      async handle({ params, principal }) {
        const job = await jobOf(principal, params.jobId);
        const lines = ['row,invitedUserEmailAddress,status,invitedUserId,inviteRedeemUrl,errorCode,errorMessage'];
        for await (const page of bulkInvitations().store.listRows(job.id)) {
          for (const r of page) {
            const result = r.result;
            const cells =
              result?.status === 'succeeded'
                ? [String(r.row), r.cells['invitedUserEmailAddress'] ?? '', 'succeeded', result.guestId, result.redeemUrl, '', '']
                : result?.status === 'failed'
                  ? [String(r.row), r.cells['invitedUserEmailAddress'] ?? '', 'failed', '', '', result.errorCode, result.errorMessage]
                  : [String(r.row), r.cells['invitedUserEmailAddress'] ?? '', 'pending', '', '', '', ''];
            lines.push(cells.map(csvCell).join(','));
          }
        }
        return {
          status: 200,
          body: `${lines.join('\r\n')}\r\n`,
          headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="bulk-invitation-${job.id}.csv"`, 'cache-control': 'no-store' },
        };
      },
    },
    httpDeps,
  ),
);

/** RFC 4180 quoting; a leading = + - @ is neutralized so a spreadsheet never runs a cell as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
