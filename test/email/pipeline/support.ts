import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import type { EmailMessageInput } from '../../../src/domain/mail/message';
import type { OutboxPointer } from '../../../src/domain/outbox/pointer';
import type { MailLane } from '../../../src/domain/outbox/mail-lane';
import { outboxRow } from '../../../src/storage/outbox-row';
import { createTableOutbox } from '../../../src/storage/outbox-repository';
import type { Outbox } from '../../../src/domain/outbox/outbox';
import { enqueueOutbox } from '../../../src/storage/outbox-queue';
import { transact } from '../../../src/storage/table-kit';

export const organization = {
  displayName: 'Contoso Ltd',
  domain: 'contoso.com',
  privacyStatementUrl: 'https://contoso.com/privacy',
  privacyContactEmail: 'privacy@contoso.com',
};

/** An invitation mail for the outbox; `outboxId` and the recipient vary per test. */
export function buildOutboxMail(overrides: { outboxId?: string; to?: string; language?: string; customMessage?: string | null } = {}): EmailMessageInput {
  const outboxId = overrides.outboxId ?? randomUUID();
  return {
    v: 1,
    outboxId,
    kind: 'invitation',
    to: [{ address: overrides.to ?? `guest-${outboxId.slice(0, 8)}@partner.test`, displayName: 'Guest' }],
    ...(overrides.language ? { language: overrides.language } : {}),
    data: {
      organization,
      inviter: { displayName: 'Anna de Vries', email: 'anna@contoso.com' },
      redeemUrl: `https://gatehouse.example/api/redeem?ticket=${outboxId}`,
      redirectUrl: 'https://apps.contoso.com/start',
      customMessage: overrides.customMessage ?? null,
      blockFutureInvitationsUrl: 'https://gatehouse.example/api/block?o=contoso',
    },
  };
}

export const freshName = (prefix: string): string => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 16)}`;

export async function freshTable(connectionString: string): Promise<TableClient> {
  const table = TableClient.fromConnectionString(connectionString, freshName('outbox'), { allowInsecureConnection: true });
  await table.createTable();
  return table;
}

/**
 * The Table outbox with `MailOutbox` on `table` and every other outbox table on `others` (fresh
 * and empty), so scans over all outbox tables see only this test's rows.
 */
export function outboxOver(table: TableClient, others: TableClient): Outbox {
  return createTableOutbox((name) => (name === 'MailOutbox' ? table : others));
}

export async function freshQueue(connectionString: string, name = freshName('mail-').toLowerCase()): Promise<QueueClient> {
  const queue = new QueueClient(connectionString, name);
  await queue.createIfNotExists();
  return queue;
}

/**
 * What a producer does: the state change's transaction with the outbox row in it (here the row
 * alone, in its own partition of `MailOutbox`), then the queue message. `enqueue: false` models a
 * process that died between the two.
 */
export async function recordMail(
  tables: { mailOutbox: TableClient; queue: QueueClient },
  message: EmailMessageInput,
  options: { now?: Date; enqueue?: boolean; lane?: MailLane } = {},
): Promise<OutboxPointer> {
  const { action, pointer } = outboxRow(message, { table: 'MailOutbox', partitionKey: `mail|${message.outboxId}`, now: options.now ?? new Date(), lane: options.lane });
  await transact(tables.mailOutbox, [action]);
  if (options.enqueue !== false) await enqueueOutbox(tables.queue, pointer);
  return pointer;
}
