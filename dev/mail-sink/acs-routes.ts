import { randomUUID } from 'node:crypto';
import type { MailQuotaGate } from './quota';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { emailMessageSchema, toErrorDetails, toStoredMessage } from './email-request';
import { pickFault } from './faults';
import { contentHash, verifyHmacRequest } from './hmac';
import { MAX_REQUEST_BYTES, readBody, sendAcsError, sendJson, wait } from './http-util';
import type { MailStore, OperationRecord } from './store';
import type { FaultSettings, MailSinkStats } from './types';

/** What the ACS routes need from the sink; built once in `createMailSink`. */
export interface AcsContext {
  accessKey: string;
  store: MailStore;
  stats: MailSinkStats;
  faults(): FaultSettings;
  random: () => number;
  now: () => Date;
  log: (line: string) => void;
  pollRetryAfterSeconds: number;
  runningPolls: number;
  maxClockSkewSeconds: number;
  /** The sending quota, when the sink enforces one (see quota.ts). */
  quota?: MailQuotaGate;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DENIED = 'Denied by the resource provider.';

/** Reads and authenticates a request; on failure it has already answered and returns undefined. */
async function authenticated(ctx: AcsContext, req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
  const read = await readBody(req, MAX_REQUEST_BYTES);
  if (!read.ok) {
    sendAcsError(res, 413, 'RequestEntityTooLarge', `The request exceeds the ${MAX_REQUEST_BYTES} byte limit.`);
    return undefined;
  }
  const failure = verifyHmacRequest(req, read.body, { accessKey: ctx.accessKey, now: ctx.now(), maxClockSkewSeconds: ctx.maxClockSkewSeconds });
  if (failure) {
    ctx.log(`mail-sink denied ${req.method} ${new URL(req.url ?? '/', 'http://x').pathname} reason=${failure}`);
    sendAcsError(res, 401, 'Denied', DENIED);
    return undefined;
  }
  return read.body;
}

/** `POST /emails:send?api-version=…` */
export async function handleSend(ctx: AcsContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await authenticated(ctx, req, res);
  if (!body) return void ctx.stats.rejected++;
  const apiVersion = new URL(req.url ?? '/', 'http://x').searchParams.get('api-version');
  if (!apiVersion) {
    ctx.stats.rejected++;
    return sendAcsError(res, 400, 'MissingApiVersionParameter', 'The api-version query parameter is required.');
  }

  const fault = pickFault(ctx.faults(), ctx.random);
  if (fault) {
    ctx.stats.faulted++;
    ctx.log(`mail-sink fault mode=${fault.mode}`);
    if (fault.mode === '429') {
      const seconds = String(fault.retryAfterSeconds ?? 1);
      return sendAcsError(res, 429, 'TooManyRequests', 'Injected fault: too many requests.', { headers: { 'retry-after': seconds } });
    }
    if (fault.mode === '500') return sendAcsError(res, 500, 'InternalServerError', 'Injected fault: internal server error.');
    if (fault.mode === 'drop') return void req.socket.destroy();
    if (fault.mode === 'delay') await wait(fault.delayMs ?? 1000);
  }

  const operationIdHeader = req.headers['operation-id'];
  const requestedId = Array.isArray(operationIdHeader) ? operationIdHeader[0] : operationIdHeader;
  if (requestedId !== undefined && !UUID.test(requestedId)) {
    ctx.stats.rejected++;
    return sendAcsError(res, 400, 'BadRequest', 'The Operation-Id header must be a UUID.');
  }

  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    ctx.stats.rejected++;
    return sendAcsError(res, 400, 'BadRequest', 'The request body is not valid JSON.');
  }
  const parsed = emailMessageSchema.safeParse(json);
  if (!parsed.success) {
    ctx.stats.rejected++;
    return sendAcsError(res, 400, 'BadRequest', 'The email message is invalid.', { details: toErrorDetails(parsed.error) });
  }

