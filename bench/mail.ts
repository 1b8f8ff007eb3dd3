import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { EmailClient } from '@azure/communication-email';
import { QueueClient } from '@azure/storage-queue';
import { parseConnectionString } from '../src/config';
import { operationIdFor } from '../src/domain/outbox/operation-id';
import { enqueueOutbox } from '../src/storage/outbox-queue';
import { outboxRow } from '../src/storage/outbox-row';
import { transact } from '../src/storage/table-kit';
import { readLocalSettings } from '../dev/local-settings';
import { spawnRuntime } from '../dev/spawn-runtime';

/**
 * Mail throughput, pace unlimited: mails per second through the whole path (outbox row + queue
 * message → the `sendEmail` queue trigger in the local host → the real EmailClient → the mail sink)
 * next to the sink's own raw acceptance rate (the same EmailClient sending straight to it, with the
 * host's concurrency), both measured in one run of `npm start`'s runtime.
 */
export interface MailThroughput {
  mails: number;
  pipelinePerSecond: number;
  rawPerSecond: number;
}

interface Runtime {
  url: string;
  servicesUrl: string;
  storage: string;
  stop(): Promise<void>;
}

async function startRuntime(root: string): Promise<Runtime> {
  const rt = await spawnRuntime({ root, env: { EMAIL_RATE_PER_MINUTE: '10000000', EMAIL_RATE_PER_HOUR: '1000000000' } });
  return { url: rt.url, servicesUrl: rt.servicesUrl, storage: rt.storage, stop: async () => void (await rt.stop()) };
}

function mailFor(outboxId: string) {
  return {
    v: 1 as const,
    outboxId,
    kind: 'oneTimePasscode' as const,
    to: [{ address: `bench-${outboxId.slice(0, 8)}@partner.test` }],
    data: {
      organization: { displayName: 'Bench Ltd', domain: 'bench.example', privacyStatementUrl: null, privacyContactEmail: null },
      code: '123456',
      validityMinutes: 10,
    },
  };
}

async function mailboxCount(rt: Runtime, wanted: Set<string>): Promise<number> {
  const mails = (await (await fetch(`${rt.url}/dev/mailbox`)).json()) as { operationId: string }[];
  return mails.filter((m) => wanted.has(m.operationId)).length;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

/** Runs both measurements against one fresh runtime; `mails` per measurement. */
export async function measureMailThroughput(root: string, mails = 300): Promise<MailThroughput> {
  const rt = await startRuntime(root);
  try {
    const key = parseConnectionString(readLocalSettings(root)['EMAIL_CONNECTION_STRING'] ?? '')['accesskey'] ?? '';
    const client = new EmailClient(`endpoint=${rt.servicesUrl}/;accesskey=${key}`, { allowInsecureConnection: true } as object);
    const rawStart = performance.now();
    await inBatches(Array.from({ length: mails }, () => randomUUID()), 16, async (id) => {
      const message = { senderAddress: 'DoNotReply@bench.example', recipients: { to: [{ address: 'raw@partner.test' }] }, content: { subject: id, plainText: id } };
      await (await client.beginSend(message, { operationId: id, updateIntervalInMs: 10 })).pollUntilDone();
    });
    const rawSeconds = (performance.now() - rawStart) / 1000;

    const table = TableClient.fromConnectionString(rt.storage, 'MailOutbox', { allowInsecureConnection: true });
    const queue = new QueueClient(rt.storage, 'email-outbox');
    const ids = Array.from({ length: mails }, () => randomUUID());
    const wanted = new Set(ids.map(operationIdFor));
    const rows = ids.map((id) => outboxRow(mailFor(id), { table: 'MailOutbox', partitionKey: `bench|${id}`, now: new Date() }));
    await inBatches(rows, 25, (row) => transact(table, [row.action]));
    // The clock starts when the messages go on the queue: producing them is the producers' cost.
    const start = performance.now();
    await inBatches(rows, 25, (row) => enqueueOutbox(queue, row.pointer));
    while ((await mailboxCount(rt, wanted)) < mails) await new Promise((resolve) => setTimeout(resolve, 50));
    const pipelineSeconds = (performance.now() - start) / 1000;
    return { mails, pipelinePerSecond: mails / pipelineSeconds, rawPerSecond: mails / rawSeconds };
  } finally {
    await rt.stop();
  }
}

export function formatMailThroughput(result: MailThroughput): string {
  return [
    `mails per measurement      ${result.mails}`,
    `queue → sender → sink      ${result.pipelinePerSecond.toFixed(1)} mails/s`,
    `raw EmailClient → sink     ${result.rawPerSecond.toFixed(1)} mails/s (16 concurrent)`,
    `pipeline / raw             ${(result.pipelinePerSecond / result.rawPerSecond).toFixed(2)}`,
  ].join('\n');
}

if (require.main === module) {
  void measureMailThroughput(path.resolve(__dirname, '..', '..'), Number(process.argv[2] ?? 300)).then((r) => console.log(formatMailThroughput(r)));
}
