import type { OutboxPointer } from './pointer';

/** Where a mail is: waiting (queued, paced or being retried), handed to ACS, or given up. */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** An outbox entry as the sender and the status views see it. */
export interface OutboxEntry {
  id: string;
  status: OutboxStatus;
  /** The mail message as recorded (parsed with `parseEmailMessage` by the sender). */
  message: unknown;
  /** Deliveries that reached Communication Services (each may hold a few quick retries). */
  attempts: number;
  /** Why the last attempt failed, or why the entry failed; never a body or a link. */
  lastError: string | null;
  createdAt: Date;
  /** When a queue message for the entry was last written: the sweeper's clock. */
  lastQueuedAt: Date;
  lastAttemptAt: Date | null;
  sentAt: Date | null;
  /** Work the state change left to the sender (opaque here; see `DeliverMailDeps.followUp`). */
  followUp?: string;
}

/** What may change on an entry after it was recorded. */
export type OutboxChange = Partial<Pick<OutboxEntry, 'status' | 'attempts' | 'lastError' | 'lastQueuedAt' | 'lastAttemptAt' | 'sentAt'>>;

export interface LoadedOutboxEntry {
  entry: OutboxEntry;
  etag: string;
}

/**
 * Port: the outbox rows, wherever they live (next to the entity whose change caused the mail).
 * Every change carries the ETag that was read; a lost race throws `Failure('preconditionFailed')`.
 */
export interface Outbox {
  /** Undefined when the row does not exist (or the pointer names a table that holds no outbox). */
  load(pointer: OutboxPointer): Promise<LoadedOutboxEntry | undefined>;
  /** Applies `change` if the row still has `etag`; returns the new ETag. */
  update(pointer: OutboxPointer, etag: string, change: OutboxChange): Promise<string>;
  /** Pending entries whose last queue message is older than `queuedBefore`, at most `limit`. */
  listStale(queuedBefore: Date, limit: number): Promise<OutboxPointer[]>;
  /** How many entries are pending and failed (a scan: for the admin view, not for hot paths). */
  countByStatus(): Promise<{ pending: number; failed: number }>;
}

/** The delivery status the object that caused a mail shows (e.g. an invitation's message status). */
export interface DeliveryStatus {
  outboxId: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  sentDateTime: string | null;
}

/** The delivery status of one outbox entry; undefined when there is no such entry. */
export async function deliveryStatusOf(deps: { outbox: Pick<Outbox, 'load'> }, pointer: OutboxPointer): Promise<DeliveryStatus | undefined> {
  const loaded = await deps.outbox.load(pointer);
  if (!loaded) return undefined;
  const { entry } = loaded;
  return {
    outboxId: entry.id,
    status: entry.status,
    attempts: entry.attempts,
    lastError: entry.lastError,
    sentDateTime: entry.sentAt ? entry.sentAt.toISOString() : null,
  };
}
