import { createHash } from 'node:crypto';

/** Namespace for outbox operation ids (a fixed random UUID; changing it would re-send every pending mail's id). */
const OUTBOX_NAMESPACE = Buffer.from('5f0c1b8e9d2a4c7eb3a16f4d2e8c9a70', 'hex');

/**
 * The ACS `Operation-Id` for an outbox entry: a name-based UUID (RFC 9562 version 5) of the outbox
 * id, so every attempt for one entry, on any instance and after any crash, sends the same id.
 */
export function operationIdFor(outboxId: string): string {
  const hash = createHash('sha1').update(OUTBOX_NAMESPACE).update(outboxId, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
