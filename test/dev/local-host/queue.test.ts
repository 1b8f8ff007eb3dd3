import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { base64, RecordReader, SAMPLE_APP, sampleEnv, spawnHost, type HostProcess } from './support';

describe('local host storage-queue triggers against Azurite', () => {
  const connectionString = inject('azuriteConnectionString');
  const env = sampleEnv(connectionString);
  const queue = (name: string) => new QueueClient(connectionString, name);
  let host: HostProcess;
  let records: RecordReader;

  beforeAll(async () => {
    host = await spawnHost(SAMPLE_APP, env);
    records = new RecordReader(connectionString, env.SAMPLE_RECEIVED_QUEUE!);
  }, 30_000);
  afterAll(async () => {
    await host?.stop();
  });

  const byFn = (fn: string) => (r: Record<string, unknown>) => r.fn === fn;

  it('when a base64 JSON message arrives, then the handler gets an object and the metadata, and the message is deleted', async () => {
    const input = queue(env.SAMPLE_QUEUE!);
    await input.createIfNotExists();
    const sent = await input.sendMessage(base64(JSON.stringify({ invitationId: 'inv-1', attempt: 1 })));

    const [record] = await records.waitFor((r) => byFn('recordMessage')(r) && r.type === 'object', 1);
    expect(record).toEqual({
      fn: 'recordMessage',
      message: { invitationId: 'inv-1', attempt: 1 },
      type: 'object',
      dequeueCount: 1,
      id: sent.messageId,
      metadataKeys: ['dequeueCount', 'expirationTime', 'id', 'insertionTime', 'nextVisibleTime', 'popReceipt', 'queueTrigger', 'sys'],
    });
    await expect.poll(async () => (await input.peekMessages()).peekedMessageItems.length).toBe(0);
  });

  it('when the message is not JSON, then the handler gets the decoded string', async () => {
    await queue(env.SAMPLE_QUEUE!).sendMessage(base64('plain text, not JSON'));
    const [record] = await records.waitFor((r) => byFn('recordMessage')(r) && r.type === 'string', 1);
    expect(record).toMatchObject({ message: 'plain text, not JSON', dequeueCount: 1 });
  });

  it('when a handler always throws, then it runs exactly maxDequeueCount (5) times and the message ends in <queue>-poison', async () => {
    const failing = queue(env.SAMPLE_FAIL_QUEUE!);
    await failing.createIfNotExists();
    const encoded = base64(JSON.stringify({ doomed: true }));
    const sent = await failing.sendMessage(encoded);

    const poison = queue(`${env.SAMPLE_FAIL_QUEUE}-poison`);
    await expect
      .poll(async () => (await poison.exists()) && (await poison.peekMessages()).peekedMessageItems.map((m) => m.messageText), { timeout: 15_000 })
      .toEqual([encoded]);
    const attempts = await records.waitFor(byFn('alwaysFails'), 6, 1_000);
    expect(attempts.map((a) => a.dequeueCount)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(attempts.map((a) => a.id))).toEqual(new Set([sent.messageId]));
    expect((await failing.peekMessages()).peekedMessageItems).toEqual([]);
    expect((await failing.getProperties()).approximateMessagesCount).toBe(0);
    expect(host.stderr()).toContain(`Message has reached MaxDequeueCount of 5. Moving message to queue '${env.SAMPLE_FAIL_QUEUE}-poison'.`);
  });

  it('when a message is not valid base64, then it goes straight to the poison queue without running the handler', async () => {
    const input = queue(env.SAMPLE_QUEUE!);
    await input.sendMessage('not base64 at all!');
    const poison = queue(`${env.SAMPLE_QUEUE}-poison`);
    await expect
      .poll(async () => (await poison.exists()) && (await poison.peekMessages()).peekedMessageItems.map((m) => m.messageText), { timeout: 10_000 })
      .toEqual(['not base64 at all!']);
    expect(records.seen.filter((r) => r.message === 'not base64 at all!')).toEqual([]);
  });

  it('when a queue function is invoked through the admin API, then input is the message and no queue is involved', async () => {
    const res = await fetch(`${host.url}/admin/functions/recordMessage`, { method: 'POST', body: JSON.stringify({ input: '{"via":"admin"}' }) });
    expect(res.status).toBe(202);
    const [record] = await records.waitFor((r) => (r.message as { via?: string } | undefined)?.via === 'admin', 1);
    expect(record).toMatchObject({ fn: 'recordMessage', message: { via: 'admin' }, type: 'object', dequeueCount: 0 });
  });
});
