import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import type { TestRuntime } from '../../support/runtime';
import type { EmailMessageInput } from '../../../src/domain/mail/message';
import type { OutboxPointer } from '../../../src/domain/outbox/pointer';
import { createTableOutbox } from '../../../src/storage/outbox-repository';
import type { Outbox } from '../../../src/domain/outbox/outbox';
import { recordMail } from './support';

/** What the mail e2e tests use of a runtime: its Azurite through the app's own helpers, its mailbox. */
export interface MailRuntime {
  mailOutbox: TableClient;
  queue: QueueClient;
  poison: QueueClient;
  outbox: Outbox;
  record(message: EmailMessageInput, options?: { now?: Date; enqueue?: boolean }): Promise<OutboxPointer>;
  mailbox(): Promise<{ operationId: string; to: string[]; subject: string; receivedDateTime: string }[]>;
  setFaults(faults: Record<string, unknown>): Promise<void>;
  sinkStats(): Promise<{ accepted: number; faulted: number; repeated: number }>;
}

export function mailRuntime(rt: TestRuntime): MailRuntime {
  const mailOutbox = TableClient.fromConnectionString(rt.storage, 'MailOutbox', { allowInsecureConnection: true });
  const queue = new QueueClient(rt.storage, 'email-outbox');
  return {
    mailOutbox,
    queue,
    poison: new QueueClient(rt.storage, 'email-outbox-poison'),
    outbox: createTableOutbox(() => mailOutbox),
    record: (message, options) => recordMail({ mailOutbox, queue }, message, options),
    async mailbox() {
      return (await (await fetch(`${rt.url}/dev/mailbox`)).json()) as Awaited<ReturnType<MailRuntime['mailbox']>>;
    },
    async setFaults(faults) {
      const res = await fetch(`${rt.servicesUrl}/dev/mail-sink/faults`, { method: 'POST', body: JSON.stringify(faults) });
      if (res.status !== 200) throw new Error(`faults refused: ${res.status} ${await res.text()}`);
    },
    async sinkStats() {
      return (await (await fetch(`${rt.servicesUrl}/dev/mail-sink/stats`)).json()) as Awaited<ReturnType<MailRuntime['sinkStats']>>;
    },
  };
}

/** Decoded bodies of the visible messages on a queue (peeked, so they stay). */
export async function peekTexts(queue: QueueClient): Promise<string[]> {
  const { peekedMessageItems } = await queue.peekMessages({ numberOfMessages: 32 });
  return peekedMessageItems.map((m) => Buffer.from(m.messageText, 'base64').toString('utf8'));
}
