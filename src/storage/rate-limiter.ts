import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { Failure } from '../domain/errors';
import { takeBlock, type BucketState, type RateLimiter } from '../domain/token-bucket';
import { encodeKey } from './keys';
import { insertRow, jsonColumn, readRow, updateRow } from './table-kit';

const limiterRow = z.object({ partitionKey: z.string(), rowKey: z.string(), buckets: z.string() });
const bucketStates = z.record(z.string(), z.object({ tokens: z.number(), updatedAtMs: z.number() }));

const MAX_ATTEMPTS = 20;
/** Rows remembered per worker (`remember`); the oldest is forgotten first. */
const REMEMBERED_ROWS = 256;

export interface TableRateLimiterOptions {
  /**
   * For a few hot keys (the tenant's invitation throttle): this worker takes one key's tokens one
   * request at a time and remembers the row it last wrote, so a take is one conditional write
   * instead of a read and a write, and requests of one worker never race each other for the ETag.
   * Another instance's write makes the remembered ETag stale: that write fails with 412 and the
   * row is read again, so the limit holds exactly as without it.
   */
  remember?: boolean;
}

type Known = { states: Record<string, BucketState>; etag: string | undefined };

/**
 * Token buckets in one Table row per key, updated with its ETag: instances racing for the last
 * token retry on 412/409, so the limit holds across every instance without a lock service.
 */
export function createTableRateLimiter(table: TableClient, options: TableRateLimiterOptions = {}): RateLimiter {
  const known = new Map<string, Known>();
  const queues = new Map<string, Promise<unknown>>();

  const read = async (partitionKey: string): Promise<Known> => {
    const stored = await readRow(table, limiterRow, 'rate limit', partitionKey, 'buckets');
    return stored ? { states: bucketStates.parse(jsonColumn.read(stored.value.buckets)) as Record<string, BucketState>, etag: stored.etag } : { states: {}, etag: undefined };
  };

  const remember = (partitionKey: string, row: Known | undefined) => {
    if (!options.remember) return;
    known.delete(partitionKey);
    if (!row) return;
    known.set(partitionKey, row);
    if (known.size > REMEMBERED_ROWS) known.delete(known.keys().next().value!);
  };

  const take: RateLimiter['take'] = async (key, limits, now, most = 1) => {
    const partitionKey = encodeKey(key);
    // A remembered row is only good for an optimistic write: a refusal is decided on a fresh read.
    let current = options.remember ? known.get(partitionKey) : undefined;
    let fresh = false;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (!current) {
        current = await read(partitionKey);
        fresh = true;
      }
      const outcome = takeBlock(limits, current.states, now.getTime(), most);
      if (!outcome.ok) {
        if (fresh) {
          remember(partitionKey, current);
          return { ok: false, retryAfterMs: outcome.retryAfterMs };
        }
        current = undefined;
        continue;
      }
      const row = { partitionKey, rowKey: 'buckets', buckets: jsonColumn.write(outcome.states) };
      try {
        const etag = current.etag ? await updateRow(table, row, current.etag) : await insertRow(table, row, 'raced');
        remember(partitionKey, { states: outcome.states, etag });
        return most > 1 ? { ok: true, granted: outcome.granted } : { ok: true };
      } catch (error) {
        const lostRace = error instanceof Failure && (error.code === 'preconditionFailed' || error.code === 'conflict');
        if (!lostRace) {
          remember(partitionKey, undefined);
          throw error;
        }
        // Another instance took a token between our read and write: read again (at once the first
        // time, when only a remembered row was stale).
        if (fresh) await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (attempt + 1)));
        current = undefined;
      }
    }
    remember(partitionKey, undefined);
    throw new Error(`Rate limiter ${key} stayed contended for ${MAX_ATTEMPTS} attempts`);
  };

  if (!options.remember) return { take };
  return {
    // One take per key at a time in this worker: a queue, not a lock (nothing to release on failure).
    take(key, limits, now, most) {
      const previous = queues.get(key) ?? Promise.resolve();
      const run = previous.then(() => take(key, limits, now, most));
      const settled = run.catch(() => undefined);
      queues.set(key, settled);
      void settled.then(() => {
        if (queues.get(key) === settled) queues.delete(key);
      });
      return run;
    },
  };
}
