import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { spawnRuntime } from '../dev/spawn-runtime';

/**
 * Invitations over HTTP through the local host (POST /invitations with their mails reaching the
 * sink) next to raw Azurite inserts (createEntity) measured in the same run, with p50/p99 request
 * latency; then a full bulk CSV job (50,000 rows by default) followed to the end, with its time,
 * rows per second and the host process's peak memory (VmHWM, which covers the functions host and
 * the app; Azurite is a child process and is reported apart).
 *
 * What the runtime is given: the mail quota set far above what the run sends (so invitation
 * mails drain at the sink's speed), INVITE_RATE_LIMIT_PER_5S high enough never to refuse but
 * still on, so every interactive invitation pays for the shared throttle as in production, and
 * Azurite with indexed point lookups (GATEHOUSE_AZURITE_INDEXED_LOOKUPS, see
 * dev/azurite-indexed-lookups.ts): as shipped, Azurite scans every row of a table sharing the
 * looked-up RowKey, which makes a 50,000-row job quadratic in the emulator though not in Table
 * Storage. Set BENCH_PLAIN_AZURITE=1 to measure with Azurite as shipped.
 */
export interface InvitationBench {
  invitations: number;
  concurrency: number;
  apiPerSecond: number;
  withMailPerSecond: number;
  rawInsertsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  bulk: { rows: number; processed: number; seconds: number; completed: boolean; extrapolatedSeconds: number; uploadSeconds: number; failed: number };
  peakMemoryMiB: number;
  azuritePeakMemoryMiB: number;
  loadAverage: { before: number; after: number };
}

/** The runtime's settings for the bench (see the summary above). */
export const BENCH_ENV: Record<string, string> = {
  INVITE_RATE_LIMIT_PER_5S: '1000000',
  EMAIL_RATE_PER_MINUTE: '10000000',
  EMAIL_RATE_PER_HOUR: '1000000000',
  GATEHOUSE_AZURITE_INDEXED_LOOKUPS: process.env['BENCH_PLAIN_AZURITE'] === '1' ? '0' : '1',
};

interface Runtime {
  url: string;
  storage: string;
  process: ChildProcess;
  azuritePid: number | undefined;
  token(roles: string[]): Promise<string>;
  stop(): Promise<void>;
}

async function startRuntime(root: string): Promise<Runtime> {
  const rt = await spawnRuntime({ root, env: BENCH_ENV });
  return { url: rt.url, storage: rt.storage, process: rt.process, azuritePid: rt.azuritePid, token: (roles) => rt.issuer.signToken({ roles }), stop: async () => void (await rt.stop()) };
}

