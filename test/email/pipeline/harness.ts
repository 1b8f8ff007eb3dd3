import type { MailLane } from '../../../src/domain/outbox/mail-lane';
import { afterEach, inject } from 'vitest';
import type { QueueClient } from '@azure/storage-queue';
import type { TableClient } from '@azure/data-tables';
import { startMailSinkServer, type RunningMailSink } from '../../../dev/mail-sink';
import type { DeliverMailDeps } from '../../../src/domain/outbox/deliver-mail';
import type { OutboxPointer } from '../../../src/domain/outbox/pointer';
import type { EmailMessageInput } from '../../../src/domain/mail/message';
import { createAcsMailer } from '../../../src/email/acs-mailer';
import { renderEmail } from '../../../src/email/templates';
import { createTableOutbox } from '../../../src/storage/outbox-repository';
import { createTableMailPace } from '../../../src/storage/outbox-pace';
import { createQueueMailQueue } from '../../../src/storage/outbox-queue';
import { freshQueue, freshTable, recordMail } from './support';

const sinks: RunningMailSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

export interface Harness {
  deps: DeliverMailDeps;
  sink: RunningMailSink;
  mailOutbox: TableClient;
  queue: QueueClient;
  poison: QueueClient;
  events: { event: string; fields: Record<string, string | number> }[];
  sleeps: number[];
  record(message: EmailMessageInput, options?: { now?: Date; enqueue?: boolean; lane?: MailLane }): Promise<OutboxPointer>;
}

/**
 * The sender's real adapters on fresh Azurite tables and queues and an in-process mail sink; the
 * clock and `sleep` are parameters (sleeps are recorded and return at once).
 */
export async function startHarness(options: { perMinute?: number; perHour?: number; now?: () => Date } = {}): Promise<Harness> {
  const cs = inject('azuriteConnectionString');
  const [mailOutbox, rateLimits, queue, poison] = await Promise.all([freshTable(cs), freshTable(cs), freshQueue(cs), freshQueue(cs)]);
  const sink = await startMailSinkServer({ pollRetryAfterSeconds: 0 });
  sinks.push(sink);
  const events: Harness['events'] = [];
  const sleeps: number[] = [];
  const deps: DeliverMailDeps = {
    outbox: createTableOutbox(() => mailOutbox),
    mailer: createAcsMailer({ connectionString: sink.connectionString, senderAddress: 'DoNotReply@fabrikam.example' }),
    pace: createTableMailPace({ table: rateLimits, quota: { perMinute: options.perMinute ?? 100_000, perHour: options.perHour ?? 10_000_000 } }),
    render: (message, language) => renderEmail(message, { organizationPreferredLanguage: language }),
    queue: createQueueMailQueue(queue, poison),
    organizationLanguage: async () => 'nl-NL',
    now: options.now ?? (() => new Date()),
    sleep: async (ms) => void sleeps.push(ms),
    log: (event, fields) => void events.push({ event, fields }),
  };
  return { deps, sink, mailOutbox, queue, poison, events, sleeps, record: (message, o) => recordMail({ mailOutbox, queue }, message, o) };
}

/** Decoded bodies of the messages visible on a queue (peek: they stay). */
export async function peekPointers(queue: QueueClient): Promise<unknown[]> {
  const { peekedMessageItems } = await queue.peekMessages({ numberOfMessages: 32 });
  return peekedMessageItems.map((m) => JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')) as unknown);
}
