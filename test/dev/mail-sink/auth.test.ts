import { RestError, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { buildConnectionString, createAccessKey } from '../../../dev/mail-sink';
import { buildEmail, emailClient, sendAndWait, signedRequest, startSink } from './support';

async function refusal(promise: Promise<unknown>): Promise<RestError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RestError);
  return error as RestError;
}

/** Runs after the SDK signed the request (perRetry sits after the auth policy), so the body no longer matches. */
const tamperAfterSigning: PipelinePolicy = {
  name: 'tamperAfterSigning',
  sendRequest(request, next) {
    request.body = String(request.body).replace('alice@partner.test', 'mallory@evil.test');
    return next(request);
  },
};

describe('mail sink: HMAC access-key authentication', () => {
  it('when the client signs with a different key, then 401 Denied and nothing is stored', async () => {
    const lines: string[] = [];
    const sink = await startSink({ log: (line) => lines.push(line) });
    const wrong = buildConnectionString(sink.url, createAccessKey());

    const error = await refusal(sendAndWait(emailClient(wrong), buildEmail()));

    expect(error.statusCode).toBe(401);
    expect(error.code).toBe('Denied');
    expect(error.details).toMatchObject({ error: { code: 'Denied' } });
    expect(sink.sink.messages()).toHaveLength(0);
    expect(sink.sink.stats().rejected).toBe(1);
    expect(lines).toEqual(['mail-sink denied POST /emails:send reason=signature-mismatch']);
  });

  it('when the body is changed after signing, then the content hash fails: 401 and nothing is stored', async () => {
    const sink = await startSink();
    const client = emailClient(sink.connectionString, { additionalPolicies: [{ policy: tamperAfterSigning, position: 'perRetry' }] });

    const error = await refusal(sendAndWait(client, buildEmail()));

    expect(error.statusCode).toBe(401);
    expect(sink.sink.messages()).toHaveLength(0);
  });

  it('when x-ms-date is outside the 15-minute window, then 401 and nothing is stored', async () => {
    const sink = await startSink({ now: () => new Date(Date.now() + 16 * 60_000) });

    const error = await refusal(sendAndWait(emailClient(sink.connectionString), buildEmail()));

    expect(error.statusCode).toBe(401);
    expect(sink.sink.messages()).toHaveLength(0);
  });

  it('when x-ms-date is a few minutes off, then the message is accepted', async () => {
    const sink = await startSink({ now: () => new Date(Date.now() + 5 * 60_000) });

    const result = await sendAndWait(emailClient(sink.connectionString), buildEmail());

    expect(result.status).toBe('Succeeded');
    expect(sink.sink.messages()).toHaveLength(1);
  });

  it('when a status poll is unsigned or signed with another key, then 401; signed right, then 200', async () => {
    const sink = await startSink();
    const operationId = crypto.randomUUID();
    await sendAndWait(emailClient(sink.connectionString), buildEmail(), operationId);
    const pollUrl = `${sink.url}emails/operations/${operationId}?api-version=2025-09-01`;

    const unsigned = await fetch(pollUrl);
    const wrongKey = await signedRequest(pollUrl, createAccessKey());
    const right = await signedRequest(pollUrl, sink.accessKey);

    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toEqual({ error: { code: 'Denied', message: expect.any(String) } });
    expect(wrongKey.status).toBe(401);
    expect(right).toMatchObject({ status: 200, json: { id: operationId, status: 'Succeeded' } });
  });

  it('when a poll names an unknown operation, then 404', async () => {
    const sink = await startSink();

    const response = await signedRequest(`${sink.url}emails/operations/${crypto.randomUUID()}?api-version=2025-09-01`, sink.accessKey);

    expect(response.status).toBe(404);
    expect(response.headers.get('x-ms-error-code')).toBe('NotFound');
  });

  it('when the connection string carries a path, then the EmailClient itself refuses it (so the sink lives at the root)', () => {
    expect(() => emailClient(`endpoint=http://127.0.0.1:1/dev/acs/;accesskey=${createAccessKey()}`)).toThrow(/Invalid endpoint url/);
    expect(() => buildConnectionString('http://127.0.0.1:1/dev/acs/', createAccessKey())).toThrow(TypeError);
  });
});