/** Runs `run` over `items` with at most `concurrency` at once. */
async function pool<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function peakMemoryMiB(pid: number | undefined): number {
  let status = '';
  try {
    status = pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  } catch {
    // The process is gone: no figure rather than a failed run.
  }
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** The process's resident memory now (VmRSS), in MiB. */
function residentMiB(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)\s+kB/.exec(pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '')?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function sinkCount(rt: Runtime, tag: string): Promise<number> {
  const mails = (await (await fetch(`${rt.url}/dev/mailbox`)).json()) as unknown[];
  return mails.filter((m) => JSON.stringify(m).includes(tag)).length;
}

/**
 * Measures with one fresh runtime, 16 clients at once. `bulkRows` rows are uploaded with
 * sendEmail true (done means every guest invited and every mail queued); the job is followed
 * until done. Only if it is still running after `bulkDeadlineMs` (25 minutes by default, so the
 * run ends) is its total time extrapolated from its rate, and the report says so.
 */
export async function measureInvitations(root: string, options: { invitations?: number; concurrency?: number; bulkRows?: number; bulkDeadlineMs?: number } = {}): Promise<InvitationBench> {
  const invitations = options.invitations ?? 300;
  const concurrency = options.concurrency ?? 16;
  const bulkRows = options.bulkRows ?? 50_000;
  const loadBefore = loadavg()[0] ?? 0;
  const rt = await startRuntime(root);
  try {
    const token = await rt.token(['User.Invite.All']);
    const table = TableClient.fromConnectionString(rt.storage, `benchraw${randomUUID().replace(/-/g, '').slice(0, 8)}`, { allowInsecureConnection: true });
    await table.createTable();
    const rawStart = performance.now();
    await pool(Array.from({ length: invitations }, (_, i) => i), concurrency, async (i) => {
      await table.createEntity({ partitionKey: `p${i % 16}`, rowKey: randomUUID(), email: `raw${i}@partner.example`, payload: 'x'.repeat(200) });
    });
    const rawSeconds = (performance.now() - rawStart) / 1000;

    const tag = randomUUID().slice(0, 8);
    const latencies: number[] = [];
    const start = performance.now();
    await pool(Array.from({ length: invitations }, (_, i) => i), concurrency, async (i) => {
      const t0 = performance.now();
      const res = await fetch(`${rt.url}/api/v1.0/invitations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ invitedUserEmailAddress: `b${i}.${tag}@partner${i % 20}.example`, inviteRedirectUrl: 'https://apps.example/start', sendInvitationMessage: true }),
      });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`invitation ${i} got ${res.status}`);
      latencies.push(performance.now() - t0);
    });
    const apiSeconds = (performance.now() - start) / 1000;
    while ((await sinkCount(rt, tag)) < invitations) await new Promise((resolve) => setTimeout(resolve, 100));
    const withMailSeconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);

    const bulk = await measureBulk(rt, token, bulkRows, options.bulkDeadlineMs ?? 25 * 60_000);
    return {
      invitations,
      concurrency,
      apiPerSecond: invitations / apiSeconds,
      withMailPerSecond: invitations / withMailSeconds,
      rawInsertsPerSecond: invitations / rawSeconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      bulk,
      peakMemoryMiB: peakMemoryMiB(rt.process.pid),
      azuritePeakMemoryMiB: peakMemoryMiB(rt.azuritePid),
      loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
    };
  } finally {
    await rt.stop();
  }
}

async function measureBulk(rt: Runtime, token: string, rows: number, deadlineMs: number): Promise<InvitationBench['bulk']> {
  const tag = randomUUID().slice(0, 8);
  const lines = ['version:v1.0', 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody]'];
  for (let n = 1; n <= rows; n++) lines.push(`r${n}.${tag}@partner${n % 100}.example,https://apps.example/start,true,`);
  const start = performance.now();
  const res = await fetch(`${rt.url}/api/v1.0/invitations/bulk`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: lines.join('\r\n') });
  const uploadSeconds = (performance.now() - start) / 1000;
  if (res.status !== 202) throw new Error(`bulk upload got ${res.status}: ${await res.text()}`);
  const location = res.headers.get('location')!;
  await res.arrayBuffer();
  let processed = 0;
  let failed = 0;
  let completed = false;
  let lastPrinted = performance.now();
  while (!completed && performance.now() - start < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const job = (await (await fetch(location, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      processed: number;
      failed: number;
      status: string;
      rowsPerSecond: number | null;
      estimatedCompletionDateTime: string | null;
    };
    processed = job.processed;
    failed = job.failed;
    completed = job.status.startsWith('completed');
    // The job's own progress view, as an operator would watch it (every 10 s), with the host's memory now.
    if (completed || performance.now() - lastPrinted >= 10_000) {
      lastPrinted = performance.now();
      process.stderr.write(
        `bulk progress: ${job.processed}/${rows} rows done, ${job.failed} failed, ${job.rowsPerSecond ?? '-'} rows/s, estimated end ${job.estimatedCompletionDateTime ?? 'unknown'} (${job.status}); ` +
          `${((performance.now() - start) / 1000).toFixed(0)} s in, host resident ${residentMiB(rt.process.pid).toFixed(0)} MiB, load ${(loadavg()[0] ?? 0).toFixed(1)}\n`,
      );
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const extrapolatedSeconds = completed ? seconds : uploadSeconds + ((seconds - uploadSeconds) * rows) / Math.max(1, processed);
  return { rows, processed, failed, seconds, completed, extrapolatedSeconds, uploadSeconds };
}

export function formatInvitations(r: InvitationBench): string {
  return [
    `settings                   ${Object.entries(BENCH_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}`,
    `invitations                ${r.invitations} (${r.concurrency} concurrent, mail pace unlimited)`,
    `POST /invitations          ${r.apiPerSecond.toFixed(1)} invitations/s (API answered)`,
    `  … with mail in the sink  ${r.withMailPerSecond.toFixed(1)} invitations/s`,
    `raw Azurite createEntity   ${r.rawInsertsPerSecond.toFixed(1)} inserts/s (same concurrency)`,
    `invitation / raw insert    ${(r.withMailPerSecond / r.rawInsertsPerSecond).toFixed(3)}`,
    `latency p50 / p99          ${r.p50Ms.toFixed(0)} ms / ${r.p99Ms.toFixed(0)} ms`,
    `bulk job                   ${r.bulk.rows} rows, upload ${r.bulk.uploadSeconds.toFixed(1)} s, ` +
      (r.bulk.completed
        ? `completed in ${r.bulk.seconds.toFixed(0)} s (${(r.bulk.rows / r.bulk.seconds).toFixed(1)} rows/s, measured), ${r.bulk.failed} rows failed`
        : `NOT finished: ${r.bulk.processed} processed in ${r.bulk.seconds.toFixed(0)} s; all rows extrapolated: ~${r.bulk.extrapolatedSeconds.toFixed(0)} s`),
    `host peak memory (VmHWM)   ${r.peakMemoryMiB.toFixed(0)} MiB (Azurite, apart: ${r.azuritePeakMemoryMiB.toFixed(0)} MiB)`,
    `load average (1 min)       ${r.loadAverage.before.toFixed(1)} before, ${r.loadAverage.after.toFixed(1)} after (2 cores; other work on the machine slows every figure)`,
  ].join('\n');
}

/** For bench/run.ts: `invitations: () => benchInvitations()`. */
export async function benchInvitations(): Promise<string> {
  return formatInvitations(await measureInvitations(path.resolve(__dirname, '..', '..')));
}

if (require.main === module) {
  // node dist/bench/invitations.js [invitations] [bulkRows] [bulkDeadlineSeconds]
  const [invitations, bulkRows, deadlineSeconds] = process.argv.slice(2).map(Number);
  void measureInvitations(path.resolve(__dirname, '..', '..'), {
    invitations: invitations || 300,
    bulkRows: bulkRows || 50_000,
    ...(deadlineSeconds ? { bulkDeadlineMs: deadlineSeconds * 1000 } : {}),
  }).then((r) => console.log(formatInvitations(r)));
}
