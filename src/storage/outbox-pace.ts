import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { Failure } from '../domain/errors';
import type { MailLane } from '../domain/outbox/mail-lane';
import type { MailPace } from '../domain/outbox/mail-pace';
import { emptyWindows, estimateLastSendAt, nextSendAt, pruneWindows, recordSend, type MailQuota, type SendWindows } from '../domain/outbox/send-windows';
import { encodeKey } from './keys';
import { insertRow, jsonColumn, readRow, updateRow } from './table-kit';

const dateColumn = z.union([z.date(), z.string().datetime({ offset: true }).transform((s) => new Date(s))]);
const holdOffRow = z.object({ partitionKey: z.string(), rowKey: z.string(), until: dateColumn });
const windowsRow = z.object({ partitionKey: z.string(), rowKey: z.string(), windows: z.string() });
const slots = z.array(z.tuple([z.number().int(), z.number().int().min(0)]));
const windowsJson = z.object({ seconds: slots, tens: slots });

const HOLD_OFF_KEY = encodeKey('email-hold-off');
const HOLD_OFF_ROW = 'holdOff';
const WINDOWS_KEY = encodeKey('email-windows');
const WINDOWS_ROW = 'windows';
/** How long an instance trusts its last read of the hold-off row: another instance's 429 reaches it this late. */
const HOLD_OFF_CACHE_MS = 250;
const MAX_ATTEMPTS = 20;

const lostRace = (error: unknown) => error instanceof Failure && (error.code === 'preconditionFailed' || error.code === 'conflict');

/**
 * The quota shared by every instance, as sliding windows: one `RateLimits` row holds the sends of
 * the last hour in slots (`SendWindows`), updated with its ETag, so instances racing for the last
 * room read again and decide anew. Next to it, the hold-off row that a 429 from Communication
 * Services pushes forward (it only ever moves later, with the row's ETag).
 *
 * Takes are serialised within an instance: the host runs up to 16 messages per queue at once, whose
 * racing read-modify-writes of the one row would mostly lose and back off. One at a time per
 * instance, a take is one conditional write over the ETag this instance last wrote (a read and a
 * write when another instance wrote in between), and only instances race each other.
 */
export function createTableMailPace(options: { table: TableClient; quota: MailQuota }): MailPace {
  const { table, quota } = options;
  let queue: Promise<unknown> = Promise.resolve();
  let holdOffCache: { untilMs: number; readAtMs: number } | undefined;
  /** The windows row as this instance last wrote it: the next take writes over its ETag without reading first. */
  let known: { windows: SendWindows; etag: string | undefined } | undefined;

  async function holdOffUntilMs(): Promise<number> {
    const nowMs = Date.now();
    if (holdOffCache && nowMs - holdOffCache.readAtMs < HOLD_OFF_CACHE_MS) return holdOffCache.untilMs;
    const held = await readRow(table, holdOffRow, 'mail hold-off', HOLD_OFF_KEY, HOLD_OFF_ROW);
    holdOffCache = { untilMs: held ? held.value.until.getTime() : 0, readAtMs: nowMs };
    return holdOffCache.untilMs;
  }

  async function readWindows(): Promise<{ windows: SendWindows; etag: string | undefined }> {
    const stored = await readRow(table, windowsRow, 'mail windows', WINDOWS_KEY, WINDOWS_ROW);
    if (!stored) return { windows: emptyWindows(), etag: undefined };
    const parsed = windowsJson.safeParse(jsonColumn.read(stored.value.windows));
    // A row this code cannot read is replaced (with its ETag) rather than stopping all mail.
    return { windows: parsed.success ? (parsed.data as SendWindows) : emptyWindows(), etag: stored.etag };
  }

  function serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  async function take(now: Date, lane: MailLane): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
    const nowMs = now.getTime();
    const heldMs = (await holdOffUntilMs()) - nowMs;
    if (heldMs > 0) return { ok: false, retryAfterMs: heldMs };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // The row this instance last wrote can only lack other instances' sends, never hold too
      // many: a refusal decided on it is right, and a grant is checked by the write's ETag.
      const current = known ?? (await readWindows());
      const at = nextSendAt(current.windows, lane, quota, nowMs);
      if (at > nowMs) return { ok: false, retryAfterMs: Math.min(at - nowMs, 3_600_000) };
      const windows = recordSend(current.windows, nowMs);
      const row = { partitionKey: WINDOWS_KEY, rowKey: WINDOWS_ROW, windows: jsonColumn.write(windows) };
      try {
        const etag = current.etag ? await updateRow(table, row, current.etag) : await insertRow(table, row, 'raced');
        known = etag ? { windows, etag } : undefined;
        return { ok: true };
      } catch (error) {
        known = undefined;
        if (!lostRace(error)) throw error;
      }
    }
    // Every attempt lost to another instance: the quota is in heavy use, try again shortly.
    return { ok: false, retryAfterMs: 250 };
  }

  return {
    take: (now, lane) => serialised(() => take(now, lane)),

    async estimate(lane, count, now) {
      const [held, { windows }] = await Promise.all([holdOffUntilMs(), readWindows()]);
      const from = Math.max(now.getTime(), held);
      return new Date(estimateLastSendAt(pruneWindows(windows, from), lane, quota, count, from));
    },

    async holdOff(until) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const held = await readRow(table, holdOffRow, 'mail hold-off', HOLD_OFF_KEY, HOLD_OFF_ROW);
        if (held && held.value.until.getTime() >= until.getTime()) return;
        const row = { partitionKey: HOLD_OFF_KEY, rowKey: HOLD_OFF_ROW, until };
        try {
          if (held) await updateRow(table, row, held.etag);
          else await insertRow(table, row, 'raced');
          holdOffCache = { untilMs: until.getTime(), readAtMs: Date.now() };
          return;
        } catch (error) {
          if (!lostRace(error)) throw error;
        }
      }
    },
  };
}
