import type { MailQuotaSettings } from './quota';
/** One accepted email, as the sink keeps it and as `GET /dev/mailbox` returns it. */
export interface StoredMessage {
  /** The sink's own id for the message (`GET /dev/mailbox/<id>`); not the ACS operation id. */
  id: string;
  /** The ACS operation this message was accepted under (the `Operation-Id` header or a generated UUID). */
  operationId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  /** Display names by lower-cased address, for every recipient that had one. */
  displayNames: Record<string, string>;
  subject: string;
  html: string | null;
  plainText: string | null;
  /** Custom email headers (`message.headers`). */
  headers: Record<string, string>;
  replyTo: string[];
  attachments: StoredAttachment[];
  userEngagementTrackingDisabled: boolean;
  /** ISO 8601 UTC time the sink accepted the request. */
  receivedDateTime: string;
}

/** An attachment's metadata; the content itself is not kept. */
export interface StoredAttachment {
  name: string;
  contentType: string;
  contentId: string | null;
  sizeBytes: number;
}

/**
 * `'none'` — no faults. `'429'` — answer 429 with `Retry-After`. `'500'` — answer 500.
 * `'delay'` — wait `delayMs`, then proceed normally. `'drop'` — destroy the socket without answering.
 * `'fail'` — accept (202) but let the operation end `Failed` (`EmailDropped`), storing no message.
 */
export type FaultMode = 'none' | '429' | '500' | 'delay' | 'drop' | 'fail';

/** Fault injection for `POST /emails:send` only; status polling is never faulted. */
export interface FaultSettings {
  mode: FaultMode;
  /** Share of send requests that get the fault, 0..1 (a request is faulted when `random() < fraction`). */
  fraction: number;
  /** Retry-After seconds for mode '429' (default 1). */
  retryAfterSeconds?: number;
  /** Wait for mode 'delay' in ms (default 1000). */
  delayMs?: number;
}

/** Counters since the sink was created (clearing the mailbox does not reset them). */
export interface MailSinkStats {
  /** Send requests that stored a message. */
  accepted: number;
  /** Send requests refused: bad signature (401), invalid body (400), too large (413). */
  rejected: number;
  /** Send requests that got an injected fault (429, 500, drop, fail; 'delay' counts too). */
  faulted: number;
  /** Send requests that repeated an earlier Operation-Id with the same body: answered, not stored again. */
  repeated: number;
}

export interface MailSinkOptions {
  /** The base64 access key requests must be signed with (see `createAccessKey`). */
  accessKey: string;
  /** Initial fault settings (default none). */
  faults?: FaultSettings;
  /** Random source in [0, 1) for fault decisions (default Math.random); pass a sequence in tests. */
  random?: () => number;
  /** Clock for x-ms-date checks and receivedDateTime (default: the system clock). */
  now?: () => Date;
  /** Receives one line per event (ids and reasons only; never keys or bodies). */
  log?: (line: string) => void;
  /** Messages (and operations) kept in memory; the oldest are dropped beyond it (default 10,000). */
  capacity?: number;
  /** `Retry-After` seconds on the 202 and on `Running` polls (default 1; tests use 0). */
  pollRetryAfterSeconds?: number;
  /** How many status polls answer `Running` before the terminal status (default 0). */
  runningPolls?: number;
  /** Allowed distance between x-ms-date and the sink's clock, in seconds (default 900). */
  maxClockSkewSeconds?: number;
  /** Enforce a sending quota like Communication Services (default: none). */
  quota?: MailQuotaSettings;
}
