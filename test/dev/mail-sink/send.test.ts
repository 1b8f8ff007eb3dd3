import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../../dev/mail-sink';
import { buildEmail, emailClient, getJson, requestCounter, sendAndWait, startSink } from './support';

describe('mail sink: sending through the real EmailClient', () => {
  it('when the app sends a full message, then /dev/mailbox holds it with every field', async () => {
    const receivedAt = new Date();
    const sink = await startSink({ now: () => receivedAt });
    const client = emailClient(sink.connectionString);
    const operationId = crypto.randomUUID();

    const result = await sendAndWait(
      client,
      buildEmail({
        recipients: {
          to: [{ address: 'alice@partner.test', displayName: 'Alice A.' }, { address: 'bob@partner.test' }],
          cc: [{ address: 'carol@partner.test' }],
          bcc: [{ address: 'audit@gatehouse.test' }],
        },
        content: { subject: 'Welcome', html: '<h1>Hi</h1>', plainText: 'Hi' },
        headers: { 'X-Gatehouse-Invitation': 'inv-1' },
        replyTo: [{ address: 'help@gatehouse.test' }],
        attachments: [{ name: 'a.txt', contentType: 'text/plain', contentInBase64: Buffer.from('hello').toString('base64') }],
        disableUserEngagementTracking: true,
      }),
      operationId,
    );

    expect(result).toMatchObject({ id: operationId, status: 'Succeeded' });
    const { status, json } = await getJson(`${sink.url}dev/mailbox`);
    expect(status).toBe(200);
    const messages = json as StoredMessage[];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toEqual({
      id: expect.any(String),
      operationId,
      from: 'DoNotReply@gatehouse.test',
      to: ['alice@partner.test', 'bob@partner.test'],
      cc: ['carol@partner.test'],
      bcc: ['audit@gatehouse.test'],
      displayNames: { 'alice@partner.test': 'Alice A.' },
      subject: 'Welcome',
      html: '<h1>Hi</h1>',
      plainText: 'Hi',
      headers: { 'X-Gatehouse-Invitation': 'inv-1' },
      replyTo: ['help@gatehouse.test'],
      attachments: [{ name: 'a.txt', contentType: 'text/plain', contentId: null, sizeBytes: 5 }],
      userEngagementTrackingDisabled: true,
      receivedDateTime: receivedAt.toISOString(),
    });
    expect(sink.sink.stats()).toMatchObject({ accepted: 1, rejected: 0, faulted: 0 });
  });

  it('when the operation reports Running first, then the poller keeps polling until Succeeded', async () => {
    const sink = await startSink({ runningPolls: 2 });
    const counter = requestCounter();
    const client = emailClient(sink.connectionString, { additionalPolicies: [{ policy: counter.policy, position: 'perCall' }] });

    const result = await sendAndWait(client, buildEmail());

    expect(result.status).toBe('Succeeded');
    expect(counter.counts).toEqual({ POST: 1, GET: 3 });
  });

  it('when messages go to several people, then ?to= filters on any recipient ignoring case, newest last', async () => {
    const sink = await startSink();
    const client = emailClient(sink.connectionString);
    await sendAndWait(client, buildEmail({ content: { subject: 'first', plainText: '1' }, recipients: { to: [{ address: 'Alice@Partner.test' }] } }));
    await sendAndWait(client, buildEmail({ content: { subject: 'second', plainText: '2' }, recipients: { to: [{ address: 'bob@partner.test' }] } }));
    await sendAndWait(
      client,
      buildEmail({ content: { subject: 'third', plainText: '3' }, recipients: { to: [{ address: 'bob@partner.test' }], bcc: [{ address: 'alice@partner.test' }] } }),
    );

    const all = (await getJson(`${sink.url}dev/mailbox`)).json as StoredMessage[];
    const forAlice = (await getJson(`${sink.url}dev/mailbox?to=ALICE@partner.test`)).json as StoredMessage[];

    expect(all.map((m) => m.subject)).toEqual(['first', 'second', 'third']);
    expect(forAlice.map((m) => m.subject)).toEqual(['first', 'third']);
  });

  it('when one message is asked for by id, then it is returned, and after DELETE the mailbox is empty', async () => {
    const sink = await startSink();
    await sendAndWait(emailClient(sink.connectionString), buildEmail());
    const [message] = sink.sink.messages();

    const one = await getJson(`${sink.url}dev/mailbox/${message?.id}`);
    const deleted = await fetch(`${sink.url}dev/mailbox`, { method: 'DELETE' });
    const after = await getJson(`${sink.url}dev/mailbox`);
    const gone = await getJson(`${sink.url}dev/mailbox/${message?.id}`);

    expect(one).toEqual({ status: 200, json: message });
    expect(deleted.status).toBe(204);
    expect(after.json).toEqual([]);
    expect(gone.status).toBe(404);
  });

  it('when more messages arrive than the capacity, then the oldest are dropped', async () => {
    const sink = await startSink({ capacity: 2 });
    const client = emailClient(sink.connectionString);
    for (const subject of ['one', 'two', 'three']) await sendAndWait(client, buildEmail({ content: { subject, plainText: subject } }));

    expect(sink.sink.messages().map((m) => m.subject)).toEqual(['two', 'three']);
  });

  it('when a path is not the sink\'s own, then handle() leaves it alone (the server answers 404)', async () => {
    const sink = await startSink();

    const res = await fetch(`${sink.url}api/invitations`);

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NotFound', message: 'Not a mail sink route.' } });
  });
});

