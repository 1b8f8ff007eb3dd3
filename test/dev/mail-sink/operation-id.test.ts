import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { buildEmail, emailClient, sendAndWait, signedRequest, startSink } from './support';

describe('mail sink: Operation-Id repeats', () => {
  it('when the same Operation-Id is sent twice with the same message, then one message is stored and both sends succeed', async () => {
    const sink = await startSink();
    const client = emailClient(sink.connectionString);
    const operationId = crypto.randomUUID();

    const first = await sendAndWait(client, buildEmail(), operationId);
    const second = await sendAndWait(client, buildEmail(), operationId);

    expect(first).toMatchObject({ id: operationId, status: 'Succeeded' });
    expect(second).toMatchObject({ id: operationId, status: 'Succeeded' });
    expect(sink.sink.messages()).toHaveLength(1);
    expect(sink.sink.stats()).toMatchObject({ accepted: 1, repeated: 1 });
  });

  it('when a repeat arrives, then it gets the same status monitor as the first send', async () => {
    const sink = await startSink();
    const operationId = crypto.randomUUID();
    const url = `${sink.url}emails:send?api-version=2025-09-01`;
    const body = JSON.stringify({ senderAddress: 'a@g.test', content: { subject: 's', plainText: 'p' }, recipients: { to: [{ address: 'b@p.test' }] } });

    const sendOnce = () => signedRequest(url, sink.accessKey, 'POST', body, { 'operation-id': operationId });
    const first = await sendOnce();
    const second = await sendOnce();

    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get('operation-location')).toBe(first.headers.get('operation-location'));
    expect(sink.sink.messages()).toHaveLength(1);
  });

  it('when the same Operation-Id comes with a different message, then 400 and the first message stays the only one', async () => {
    const sink = await startSink();
    const client = emailClient(sink.connectionString);
    const operationId = crypto.randomUUID();
    await sendAndWait(client, buildEmail(), operationId);

    const error = await sendAndWait(client, buildEmail({ content: { subject: 'other', plainText: 'x' } }), operationId).catch((e: unknown) => e);

    expect((error as RestError).statusCode).toBe(400);
    expect(sink.sink.messages().map((m) => m.subject)).toEqual(['You are invited to Contoso']);
  });

  it('when no Operation-Id is given, then each send gets its own generated operation and message', async () => {
    const sink = await startSink();
    const client = emailClient(sink.connectionString);

    const first = await sendAndWait(client, buildEmail());
    const second = await sendAndWait(client, buildEmail());

    expect(first.id).not.toBe(second.id);
    expect(sink.sink.messages().map((m) => m.operationId)).toEqual([first.id, second.id]);
  });

  it('when the mailbox is cleared, then an earlier Operation-Id is still remembered and not stored again', async () => {
    const sink = await startSink();
    const client = emailClient(sink.connectionString);
    const operationId = crypto.randomUUID();
    await sendAndWait(client, buildEmail(), operationId);
    sink.sink.clear();

    const again = await sendAndWait(client, buildEmail(), operationId);

    expect(again.status).toBe('Succeeded');
    expect(sink.sink.messages()).toHaveLength(0);
  });
});
