import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { IdempotencyRecord, IdempotencyStore, KeptResponse } from '../domain/idempotency/idempotency';
import { Failure } from '../domain/errors';
import { openText, sealText } from './idempotency-seal';
import { encodeKey } from './keys';
import { deleteExpiredRows } from './expired-rows';
import { deleteRow, insertRow, readRow, updateRow } from './table-kit';

/** Table Storage caps a string column at 64 KiB (32 K UTF-16 units); larger responses are not kept. */
const MAX_SEALED_CHARS = 30_000;

const row = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  state: z.enum(['inProgress', 'completed']),
  fingerprint: z.string(),
  startedAt: z.coerce.date(),
  expiresAt: z.coerce.date(),
  response: z.string().optional(),
});

const keptResponse = z.object({ status: z.number().int(), headers: z.record(z.string(), z.string()), body: z.unknown() });

/**
 * Idempotency keys in table `IdempotencyKeys`: PartitionKey = the caller, RowKey = the key. The kept
 * response is sealed with AES-256-GCM under an instance key (bound to the row's keys), because an
 * invitation response carries `inviteRedeemUrl`, a bearer secret that must not sit in storage in
 * the clear. Rows are replaced when reused after they expire (24 h); the hourly
 * `sweepIdempotencyKeys` timer deletes expired ones so the table holds about a day of keys.
 */
export function createTableIdempotencyStore(table: TableClient, key: () => Promise<Uint8Array>): IdempotencyStore {
  const keys = (scope: string, idempotencyKey: string) => ({ partitionKey: encodeKey(scope), rowKey: encodeKey(idempotencyKey) });
  return {
    async claim(scope, idempotencyKey, record) {
      try {
        return await insertRow(table, { ...keys(scope, idempotencyKey), ...columns(record) }, 'claimed');
      } catch (error) {
        if (error instanceof Failure && error.code === 'conflict') return undefined;
        throw error;
      }
    },
    async read(scope, idempotencyKey) {
      const k = keys(scope, idempotencyKey);
      const stored = await readRow(table, row, 'idempotency key', k.partitionKey, k.rowKey);
      if (!stored) return undefined;
      const v = stored.value;
      const base = { fingerprint: v.fingerprint, startedAt: v.startedAt, expiresAt: v.expiresAt };
      const record: IdempotencyRecord =
        v.state === 'completed' && v.response !== undefined
          ? { ...base, state: 'completed', response: open(await key(), v.response, aad(k)) }
          : { ...base, state: 'inProgress' };
      return { record, etag: stored.etag };
    },
    async complete(scope, idempotencyKey, etag, record) {
      const k = keys(scope, idempotencyKey);
      const sealed = seal(await key(), record.response, aad(k));
      if (sealed.length > MAX_SEALED_CHARS) return false;
      await updateRow(table, { ...k, ...columns(record), response: sealed }, etag);
      return true;
    },
    async release(scope, idempotencyKey, etag) {
      const k = keys(scope, idempotencyKey);
      await deleteRow(table, k.partitionKey, k.rowKey, etag);
    },
    async deleteExpired(before, limit) {
      // A scan across partitions: the table holds about a day of keys once swept, so this stays small.
      return deleteExpiredRows(table, `expiresAt lt datetime'${before.toISOString()}'`, limit);
    },
  };
}

const columns = (record: IdempotencyRecord) => ({ state: record.state, fingerprint: record.fingerprint, startedAt: record.startedAt, expiresAt: record.expiresAt });
const aad = (k: { partitionKey: string; rowKey: string }) => `${k.partitionKey}\n${k.rowKey}`;

function seal(key: Uint8Array, response: KeptResponse, context: string): string {
  return sealText(key, JSON.stringify(response), context);
}

function open(key: Uint8Array, sealed: string, context: string): KeptResponse {
  return keptResponse.parse(JSON.parse(openText(key, sealed, context))) as KeptResponse;
}
