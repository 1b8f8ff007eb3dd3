import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { parseMailFaultsFlag } from '../../../dev/mail-sink';
import { buildEmail, emailClient, getJson, sendAndWait, sequence, startSink } from './support';

describe('mail sink: fault injection on send', () => {
  it('when 429 hits every send, then the client sees 429 with Retry-After after its retries, and nothing is stored', async () => {
    const sink = await startSink({ faults: { mode: '429', fraction: 1, retryAfterSeconds: 0 }, random: sequence(0.5, 0.5) });
    const client = emailClient(sink.connectionString, { retryOptions: { maxRetries: 1 } });

    const error = (await sendAndWait(client, buildEmail()).catch((e: unknown) => e)) as RestError;

    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(429);
    expect(error.response?.headers.get('retry-after')).toBe('0');
    expect(sink.sink.messages()).toHaveLength(0);
    expect(sink.sink.stats()).toMatchObject({ faulted: 2, accepted: 0 });
  });

  it('when 429 hits the first attempt only, then the client retries with the same Operation-Id and one message is stored', async () => {
    const sink = await startSink({ faults: { mode: '429', fraction: 0.5, retryAfterSeconds: 0 }, random: sequence(0.2, 0.7) });
    const client = emailClient(sink.connectionString, { retryOptions: { maxRetries: 2 } });
    const operationId = crypto.randomUUID();

    const result = await sendAndWait(client, buildEmail(), operationId);

    expect(result).toMatchObject({ id: operationId, status: 'Succeeded' });
    expect(sink.sink.messages()).toHaveLength(1);
    expect(sink.sink.stats()).toMatchObject({ faulted: 1, accepted: 1 });
  });

  it('when 500 hits the first attempt, then the client backs off, retries and the message is stored once', async () => {
    const sink = await startSink({ faults: { mode: '500', fraction: 0.5 }, random: sequence(0.1, 0.9) });
    const client = emailClient(sink.connectionString, { retryOptions: { maxRetries: 1 } });

    const result = await sendAndWait(client, buildEmail());

    expect(result.status).toBe('Succeeded');
    expect(sink.sink.messages()).toHaveLength(1);
    expect(sink.sink.stats()).toMatchObject({ faulted: 1, accepted: 1 });
  });

  it('when 500 hits and the client does not retry, then it gets 500 and nothing is stored', async () => {
    const sink = await startSink({ faults: { mode: '500', fraction: 1 }, random: sequence(0.99) });

    const error = (await sendAndWait(emailClient(sink.connectionString), buildEmail()).catch((e: unknown) => e)) as RestError;

    expect(error.statusCode).toBe(500);
    expect(sink.sink.messages()).toHaveLength(0);
  });

  it('when the fault is a delay, then the send takes at least that long and then succeeds', async () => {
    const sink = await startSink({ faults: { mode: 'delay', fraction: 1, delayMs: 300 }, random: sequence(0) });
    const started = performance.now();

    const result = await sendAndWait(emailClient(sink.connectionString), buildEmail());

    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(result.status).toBe('Succeeded');
    expect(sink.sink.messages()).toHaveLength(1);
  });

  it('when the fault is a drop, then the connection is reset without an answer and nothing is stored', async () => {
    const sink = await startSink({ faults: { mode: 'drop', fraction: 1 }, random: sequence(0) });

    const error = (await sendAndWait(emailClient(sink.connectionString), buildEmail()).catch((e: unknown) => e)) as RestError;

    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBeUndefined();
    expect(error.code).toBe('ECONNRESET');
    expect(sink.sink.messages()).toHaveLength(0);
  });

  it('when the fault is fail, then the send is accepted but the operation ends Failed and no mail is stored', async () => {
    const sink = await startSink({ faults: { mode: 'fail', fraction: 1 }, random: sequence(0) });

    const error = (await sendAndWait(emailClient(sink.connectionString), buildEmail()).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/EmailDropped|dropped/);
    expect(sink.sink.messages()).toHaveLength(0);
  });

  it('when faults are switched on after the send was accepted, then polling is not faulted', async () => {
    const sink = await startSink({ runningPolls: 1, random: sequence() });
    const poller = await emailClient(sink.connectionString).beginSend(buildEmail(), { updateIntervalInMs: 5 });
    sink.sink.setFaults({ mode: '500', fraction: 1 });

    const result = await poller.pollUntilDone();

    expect(result.status).toBe('Succeeded');
    expect(sink.sink.messages()).toHaveLength(1);
  });

  it('when the fraction is 0, then no send is faulted and the random source is not consulted', async () => {
    const sink = await startSink({ faults: { mode: '429', fraction: 0 }, random: sequence() });

    const result = await sendAndWait(emailClient(sink.connectionString), buildEmail());

    expect(result.status).toBe('Succeeded');
  });
});

describe('mail sink: fault settings at runtime', () => {
  it('when valid settings are posted, then GET returns them and sends obey them', async () => {
    const sink = await startSink({ random: sequence(0) });
    const settings = { mode: '429', fraction: 1, retryAfterSeconds: 0 };

    const posted = await fetch(`${sink.url}dev/mail-sink/faults`, { method: 'POST', body: JSON.stringify(settings) });
    const current = await getJson(`${sink.url}dev/mail-sink/faults`);
    const error = (await sendAndWait(emailClient(sink.connectionString), buildEmail()).catch((e: unknown) => e)) as RestError;

    expect(posted.status).toBe(200);
    expect(current.json).toEqual(settings);
    expect(error.statusCode).toBe(429);
  });

  it.each([
    ['an unknown mode', { mode: '503', fraction: 1 }],
    ['a fraction above 1', { mode: '500', fraction: 1.5 }],
    ['a negative delay', { mode: 'delay', fraction: 1, delayMs: -1 }],
    ['an unknown property', { mode: 'none', fraction: 0, extra: true }],
  ])('when the settings have %s, then 400 and the old settings stay', async (_name, body) => {
    const sink = await startSink();

    const posted = await fetch(`${sink.url}dev/mail-sink/faults`, { method: 'POST', body: JSON.stringify(body) });

    expect(posted.status).toBe(400);
    expect(sink.sink.faults()).toEqual({ mode: 'none', fraction: 0 });
  });

  it('when a command-line flag is parsed, then mode, fraction and the extra number land in the right fields', () => {
    expect(parseMailFaultsFlag('429:0.3')).toEqual({ mode: '429', fraction: 0.3 });
    expect(parseMailFaultsFlag('429:1:5')).toEqual({ mode: '429', fraction: 1, retryAfterSeconds: 5 });
    expect(parseMailFaultsFlag('delay:0.5:2000')).toEqual({ mode: 'delay', fraction: 0.5, delayMs: 2000 });
    expect(parseMailFaultsFlag('drop')).toEqual({ mode: 'drop', fraction: 1 });
    expect(parseMailFaultsFlag('none')).toEqual({ mode: 'none', fraction: 0 });
  });

  it.each(['', '418:0.5', '429:2', '429:abc', '500:0.5:3', 'delay:1:x', '429:0.5:1:1', '429:'])(
    'when the flag is %j, then parsing throws a TypeError',
    (flag) => {
      expect(() => parseMailFaultsFlag(flag)).toThrow(TypeError);
    },
  );
});
