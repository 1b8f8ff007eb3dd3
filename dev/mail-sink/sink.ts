import type { IncomingMessage, ServerResponse } from 'node:http';
import { handlePoll, handleSend, type AcsContext } from './acs-routes';
import { faultSettingsSchema, NO_FAULTS } from './faults';
import { createMailQuotaGate } from './quota';
import { sendAcsError } from './http-util';
import { handleMailbox } from './mailbox-routes';
import { createMailStore } from './store';
import type { FaultSettings, MailSinkOptions, MailSinkStats, StoredMessage } from './types';

/** A local stand-in for Azure Communication Services Email plus a mailbox to read what was sent. */
export interface MailSink {
  /**
   * Serves `POST /emails:send`, `GET /emails/operations/<id>` (at the root: the EmailClient allows no
   * path in its endpoint), `/dev/mailbox[/<id>]`, `/dev/mail`, `/dev/mail-sink/faults` and
   * `/dev/mail-sink/stats`. Resolves true when it answered, false when the path is not its own.
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Accepted messages, oldest first. */
  messages(): readonly StoredMessage[];
  /** Empties the mailbox (operations are kept, so polls and repeats still work). */
  clear(): void;
  faults(): FaultSettings;
  /** Replaces the fault settings; throws a TypeError when they are invalid. */
  setFaults(settings: FaultSettings): void;
  stats(): MailSinkStats;
}

const OPERATION_PATH = /^\/emails\/operations\/([^/]+)$/;

export function createMailSink(options: MailSinkOptions): MailSink {
  if (!options.accessKey || Buffer.from(options.accessKey, 'base64').length === 0) {
    throw new TypeError('createMailSink: accessKey must be a non-empty base64 string');
  }
  const store = createMailStore(options.capacity ?? 10_000);
  const stats: MailSinkStats = { accepted: 0, rejected: 0, faulted: 0, repeated: 0 };
  let faults = validFaults(options.faults ?? NO_FAULTS);

  const acs: AcsContext = {
    accessKey: options.accessKey,
    store,
    stats,
    faults: () => faults,
    random: options.random ?? Math.random,
    now: options.now ?? (() => new Date()),
    log: options.log ?? (() => {}),
    pollRetryAfterSeconds: options.pollRetryAfterSeconds ?? 1,
    runningPolls: options.runningPolls ?? 0,
    maxClockSkewSeconds: options.maxClockSkewSeconds ?? 900,
    ...(options.quota ? { quota: createMailQuotaGate(options.quota) } : {}),
  };
  const setFaults = (next: FaultSettings) => {
    faults = validFaults(next);
    acs.log(`mail-sink faults mode=${faults.mode} fraction=${faults.fraction}`);
  };
  const mailbox = { store, stats, faults: () => faults, setFaults };

  return {
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://sink.invalid');
      if (url.pathname === '/emails:send') {
        if (req.method === 'POST') await handleSend(acs, req, res);
        else sendAcsError(res, 405, 'MethodNotAllowed', 'Use POST.', { headers: { allow: 'POST' } });
        return true;
      }
      const poll = OPERATION_PATH.exec(url.pathname);
      if (poll) {
        if (req.method === 'GET') await handlePoll(acs, req, res, decodeURIComponent(poll[1] ?? ''));
        else sendAcsError(res, 405, 'MethodNotAllowed', 'Use GET.', { headers: { allow: 'GET' } });
        return true;
      }
      return handleMailbox(mailbox, req, res, url);
    },
    messages: () => store.messages(),
    clear: () => store.clearMessages(),
    faults: () => faults,
    setFaults,
    stats: () => ({ ...stats }),
  };
}

function validFaults(settings: FaultSettings): FaultSettings {
  const parsed = faultSettingsSchema.safeParse(settings);
  if (!parsed.success) throw new TypeError(`invalid mail-sink fault settings: ${parsed.error.message}`);
  return parsed.data;
}
