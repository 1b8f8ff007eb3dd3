/**
 * Ids and secrets derived from an operation key (a bulk row, a request's Idempotency-Key), so that
 * every attempt of one operation, on any instance and after any crash, writes the same guest id,
 * the same ticket and the same outbox entry: a retry finishes what a crashed attempt began instead
 * of inviting again with another link.
 *
 * The values come from a keyed hash under a deployment secret (`derive`), never from the key alone:
 * knowing a job id and a row number must not let anyone compute that row's redeem link.
 */

/** Operation keys of bulk rows start with this (`bulk|<job>|<row>`); their mails go in the bulk lane. */
export const BULK_OPERATION_PREFIX = 'bulk|';

/** Port: 32 bytes that depend only on `label` and a key private to the deployment (HMAC-SHA256). */
export type DeriveBytes = (label: string) => Promise<Uint8Array>;

export interface OperationIds {
  /** The operation key, stored with the invitation as `lastOperationKey`. */
  key: string;
  /** The id a guest created by this operation gets. */
  guestId(normalizedAddress: string): Promise<string>;
  /** The redeem-link secret this operation issues for the guest's generation. */
  ticketSecret(guestId: string, generation: number): Promise<string>;
  /** The outbox entry of this operation's mail. */
  outboxId(guestId: string, generation: number): Promise<string>;
}

/** A UUID (version 4 layout) made of derived bytes, so it passes every GUID check an id meets. */
export function uuidOf(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  if (b.length !== 16) throw new TypeError('a UUID needs 16 bytes');
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function operationIds(derive: DeriveBytes, key: string): OperationIds {
  // Labels are length-prefixed parts, so no two different part lists give the same label.
  const label = (...parts: (string | number)[]) => parts.map((p) => `${String(p).length}:${p}`).join('|');
  return {
    key,
    guestId: async (address) => uuidOf(await derive(label('guest', key, address))),
    ticketSecret: async (guestId, generation) => Buffer.from((await derive(label('ticket', key, guestId, generation))).subarray(0, 32)).toString('base64url'),
    outboxId: async (guestId, generation) => uuidOf(await derive(label('outbox', key, guestId, generation))),
  };
}
