import { z } from 'zod';
import { MAIL_LANES } from './mail-lane';

/**
 * The `email-outbox` queue message: a pointer to an outbox row, never the mail itself. The body
 * lives in the row (written in the same transaction as the state change), so the message stays far
 * below the queue's 64 KiB limit and a queue message can never disagree with what was recorded.
 */
export const outboxPointerSchema = z
  .object({
    v: z.literal(1),
    /** The outbox entry: the sender's idempotency key. */
    outboxId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, { message: 'must be 1 to 100 letters, digits or hyphens' }),
    /** The table that holds the row (the table of the entity whose change caused the mail). */
    table: z.string().regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, { message: 'must be a table name' }),
    /** The entity's partition, where the outbox row lives next to it. */
    partitionKey: z.string().min(1).max(1024),
    /** The priority lane (and so the queue); pointers written before lanes existed have none. */
    lane: z.enum(MAIL_LANES).optional(),
  })
  .strict();

export type OutboxPointer = z.infer<typeof outboxPointerSchema>;

export type PointerParse = { ok: true; pointer: OutboxPointer } | { ok: false; reason: string };

/**
 * Parses a queue message (the trigger hands over an object for JSON bodies, a string otherwise).
 * The reason names the failing fields, never their values.
 */
export function parseOutboxPointer(body: unknown): PointerParse {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      return { ok: false, reason: 'body is not JSON' };
    }
  }
  const parsed = outboxPointerSchema.safeParse(value);
  if (parsed.success) return { ok: true, pointer: parsed.data };
  const fields = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  return { ok: false, reason: `not an outbox pointer v1 (${fields.slice(0, 5).join('; ')})` };
}
