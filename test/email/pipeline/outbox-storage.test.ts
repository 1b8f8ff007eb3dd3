import { describe, expect, inject, it } from 'vitest';
import { Failure } from '../../../src/domain/errors';
import { STALE_AFTER_MS, sweepOutbox } from '../../../src/domain/outbox/sweep-outbox';
import { parseOutboxPointer } from '../../../src/domain/outbox/pointer';
import { createTableOutbox } from '../../../src/storage/outbox-repository';
import { outboxRow } from '../../../src/storage/outbox-row';
import { approximateQueueLength, enqueueOutbox } from '../../../src/storage/outbox-queue';
import { transact } from '../../../src/storage/table-kit';
import { peekPointers } from './harness';
import { buildOutboxMail, freshQueue, freshTable, outboxOver } from './support';

const T0 = new Date('2030-03-01T10:00:00Z');

describe('the Table outbox', () => {
  it('when a state change and its outbox row share a transaction, then both are written, or neither when the change fails', async () => {
    const table = await freshTable(inject('azuriteConnectionString'));
    const outbox = createTableOutbox(() => table);
    const ok = outboxRow(buildOutboxMail(), { table: 'MailOutbox', partitionKey: 'invitation-1', now: T0 });
    await transact(table, [['create', { partitionKey: 'invitation-1', rowKey: 'invitation', state: 'pendingAcceptance' }], ok.action]);
    expect((await outbox.load(ok.pointer))?.entry).toMatchObject({ status: 'pending', attempts: 0, createdAt: T0, lastQueuedAt: T0, sentAt: null });

    const lost = outboxRow(buildOutboxMail(), { table: 'MailOutbox', partitionKey: 'invitation-1', now: T0 });
    const duplicate: ['create', { partitionKey: string; rowKey: string }] = ['create', { partitionKey: 'invitation-1', rowKey: 'invitation' }];
    await expect(transact(table, [duplicate, lost.action])).rejects.toMatchObject({ code: 'conflict' });
    expect(await outbox.load(lost.pointer)).toBeUndefined();
  });

  it('when the message is larger than one Table string, then it is split over columns and read back whole', async () => {
    const table = await freshTable(inject('azuriteConnectionString'));
    // Control characters travel as \u0001 in JSON: 10,000 of them need 60,000 characters.
    const message = buildOutboxMail({ customMessage: 'é\u0001'.repeat(5_000) });
    const big = { ...message, cc: [{ address: 'cc@partner.test' }] };
    const row = outboxRow(big, { table: 'MailOutbox', partitionKey: 'p', now: T0 });
    expect(row.action[1]['messageParts']).toBe(2);
    expect(Object.keys(row.action[1]).filter((k) => /^message\d*$/.test(k))).toEqual(['message', 'message1']);
    await transact(table, [row.action]);
    expect((await createTableOutbox(() => table).load(row.pointer))?.entry.message).toEqual(big);
  });

  it('when a producer records an invalid message or names a table the sender does not read, then outboxRow throws before anything is written', () => {
    expect(() => outboxRow({ ...buildOutboxMail(), to: [] }, { table: 'MailOutbox', partitionKey: 'p', now: T0 })).toThrow(/Invalid outbox mail message: to/);
    expect(() => outboxRow(buildOutboxMail(), { table: 'AuditLogs', partitionKey: 'p', now: T0 })).toThrow(/AuditLogs is not in OUTBOX_TABLES/);
  });

  it('when an update carries a stale ETag, then it is refused as preconditionFailed', async () => {
    const table = await freshTable(inject('azuriteConnectionString'));
    const outbox = createTableOutbox(() => table);
    const row = outboxRow(buildOutboxMail(), { table: 'MailOutbox', partitionKey: 'p', now: T0 });
    await transact(table, [row.action]);
    const loaded = (await outbox.load(row.pointer))!;
    await outbox.update(row.pointer, loaded.etag, { attempts: 1 });
    const error = await outbox.update(row.pointer, loaded.etag, { status: 'sent' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Failure);
    expect((error as Failure).code).toBe('preconditionFailed');
  });

  it('when a pointer names a table that holds no outbox, then load finds nothing', async () => {
    const table = await freshTable(inject('azuriteConnectionString'));
    expect(await createTableOutbox(() => table).load({ v: 1, outboxId: 'x', table: 'Users', partitionKey: 'p' })).toBeUndefined();
  });

  it('when pending, sent and failed entries exist, then stale listing and counts see only what they should', async () => {
    const cs = inject('azuriteConnectionString');
    const [table, empty] = await Promise.all([freshTable(cs), freshTable(cs)]);
    const outbox = outboxOver(table, empty);
    const rows = [0, 1, 2, 3].map((i) => outboxRow(buildOutboxMail(), { table: 'MailOutbox', partitionKey: `p${i}`, now: new Date(T0.getTime() + i * 60_000) }));
    for (const r of rows) await transact(table, [r.action]);
    await table.createEntity({ partitionKey: 'p0', rowKey: 'not-an-outbox-row', status: 'pending' });
    const sent = (await outbox.load(rows[1]!.pointer))!;
    await outbox.update(rows[1]!.pointer, sent.etag, { status: 'sent', sentAt: T0 });
    const failed = (await outbox.load(rows[2]!.pointer))!;
    await outbox.update(rows[2]!.pointer, failed.etag, { status: 'failed', lastError: 'ACS answered 400' });

    expect(await outbox.countByStatus()).toEqual({ pending: 2, failed: 1 });
    const stale = await outbox.listStale(new Date(T0.getTime() + 150_000), 10);
    expect(stale).toEqual([rows[0]!.pointer]);
  });
});

describe('sweepOutbox', () => {
  it('when an entry stays pending past the stale time without a queue message, then one sweep re-queues it once', async () => {
    const cs = inject('azuriteConnectionString');
    const [table, empty, queue] = await Promise.all([freshTable(cs), freshTable(cs), freshQueue(cs)]);
    const outbox = outboxOver(table, empty);
    const lost = outboxRow(buildOutboxMail(), { table: 'MailOutbox', partitionKey: 'lost', now: T0 });
    const fresh = outboxRow(buildOutboxMail(), { table: 'MailOutbox', partitionKey: 'fresh', now: new Date(T0.getTime() + STALE_AFTER_MS) });
    await transact(table, [lost.action]);
    await transact(table, [fresh.action]);
    let now = new Date(T0.getTime() + STALE_AFTER_MS + 1_000);
    const deps = {
      outbox,
      enqueue: (p: Parameters<typeof enqueueOutbox>[1]) => enqueueOutbox(queue, p),
      queueLength: () => approximateQueueLength(queue),
      ratePerMinute: 30,
      ratePerHour: 100,
      now: () => now,
      log: () => undefined,
    };
    expect(await sweepOutbox(deps)).toEqual({ requeued: 1 });
    expect((await peekPointers(queue)).map((p) => parseOutboxPointer(p))).toEqual([{ ok: true, pointer: lost.pointer }]);
    expect((await outbox.load(lost.pointer))?.entry).toMatchObject({ lastQueuedAt: now, attempts: 1, status: 'pending' });
    // A second sweep soon after leaves it alone: its message is in the queue now.
    now = new Date(now.getTime() + 60_000);
    expect(await sweepOutbox(deps)).toEqual({ requeued: 0 });
  });

  it('when the queue holds a backlog that takes longer than the stale time to drain, then pending entries are not doubled', async () => {
    const cs = inject('azuriteConnectionString');
    const [table, empty, queue] = await Promise.all([freshTable(cs), freshTable(cs), freshQueue(cs)]);
    const outbox = outboxOver(table, empty);
    const waiting = outboxRow(buildOutboxMail(), { table: 'MailOutbox', partitionKey: 'w', now: T0 });
    await transact(table, [waiting.action]);
    // 40 queued at 100/hour drain in ~24 minutes: an entry 11 minutes old may simply be waiting its turn.
    for (let i = 0; i < 40; i++) await enqueueOutbox(queue, waiting.pointer);
    const result = await sweepOutbox({
      outbox,
      enqueue: (p) => enqueueOutbox(queue, p),
      queueLength: () => approximateQueueLength(queue),
      ratePerMinute: 30,
      ratePerHour: 100,
      now: () => new Date(T0.getTime() + STALE_AFTER_MS + 60_000),
      log: () => undefined,
    });
    expect(result).toEqual({ requeued: 0 });
  });
});

