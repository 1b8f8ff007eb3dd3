import { EmailClient, type EmailMessage as AcsEmailMessage } from '@azure/communication-email';
import type { TokenCredential } from '@azure/identity';
import { isLoopbackUrl, parseConnectionString } from '../config';
import type { Mailer, OutgoingMail, SendOutcome } from '../domain/outbox/mailer';

/** One send (request plus status polls) may take this long before it counts as a transient failure. */
const SEND_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 1_000;

export interface AcsMailerOptions {
  /** Local: the mail sink's connection string (`endpoint=http://127.0.0.1:…/;accesskey=…`). */
  connectionString?: string | undefined;
  /** Azure: the Communication Services endpoint, used with `credential`. */
  endpoint?: string | undefined;
  credential?: () => TokenCredential;
  senderAddress: string;
}

/**
 * The ACS request for a mail. Deterministic: the same outbox entry always produces the same body,
 * which is what lets Communication Services recognise a repeat of an operation id (a repeat with a
 * different body is refused with 400).
 */
export function toAcsMessage(mail: OutgoingMail, senderAddress: string): AcsEmailMessage {
  const address = (r: { address: string; displayName?: string | undefined }) => (r.displayName ? { address: r.address, displayName: r.displayName } : { address: r.address });
  return {
    senderAddress,
    recipients: { to: mail.message.to.map(address), ...(mail.message.cc.length > 0 ? { cc: mail.message.cc.map(address) } : {}) },
    content: { subject: mail.rendered.subject, plainText: mail.rendered.plainText, html: mail.rendered.html },
    ...(Object.keys(mail.rendered.headers).length > 0 ? { headers: mail.rendered.headers } : {}),
    // Invitations are transactional: no tracking pixels or rewritten links in a guest's mail.
    disableUserEngagementTracking: true,
  };
}

function createClient(options: AcsMailerOptions): EmailClient {
  // Retries are ours (deliverMail): the SDK would sleep through any Retry-After in process.
  const clientOptions = { retryOptions: { maxRetries: 0 } };
  if (options.connectionString) {
    const endpoint = parseConnectionString(options.connectionString)['endpoint'] ?? '';
    const insecure = endpoint.startsWith('http://') && isLoopbackUrl(endpoint);
    return new EmailClient(options.connectionString, { ...clientOptions, ...(insecure ? { allowInsecureConnection: true } : {}) } as object);
  }
  if (options.endpoint && options.credential) return new EmailClient(options.endpoint, options.credential(), clientOptions);
  throw new TypeError('The mailer needs EMAIL_CONNECTION_STRING or EMAIL_ENDPOINT');
}

interface HttpishError {
  name?: string;
  statusCode?: number;
  code?: string;
  response?: { headers?: { get(name: string): string | undefined } };
}

function retryAfterMs(error: HttpishError): number | null {
  const value = error.response?.headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

/** Sorts a failed request: 429, 408, 409 (a repeat while the first is still running), 5xx and network errors are worth retrying. */
export function classifySendError(error: unknown): SendOutcome {
  const e = (typeof error === 'object' && error !== null ? error : {}) as HttpishError & { message?: string };
  // core-lro reports a terminal `Failed` status (beginSend polls once itself) as a plain Error.
  const failed = /^The long-running operation has failed(?:\. ([A-Za-z0-9_-]+))?/.exec(e.message ?? '');
  if (failed) return { kind: 'permanent', reason: `ACS operation failed${failed[1] ? ` (${failed[1]})` : ''}` };
  if (e.message === 'Operation was canceled') return { kind: 'permanent', reason: 'ACS operation canceled' };
  const status = e.statusCode;
  if (status === undefined) return { kind: 'transient', reason: `no answer (${e.code ?? e.name ?? 'error'})`, retryAfterMs: null, throttled: false };
  const reason = `ACS answered ${status}${e.code ? ` ${e.code}` : ''}`;
  if (status === 429) return { kind: 'transient', reason, retryAfterMs: retryAfterMs(e), throttled: true };
  if (status === 408 || status === 409 || status >= 500) return { kind: 'transient', reason, retryAfterMs: retryAfterMs(e), throttled: false };
  return { kind: 'permanent', reason };
}

/*
 * Why a repeated send cannot deliver twice. ACS "Repeatable requests"
 * (https://learn.microsoft.com/en-us/rest/api/communication/repeatable-requests, "Applies to: ACS
 * Email (Email Send API)"): a repeat that matches the first request within the tracked window
 * (currently 5 minutes) is not executed again; it gets the first one's status (409 while the first
 * is still in progress, which we retry; a first request that ended 5xx is executed again). SDK 1.1
 * carries the id as `Operation-Id` (`beginSend(msg, { operationId })`) rather than the
 * Repeatability-* headers; the Email - Send reference only says the id identifies the operation,
 * and the Azure REST API guidelines (#lro-operation-id-unique-except-retries) make an identical
 * repeat a retry and a different body with the same id a 400. Hence: one outbox entry → one
 * deterministic operation id and one deterministic body (`toAcsMessage`, pure rendering).
 * Documented limit: the window. An entry left pending longer than that after ACS accepted it (the
 * process died and the sweeper re-queued it 10+ minutes later) relies on ACS keeping operation ids
 * longer than the documents promise.
 */

/**
 * The Mailer over the real `EmailClient`: `beginSend(message, { operationId })`, then polls the
 * operation to its end. A connection string is used locally (plain http only on loopback); in
 * Azure the endpoint with the managed identity.
 */
export function createAcsMailer(options: AcsMailerOptions): Mailer {
  let client: EmailClient | undefined;
  return {
    async send(mail) {
      client ??= createClient(options);
      const abortSignal = AbortSignal.timeout(SEND_TIMEOUT_MS);
      let poller;
      try {
        poller = await client.beginSend(toAcsMessage(mail, options.senderAddress), { operationId: mail.operationId, updateIntervalInMs: POLL_INTERVAL_MS, abortSignal });
      } catch (error) {
        return classifySendError(error);
      }
      try {
        const result = await poller.pollUntilDone({ abortSignal });
        if (result.status === 'Succeeded') return { kind: 'accepted' };
        return { kind: 'permanent', reason: `ACS operation ${result.status}${result.error?.code ? ` (${result.error.code})` : ''}` };
      } catch (error) {
        // A failed poll of an operation that exists: a repeat of the send finds it again.
        return classifySendError(error);
      }
    },
  };
}
