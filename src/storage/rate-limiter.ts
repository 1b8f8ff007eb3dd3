import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { Failure } from '../domain/errors';
import { takeTokens, type BucketState, type RateLimiter } from '../domain/token-bucket';
import { encodeKey } from './keys';
import { insertRow, jsonColumn, readRow, updateRow } from './table-kit';

const limiterRow = z.object({ partitionKey: z.string(), rowKey: z.string(), buckets: z.string() });
const bucketStates = z.record(z.string(), z.object({ tokens: z.number(), updatedAtMs: z.number() }));

const MAX_ATTEMPTS = 20;

/**
 * Token buckets in one Table row per key, updated with its ETag: instances racing for the last
 * token retry on 412/409, so the limit holds across every instance without a lock service.
 */
export function createTableRateLimiter(table: TableClient): RateLimiter {
  return {
    async take(key, limits, now) {
      const partitionKey = encodeKey(key);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const stored = await readRow(table, limiterRow, 'rate limit', partitionKey, 'buckets');
        const states = stored ? (bucketStates.parse(jsonColumn.read(stored.value.buckets)) as Record<string, BucketState>) : {};
        const outcome = takeTokens(limits, states, now.getTime());
        if (!outcome.ok) return { ok: false, retryAfterMs: outcome.retryAfterMs };
        const row = { partitionKey, rowKey: 'buckets', buckets: jsonColumn.write(outcome.states) };
        try {
          if (stored) await updateRow(table, row, stored.etag);
          else await insertRow(table, row, 'raced');
          return { ok: true };
        } catch (error) {
          const lostRace = error instanceof Failure && (error.code === 'preconditionFailed' || error.code === 'conflict');
          if (!lostRace) throw error;
          // Another instance took a token between our read and write: read again.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (attempt + 1)));
        }
      }
      throw new Error(`Rate limiter ${key} stayed contended for ${MAX_ATTEMPTS} attempts`);
    },
  };
}