  // Operation-Id and repeats. The Email - Send reference (api-version 2025-09-01, and
  // https://learn.microsoft.com/en-us/rest/api/communication/email/send) only says: "This is the ID
  // provided by the customer to identify the long running operation. If an ID is not provided by the
  // customer, the service will generate one." What a repeat does is set by the Azure REST API
  // Guidelines (https://github.com/microsoft/api-guidelines/blob/vNext/azure/Guidelines.md,
  // #lro-operation-id-unique-except-retries): "DO fail a request with a 400-BadRequest if the
  // Operation-Id header matches an existing operation unless the request is identical to the prior
  // request (a retry scenario)". ACS's own "Repeatable requests" page
  // (https://learn.microsoft.com/en-us/rest/api/communication/repeatable-requests, for the older
  // Repeatability-Request-Id headers, which SDK 1.1 no longer sends) agrees: a matching repeat is
  // not executed again and gets the original outcome; a repeat that does not match gets 400.
  // So: same id + same body -> 202 with the existing status monitor, nothing stored again;
  // same id + different body -> 400. A faulted attempt stored nothing, so its retry counts as new.
  const bodyHash = contentHash(body);
  const operationId = requestedId ?? randomUUID();
  const existing = ctx.store.operation(operationId);
  if (existing) {
    if (existing.bodyHash !== bodyHash) {
      ctx.stats.rejected++;
      return sendAcsError(res, 400, 'BadRequest', `Operation-Id ${operationId} is already used by a different request.`);
    }
    ctx.stats.repeated++;
    ctx.log(`mail-sink repeated operation=${existing.id}`);
    return accepted(ctx, req, res, existing, apiVersion);
  }
  const waitSeconds = ctx.quota?.admit(ctx.now().getTime());
  if (waitSeconds !== undefined) {
    ctx.stats.faulted++;
    ctx.log(`mail-sink quota exceeded retryAfter=${waitSeconds}`);
    return sendAcsError(res, 429, 'TooManyRequests', 'The sending quota of this resource is exceeded.', { headers: { 'retry-after': String(waitSeconds) } });
  }

  const failed = fault?.mode === 'fail';
  const operation: OperationRecord = { id: operationId, bodyHash, runningPollsLeft: ctx.runningPolls, outcome: failed ? 'Failed' : 'Succeeded' };
  const message = failed ? undefined : toStoredMessage(parsed.data, { id: randomUUID(), operationId }, ctx.now());
  ctx.store.add(operation, message);
  if (message) ctx.stats.accepted++;
  ctx.log(`mail-sink ${failed ? 'dropped' : 'accepted'} operation=${operationId}${message ? ` message=${message.id}` : ''}`);
  accepted(ctx, req, res, operation, apiVersion);
}

function accepted(ctx: AcsContext, req: IncomingMessage, res: ServerResponse, op: OperationRecord, apiVersion: string): void {
  const scheme = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  const location = `${scheme}://${req.headers.host}/emails/operations/${encodeURIComponent(op.id)}?api-version=${encodeURIComponent(apiVersion)}`;
  sendJson(res, 202, { id: op.id, status: 'Running' }, {
    'operation-location': location,
    'retry-after': String(ctx.pollRetryAfterSeconds),
  });
}

/** `GET /emails/operations/<id>?api-version=…`; never faulted. */
export async function handlePoll(ctx: AcsContext, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  if (!(await authenticated(ctx, req, res))) return;
  const op = ctx.store.operation(id);
  if (!op) return sendAcsError(res, 404, 'NotFound', `No email operation with id ${id}.`);
  if (op.runningPollsLeft > 0) {
    op.runningPollsLeft--;
    return sendJson(res, 200, { id: op.id, status: 'Running' }, { 'retry-after': String(ctx.pollRetryAfterSeconds) });
  }
  if (op.outcome === 'Failed') {
    const error = { code: 'EmailDropped', message: 'Injected fault: email was dropped after several attempts to deliver.' };
    return sendJson(res, 200, { id: op.id, status: 'Failed', error });
  }
  sendJson(res, 200, { id: op.id, status: 'Succeeded' });
}
