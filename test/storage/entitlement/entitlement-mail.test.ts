import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { EntitlementMailMessage } from '../../../src/domain/entitlement/requests/ports';
import { outboxPointerSchema } from '../../../src/domain/outbox/pointer';
import { createOutboxEntitlementMail } from '../../../src/storage/entitlement-mail';
import { encodeKey } from '../../../src/storage/keys';
import { createTableOutbox } from '../../../src/storage/outbox-repository';
import { entryFromRow, outboxRowFilter, outboxRowKey, outboxRowSchema } from '../../../src/storage/outbox-row';

const now = new Date('2026-11-21T08:00:00.000Z');
let table: TableClient;
let queue: QueueClient;

beforeEach(async () => {
  const cs = inject('azuriteConnectionString');
  table = TableClient.fromConnectionString(cs, `m${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
  queue = new QueueClient(cs, `q-${randomUUID()}`);
  await Promise.all([table.createTable(), queue.create()]);
});

function approved(outboxId: string): EntitlementMailMessage {
  return {
    v: 1,
    outboxId,
    kind: 'requestApproved',
    to: [{ address: 'anna@partner.example', displayName: 'Anna' }],
    recipientLanguage: 'de-DE',
    data: {
      organization: { displayName: 'Fabrikam', domain: 'fabrikam.example', privacyStatementUrl: null, privacyContactEmail: null },
      accessPackage: { displayName: 'Partner portal', description: 'Größere Rechte' },
      accessUrl: 'http://127.0.0.1:7071/api/redeem?ticket=abc',
    },
  };
}

async function queued(): Promise<unknown[]> {
  const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
  return receivedMessageItems.map((m) => JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')) as unknown);
}

async function outboxRows() {
  const rows = [];
  for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: outboxRowFilter() } })) rows.push(outboxRowSchema.parse(row));
  return rows;
}

describe('entitlement mail over the MailOutbox table and the email-outbox queue', () => {
  it('when a mail is sent, then a pending outbox row holds the message and a pointer to it is queued', async () => {
    const mail = createOutboxEntitlementMail({ table, queue, now: () => now });
    const outboxId = randomUUID();
    await mail.send(approved(outboxId));

    const rows = await outboxRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ partitionKey: encodeKey(outboxId), rowKey: outboxRowKey(outboxId), status: 'pending', attempts: 0 });
    expect(entryFromRow(rows[0]!).message).toEqual(approved(outboxId));
    const messages = await queued();
    const pointers = messages.map((m) => outboxPointerSchema.parse(m));
    expect(pointers).toEqual([{ v: 1, outboxId, table: 'MailOutbox', partitionKey: encodeKey(outboxId), lane: 'decision' }]);
    // The sender's own outbox finds the entry the pointer names, and the sweeper would list it.
    const empty = TableClient.fromConnectionString(inject('azuriteConnectionString'), `e${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
    await empty.createTable();
    const senderOutbox = createTableOutbox((name) => (name === 'MailOutbox' ? table : empty));
    expect((await senderOutbox.load(pointers[0]!))?.entry).toMatchObject({ id: outboxId, status: 'pending' });
    expect(await senderOutbox.listStale(new Date(now.getTime() + 1), 10)).toEqual(pointers);
  });

  it('when the same outbox id is sent twice while pending, then one row stays and the pointer is queued again', async () => {
    const mail = createOutboxEntitlementMail({ table, queue, now: () => now });
    const outboxId = randomUUID();
    await mail.send(approved(outboxId));
    // A retry with different content (e.g. a changed name) must not replace what was recorded.
    await mail.send({ ...approved(outboxId), to: [{ address: 'other@partner.example' }] });
    const rows = await outboxRows();
    expect(rows).toHaveLength(1);
    expect(entryFromRow(rows[0]!).message).toEqual(approved(outboxId));
    expect(await queued()).toHaveLength(2);
  });

  it('when the mail was already sent, then sending the same outbox id again writes and queues nothing', async () => {
    const mail = createOutboxEntitlementMail({ table, queue, now: () => now });
    const outboxId = randomUUID();
    await mail.send(approved(outboxId));
    await queue.clearMessages();
    await table.updateEntity({ partitionKey: encodeKey(outboxId), rowKey: outboxRowKey(outboxId), status: 'sent', sentAt: now }, 'Merge');

    await mail.send(approved(outboxId));
    expect(await queued()).toEqual([]);
    expect((await outboxRows()).map((r) => r.status)).toEqual(['sent']);
  });

  it('when the message is not a valid mail or its outbox id could not travel on the queue, then nothing is written or queued', async () => {
    const mail = createOutboxEntitlementMail({ table, queue, now: () => now });
    const bad = { ...approved(randomUUID()), to: [{ address: 'not-an-address' }] };
    await expect(mail.send(bad)).rejects.toThrow(/Invalid outbox mail message/);
    await expect(mail.send(approved('requestApproved/with-a-slash'))).rejects.toThrow(/letters, digits or hyphens/);
    expect(await outboxRows()).toEqual([]);
    expect(await queued()).toEqual([]);
  });
});