describe('mail sink: ACS request validation', () => {
  const cases: [string, ReturnType<typeof buildEmail>][] = [
    ['no recipient in to', buildEmail({ recipients: { to: [], cc: [{ address: 'c@partner.test' }] } })],
    ['51 recipients', buildEmail({ recipients: { to: [{ address: 'a@p.test' }], cc: Array.from({ length: 50 }, (_, i) => ({ address: `c${i}@p.test` })) } })],
    ['neither html nor plain text', buildEmail({ content: { subject: 'empty' } as never })],
    ['an empty subject', buildEmail({ content: { subject: '', plainText: 'x' } })],
    ['a sender that is no address', buildEmail({ senderAddress: 'not an address' })],
  ];

  it.each(cases)('when the message has %s, then ACS answers 400 BadRequest and nothing is stored', async (_name, message) => {
    const sink = await startSink();
    const error = await sendAndWait(emailClient(sink.connectionString), message).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).statusCode).toBe(400);
    expect((error as RestError).code).toBe('BadRequest');
    expect(sink.sink.messages()).toHaveLength(0);
    expect(sink.sink.stats().rejected).toBe(1);
  });

  it('when 50 recipients are named in all, then the message is accepted', async () => {
    const sink = await startSink();
    const cc = Array.from({ length: 49 }, (_, i) => ({ address: `c${i}@p.test` }));
    const result = await sendAndWait(emailClient(sink.connectionString), buildEmail({ recipients: { to: [{ address: 'a@p.test' }], cc } }));

    expect(result.status).toBe('Succeeded');
    expect(sink.sink.messages()[0]?.cc).toHaveLength(49);
  });

  it('when the request is over 10 MB, then ACS answers 413 and nothing is stored', async () => {
    const sink = await startSink();
    const big = Buffer.alloc(8 * 1024 * 1024, 1).toString('base64');
    const message = buildEmail({ attachments: [{ name: 'big.bin', contentType: 'application/octet-stream', contentInBase64: big }] });

    const error = await sendAndWait(emailClient(sink.connectionString), message).catch((e: unknown) => e);

    expect((error as RestError).statusCode).toBe(413);
    expect(sink.sink.messages()).toHaveLength(0);
  });
});
