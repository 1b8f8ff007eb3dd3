import type { TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { emailMessageSchema, type EmailMessageInput } from '../domain/mail/message';
import { laneOfKind, type MailLane } from '../domain/outbox/mail-lane';
import type { OutboxEntry } from '../domain/outbox/outbox';
import type { OutboxPointer } from '../domain/outbox/pointer';
import { encodeKey, odataString, prefixEnd } from './keys';
import type { TableName } from './names';

/**
 * Outbox rows live in the partition of the entity whose change caused the mail, so they join that
 * change's `transact(...)`. Layout (RowKey `outbox|<outboxId>`, next to the entity's own rows):
 *
 * | column        | type      | meaning                                                    |
 * |---------------|-----------|------------------------------------------------------------|
 * | outboxId      | string    | the idempotency key (also in the message)                  |
 * | status        | string    | pending, sent, failed                                      |
 * | message…      | string    | the message JSON, split into `message`, `message1`, … of at most 30,000 characters (a Table string holds 32 Ki UTF-16 units) |
 * | messageParts  | int       | how many message columns                                   |
 * | attempts      | int       | deliveries that reached Communication Services             |
 * | lastError     | string    | '' or why the last delivery failed / why the entry failed  |
 * | createdAt     | DateTime  | when the state change was recorded                         |
 * | lastQueuedAt  | DateTime  | when a queue message was last written (sweeper)            |
 * | lastAttemptAt | DateTime? | when the last delivery claimed the entry                   |
 * | sentAt        | DateTime? | when ACS accepted the mail                                 |
 * | lane          | string    | the priority lane: which queue the sweeper re-queues it on |
 * | followUp      | string?   | work the state change left to the sender (JSON, opaque here): done before sending, on every delivery until sent |
 */

/**
 * Tables that may hold outbox rows: the sweeper scans them and the sender refuses pointers naming
 * any other. `MailOutbox` holds mails that have no entity of their own (and the tests' mails); a
 * module that records mail next to its entities adds its table here.
 */
export const OUTBOX_TABLES: readonly TableName[] = ['MailOutbox', 'Invitations'];
export type OutboxTable = (typeof OUTBOX_TABLES)[number];

export const OUTBOX_ROW_PREFIX = 'outbox|';
const MESSAGE_PART_CHARS = 30_000;
const MAX_MESSAGE_PARTS = 40;

export const outboxRowKey = (outboxId: string): string => encodeKey(`${OUTBOX_ROW_PREFIX}${outboxId}`);

/** A filter matching only outbox rows (range on RowKey), plus `extra` when given. */
export function outboxRowFilter(extra?: string): string {
  const range = `RowKey ge ${odataString(OUTBOX_ROW_PREFIX)} and RowKey lt ${odataString(prefixEnd(OUTBOX_ROW_PREFIX))}`;
  return extra ? `${range} and ${extra}` : range;
}

export interface NewOutboxRow {
  /** The insert to add to the entity's transaction. */
  action: TransactionAction;
  /** The queue message to send once the transaction has committed (`enqueueOutbox`). */
  pointer: OutboxPointer;
}

/**
 * The outbox row for `message`, as a `create` action for the caller's `transact(...)` in
 * `partitionKey` of `table`; the outbox id is `message.outboxId`. The message is validated here, so
 * a producer's mistake fails the state change instead of surfacing later in the sender.
 */
export function outboxRow(
  message: EmailMessageInput,
  options: { table: OutboxTable; partitionKey: string; now: Date; lane?: MailLane | undefined; followUp?: string | undefined },
): NewOutboxRow {
  if (!OUTBOX_TABLES.includes(options.table)) throw new TypeError(`${options.table} is not in OUTBOX_TABLES: the sweeper and the sender would never see the row`);
  const parsed = emailMessageSchema.safeParse(message);
  if (!parsed.success) {
    throw new TypeError(`Invalid outbox mail message: ${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`);
  }
  const lane = options.lane ?? laneOfKind(parsed.data.kind);
  const pointer: OutboxPointer = { v: 1, outboxId: parsed.data.outboxId, table: options.table, partitionKey: options.partitionKey, lane };
  const json = JSON.stringify(message);
  const parts = Math.ceil(json.length / MESSAGE_PART_CHARS);
  if (parts > MAX_MESSAGE_PARTS) throw new TypeError('Outbox mail message is too large for one row');
  const entity: Record<string, unknown> = {
    partitionKey: options.partitionKey,
    rowKey: outboxRowKey(pointer.outboxId),
    outboxId: pointer.outboxId,
    status: 'pending',
    messageParts: parts,
    attempts: 0,
    lastError: '',
    createdAt: options.now,
    lastQueuedAt: options.now,
    lane,
    ...(options.followUp ? { followUp: options.followUp } : {}),
  };
  for (let i = 0; i < parts; i++) entity[i === 0 ? 'message' : `message${i}`] = json.slice(i * MESSAGE_PART_CHARS, (i + 1) * MESSAGE_PART_CHARS);
  return { action: ['create', entity as TransactionAction[1]], pointer };
}

const date = z.union([z.date(), z.string().datetime({ offset: true }).transform((s) => new Date(s))]);

export const outboxRowSchema = z
  .object({
    partitionKey: z.string(),
    rowKey: z.string(),
    outboxId: z.string(),
    status: z.enum(['pending', 'sent', 'failed']),
    messageParts: z.number().int().min(1).max(MAX_MESSAGE_PARTS),
    attempts: z.number().int().min(0),
    lastError: z.string().default(''),
    createdAt: date,
    lastQueuedAt: date,
    lastAttemptAt: date.optional(),
    sentAt: date.optional(),
  })
  .passthrough();

/** The entry a stored row describes; the message JSON is reassembled and parsed (unparseable → undefined, which the sender reports). */
export function entryFromRow(row: z.output<typeof outboxRowSchema>): OutboxEntry {
  const raw = row as Record<string, unknown>;
  let json = '';
  for (let i = 0; i < row.messageParts; i++) json += String(raw[i === 0 ? 'message' : `message${i}`] ?? '');
  let message: unknown;
  try {
    message = JSON.parse(json) as unknown;
  } catch {
    message = undefined;
  }
  return {
    id: row.outboxId,
    status: row.status,
    message,
    attempts: row.attempts,
    lastError: row.lastError === '' ? null : row.lastError,
    createdAt: row.createdAt,
    lastQueuedAt: row.lastQueuedAt,
    lastAttemptAt: row.lastAttemptAt ?? null,
    sentAt: row.sentAt ?? null,
    ...(typeof raw['followUp'] === 'string' && raw['followUp'] !== '' ? { followUp: raw['followUp'] } : {}),
  };
}
