import { createCommunicationAccessKeyCredentialPolicy } from '@azure/communication-common';
import { EmailClient, type EmailClientOptions, type EmailMessage } from '@azure/communication-email';
import { AzureKeyCredential } from '@azure/core-auth';
import { createDefaultHttpClient, createEmptyPipeline, createPipelineRequest, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { afterEach } from 'vitest';
import { startMailSinkServer, type MailSinkServerOptions, type RunningMailSink } from '../../../dev/mail-sink';

const running: RunningMailSink[] = [];

/** A sink on a free port that answers polls at once; closed after the test. */
export async function startSink(options: MailSinkServerOptions = {}): Promise<RunningMailSink> {
  const sink = await startMailSinkServer({ pollRetryAfterSeconds: 0, ...options });
  running.push(sink);
  return sink;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** The real SDK client, over loopback http, with fast retries unless the test says otherwise. */
export function emailClient(connectionString: string, options: EmailClientOptions = {}): EmailClient {
  return new EmailClient(connectionString, {
    allowInsecureConnection: true,
    ...options,
    retryOptions: { maxRetries: 0, retryDelayInMs: 5, maxRetryDelayInMs: 20, ...options.retryOptions },
  });
}

/** Sends and waits for the terminal status, as the app's sender does. */
export async function sendAndWait(client: EmailClient, message: EmailMessage, operationId?: string) {
  const poller = await client.beginSend(message, { ...(operationId ? { operationId } : {}), updateIntervalInMs: 5 });
  return poller.pollUntilDone();
}

export function buildEmail(overrides: Partial<EmailMessage> = {}): EmailMessage {
  return {
    senderAddress: 'DoNotReply@gatehouse.test',
    content: { subject: 'You are invited to Contoso', html: '<p>Hello</p>', plainText: 'Hello' },
    recipients: { to: [{ address: 'alice@partner.test', displayName: 'Alice' }] },
    ...overrides,
  };
}

/** A pipeline policy that counts requests by method, to see what the client actually sent. */
export function requestCounter(): { policy: PipelinePolicy; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  return {
    counts,
    policy: {
      name: 'countRequests',
      sendRequest(request, next) {
        counts[request.method] = (counts[request.method] ?? 0) + 1;
        return next(request);
      },
    },
  };
}

/** One request signed by the SDK's own access-key policy (for calls the EmailClient cannot make). */
export async function signedRequest(
  url: string,
  accessKey: string,
  method: 'GET' | 'POST' = 'GET',
  body?: string,
  headers: Record<string, string> = {},
) {
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(createCommunicationAccessKeyCredentialPolicy(new AzureKeyCredential(accessKey)));
  const request = createPipelineRequest({ url, method, allowInsecureConnection: true, ...(body === undefined ? {} : { body }) });
  if (body !== undefined) request.headers.set('content-type', 'application/json');
  for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
  const response = await pipeline.sendRequest(createDefaultHttpClient(), request);
  return { status: response.status, headers: response.headers, json: response.bodyAsText ? (JSON.parse(response.bodyAsText) as unknown) : undefined };
}

export async function getJson(url: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url);
  return { status: res.status, json: await res.json() };
}

/** A random source that plays back the given values, then fails loudly if asked for more. */
export function sequence(...values: number[]): () => number {
  let i = 0;
  return () => {
    const value = values[i++];
    if (value === undefined) throw new Error(`random source exhausted after ${values.length} values`);
    return value;
  };
}
