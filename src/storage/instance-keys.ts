import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { Failure } from '../domain/errors';
import { insertRow, readRow } from './table-kit';

const keyRow = z.object({ partitionKey: z.string(), rowKey: z.string(), key: z.string() });

/**
 * A 256-bit key private to this deployment (for example the one that authenticates skip tokens),
 * made on first use and kept in the Settings table, so no secret needs to live in app settings.
 * Concurrent first uses agree on one key: the insert that loses the race reads the winner's.
 */
export async function loadOrCreateInstanceKey(table: TableClient, name: string): Promise<Uint8Array> {
  const existing = await readRow(table, keyRow, 'instance key', 'instance-keys', name);
  if (existing) return Buffer.from(existing.value.key, 'base64');
  try {
    const key = randomBytes(32);
    await insertRow(table, { partitionKey: 'instance-keys', rowKey: name, key: key.toString('base64') }, 'raced');
    return key;
  } catch (error) {
    if (!(error instanceof Failure && error.code === 'conflict')) throw error;
    const winner = await readRow(table, keyRow, 'instance key', 'instance-keys', name);
    if (!winner) throw new Error(`Instance key ${name} vanished after a conflicting insert`);
    return Buffer.from(winner.value.key, 'base64');
  }
}
