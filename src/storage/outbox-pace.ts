import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { Failure } from '../domain/errors';
import { MAIL_PACE_KEY, mailLimits, type MailPace } from '../domain/outbox/mail-pace';
import type { RateLimiter } from '../domain/token-bucket';
import { encodeKey } from './keys';
import { insertRow, readRow, updateRow } from './table-kit';

const dateColumn = z.union([z.date(), z.string().datetime({ offset: true }).transform((s) => new Date(s))]);
const holdOffRow = z.object({ partitionKey: z.string(), rowKey: z.string(), until: dateColumn });
const HOLD_OFF_KEY = encodeKey(`${MAIL_PACE_KEY}-hold-off`);
const HOLD_OFF_ROW = 'holdOff';
/** How long an instance trusts its last read of the hold-off row: another instance's 429 reaches it this late. */
const HOLD_OFF_CACHE_MS = 250;

/**
 * The mail pace shared by every instance: the strict minute and hour buckets of the shared rate
 * limiter, plus a hold-off row in the same `RateLimits` table that a 429 from Communication
 * Services pushes forward (it only ever moves later, with the row's ETag).
 *
 * Takes are serialised within an instance: the limiter is one row updated with its ETag, and the
 * host runs up to 16 messages at once, whose racing read-modify-writes would mostly lose and back
 * off (measured: ~0.7 s per take at 16 concurrent). One at a time per instance, each take is one
 * read and one write, and only instances race each other.
 */
export function createTableMailPace(options: { table: TableClient; limiter: RateLimiter; perMinute: number; perHour: number }): MailPace {
  const limits = mailLimits(options.perMinute, options.perHour);
  let queue: Promise<unknown> = Promise.resolve();
  let holdOffCache: { untilMs: number; readAtMs: number } | undefined;

  async function holdOffUntilMs(): Promise<number> {
    const nowMs = Date.now();
    if (holdOffCache && nowMs - holdOffCache.readAtMs < HOLD_OFF_CACHE_MS) return holdOffCache.untilMs;
    const held = await readRow(options.table, holdOffRow, 'mail hold-off', HOLD_OFF_KEY, HOLD_OFF_ROW);
    holdOffCache = { untilMs: held ? held.value.until.getTime() : 0, readAtMs: nowMs };
    return holdOffCache.untilMs;
  }

  function serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    take(now) {
      return serialised(async () => {
        const heldMs = (await holdOffUntilMs()) - now.getTime();
        if (heldMs > 0) return { ok: false as const, retryAfterMs: heldMs };
        return options.limiter.take(MAIL_PACE_KEY, limits, now);
      });
    },
    async holdOff(until) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const held = await readRow(options.table, holdOffRow, 'mail hold-off', HOLD_OFF_KEY, HOLD_OFF_ROW);
        if (held && held.value.until.getTime() >= until.getTime()) return;
        const row = { partitionKey: HOLD_OFF_KEY, rowKey: HOLD_OFF_ROW, until };
        try {
          if (held) await updateRow(options.table, row, held.etag);
          else await insertRow(options.table, row, 'raced');
          holdOffCache = { untilMs: until.getTime(), readAtMs: Date.now() };
          return;
        } catch (error) {
          const lostRace = error instanceof Failure && (error.code === 'preconditionFailed' || error.code === 'conflict');
          if (!lostRace) throw error;
        }
      }
    },
  };
}
